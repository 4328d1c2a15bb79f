"""Boilerplate removal: from a page dump (or extracted HTML text) keep the story's paragraphs only.

How it works, in the order a reader would do it:
1. lines become blocks; hard-wrapped prose lines are re-joined;
2. each block is "prose" (a sentence of the page's language: enough words, sentence-final
   punctuation or long, a normal share of function words, as in jusText) or not;
3. the story is the heaviest run of prose blocks allowing short gaps (subheadings), closed by an
   end-of-story marker ("Related News", "You may also like", "Tags:", "Comments", ...);
4. inside it, generic page furniture is dropped: photo captions and credits, copyright/agency
   blurbs, subscription/cookie appeals, timestamp lines, bylines, share prompts; blocks before a
   dateline lead ("BEIJING (Reuters) -") are captions or teasers, since a dateline opens a story;
5. repeated blocks (a caption repeating a body sentence) are kept once, in the body.
Every rule is about page furniture in general, never about one outlet's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stance.ingest.furniture import (
    CAPTION_DATE_END,
    CAPTION_VERB,
    CLOSERS,
    CREDIT_SUFFIX,
    TERMINAL,
    furniture_reason,
    headline_shaped,
)
from stance.ingest.language import stoplist
from stance.ingest.provenance import is_timestamp_line
from stance.text.datelines import find_dateline

_WS = re.compile(r"[ \t\u00a0\u2009\u202f\u200b\ufeff]+")


_DUMP_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b\s*")


@dataclass
class Block:
    text: str
    index: int
    words: int = 0
    prose: bool = False
    reason: str = ""  # why it was removed ("" when kept)


@dataclass
class CleanPage:
    """Outcome of cleaning: body paragraphs plus the non-body lines provenance reads."""

    paragraphs: list[str]
    head: list[str]  # non-body blocks before the first body paragraph (title, stamps, ...)
    title_candidates: list[str]  # head blocks that are neither furniture nor captions
    tail: list[str]  # non-body blocks after the story (footer, related lists, ...)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (text, reason)
    header_date: str = ""  # date from a dump header line ("date 2023-09-19")
    dateline: str = ""
    dateline_credit: str = ""


def split_blocks(text: str) -> tuple[list[str], str]:
    """Non-empty lines as blocks (hard-wrapped prose re-joined) and the dump-header date."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header_date = ""
    if lines:
        m = _DUMP_HEADER.match(lines[0])
        if m:
            header_date, lines[0] = m.group(1), lines[0][m.end():]
    blocks: list[str] = []
    prev_blank = True
    for raw in lines:
        line = _WS.sub(" ", raw).strip()
        if not line:
            prev_blank = True
            continue
        if blocks and not prev_blank and line[0].islower() and len(blocks[-1]) >= 40 \
                and _continues(blocks[-1]) and not is_timestamp_line(line):
            blocks[-1] = f"{blocks[-1]} {line}"  # a wrapped line continues its sentence
        else:
            blocks.append(line)
        prev_blank = False
    return blocks, header_date


def _continues(line: str) -> bool:
    """A hard-wrapped line stops mid-sentence: on a lower-case word or a comma, not a Title."""
    last = line.rsplit(" ", 1)[-1]
    return line.endswith((",", ";")) or (last[:1].islower() and not line.endswith(TERMINAL))


