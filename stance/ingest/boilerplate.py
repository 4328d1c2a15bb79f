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

from stance.ingest.language import stoplist
from stance.ingest.provenance import is_timestamp_line
from stance.text.datelines import find_dateline
from stance.text.dates import MONTH

_TERMINAL = (".", "!", "?", "\u3002", "\uff01", "\uff1f", ":")
_CLOSERS = "\"'\u201d\u2019)]\u00bb*"
_WS = re.compile(r"[ \t\u00a0\u2009\u202f\u200b\ufeff]+")


def _rx(*alts: str) -> re.Pattern:
    return re.compile("|".join(alts), re.I)


# a whole block that marks the end of the story: what follows is not part of it
END_MARKER = _rx(
    r"^(?:\d+\.\s*)?related(?:\s+(?:news|articles?|stories|content|posts|coverage|topics|reading|links))?\s*:?$",
    r"^(?:you|you'll|you will) (?:may|might|also|would) (?:also )?(?:like|enjoy|be interested)",
    r"^(?:more|read more|also read|read also|read next|what to read next|more stories|more news)"
    r"(?:\s+(?:from|on|in|about|stories|news|articles)\b.*)?\s*:?$",
    r"^(?:recommended|recommended for you|editor'?s'? picks?|don'?t miss|see also|further reading|trending(?: now)?|popular now)\s*:?$",
    r"^(?:most|top) (?:read|popular|viewed|shared|stories|articles|news|headlines)\b.{0,40}$",
    r"^latest (?:news|headlines|stories|articles|updates)\s*:?$",
    r"^(?:\d+\s+)?comments?\s*(?:\(\d+\))?:?$", r"^leave a (?:comment|reply)", r"^(?:post a|add a|join the) comment",
    r"^(?:tags?|topics?|keywords?|filed under|in this article|categories|category)\s*:",
    r"^(?:tags?|topics?|keywords?)$",
    r"^(?:share|share this|share this (?:article|story|post|page)|share on)\s*:?$",
    r"^(?:written|posted|published) by\s*:?$", r"^about the author\s*:?$",
    r"^(?:suggest|send|e-?mail) (?:this )?(?:(?:article|story|page) )?to a friend\s*:?$",
    r"^(?:print|print this (?:article|page)|email)$",
)

# page furniture that is never story text when it forms a short block of its own
FURNITURE = _rx(
    r"\bcopyright\b", r"\u00a9", r"\ball rights reserved\b", r"^\(c\)\s",
    r"^advertisement$", r"^(?:ad|ads|sponsored|promoted|paid content)$", r"^advertis(?:e|ing) with us$",
    r"\bcookies?\b", r"\bprivacy (?:policy|settings|notice)\b", r"\bterms of (?:use|service)\b",
    r"\bsubscri(?:be|ption)\b", r"\bnewsletter\b", r"^sign (?:up|in)\b", r"^log ?in\b", r"^register\b",
    r"\bfollow (?:us|me|him|her|them)\b", r"\bconnect with us\b", r"^share\b",
    r"^(?:(?:share|follow|like|join)(?: us)?(?: on)?\s*:?\s*)?(?:facebook|twitter|x|whatsapp|telegram|linkedin|"
    r"instagram|youtube|tiktok|email|e-mail|reddit|vk|weibo|wechat)(?:\s*[|,/\u00b7]?\s*(?:facebook|twitter|x|"
    r"whatsapp|telegram|linkedin|instagram|youtube|tiktok|email|e-mail|reddit|vk|weibo|wechat))*\s*$",
    r"^(?:read more|click here|continue reading|load more|show more|see more|view (?:all|more))\b",
    r"^(?:also read|read also|see also|related|watch|listen|more)\s*[:|]",
    r"^home\s*[>\u00bb/|\u203a]", r"\S\s[>\u00bb\u203a]\s\S.*$",
    r"^(?:please wait|loading|no script|javascript)\b", r"\benable javascript\b",
    r"\b(?:\d+|an?|one|two|few) (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?) ago\b",
    r"^(?:photo|image|picture|video|file photo|credit|caption|graphic|illustration)s?\s*(?:by\b|:|/)",
    r"^\(?(?:reporting|writing|editing|additional reporting|compiled|translated|edited) by\b",
    r"^(?:published|posted|updated|last updated?)\s*:?$", r"^(?:search|menu|close|skip to (?:main )?content)$",
    r"\bdownload (?:our|the) app\b", r"^(?:listen|watch)(?: to)?(?: this)?(?: article| story)?\s*:?$",
    r"^(?:support|donate)\b",
)

# rights notices and agency blurbs: furniture even when they run long
NOTICE = _rx(
    r"^(?:copyright|\u00a9|\(c\))", r"\ball rights reserved\b",
    r"\bmay not be (?:published|reproduced|redistributed|rewritten|broadcast)",
    r"^this (?:article|story|material|content) (?:was|is|has been) (?:originally )?(?:published|produced|provided|distributed) by\b",
)

