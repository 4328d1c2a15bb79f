"""Split a sentence into claims only where it clearly joins independent propositions.

A claim is one checkable proposition, usually a sentence. A sentence is split at ', and',
', but' or '; ' (never inside a quotation) when both sides are full clauses, each with its own
subject and finite verb, and both have at least MIN_WORDS words:

1. both sides carry their own reporting cue ("Wang said A, and Lavrov said B") - patterns only;
2. otherwise spaCy's dependency parse of that one sentence (only candidate sentences are parsed)
   must show the right side opening with its own clause: either a `conj` verb with its own
   `nsubj`/`nsubjpass`, or a subject noun phrase directly followed by a finite verb (the small
   model sometimes attaches "and the two planned to ..." as a noun conjunct; a past participle
   then counts as finite only when followed by "to"/"that", as reduced relatives rarely are).

Not split: shared-subject verb lists ("met X, and discussed Y"), noun-phrase lists, subordinate
clauses ("while", "as", "which", "saying that" are not split points), quotations, fragments.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from stance.claims.cues import find_cues

MIN_WORDS = 5
_SPLIT = re.compile(r";\s+|,\s+(?P<cc>and|but)\s+")
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_SUBJ = {"nsubj", "nsubjpass", "expl"}
_NP_POS = {"DET", "ADJ", "NOUN", "PROPN", "NUM", "PRON", "PART"}
_NOMINAL = {"NOUN", "PROPN", "PRON", "NUM"}


@dataclass(frozen=True)
class Part:
    start: int  # character offsets in the sentence, the leading conjunction excluded
    end: int
    why: str = ""  # "split: independent clause joined by ', and'" for parts after a split


def _words(text: str) -> int:
    return len(text.split())


def _left_is_clause(doc, end: int, start: int = 0) -> bool:
    toks = [t for t in doc if start <= t.idx < end]
    return any(t.dep_ in _SUBJ for t in toks) and any(t.tag_ in _FINITE for t in toks)


def _right_is_clause(doc, start: int, end: int) -> bool:
    toks = [t for t in doc if start <= t.idx < end]
    if not toks:
        return False
    for t in toks:  # a coordinated verb with its own subject on the right side
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and t.head.idx < start and \
                any(c.dep_ in ("nsubj", "nsubjpass") and c.idx >= start for c in t.children):
            return True
    prefix = []  # else: subject noun phrase, then a finite verb, at the opening of the right side
    for k, t in enumerate(toks):
        if t.pos_ in ("VERB", "AUX"):
            nxt = toks[k + 1].lower_ if k + 1 < len(toks) else ""
            finite = t.tag_ in _FINITE or (t.tag_ == "VBN" and nxt in ("to", "that"))
            return finite and any(p.pos_ in _NOMINAL and not p.tag_.startswith("W") for p in prefix)
        if t.pos_ not in _NP_POS or t.tag_.startswith("W"):
            return False
        prefix.append(t)
    return False


def split_sentence(text: str, quoted: list[tuple[int, int]],
                   parse: Callable[[str], object] | None = None) -> list[Part]:
    """Parts of one sentence (offsets in `text`); one part when nothing clearly splits.
    `parse` returns a spaCy Doc with tags and dependencies (or None: no parse-based split); it is
    called at most once, and only when the sentence has a candidate split point."""
    parts: list[Part] = []
    pos, why, doc = 0, "", None
    for m in _SPLIT.finditer(text):
        if any(s <= m.start() < e for s, e in quoted):
            continue
        left, right = text[pos:m.start()], text[m.end():]
        if _words(left) < MIN_WORDS or _words(right) < MIN_WORDS:
            continue
        if any(s <= m.end() < e for s, e in quoted):  # the right side opens inside a quotation
            continue
        nxt = _SPLIT.search(text, m.end())
        r_end = nxt.start() if nxt else len(text)
        lq = [(s - pos, e - pos) for s, e in quoted if s >= pos]
        rq = [(s - m.end(), e - m.end()) for s, e in quoted if s >= m.end()]
        own = [c for c in find_cues(left, lq) if c.kind not in ("participle", "open")] and \
            [c for c in find_cues(right, rq) if c.kind == "subject" and c.start == 0]
        if not own:
            if parse is None:
                continue
            if doc is None:
                doc = parse(text)
            if doc is None:  # no parse available (e.g. a first pass collecting sentences to parse)
                break
            if not (_left_is_clause(doc, m.start(), pos) and _right_is_clause(doc, m.end(), r_end)):
                continue
        parts.append(Part(pos, m.start(), why))
        joint = ";" if m.group(0).startswith(";") else f", {m.group('cc')}"
        pos, why = m.end(), f"split: independent clause joined by '{joint}'"
    parts.append(Part(pos, len(text), why))
    return parts


__all__ = ["Part", "split_sentence", "MIN_WORDS"]
