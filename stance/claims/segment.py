"""Sentence segmentation for news paragraphs, with character offsets.

Why not pysbd alone: pysbd is accurate on abbreviations and quotations but slow (~1k sentences/s,
and very slow on one huge block). Most news paragraphs have no ambiguous full stop at all, so a
plain rule ("[.!?] + closing quotes + space + capital/opening quote") splits them exactly; pysbd
is used for ordinary paragraphs holding a dot that could be an abbreviation (U.S., Mr., Sept., J.),
and explicit abbreviation rules for very long ones, so a 20k-word paragraph stays fast.
Offsets are kept so quotations (found per paragraph) map onto sentences exactly.
"""

from __future__ import annotations

import re
from functools import lru_cache

from stance.claims.quotes import scan_quotes
from stance.claims.sbd import segmenter
from stance.text.dates import MONTH_ABBREVIATIONS
from stance.text.titles import HONORIFICS

# A full stop/question/exclamation (plus closing quotes/brackets), whitespace, then something that
# can start a sentence. A lowercase start never begins a sentence ('..." he said.').
_BOUNDARY = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
# Dots that might not end a sentence: abbreviations, initials, acronyms with dots.
_ABBREV = {
    *HONORIFICS, "st", "jr", "sr", *MONTH_ABBREVIATIONS,
    "no", "nos", "vs", "etc", "inc", "ltd", "co", "corp", "dept", "univ", "approx", "est", "fig",
    "mt", "ft", "ave", "blvd", "rd",
}
_AMBIGUOUS = re.compile(r"(?:\b[A-Z]\.(?:[A-Za-z]\.)*|\b(?:" + "|".join(sorted(_ABBREV)) +
                        r")\.)(?=\s)", re.I)
PYSBD_MAX_CHARS = 4000  # longer paragraphs with abbreviations use the abbreviation rules
# A paragraph longer than this is no paragraph a reporter wrote (a page whose line breaks were
# lost, a transcript dumped on one line): it is broken at sentence ends into blocks of about
# BLOCK_CHARS before anything parses it, so the parser's cost and memory stay those of ordinary
# paragraphs (spaCy refuses texts over a million characters and needs ~1 GB per 100k).
LONG_PARAGRAPH_CHARS = 5000
BLOCK_CHARS = 2500
MAX_BLOCK_CHARS = 4 * BLOCK_CHARS  # a block holding a long quotation grows up to this

_TITLES = {*HONORIFICS, "st", "mt"}  # Saint and Mount, like a title, come before a name
_BEFORE_NUMBER = {*MONTH_ABBREVIATIONS, "no", "nos", "fig", "vs", "approx", "est", "art"}
_SUFFIXES = {"inc", "ltd", "co", "corp", "jr", "sr", "etc", "univ", "dept", "ave", "blvd", "rd", "ft"}
_STARTERS = {"the", "a", "an", "he", "she", "it", "they", "we", "i", "in", "on", "but", "this",
             "that", "these", "those", "however", "meanwhile", "its", "his", "her", "their",
             "there", "when", "while", "after", "before", "as", "at", "for", "if", "some",
             "many", "both", "officials", "our", "and", "so", "yet", "still", "last", "earlier"}


def _keeps_boundary(text: str, dot: int, nxt: int) -> bool:
    """Is the full stop at `dot` a sentence end? Titles (Mr., Sen.) never end one; months and
    'No.' before a number don't; initials and dotted acronyms (J., U.S.) do only before a
    typical sentence opener ("... the U.S. The ministry said")."""
    if text[dot] != ".":
        return True
    m = re.search(r"([A-Za-z][A-Za-z.]*)\.$", text[max(0, dot - 24):dot + 1])
    if not m:
        return True
    word = m.group(1).casefold()
    after = re.match(r"[\"'\u201c\u2018(\[]*(\w+)", text[nxt:])
    nword = after.group(1) if after else ""
    if word in _TITLES:
        return False
    if word in _BEFORE_NUMBER and nword[:1].isdigit():
        return False
    if len(word) == 1 or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word) or word in _SUFFIXES:
        return nword.casefold() in _STARTERS
    return True


