"""Standing facts: what a claim says about a named body or a person that is true whatever
meeting its report is about (the year a body was founded, the office a person holds that week).

Such a fact belongs to no one meeting, so two reports that disagree on it contradict each other
even when they were put in different events (a report of another meeting the same week, or one
left unassigned). `stance.framing.event_facts` compares the facts inside each event; this
compares standing facts across the events analysed together, for pairs of claims in different
events only (pairs inside one event are already compared there), of different outlets
reporting within SAME_NEWS_DAYS of each other, and for a person's office only when both
reports give the same given name (or one gives none). A finding is filed under the event with more
outlets of the two (the one an analyst reads), with its claim first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from stance.framing.event_facts import (
    WHO,
    ClaimFacts,
    Findings,
    Source,
    close_sources,
    person_title_pairs,
    titled_items,
    unambiguous,
    values_conflict,
    variant_pairs,
)
from stance.framing.people import People, name_tokens
from stance.schema import Claim, Discrepancy
from stance.text.normalize import normalize_text

# one person's given name spelt two ways ("Sergei" / "Sergey", "Dmytro" / "Dmitry"), not two
# people of one family ("Joe" / "Jill"): across events, where no meeting ties the two reports to
# one person, a surname is not enough
GIVEN_NAME_SPELLING = 0.6


def same_given_name(a: str, b: str) -> bool:
    """Can two names written with the same surname be one person: their given names (when both
    give one) spelt alike?"""
    ta, tb = name_tokens(a), name_tokens(b)
    return len(ta) < 2 or len(tb) < 2 or SequenceMatcher(None, ta[0], tb[0]).ratio() >= GIVEN_NAME_SPELLING


def _dated(claims_by_event: Mapping[str, Sequence[Claim]], sources: Mapping[str, Source]) -> dict[str, Source]:
    """Sources with an undated report dated by its event (the middle day of the event's dated
    reports): an undated report of a meeting in August is no report of the week of an April
    one. A report alone in its event, undated, stays undated (close to any)."""
    out = dict(sources)
    for cs in claims_by_event.values():
        articles = {c.article_id for c in cs}
        days = sorted(sources[aid].day for aid in articles if sources[aid].day is not None)
        if not days:
            continue
        middle = days[len(days) // 2]
        for aid in articles:
            if out[aid].day is None:
                out[aid] = replace(out[aid], day=middle)
    return out


def standing_discrepancies(claims_by_event: Mapping[str, Sequence[Claim]], facts: Mapping[str, ClaimFacts],
                           sources: Mapping[str, Source], group_of: Mapping[str, str]) -> list[Discrepancy]:
    """Pairs of claims of two different events that disagree on a standing fact. `facts` maps
    each claim's normalized text to its ClaimFacts (every claim of `claims_by_event`);
    `sources` maps article_id -> Source; `group_of` maps claim_id -> group_id."""
    if len(claims_by_event) < 2:
        return []
    event_of = {c.claim_id: e for e, cs in claims_by_event.items() for c in cs}
    sources = _dated(claims_by_event, sources)
    weight = {e: (len({sources[c.article_id].outlet for c in cs}), len(cs)) for e, cs in claims_by_event.items()}
    ordered = sorted((c for cs in claims_by_event.values() for c in cs),
                     key=lambda c: (c.article_id, c.sentence_index, c.sub_index))
    findings: dict[str, Findings] = {}

    def add(ca: Claim, cb: Claim, kind: str, slot: str, va: str, vb: str) -> None:
        ea, eb = event_of[ca.claim_id], event_of[cb.claim_id]
        if ea == eb:
            return
        if (weight[eb], eb) > (weight[ea], ea):
            ca, cb, va, vb, ea = cb, ca, vb, va, eb
        findings.setdefault(ea, Findings(ea, group_of)).add(ca, cb, kind, slot, va, vb)

    by_slot: dict[tuple, list[tuple[Claim, Source, object]]] = defaultdict(list)
    for c in ordered:
        for f in unambiguous(facts[normalize_text(c.claim_text)].slots):
            if f.standing:
                by_slot[(f.slot, f.key)].append((c, sources[c.article_id], f))
    for items in by_slot.values():
        for (ca, sa, fa), (cb, sb, fb) in variant_pairs(items, lambda it: it[2].value,
                                                        lambda x, y: values_conflict(x[2], y[2])):
            if close_sources(sa, sb):
                add(ca, cb, fa.kind, fa.slot, fa.shown, fb.shown)
    people = People(n for c in ordered for n in facts[normalize_text(c.claim_text)].names)
    for x, y, slot, va, vb in person_title_pairs(titled_items(ordered, facts, sources, people), people):
        if same_given_name(x.name, y.name):
            add(x.claim, y.claim, WHO, slot, va, vb)
    return [d for f in findings.values() for d in f.found]
