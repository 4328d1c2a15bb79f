"""Discrepancy facts read ahead, while the encoder works (`stance.embed.background`).

The discrepancy check parses many claim texts with the whole spaCy pipeline, the largest cost of
a run after encoding. A text's facts depend on the text alone, so they can be read before the
events are known, on the core the encoder leaves free: every stored claim text that passes
either of the check's cheap tests (`may_state_facts`, `may_state_standing_fact`) is parsed here,
step by step, and `find_discrepancies(..., ahead=)` takes its facts from here instead of parsing
it again. Which texts the check compares, and what it finds, do not change (a text read here
that the check would have left unparsed is simply not looked up).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from stance.framing.discrepancies import may_state_facts, may_state_standing_fact
from stance.framing.event_facts import ClaimFacts, facts_of
from stance.text.normalize import normalize_text

# texts whose facts are held at most (a few hundred bytes each): memory stays flat on any input;
# texts beyond it are parsed by the check itself, as without reading ahead
MAX_AHEAD = 50_000
STEP = 128  # texts parsed per step (~0.3 s on one core): the caller checks the encoder between steps


class FactsAhead:
    """Facts of claim texts read ahead (`facts`: normalized text -> ClaimFacts)."""

    def __init__(self, max_texts: int | None = None) -> None:
        self.facts: dict[str, ClaimFacts] = {}
        self.max_texts = MAX_AHEAD if max_texts is None else max_texts

    def steps(self, pages: Iterable[list[str]]) -> Iterator[None]:
        """Read the facts of `pages` of claim texts, yielding after each step of work."""
        for page in pages:
            todo = [t for t in dict.fromkeys(map(normalize_text, page))
                    if t not in self.facts and (may_state_facts(t) or may_state_standing_fact(t))]
            for k in range(0, len(todo), STEP):
                room = self.max_texts - len(self.facts)
                if room <= 0:
                    return
                facts_of(todo[k:k + min(STEP, room)], self.facts)
                yield


__all__ = ["FactsAhead", "MAX_AHEAD"]
