"""Discrepancies: two outlets' claims about one event that cannot both be right.

Three checks, all shown to analysts as findings, so each reports only what a reader would accept:

- across the whole event (`stance.framing.event_facts`): claims that give one slot of the
  meeting (where, which days, how long, what kind of visit, telephone or video, who holds which
  title, when a body was founded, which round) different values, however differently they are
  worded. Outlets that disagree rarely word a claim alike, so these claims seldom share a group.
- across the events analysed together (`stance.framing.standing_facts`): facts of a named body
  or person rather than of the meeting (the year a body was founded, a person's office), which
  two reports contradict whichever meeting each was put with.
- inside a claim group: one claim denies what the other, aligned with it, affirms ("condemned"
  / "did not condemn"). Only aligned claims are the same proposition, so only they are compared.

`find_discrepancies` runs them over the groups of one or more events; each text is parsed at
most once per `parse_cache`.
"""

from __future__ import annotations

import re
from collections import ChainMap, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from itertools import combinations

from stance.coverage import outlet_of
from stance.framing.event_facts import ClaimFacts, Source, event_discrepancies, facts_of
from stance.framing.fact_gate import (
    WordTests,
    entities_needed,
    may_state_facts,
    may_state_standing_fact,
    unnamed,
)
from stance.framing.standing_facts import standing_discrepancies
from stance.schema import Article, Claim, ClaimGroup, Discrepancy
from stance.text.negation import denial, non_prefixed
from stance.text.normalize import normalize_text
from stance.text.stems import stem

NEGATION = "negation"
_WORDS = re.compile(r"[A-Za-z]+")
# a denial contradicts an aligned claim only when the rest of the wording is largely the same
# ("China condemned the attack" / "China did not condemn the attack"): share of content words
# the two have in common. On the dev pages every aligned pair below it was a different point
# ("hasn't changed" / "despite great changes").
SAME_WORDING = 0.5
# an acute accent or backtick typed as an apostrophe ("hasn\u00b4t"; NFKC makes the accent a space
# and a combining mark)
_APOSTROPHES = re.compile(r" ?[\u00b4\u0301`]")


_NO_FACTS = ClaimFacts((), (), (), ())


@lru_cache(maxsize=1 << 15)
def _read_denial(text: str) -> tuple[str, tuple[str, str]]:
    """`text` with its odd apostrophes made straight, and what it denies (`denial`): read once
    per text, not once per pair of claims it is compared with."""
    text = _APOSTROPHES.sub("'", text)
    return text, denial(text)


def negation_conflict(a: str, b: str) -> tuple[str, str] | None:
    """(value_a, value_b) when one wording denies the very word the other affirms ("China
    condemned the attack" / "China did not condemn the attack"), else None. "Not only X but
    also Y" affirms X; "non-support" denies "support" as "not support" does."""
    (a, (na, wa)), (b, (nb, wb)) = _read_denial(a), _read_denial(b)
    if bool(na) == bool(nb):
        return None
    neg, word, other = (na, wa, b) if na else (nb, wb, a)
    if not word or word.casefold() in non_prefixed(other):
        return None
    sa = {stem(w) for w in _WORDS.findall(a) if len(w) > 3}
    sb = {stem(w) for w in _WORDS.findall(b) if len(w) > 3}
    if stem(word) not in (sb if na else sa) or len(sa & sb) < SAME_WORDING * len(sa | sb):
        return None
    denied, affirmed = f"{neg} {word}", "(affirmative)"
    return (denied, affirmed) if na else (affirmed, denied)


def _negations(groups: Sequence[ClaimGroup], claims_by_id: Mapping[str, Claim],
               source_of: Mapping[str, Source]) -> list[Discrepancy]:
    out: list[Discrepancy] = []
    for g in groups:
        members = [claims_by_id[m.claim_id] for m in g.members if m.claim_id in claims_by_id]
        if len(members) < 2:
            continue
        text = {c.claim_id: normalize_text(c.claim_text) for c in members}
        if len({bool(_read_denial(t)[1][0]) for t in text.values()}) < 2:
            continue  # no claim denies, or every one does: no pair can conflict
        seen: set[tuple[str, str]] = set()
        for ca, cb in combinations(members, 2):
            if source_of[ca.article_id].outlet == source_of[cb.article_id].outlet:
                continue
            a, b = text[ca.claim_id], text[cb.claim_id]
            found = negation_conflict(a, b) if a != b else None
            if found and found not in seen:
                seen.add(found)
                out.append(Discrepancy(g.group_id, ca.claim_id, cb.claim_id, NEGATION, *found,
                                       event_id=g.event_id, slot="said and denied"))
    return out


