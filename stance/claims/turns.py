"""Speakers that a page's own frame gives to whole paragraphs: transcripts, readouts and
statements introduced by a colon.

- an interview: a question by the outlet ("Phoenix TV: What did you discuss?", "Q: ...") hands the
  next paragraph to the person interviewed, the last person who spoke;
- a transcript's turn-taker: a paragraph opened by a label naming a person ("SECRETARY BLINKEN:",
  "Vladimir Putin:", "President of China Xi Jinping (retranslated):", "Jane Roe, Foreign
  Minister:", "Quote from Jane Roe:") speaks that paragraph and the next ones while they read as
  speech (first or second person, a quotation, an elision), until another label; the words are
  the speaker's own, so they are direct quotes. "Question:" / "Q:" hands the turn to the press;
- a readout's issuer: "The following is attributable to Spokesperson Jane Roe:" gives every later
  paragraph (third-person readout sentences included) to the issuer, as indirect speech;
- a paragraph ending in a colon after its speaker's frame ("Roe said in a statement:", "Roe
  lashed out on Twitter, saying:") introduces the next paragraph(s) as that speaker's words.
A label must name somebody (an entity in the actors file, or a name of two capitalized words
that resolves to a person, a body or an outlet): "Photo:", "Source:", "Washington:" (a dateline)
and "Background:" are no turn-takers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from stance.claims.carry import first_person
from stance.claims.quotes import starts_with_quote
from stance.claims.speaker import Speaker
from stance.claims.verbs import VERB_OF

if TYPE_CHECKING:
    from stance.claims.attribution import Resolver
    from stance.claims.units import Prepared

_LABEL = re.compile(r"^[\W_]{0,4}(?P<label>[A-Za-z][^:\n\"\u201c\u201d\u00ab]{0,90}?)\s*:(?!\d)[\s:]*")
_QUESTION = re.compile(r"^(?:q|question|questions|reporter|journalist|audience)$", re.I)
_INTRO = re.compile(r"^(?:quote|statement|remarks|comments?|message|words)\s+(?:from|by|of)\s+", re.I)
_ATTRIBUTABLE = re.compile(r"\battributable\s+to\s+(?P<x>[^:]{2,80}?)\s*:?\s*$", re.I)
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours)\b", re.I)
_ELISION = re.compile(r"^\W*(?:<\s*\.\.\.\s*>|\[\s*\.\.\.\s*\]|\.\.\.|\u2026)\W*$")
_CONNECTORS = {"of", "the", "and", "for", "from", "by", "de", "al", "von", "van", "der"}


def label_of(text: str) -> re.Match | None:
    """The label a paragraph opens with ("SECRETARY BLINKEN:"), unchecked."""
    m = _LABEL.match(text)
    if not m or re.search(r"\d", m.group("label")) or len(m.group("label").split()) > 10:
        return None
    return m


def _clean(label: str) -> tuple[str, bool]:
    """The name in a label, and whether the label ends in a verb of saying ("President Roe
    said:"), which makes it a colon's frame for one statement rather than a transcript's turn."""
    label = _PAREN.sub(" ", label)
    words = label.split()
    says = bool(words) and bool(VERB_OF.get(words[-1].casefold()))
    if says:  # "President Roe said:"
        label = " ".join(words[:-1])
    head, _, tail = label.partition(",")
    if tail and len(head.split()) >= 2:  # "Jane Roe, Foreign Minister": the name before the comma
        label = head
    label = re.sub(r"[*_#|]+", " ", label)
    label = _INTRO.sub("", label.strip())
    if label.isupper() and len(label) > 3:  # "SECRETARY BLINKEN"
        label = label.title()
    return label.strip(" ,"), says


def speech_like(text: str) -> bool:
    """Does a paragraph read as somebody's speech: first or second person, a quotation, or an
    elision mark standing for words left out?"""
    t = text.strip()
    return bool(t) and (first_person(t) or bool(_SECOND_PERSON.search(t)) or t[0] in "\"\u201c\u00ab'\u2018"
                        or bool(_ELISION.match(t)))


QUOTED_MODES = ("turn", "colon", "answer", "question")  # the words are the speaker's own


class Turns:
    """The paragraph-level speaker the page's frame gives, tracked in reading order."""

    def __init__(self, res: Resolver, prep: Prepared) -> None:
        self.res = res
        self.prep = prep
        self.speaker: Speaker | None = None
        self.mode = ""  # "turn" | "readout" | "colon" | "question" | "answer"
        self.why = ""
        self.label_end = 0  # in the paragraph's first unit: where the turn's words begin
        self.fresh = False  # the colon was just read: the next paragraph is the statement
        self.para_text: dict[int, str] = {}
        for u in prep.units:
            self.para_text[u.paragraph] = (self.para_text.get(u.paragraph, "") + " " + u.text).strip()

    def enter(self, k: int) -> None:
        """Unit `k` opens a paragraph: a new label, a readout frame, or the end of a turn."""
        u = self.prep.units[k]
        text = self.para_text[u.paragraph]
        self.label_end = 0
        m = label_of(u.text)
        if m:
            label, says = _clean(m.group("label"))
            if _QUESTION.match(label):
                self.speaker, self.mode = None, "question"
                return
            sp = self._resolve_label(label, k, u)
            if sp is not None:
                asks = sp.kind == "outlet" or all(v.text.rstrip().endswith("?") for v in self.prep.units
                                                    if v.paragraph == u.paragraph)
                mode = "question" if asks else "colon" if says else "turn"
                self.speaker, self.mode, self.label_end, self.fresh = sp, mode, m.end(), says
                self.why = f"turn of {sp.name}: label '{m.group('label').strip()}:'"
                return
        a = _ATTRIBUTABLE.search(text)
        if a:
            sp, _ = self.res.resolve(a.group("x"), k, u.text, a.start("x") if a.start("x") < len(u.text) else 0,
                                     u.ents)
            if sp is not None and not sp.place:
                self.speaker, self.mode = sp, "readout"
                self.why = f"readout attributable to {sp.name}"
                return
        if self.mode == "colon" and not self.fresh and not (u.starts_in_quote or starts_with_quote(text)):
            self.speaker, self.mode = None, ""  # a colon introduces one paragraph and its quotation
        elif self.mode in ("turn", "colon", "answer") and not speech_like(text):
            nxt = self.para_text.get(u.paragraph + 1, "")
            if self.mode == "colon" or not (nxt and speech_like(nxt) and not label_of(nxt)):
                self.speaker, self.mode = None, ""  # a turn bridges one paragraph without "I"/"we"
        self.fresh = False

    def leave(self, k: int) -> None:
        """Unit `k` closes a paragraph: one ending in a colon after a speaker's frame hands the
        next paragraph to that speaker."""
        u = self.prep.units[k]
        if self.mode == "question":  # the interviewer asked: the next paragraph is the answer
            asker = self.speaker.name if self.speaker else ""
            who = next((sp for _, sp in reversed(self.res.ctx.history) if sp.kind == "person"
                        and sp.name != asker), None)
            self.speaker, self.mode = who, ("answer" if who else "")
            self.why = f"answer of {who.name} to the question before" if who else ""
            return
        if u.text.rstrip().endswith(":") and u.speaker is not None and self.mode != "readout":
            self.speaker, self.mode, self.fresh = u.speaker, "colon", True
            self.why = f"introduced by a colon after {u.speaker.name}'s frame"

    def applies(self, k: int) -> tuple[Speaker, str, int] | None:
        """(speaker, why, where the words start) for unit `k`, or None. A colon's speaker does not
        override a unit that names a speaker of its own."""
        if self.speaker is None:
            return None
        u = self.prep.units[k]
        if self.mode == "colon" and u.speaker is not None:
            return None
        first = k == 0 or self.prep.units[k - 1].paragraph != u.paragraph
        start = self.label_end if first else 0
        if not u.text[start:].strip():
            return None  # a label on its own line says nothing itself
        return self.speaker, self.why, start

    def _resolve_label(self, label: str, k: int, u) -> Speaker | None:
        if not label:
            return None
        actor = self.res.actors.find(label)
        words = label.split()
        caps = [w for w in words if w[:1].isupper()]
        lower = [w for w in words if w[:1].islower() and w.casefold() not in _CONNECTORS]
        if len(lower) > 1 or actor is None and (len(caps) < 2 or lower):
            return None  # a label is a name, perhaps with a title: "And Roe lashed out, saying" is none
        sp, _ = self.res.resolve(label, k, u.text, 0, u.ents)
        if sp is None or sp.kind not in ("person", "outlet"):
            return None  # a turn is taken by a person (or asked by the press), not a body or a place
        return sp.written(label)


__all__ = ["Turns", "label_of", "speech_like", "QUOTED_MODES"]
