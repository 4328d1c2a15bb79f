"""Discrepancies across a whole event: two outlets' claims that give the same slot of the
meeting (where, when, how long, what kind of visit, who holds which title ...) different values,
however differently the two claims are worded.

Outlets that disagree rarely word the claim alike ("met in Vienna on Tuesday and Wednesday" /
"held discussions here on Wednesday and Thursday"), so the claims seldom share a claim group;
this compares the facts of every claim of the event instead (`stance.framing.slots`,
`stance.framing.roles`). Two facts speak of the same slot when the slot, its key (the body
founded, the call described) and the people they are about agree (see `_sides`), and when
their reports appeared within `SAME_NEWS_DAYS` of each other: reports of one meeting appear
together, so two meetings of the same people months apart, wrongly put in one event, are not
compared. Claims of one outlet never contradict each other.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from stance.framing.people import People, similar_spelling
from stance.framing.roles import (
    Role,
    TitledName,
    person_names,
    same_single_office,
    titled_names,
    titles_conflict,
)
from stance.framing.slots import PLACE, SlotFact, slot_facts
from stance.schema import Claim, Discrepancy
from stance.text.dates import WEEKDAYS
from stance.text.normalize import normalize_text

WHO = "who"
SAME_NEWS_DAYS = 7  # reports of one meeting appear within a week of each other
# claim pairs listed per finding (slot and pair of values): the view lists every outlet of each
# side from them, and a value a hundred outlets repeat adds no evidence after the first fifty
MAX_PAIRS = 50


@dataclass(frozen=True)
class ClaimFacts:
    """What one claim wording says about the meeting, read once per distinct text."""

    names: tuple[str, ...]  # people named (NER), as written
    proper: tuple[str, ...]  # runs of proper nouns (names NER missed: "Wang" tagged as an org)
    titles: tuple[TitledName, ...]
    slots: tuple[SlotFact, ...]


@dataclass(frozen=True)
class Source:
    """Where a claim comes from: the outlet it counts under, and the day it was published."""

    outlet: str
    day: date | None = None


def read_facts(doc) -> ClaimFacts:
    """The ClaimFacts of one parsed text."""
    names = tuple(n for e in doc.ents if e.label_ == "PERSON" for n in person_names(e))
    runs, cur = [], []
    for t in doc:
        if t.pos_ == "PROPN" and t.is_alpha:
            cur.append(t.text)
        elif cur:
            runs.append(" ".join(cur))
            cur = []
    if cur:
        runs.append(" ".join(cur))
    return ClaimFacts(names, tuple(runs), tuple(titled_names(doc)), slot_facts(doc))


def _pipeline():
    from stance.nlp import load_spacy

    return load_spacy()


def facts_of(texts: Iterable[str], cache: dict[str, ClaimFacts] | None = None,
             ahead: Mapping[str, ClaimFacts] | None = None) -> dict[str, ClaimFacts]:
    """ClaimFacts of each text in `cache` (text -> facts, owned by the caller so later batches
    reuse it); texts not cached yet are taken from `ahead` (facts read ahead while the encoder
    worked, `stance.framing.ahead`) or else parsed in one batch, from what the claims stage
    kept of them (its parse, its entities: `stance.nlp.ANALYSES`) where it kept anything."""
    from stance.nlp import ANALYSES

    cache = {} if cache is None else cache
    todo = [t for t in dict.fromkeys(texts) if t not in cache]
    if ahead:
        found = {t: ahead[t] for t in todo if t in ahead}
        cache.update(found)
        todo = [t for t in todo if t not in found]
    if todo:
        for t, doc in zip(todo, _pipeline().pipe(todo, reuse=ANALYSES), strict=True):
            cache[t] = read_facts(doc)
    return cache


# -- comparing two facts of one slot --------------------------------------------------------


def _day_gap(a: str, b: str) -> int:
    """Days between two single days, weekdays ("monday") or calendar days ("05-10")."""
    if a in WEEKDAYS and b in WEEKDAYS:
        d = abs(WEEKDAYS.index(a) - WEEKDAYS.index(b))
        return min(d, 7 - d)
    try:
        da, db = (date(2000, *map(int, v.split("-"))) for v in (a, b))
    except ValueError:
        return 0
    return abs((da - db).days)


def values_conflict(a: SlotFact, b: SlotFact) -> bool:
    """Do two facts of the same slot give values that cannot both be right? Places: the same
    place "in" and "outside" it, or two different cities; two venues ("at") may both be right.
    One day of a meeting: only days two or more apart (a meeting over two days is reported
    by either day)."""
    if a.kind == PLACE:
        (ra, na, la), (rb, nb, lb) = a.value.split("|", 2), b.value.split("|", 2)
        if na == nb or na in nb or nb in na or similar_spelling(na, nb):
            return (ra == "outside") != (rb == "outside")
        return ra == rb == "in" and la == lb == "GPE"
    if a.slot == "meeting day":
        return _day_gap(a.value, b.value) >= 2
    return a.value != b.value


def keys_match(a: SlotFact, b: SlotFact) -> bool:
    """Do two facts' keys pin the same thing (the same call, series, body)?"""
    if a.slot == "contact format":
        return bool(a.key & b.key)
    if a.slot.startswith("number of the"):
        shared = len(a.key & b.key)
        return shared == min(len(a.key), len(b.key)) or shared * 2 >= len(a.key | b.key)
    return a.key == b.key


