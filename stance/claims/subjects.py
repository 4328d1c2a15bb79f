"""Subjects of reporting verbs from the dependency parse, where the patterns find none.

The cue patterns (cues.py) read a speaker phrase from the words right before the verb; they
cannot see past a phrase that separates subject and verb: "A senior aide on the plane home
said", "Jane Roe, addressing a press conference in the capital, said", "a senior official who
asked not to be named told reporters", "Down in the polls, Governor Roe is on the attack,
claiming ...". For the few sentences holding such a verb, spaCy's parse (the pipeline's small
English model, already loaded for clause splitting) gives the verb's `nsubj`; the cue keeps the
subject's words up to its head noun ("A US official"), not what follows it.
"""

from __future__ import annotations

import re

from stance.claims.cues import Cue, clause_subject

_SUBJ = ("nsubj", "nsubjpass")
_RELATIVE = {"who", "that", "which", "whom", "whose"}


def needs_parse(cues: list[Cue]) -> bool:
    """Does a cue leave its subject to the parse ("open": the words before the verb are no
    speaker phrase)?"""
    return any(c.kind == "open" for c in cues)


def parse_cues(doc, text: str, cues: list[Cue]) -> list[Cue]:
    """`cues` with each open cue replaced by a subject cue when the parse finds the verb's
    subject, and dropped when it does not."""
    at = {t.idx: t for t in doc}
    out = [c for c in cues if c.kind != "open"]
    for c in cues:
        if c.kind != "open":
            continue
        tok = at.get(c.start)
        if tok is None or not tok.tag_.startswith("VB"):
            continue
        head = tok if tok.tag_ != "VBG" else tok.head  # ", claiming ...": the clause's subject
        subj = next((ch for ch in head.children if ch.dep_ in _SUBJ), None)
        if subj is None or subj.lower_ in _RELATIVE or subj.idx > tok.idx:
            continue
        start = subj.left_edge.idx
        phrase = text[start:subj.idx + len(subj.text)].strip(" ,")
        if not phrase or re.search(r"[\"\u201c\u201d]", phrase):
            continue
        out.append(Cue(c.verb, "subject", phrase, start, c.end, c.statement, finite=tok.tag_ != "VBG"))
        # the small model sometimes takes a noun inside a participle phrase for the subject
        # ("Roe addressing reporters after the meeting said"): the sentence's opening subject
        # is the other reading, and the resolver keeps whichever names a speaker
        first = clause_subject(text[:c.start])
        if first and first != phrase and text.find(first) < start:
            out.append(Cue(c.verb, "subject", first, text.find(first), c.end, c.statement))
    out.sort(key=lambda c: c.start)
    return out


__all__ = ["needs_parse", "parse_cues"]