def _sources(claims: Sequence[Claim], articles: Mapping[str, Article] | None) -> dict[str, Source]:
    """article_id -> its Source: the outlet its claims count under (the article itself when
    unknown) and the day it was published."""
    articles = articles or {}
    out = {}
    for aid in {c.article_id for c in claims}:
        a = articles.get(aid)
        try:
            day = date.fromisoformat(a.published) if a is not None and a.published else None
        except ValueError:
            day = None
        out[aid] = Source(outlet_of(a, articles) or aid, day)
    return out


def find_discrepancies(groups: Sequence[ClaimGroup], claims_by_id: Mapping[str, Claim],
                       articles: Mapping[str, Article] | None = None,
                       parse_cache: dict[str, ClaimFacts] | None = None,
                       ahead=None) -> list[Discrepancy]:
    """Discrepancies of the events the groups belong to (every claim of an event is a member of
    one of its groups). Claims of one outlet (syndicated copies included, when `articles` says
    so) never contradict each other. Texts are parsed once per `parse_cache` (text -> facts, owned
    by the caller so later batches reuse it), only when a cheap test says they may state a fact:
    any fact in events with two outlets or more, a standing fact in the others; a text whose
    facts were read `ahead` (a `stance.framing.ahead.FactsAhead`) is not read again."""
    cache: dict[str, ClaimFacts] = {} if parse_cache is None else parse_cache
    by_event: dict[str, list[ClaimGroup]] = defaultdict(list)
    for g in groups:
        by_event[g.event_id].append(g)
    claims = [claims_by_id[m.claim_id] for g in groups for m in g.members if m.claim_id in claims_by_id]
    source_of = _sources(claims, articles)
    group_of = {m.claim_id: g.group_id for g in groups for m in g.members}
    claims_of = {e: [claims_by_id[c] for c in dict.fromkeys(m.claim_id for g in gs for m in g.members)
                     if c in claims_by_id] for e, gs in by_event.items()}
    # an event of one outlet has no discrepancy of its own, but its standing facts are compared
    # with the other events' when there are others
    several = [e for e, cs in claims_of.items() if len({source_of[c.article_id].outlet for c in cs}) > 1]
    parsed = claims_of if len(claims_of) > 1 else {e: claims_of[e] for e in several}
    texts = {normalize_text(c.claim_text) for e in several for c in claims_of[e]}
    alone = {normalize_text(c.claim_text) for e, cs in parsed.items() if e not in several for c in cs} - texts
    test = ahead.tests if ahead is not None else WordTests()  # answers given ahead are not asked again
    for t in texts:
        if t not in cache and not test(may_state_facts, t):
            cache[t] = _NO_FACTS
    # a lone report's other facts are compared with nothing: left unparsed, but not cached as
    # factless (a later batch may put the text in an event of several outlets)
    unread = {t: _NO_FACTS for t in alone if t not in cache and not test(may_state_standing_fact, t)}
    # texts that can state nothing but a title or a meeting place need a person's or a place's
    # name: NER alone tells (what it found is kept for the parse), and those without are not
    # parsed; texts read `ahead` were told there already
    left = sorted((texts | alone) - unread.keys() - cache.keys())
    known = ahead.found if ahead is not None else {}
    needs = {t: need for t in left if (need := test(entities_needed, t, t in alone)) is not None}
    found = {t: known[t] for t in needs if t in known}
    for t in unnamed({t: n for t, n in needs.items() if t not in found}) | {
            t for t, f in found.items() if not needs[t] & f}:
        if t in alone:
            unread[t] = _NO_FACTS
        else:
            cache[t] = _NO_FACTS
    facts_of((texts | alone) - unread.keys(), cache, ahead.facts if ahead is not None else None)
    facts = ChainMap(cache, unread)
    out: list[Discrepancy] = []
    for event_id in several:
        out += event_discrepancies(event_id, claims_of[event_id], facts, source_of, group_of)
    out += standing_discrepancies(parsed, facts, source_of, group_of)
    return out + _negations(groups, claims_by_id, source_of)
