"""Provenance of a cleaned page: publication date and headline.

Outlet and publisher come from the registry (`stance.ingest.registry`); this module reads the page's
non-body lines (header, timestamp and footer lines) the way a reader would: the date is taken
from a line that *is* a timestamp, never from a date mentioned inside a sentence or a photo
caption; the headline is the line above the story that shares the most words with its lead.
"""

from __future__ import annotations

import re

from stance.text.dates import (
    DATE_PATTERNS,
    TIME,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAYS,
    parse_date,
)
from stance.text.stems import stem

# words that may surround a timestamp on a "timestamp line"
_STAMP_WORDS = re.compile(
    r"\b(?:published|posted|updated|update|last|modified|date|on|at|time|gmt|utc|[a-z]{2,4}t|"
    r"hours?|hour:|local|source|am|pm|" + "|".join(WEEKDAY_ABBREVIATIONS + WEEKDAYS) + r")\b", re.I)


_GLUED_DIGIT = re.compile(r"(?<=[A-Za-z])(?=\d)")  # "News19 February" -> "News 19 February"
_GLUED_CAPS = re.compile(r"(?<=[A-Z]{2})(?=[A-Z][a-z])")  # "TYSHCHENKOSunday" -> "TYSHCHENKO Sunday"


def unglue(line: str) -> str:
    """Space out words a page dump glued together ("News19 February", "TYSHCHENKOSunday")."""
    return _GLUED_CAPS.sub(" ", _GLUED_DIGIT.sub(" ", line))


def is_timestamp_line(line: str) -> bool:
    """A line whose content is a date/time (plus words like "Published", "Updated", "GMT")."""
    line = unglue(line)
    if len(line.split()) > 14 or not parse_date(line):
        return False
    rest = line
    for pat in DATE_PATTERNS:
        rest = pat.sub(" ", rest)
    has_time = bool(TIME.search(rest))
    rest = _STAMP_WORDS.sub(" ", TIME.sub(" ", rest))
    # a date with a clock time is a stamp even beside a source or editor name
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= (6 if has_time else 3)


def date_from_lines(lines: list[str]) -> tuple[str, str]:
    """(ISO date, the line it came from) from the first timestamp-like line."""
    for line in lines:
        if is_timestamp_line(line):
            return parse_date(line), line
    return "", ""


# -- headline ------------------------------------------------------------------------------

_CONTENT = re.compile(r"[^\W_]{3,}", re.UNICODE)
_FUNCTION = frozenset(
    "the and for with from that this its his her their our are was were has have had will would "
    "into over after before about amid says said new not but also than more most".split())


def content_words(text: str) -> set[str]:
    """Stems of a line's content words; short stems kept ("talks" and "talk" match)."""
    return {stem(w, min_stem=3) for w in _CONTENT.findall(text) if w.casefold() not in _FUNCTION}


def pick_title(candidates: list[str], lead: str, min_overlap: int = 2) -> str:
    """The candidate line that shares most content words with the lead (ties: the later one,
    i.e. nearest the story). Headlines restate the lead; menus and teasers do not."""
    lead_words = content_words(lead)
    best, best_score = "", 0.0
    seen: dict[str, int] = {}
    for c in candidates:
        seen[c] = seen.get(c, 0) + 1
    for c in candidates:
        n = len(c.split())
        if not (3 <= n <= 30) or c.rstrip().endswith(".") and n > 18:
            continue
        overlap = len(content_words(c) & lead_words)
        if overlap < min_overlap:
            continue
        score = overlap / max(3, len(content_words(c))) + 0.1 * (seen[c] > 1) + overlap * 0.01
        if score >= best_score:
            best, best_score = c, score
    return best
