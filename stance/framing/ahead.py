"""Framing work done ahead, while the encoder works (`stance.embed.background`): what depends on
a claim's text and its article alone, not on the events, which need the vectors.

`FactsAhead` - discrepancy facts. The discrepancy check parses claim texts with the whole spaCy
pipeline, the largest cost of a run after encoding. Its tests depend on the text alone (and on
whether the check reads it for a fact of the meeting or only for a standing fact), so they run
here before the events are known, on the core the encoder leaves free: the word tests
(`stance.framing.fact_gate`), then NER for the names a text needs (`entities_found`, kept as
`found`), then the parse of every text some reading of the check would parse (`facts`).
`find_discrepancies(..., ahead=)` takes both from here; which texts it compares and what it
finds do not change.

`FramingsAhead` - each claim's stance, tone, terms and background (`frame_claims`), which read the
claim and the other claims of its article only: framed here article by article, taken by the
event batches for the claims found here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

from stance.framing.event_facts import ClaimFacts, facts_of
from stance.framing.fact_gate import (
    WordTests,
    entities_found,
    entities_needed,
    may_state_facts,
    may_state_standing_fact,
)
from stance.schema import Claim, ClaimFraming
from stance.text.normalize import normalize_text

# texts whose facts are held at most (a few hundred bytes each): memory stays flat on any input;
# texts beyond it are parsed by the check itself, as without reading ahead
MAX_AHEAD = 50_000
STEP = 128  # texts parsed per step (~0.3 s on one core): the caller checks the encoder between steps
MAX_FRAMED = 200_000  # claims whose framing is held at most (a few hundred bytes each)
ARTICLES_STEP = 16  # articles framed per step


class FactsAhead:
    """The discrepancy check's work on claim texts, done ahead: `facts` (normalized text ->
    ClaimFacts) of the texts it would parse, `found` (text -> the entities NER finds among
    those the check asks for, `fact_gate.entities_found`) of the texts that need a name, and
    `tests`, the word tests' answers (`fact_gate.WordTests`)."""

    def __init__(self, max_texts: int | None = None) -> None:
        self.facts: dict[str, ClaimFacts] = {}
        self.found: dict[str, set[str]] = {}
        self.tests = WordTests()  # the word tests' answers, asked again by the check
        self.max_texts = MAX_AHEAD if max_texts is None else max_texts

    def steps(self, pages: Iterable[list[str]]) -> Iterator[None]:
        """Read `pages` of claim texts, yielding after each step of work."""
        for page in pages:
            sure: list[str] = []  # parsed whatever NER finds: some reading needs no name
            needs: dict[str, frozenset[str]] = {}
            for t in dict.fromkeys(map(normalize_text, page)):
                if t in self.facts or t in self.found:
                    continue
                test = self.tests
                readings = ([test(entities_needed, t, False)] if test(may_state_facts, t) else []) + (
                    [test(entities_needed, t, True)] if test(may_state_standing_fact, t) else [])
                if any(need is None for need in readings):
                    sure.append(t)
                elif readings:
                    needs[t] = frozenset().union(*readings)
            todo = sure + list(needs)
            for k in range(0, len(todo), STEP):
                room = self.max_texts - len(self.facts) - len(self.found)
                if room <= 0:
                    return
                part = todo[k:k + min(STEP, room)]
                named = {t: needs[t] for t in part if t in needs}
                found = entities_found(named)
                facts_of([t for t in part if t not in named or named[t] & found[t]], self.facts)
                self.found.update(found)
                yield


class FramingsAhead:
    """Framings of stored claims done ahead (`framings`: claim_id -> ClaimFraming), article by
    article with the lexicon the run frames with."""

    def __init__(self, lexicon, max_claims: int | None = None) -> None:
        self.lexicon = lexicon
        self.framings: dict[str, ClaimFraming] = {}
        self.max_claims = MAX_FRAMED if max_claims is None else max_claims

    def steps(self, article_pages: Iterable[list[str]],
              load_claims: Callable[[list[str]], Sequence[Claim]]) -> Iterator[None]:
        """Frame the claims of `article_pages` of article ids (`load_claims(ids)` reads them as
        the event batches do), yielding after each ARTICLES_STEP articles."""
        from stance.framing import frame_claims

        for page in article_pages:
            for k in range(0, len(page), ARTICLES_STEP):
                claims = load_claims(page[k:k + ARTICLES_STEP])
                if len(self.framings) + len(claims) > self.max_claims:
                    return
                by_article: dict[str, list[Claim]] = defaultdict(list)
                for c in claims:
                    by_article[c.article_id].append(c)
                for f in frame_claims(claims, self.lexicon, context=by_article):
                    self.framings[f.claim_id] = f
                yield

    def frame(self, claims: Sequence[Claim], context: dict[str, Sequence[Claim]]) -> dict[str, ClaimFraming]:
        """claim_id -> framing of `claims` (`context`: article_id -> its claims, as
        `frame_claims` takes it): those framed ahead (handed out once: memory is freed as the
        event batches go), the others framed now."""
        from stance.framing import frame_claims

        out = {c.claim_id: self.framings.pop(c.claim_id) for c in claims if c.claim_id in self.framings}
        todo = [c for c in claims if c.claim_id not in out]
        if todo:
            own = {c.article_id for c in todo}
            for f in frame_claims(todo, self.lexicon, context={a: cs for a, cs in context.items() if a in own}):
                out[f.claim_id] = f
        return {c.claim_id: out[c.claim_id] for c in claims}


__all__ = ["FactsAhead", "FramingsAhead", "MAX_AHEAD", "MAX_FRAMED"]