def _rule_spans(text: str, start: int, end: int, abbreviations: bool = False) -> list[tuple[int, int]]:
    spans, pos = [], start
    for m in _BOUNDARY.finditer(text, start, end):
        if abbreviations and not _keeps_boundary(text, m.start() + _last_punct(m.group(0)), m.end()):
            continue
        spans.append((pos, m.end()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    return spans


def _last_punct(boundary: str) -> int:
    """Offset of the last . ! ? or ellipsis inside a boundary match."""
    return max(boundary.rfind(c) for c in ".!?\u2026")


def _pysbd_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for seg in segmenter().segment(text):
        seg = seg.strip()
        found = text.find(seg, pos) if seg else -1
        if found < 0:
            continue
        spans.append((found, found + len(seg)))
        pos = found + len(seg)
    return spans


# a sentence end glued to the next sentence ("on Friday.During the talks", 'bureau."This
# meeting'): page text whose line breaks were lost. Two lower-case letters before the stop keep
# "U.S.Navy" and initials whole; a straight quotation mark right after the stop opens the next
# sentence
_GLUED = re.compile(r"(?<=[a-z]{2}[.!?])[\u201d\u2019]?(?=[\"\u201c]?[A-Z][a-z])")


def _unglue(paragraph: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    closing: set[int] | None = None
    for s, e in spans:
        cuts = []
        for m in _GLUED.finditer(paragraph, s, e):
            c = m.end()
            if paragraph[c:c + 1] == '"':
                if closing is None:
                    closing = {qe for _, qe in scan_quotes(paragraph).spans}
                if c in closing:
                    c += 1  # 'was "timely."Then': the straight mark closes the quotation before it
            if s < c < e:
                cuts.append(c)
        for c in cuts:
            out.append((s, c))
            s = c
        out.append((s, e))
    return out


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in a paragraph, whitespace trimmed (cached: the claims
    stage segments each article twice, once to find what to parse)."""
    return list(_sentence_spans(paragraph))


@lru_cache(maxsize=8192)
def _sentence_spans(paragraph: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence in a paragraph, whitespace trimmed. A piece that starts in
    lower case ('he said.' after a quotation) is joined to the sentence before it."""
    if not paragraph.strip():
        return ()
    n = len(paragraph)
    if not _AMBIGUOUS.search(paragraph):
        spans = _rule_spans(paragraph, 0, n)
    elif n <= PYSBD_MAX_CHARS:
        spans = _pysbd_spans(paragraph)
    else:  # pysbd slows down badly on long blocks; the abbreviation rules give the same cuts
        spans = _rule_spans(paragraph, 0, n, abbreviations=True)
    out: list[tuple[int, int]] = []
    for s, e in _unglue(paragraph, spans):
        while s < e and paragraph[s].isspace():
            s += 1
        while e > s and paragraph[e - 1].isspace():
            e -= 1
        if s >= e:
            continue
        first = re.search(r"[^\W\d_]", paragraph[s:e])
        if out and first and paragraph[s + first.start()].islower() and \
                not re.match(r"[\"'\u201c\u2018]", paragraph[s:e]):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return tuple(out)


def break_long_paragraph(paragraph: str) -> list[str]:
    """`paragraph` itself when it is at most LONG_PARAGRAPH_CHARS long; else blocks of whole
    sentences of about BLOCK_CHARS each, never cut inside a quotation (a block grows past
    BLOCK_CHARS until the quotation closes, up to MAX_BLOCK_CHARS). A "sentence" longer than
    LONG_PARAGRAPH_CHARS (no sentence end in sight) is cut at spaces."""
    if len(paragraph) <= LONG_PARAGRAPH_CHARS:
        return [paragraph]
    quotes = sorted(scan_quotes(paragraph).spans)
    pieces: list[tuple[int, int]] = []
    for s, e in sentence_spans(paragraph):
        while e - s > LONG_PARAGRAPH_CHARS:
            cut = paragraph.rfind(" ", s + 1, s + BLOCK_CHARS + 1)
            cut = cut if cut > s else s + BLOCK_CHARS
            pieces.append((s, cut))
            s = cut
            while s < e and paragraph[s].isspace():
                s += 1
        if s < e:
            pieces.append((s, e))
    blocks: list[str] = []
    start = end = pieces[0][0] if pieces else 0
    qi = 0
    for s, e in pieces:
        while qi < len(quotes) and quotes[qi][1] <= s:
            qi += 1
        inside_quote = qi < len(quotes) and quotes[qi][0] < s < quotes[qi][1]
        size = e - start
        if end > start and (size > MAX_BLOCK_CHARS or (size > BLOCK_CHARS and not inside_quote)):
            blocks.append(paragraph[start:end])
            start = s
        end = e
    if end > start:
        blocks.append(paragraph[start:end])
    return blocks


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of an Article body (blank-line separated; single newlines kept as spaces)."""
    return [re.sub(r"\s*\n\s*", " ", p).strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def segment(text: str) -> list[tuple[int, str]]:
    """(paragraph index, sentence) pairs for an article body; the dateline stays in the text."""
    out: list[tuple[int, str]] = []
    for pi, para in enumerate(split_paragraphs(text)):
        out.extend((pi, para[s:e]) for s, e in sentence_spans(para))
    return out