# -- one event --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    claim: Claim
    source: Source
    fact: SlotFact
    people: frozenset[str]


def main_sides(named: Iterable[frozenset[str]]) -> frozenset[str]:
    """The two people an event's claims name together most often, when clearly so (at least
    twice, and twice as often as any other pair): the sides of its main meeting."""
    pairs = Counter(frozenset(p) for s in named for p in combinations(sorted(s), 2))
    top = pairs.most_common(2)
    if not top or top[0][1] < 2 or (len(top) > 1 and top[0][1] < 2 * top[1][1]):
        return frozenset()
    return top[0][0]


def _sides(people: frozenset[str], main: frozenset[str], named: set[frozenset[str]],
           need: int) -> frozenset[str] | None:
    """Whom a fact is about: the people it names, when they are the `need` it takes (the two
    sides of a meeting or more, one visitor). A claim naming nobody ("the two sides met ...")
    speaks of the event's main meeting, or of the one pair (the one visitor) the slot's other
    facts name; a claim naming one side of a meeting (the other may be a name the parser
    missed) or several possible visitors is left out."""
    if len(people) == need or (need == 2 and len(people) > 2):
        return people
    if people:
        return None
    if main and need == 2:
        return main
    fits = [p for p in named if len(p) == need]
    return fits[0] if len(fits) == 1 else None


def close_sources(a: Source, b: Source) -> bool:
    """Different outlets, reporting within SAME_NEWS_DAYS of each other (or undated)."""
    if a.outlet == b.outlet:
        return False
    return a.day is None or b.day is None or abs((a.day - b.day).days) <= SAME_NEWS_DAYS


def unambiguous(facts: Sequence[SlotFact]) -> list[SlotFact]:
    """A claim's facts without those it contradicts itself on ("the second round, after the
    first in May"): which of its values is the slot's is not clear."""
    return [f for f in facts if not any(g is not f and g.slot == f.slot and keys_match(f, g) and values_conflict(f, g)
                                        for g in facts)]


def _slot_items(claims: Sequence[Claim], facts: Mapping[str, ClaimFacts], sources: Mapping[str, Source],
                people: People) -> list[list[_Item]]:
    """The event's facts, one list per slot and set of people."""
    raw: dict[str, list[tuple[Claim, SlotFact, frozenset[str]]]] = defaultdict(list)
    named_in = []
    for c in claims:
        f = facts[normalize_text(c.claim_text)]
        named = people.named((*f.names, *f.proper))
        named_in.append(named)
        for s in unambiguous(f.slots):
            who = people.named(s.people) if s.people else named if s.sides else frozenset()
            raw[s.slot].append((c, s, who))
    main = main_sides(named_in)
    buckets: dict[tuple[str, frozenset[str]], list[_Item]] = defaultdict(list)
    for slot, items in raw.items():
        named = {who for _, s, who in items if s.sides and len(who) == s.sides}
        for c, s, who in items:
            sides = _sides(who, main, named, s.sides) if s.sides else frozenset()
            if sides is not None:
                buckets[(slot, sides)].append(_Item(c, sources[c.article_id], s, sides))
    return list(buckets.values())


def variant_pairs(items: Sequence, variant, conflict):
    """Pairs of items whose variants conflict. Items are grouped by variant first (an event's
    thousand claims about one slot give it a handful of values), so each pair of variants is
    compared once, and only conflicting ones are paired item by item."""
    by_variant: dict = defaultdict(list)
    for it in items:
        by_variant[variant(it)].append(it)
    for va, vb in combinations(by_variant, 2):
        xs, ys = by_variant[va], by_variant[vb]
        if conflict(xs[0], ys[0]):
            yield from ((x, y) for x in xs for y in ys)


def _slot_pairs(buckets: Iterable[list[_Item]]):
    for group in buckets:
        for x, y in variant_pairs(group, lambda it: (it.fact.value, it.fact.key),
                                   lambda a, b: keys_match(a.fact, b.fact) and values_conflict(a.fact, b.fact)):
            if close_sources(x.source, y.source):
                yield x, y


def _about(people: People, keys: frozenset[str]) -> str:
    return f" ({', '.join(sorted(people.shown(k) for k in keys))})" if keys else ""