def _word_count(text: str, cjk: bool) -> int:
    return max(len(text) // 2, 1) if cjk else len(text.split())


_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")


_CLOSING_BRACKET = re.compile(r"(?<=[.!?])\s*\([^()]{1,40}\)\s*$")


def _is_prose(text: str, words: int, stops: frozenset[str]) -> bool:
    if text.endswith(("...", "\u2026")):
        return False  # teaser cut off by the page
    # a sentence may close with a credit in brackets: "... next month. (Reuters/Xinhua)"
    ends = _CLOSING_BRACKET.sub("", text).rstrip(CLOSERS).endswith(TERMINAL[:-1])
    if stops:
        toks = _TOKEN.findall(text.casefold())
        density = sum(t in stops for t in toks) / max(1, len(toks))
        if density < 0.12:
            return False
    return (words >= 6 and ends) or words >= 20


def _core(text: str) -> str:
    """Comparison key for repeated blocks: credit suffix, punctuation and case removed."""
    t = CREDIT_SUFFIX.sub("", text)
    return re.sub(r"[\W_]+", " ", t).strip().casefold()


def clean_page(text: str, language: str = "en", max_gap: int = 3) -> CleanPage:
    """Split a page dump into story paragraphs and the surrounding non-body lines."""
    raw_blocks, header_date = split_blocks(text)
    stops = stoplist(language)
    cjk = language in ("zh", "ja", "ko")
    blocks = []
    for i, t in enumerate(raw_blocks):
        b = Block(t, i, _word_count(t, cjk))
        b.reason = furniture_reason(t, b.words)
        b.prose = not b.reason and _is_prose(t, b.words, stops)
        blocks.append(b)

    start, end = _best_region(blocks, max_gap)
    if start < 0:
        return CleanPage([], [b.text for b in blocks], [], [], header_date=header_date,
                         removed=[(b.text, b.reason or "no story text") for b in blocks])
    region = blocks[start:end + 1]
    for b in region:
        if not b.reason and b.words <= 30 and CAPTION_DATE_END.search(b.text) and b is region[0] \
                and CAPTION_VERB.search(b.text):  # "X meets Y in Vienna, May 14, 2024." describes a picture
            b.reason = "photo caption (dated)"
    dateline = credit = ""
    prose_seen = 0
    for k, b in enumerate(region):
        if b.reason or not b.prose:
            continue
        found = find_dateline(b.text)
        if found and found.place:
            dateline, credit = found.place, found.credit
            for earlier in region[:k]:  # a dateline opens the story: what precedes is furniture
                earlier.reason = earlier.reason or "before the dateline (caption or teaser)"
            break
        prose_seen += 1
        if prose_seen >= 3:
            break
    _drop_repeats(blocks, region)
    for b in region:  # related links and video titles between paragraphs; the page's last line may be cut
        if not b.reason and b.index < len(blocks) - 1 and headline_shaped(b.text, b.words):
            b.reason = "headline-shaped line (no full stop)"

    kept = [b for b in region if not b.reason]
    first = kept[0].index if kept else end + 1
    last = kept[-1].index if kept else start - 1
    head = [b.text for b in blocks if b.index < first]
    titles = [b.text for b in blocks if b.index < first
              and b.reason in ("", "repeated block", "headline-shaped line (no full stop)")]
    tail = [b.text for b in blocks if b.index > last]
    removed = [(b.text, b.reason or "outside the story") for b in blocks if b.reason or not (start <= b.index <= end)]
    return CleanPage([b.text for b in kept], head, titles, tail, removed, header_date, dateline, credit)


@dataclass
class _Segment:
    start: int
    last: int
    weight: int = 0
    n_prose: int = 0
    after_marker: bool = False  # an end marker separates it from the previous segment


def _segments(blocks: list[Block], max_gap: int) -> list[_Segment]:
    segs: list[_Segment] = []
    cur: _Segment | None = None
    gap, marker = 0, False
    for b in blocks:
        if b.reason == "end marker":
            cur, gap, marker = None, 0, True
            continue
        if b.prose:
            if cur is None:
                cur = _Segment(b.index, b.index, after_marker=marker)
                segs.append(cur)
                marker = False
            cur.last, gap = b.index, 0
            cur.weight += len(b.text)
            cur.n_prose += 1
        elif cur is not None:
            gap += 1
            if gap > max_gap:
                cur, gap = None, 0
    return segs


def _best_region(blocks: list[Block], max_gap: int, max_join_gap: int = 8) -> tuple[int, int]:
    """(first, last) block index of the heaviest run of prose blocks; (-1, -1) if none.
    Neighbouring runs join it across a longer gap (a list, a table) when no end marker or
    furniture (timestamps, share prompts) sits in between and they hold two or more sentences."""
    segs = _segments(blocks, max_gap)
    if not segs:
        return -1, -1
    k = max(range(len(segs)), key=lambda i: segs[i].weight)

    def joinable(a: _Segment, b: _Segment) -> bool:
        between = blocks[a.last + 1:b.start]
        return (not b.after_marker and b.n_prose >= 2 and len(between) <= max_join_gap
                and not any(x.reason for x in between))

    lo = hi = k
    while hi + 1 < len(segs) and joinable(segs[hi], segs[hi + 1]):
        hi += 1
    while lo > 0 and joinable(segs[lo - 1], segs[lo]) and segs[lo - 1].n_prose >= 2:
        lo -= 1
    return segs[lo].start, segs[hi].last


def _drop_repeats(blocks: list[Block], region: list[Block]) -> None:
    """Keep one copy of repeated text: the copy inside the story that reads as a sentence."""
    in_region = {b.index for b in region}
    groups: dict[str, list[Block]] = {}
    for b in blocks:
        key = _core(b.text)
        if len(key) >= 12:
            groups.setdefault(key, []).append(b)
    for copies in groups.values():
        if len(copies) < 2:
            continue
        candidates = [b for b in copies if b.index in in_region and b.reason in ("", "photo caption/credit")
                      and not CREDIT_SUFFIX.search(b.text)]
        keep = max(candidates, key=lambda b: (b.text.rstrip(CLOSERS).endswith(TERMINAL), b.index), default=None)
        if keep is not None and keep.reason:
            keep = None
        for b in copies:
            if b is not keep and not b.reason:
                b.reason = "repeats a body paragraph (caption)" if keep is not None else "repeated block"