# photo captions and credits: captions describe a picture, credits name the photographer/agency
CAPTION = _rx(
    r"\((?:not seen|not pictured|not in picture|pictured|seen on screen|on screen|unseen)\)",
    r"\((?:L|R|C|[1-9](?:st|nd|rd|th) [LR]|front|back|centre|center|left|right|top|bottom)\).*"
    r"\((?:L|R|C|[1-9](?:st|nd|rd|th) [LR]|front|back|centre|center|left|right|top|bottom)\)",
    r"\s[-\u2013\u2014|]\s*(?:copyright|\u00a9|photo:|image:|credit:|picture:)",
    r"\b[A-Z]{2,}/[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}(?:/[A-Z][\w]+)*\.?\s*$",  # REUTERS/Name Surname/Pool
    r"\((?:AP|AFP|Reuters|EPA|Getty|Xinhua|TASS|Sputnik)? ?Photo\b", r"\bvia Getty Images\b", r"\bGetty Images\b",
    r"^file photo\b", r"^(?:photo|image|picture)\s*[:/]",
    r"\([A-Z][\w. ]{1,20}/[A-Z][\w. '-]{2,40}\)\s*$",  # "... (Xinhua/Li Ming)" photo credit
    r"\[(?:photo|image|file photo)\s*/[^\]]{2,40}\]", r"\b(?:photo|image|picture):\s*[A-Z][\w .'/-]{1,40}$",
)
# wire-photo caption convention: "..., in Budapest, Hungary, February 20, 2023."
_CAPTION_DATE_END = re.compile(
    r",\s+(?:" + MONTH + r"\.?\s+\d{1,2}|\d{1,2}\s+" + MONTH + r"\.?),?\s+(?:19|20)\d{2}\.?$")
_CREDIT_SUFFIX = re.compile(r"\s[-\u2013\u2014|]\s*(?:copyright|\u00a9|photo|image|credit|picture)\b.*$", re.I)
_BYLINE = re.compile(r"^by\s+(?:[A-Z][\w.'\u2019-]*|staff|agencies)(?:[\s,&]+(?:and\s+)?[A-Z][\w.'\u2019-]*|,\s*agencies)*\s*$",
                     re.I)
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
    return line.endswith((",", ";")) or (last[:1].islower() and not line.endswith(_TERMINAL))


def _word_count(text: str, cjk: bool) -> int:
    return max(len(text) // 2, 1) if cjk else len(text.split())


_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")


def _is_prose(text: str, words: int, stops: frozenset[str]) -> bool:
    if text.endswith(("...", "\u2026")):
        return False  # teaser cut off by the page
    ends = text.rstrip(_CLOSERS).endswith(_TERMINAL[:-1])
    if stops:
        toks = _TOKEN.findall(text.casefold())
        density = sum(t in stops for t in toks) / max(1, len(toks))
        if density < 0.12:
            return False
    return (words >= 6 and ends) or words >= 20


def _core(text: str) -> str:
    """Comparison key for repeated blocks: credit suffix, punctuation and case removed."""
    t = _CREDIT_SUFFIX.sub("", text)
    return re.sub(r"[\W_]+", " ", t).strip().casefold()


_CAPTION_HINTS = ("(", "/", "copyright", "\u00a9", "photo", "getty", "image", "picture", "credit")


def furniture_reason(text: str, words: int) -> str:
    if words <= 12 and END_MARKER.search(text):
        return "end marker"
    low = text.casefold()
    if any(h in low for h in _CAPTION_HINTS) and CAPTION.search(text):
        return "photo caption/credit"
    if (words <= 15 and FURNITURE.search(text)) or (words <= 45 and ("copyright" in low or "\u00a9" in text
                                                                    or "reserved" in low or " by" in low
                                                                    or "may not be" in low) and NOTICE.search(text)):
        return "page furniture"
    if words <= 8 and _BYLINE.match(text):
        return "byline"
    if words <= 14 and is_timestamp_line(text):
        return "timestamp"
    return ""


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
        if not b.reason and b.words <= 30 and _CAPTION_DATE_END.search(b.text) and b is region[0]:
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

    kept = [b for b in region if not b.reason]
    first = kept[0].index if kept else end + 1
    last = kept[-1].index if kept else start - 1
    head = [b.text for b in blocks if b.index < first]
    titles = [b.text for b in blocks if b.index < first and b.reason in ("", "repeated block")]
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
                      and not _CREDIT_SUFFIX.search(b.text)]
        keep = max(candidates, key=lambda b: (b.text.rstrip(_CLOSERS).endswith(_TERMINAL), b.index), default=None)
        if keep is not None and keep.reason:
            keep = None
        for b in copies:
            if b is not keep and not b.reason:
                b.reason = "repeats a body paragraph (caption)" if keep is not None else "repeated block"