@dataclass(frozen=True)
class _Titled:
    claim: Claim
    source: Source
    person: str  # People key
    name: str  # as written
    role: Role


def _office(t: _Titled) -> tuple:
    return t.role.base, t.role.ranks, t.role.portfolio, t.role.org


def titled_items(claims: Sequence[Claim], facts: Mapping[str, ClaimFacts], sources: Mapping[str, Source],
                 people: People) -> list[_Titled]:
    """Every titled name of the claims whose person `people` knows."""
    titled = []
    for c in claims:
        for tn in facts[normalize_text(c.claim_text)].titles:
            key = people.resolve(tn.name)
            if key:
                titled.append(_Titled(c, sources[c.article_id], key, tn.name, tn.role))
    return titled


def person_title_pairs(titled: Sequence[_Titled], people: People):
    """Pairs of _Titled giving one person two offices that cannot both be held, with the slot
    and the two values shown."""
    by_person: dict[str, list[_Titled]] = defaultdict(list)
    for t in titled:
        by_person[t.person].append(t)
    for key, items in by_person.items():
        for x, y in variant_pairs(items, _office, lambda a, b: titles_conflict(a.role, b.role)):
            if close_sources(x.source, y.source):
                yield x, y, f"title of {people.shown(key)}", x.role.text, y.role.text


def _holder_pairs(titled: Sequence[_Titled]):
    """Pairs of _Titled giving one office to two people, with the slot and the two names."""
    by_office: dict[str, list[_Titled]] = defaultdict(list)
    for t in titled:
        by_office[t.role.office].append(t)
    for items in by_office.values():
        def holders_conflict(a: _Titled, b: _Titled, items=items) -> bool:
            return a.person != b.person and same_single_office(a.role, b.role) and \
                _one_outlet_against_more(a, b, items)

        for x, y in variant_pairs(items, lambda t: (t.person, *_office(t)), holders_conflict):
            if close_sources(x.source, y.source):
                yield x, y, f"holder of the office: {x.role.text}", x.name, y.name


def _one_outlet_against_more(x: _Titled, y: _Titled, items: Sequence[_Titled]) -> bool:
    """Does one outlet give the office to one person while more outlets give it to the other?
    Two bodies named alike ("the Security Council" of two states) each have their holder, each
    named by several outlets; a slip gives one outlet's office to the wrong person."""
    def outlets(t: _Titled) -> int:
        return len({z.source.outlet for z in items if z.person == t.person and same_single_office(z.role, t.role)})

    n_x, n_y = outlets(x), outlets(y)
    return min(n_x, n_y) == 1 and n_x != n_y


class Findings:
    """Discrepancies of one event as they are found: each pair of claims once per slot and
    values, and at most MAX_PAIRS pairs per finding (slot and pair of values)."""

    def __init__(self, event_id: str, group_of: Mapping[str, str]) -> None:
        self.event_id, self.group_of = event_id, group_of
        self.found: list[Discrepancy] = []
        self._reported: set[tuple] = set()
        self._listed: Counter = Counter()

    def add(self, ca: Claim, cb: Claim, kind: str, slot: str, va: str, vb: str) -> None:
        key = (slot, frozenset({(ca.claim_id, va.casefold()), (cb.claim_id, vb.casefold())}))
        finding = (slot, frozenset({va.casefold(), vb.casefold()}))
        if key not in self._reported and self._listed[finding] < MAX_PAIRS:
            self._reported.add(key)
            self._listed[finding] += 1
            self.found.append(Discrepancy(self.group_of.get(ca.claim_id, ""), ca.claim_id, cb.claim_id, kind,
                                          va, vb, event_id=self.event_id, slot=slot))


def event_discrepancies(event_id: str, claims: Sequence[Claim], facts: Mapping[str, ClaimFacts],
                        sources: Mapping[str, Source], group_of: Mapping[str, str]) -> list[Discrepancy]:
    """Every pair of claims of the event that disagree on a slot, once per pair and slot.
    `facts` maps each claim's normalized text to its ClaimFacts; `sources` maps article_id ->
    Source; `group_of` maps claim_id -> group_id."""
    ordered = sorted(claims, key=lambda c: (c.article_id, c.sentence_index, c.sub_index))
    people = People(n for c in ordered for n in facts[normalize_text(c.claim_text)].names)
    out = Findings(event_id, group_of)
    for x, y in _slot_pairs(_slot_items(ordered, facts, sources, people)):
        out.add(x.claim, y.claim, x.fact.kind, x.fact.slot + _about(people, x.people), x.fact.shown, y.fact.shown)
    titled = titled_items(ordered, facts, sources, people)
    for x, y, slot, va, vb in (*person_title_pairs(titled, people), *_holder_pairs(titled)):
        out.add(x.claim, y.claim, WHO, slot, va, vb)
    return out.found
