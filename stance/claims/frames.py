"""Which of a sentence's reporting frames names the speaker of its claim.

A sentence may hold several cues: "Wang told Blinken that A, state media reported", "With X
reiterating A, a senior official told reporters", "According to the ministry's statement, Wang
said that A". The rules, in order:

1. a frame that closes the sentence after its complement (", X said." / '," said X.') governs
   the whole sentence, when its speaker is a voice of its own (not a news outlet or a document
   passing on someone's words, and not an "according to" source);
2. otherwise a person's own finite frame ("Wang told Blinken that ...") names the speaker: the
   outlet, document or "according to" source around it is the channel, not the speaker;
3. otherwise a closing channel frame (", state media reported.", ", according to X.");
4. otherwise the first frame in reading order (participles such as ", saying" last).

A country or a capital opening a sentence ("Moscow claims to be a neutral broker") is the
outlet's own characterisation unless it really reports speech: a verb of saying, or a
"that"-clause, a quotation or a colon right after the verb ("Moscow claimed that ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stance.claims.cues import Cue
from stance.claims.speaker import Speaker
from stance.claims.verbs import SAY_VERBS

_COMPLEMENT = re.compile(r"^\s*(?:that\b|[:\"\u201c\u2018\u00ab]|,\s*[\"\u201c\u2018\u00ab])")
_CLOSE = (",", '"', "\u201d", "'", "\u2019", "\u00bb")
_CHANNELS = ("outlet", "document")


@dataclass(frozen=True)
class Candidate:
    cue: Cue
    speaker: Speaker
    why: str


def closing(text: str, cue: Cue) -> bool:
    """Does the frame follow its complement (", X said." / '," said X.' / ", according to X.")?"""
    if cue.kind == "inverted":
        return True
    if cue.kind == "participle":
        return False
    before = text[:cue.start].rstrip()
    return before.endswith(_CLOSE) and len(before.split()) >= 3


def place_speaks(text: str, cue: Cue, sp: Speaker) -> bool:
    """A bare country or capital reports speech only with a verb of saying or a complement
    right after the verb; "Moscow claims to be neutral" and "with Berlin blaming ..." do not."""
    if not sp.place or cue.kind in ("according", "inverted") or cue.verb in SAY_VERBS:
        return True
    return cue.finite and bool(_COMPLEMENT.match(text[cue.end:]))


def choose(text: str, found: list[Candidate]) -> Candidate | None:
    """The frame that names the claim's speaker among the resolved ones (rules above)."""
    if not found:
        return None

    def channel(c: Candidate) -> bool:
        return c.speaker.kind in _CHANNELS or c.cue.kind == "according"

    closers = [c for c in found if closing(text, c.cue)]
    own = [c for c in closers if not channel(c)]
    if own:
        return own[0]
    persons = [c for c in found if c.cue.kind in ("subject", "inverted") and c.cue.finite
               and c.speaker.kind == "person"]
    if persons:
        return persons[0]
    if closers:
        return closers[0]
    ordered = [c for c in found if c.cue.kind != "participle"] + [c for c in found if c.cue.kind == "participle"]
    return ordered[0]


__all__ = ["Candidate", "choose", "closing", "place_speaks"]
