"""Quotation spans in a paragraph, as character offsets of the quoted text (marks excluded).

Found per paragraph, not per sentence, because a quotation often runs over several sentences
('"A. B," he said.'). Handles curly and straight double quotes, guillemets, and single quotes
told apart from apostrophes (Russia's, isn't) by the characters around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN_D = "\u201c\u00ab\u201e"
_CLOSE_D = "\u201d\u00bb"
_OPEN_S = "\u2018"
_CLOSE_S = "\u2019"
_MARKS = re.compile("[\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019]")


@dataclass(frozen=True)
class QuoteScan:
    spans: tuple[tuple[int, int], ...]  # (start, end) of quoted text, marks excluded
    open_at_end: bool  # a quotation was still open when the paragraph ended


def _is_word(c: str) -> bool:
    return c.isalnum()


def scan_quotes(text: str, open_at_start: bool = False) -> QuoteScan:
    """Quoted spans of one paragraph. An unclosed quotation runs to the paragraph's end (the
    news convention for a quote continued in the next paragraph) and is reported as open.
    `open_at_start`: the paragraph begins inside a quotation opened in an earlier one."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    open_d: int | None = 0 if open_at_start else None  # start of the open double-quoted span
    open_s: int | None = None  # start of the open single-quoted span (only outside double quotes)
    for mark in _MARKS.finditer(text):  # visit quotation-like characters only
        i, c = mark.start(), mark.group(0)
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        if c in _OPEN_D or (c == '"' and open_d is None and not _is_word(prev)):
            if c == "\u201d":
                continue
            if open_d is not None:  # a new opening mark while open: close the old one here
                spans.append((open_d, i))
            open_d, open_s = i + 1, None
        elif c in _CLOSE_D or c == '"':
            if open_d is not None:
                spans.append((open_d, i))
                open_d = None
            elif c == "\u201d" and not _is_word(prev) and _is_word(nxt):
                open_d = i + 1  # a closing glyph used as an opener (messy sources)
        elif open_d is None and c in _OPEN_S + "'" and open_s is None \
                and not _is_word(prev) and _is_word(nxt):
            open_s = i + 1
        elif open_d is None and open_s is not None and c in _CLOSE_S + "'" \
                and not _is_word(nxt) and (_is_word(prev) or prev in ".,!?"):
            spans.append((open_s, i))
            open_s = None
    if open_d is not None:
        spans.append((open_d, n))
    spans = [(s, e) for s, e in spans if text[s:e].strip()]
    return QuoteScan(tuple(spans), open_d is not None)


def starts_with_quote(text: str) -> bool:
    t = text.lstrip()
    return bool(t) and t[0] in _OPEN_D + _OPEN_S + "\"'"


def closes_first(text: str) -> bool | None:
    """Is the paragraph's first double quotation mark a closing one (a quotation opened in an
    earlier paragraph ends here)? None when the paragraph has no double quotation mark."""
    for mark in _MARKS.finditer(text):
        i, c = mark.start(), mark.group(0)
        if c in "'\u2018\u2019":
            continue
        if c in _CLOSE_D:
            return True
        if c in _OPEN_D:
            return False
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        return not prev.isspace() and not _is_word(nxt)
    return None
