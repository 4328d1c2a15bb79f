"""Analysts' corrections of the events, applied after the events stage on every run.

An analyst can merge two events, split chosen articles out of one into a new event, move an
article to another event, and rename an event (`schema.Correction`). The machine's grouping is
recomputed on every run and event ids follow their articles, so a correction names events by
their articles: "the event holding these articles". That keeps it meaningful when a re-analysis
regroups, adds articles or changes ids.

`apply_corrections` is the whole rule, a pure function over the settled events, applied in the
order the corrections were made (a later one works on the result of the earlier ones). A
correction whose articles are no longer in the analysis is not applied, and one that can only
be applied in part (some of its articles gone) is applied to the rest: both are reported, one
line each, never dropped silently. `corrected_batches` is the pipeline's hook: events that no
correction touches stream through as they close; the touched ones are held to the end of the
sweep, when every article they name has been seen, and corrected together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from stance.schema import Correction, Event, stable_hash

SPLIT_SUFFIX = " (split)"  # the name of a split-off event when the analyst gave none
MAX_PARTICIPANTS = 6


@dataclass
class _Draft:
    """An event being corrected: where it came from and what it holds now."""

    origin: Event
    label: str
    ids: list[str]
    participants: list[str] = field(default_factory=list)
    place: str = ""


@dataclass(frozen=True)
class Corrected:
    """The events after the corrections, and one line per correction not (fully) applied."""

    events: list[Event]
    problems: list[str]


def _name(c: Correction) -> str:
    return f"{c.kind} by {c.analyst} at {c.created_at[:19].replace('T', ' ')}"


class _State:
    def __init__(self, events: Sequence[Event]) -> None:
        self.drafts = [_Draft(e, e.label, list(e.article_ids), list(e.participants), e.place) for e in events]
        self.owner = {a: d for d in self.drafts for a in d.ids}

    def present(self, ids: Iterable[str]) -> list[str]:
        return [a for a in ids if a in self.owner]

    def holder(self, ids: Sequence[str]) -> _Draft:
        """The event holding most of `ids` (all present), first in event order on a tie."""
        counts = Counter(id(self.owner[a]) for a in ids)
        return max((d for d in self.drafts if id(d) in counts), key=lambda d: counts[id(d)])

    def take(self, ids: Sequence[str]) -> None:
        """Remove articles from their events; an event left empty is gone."""
        for a in ids:
            self.owner[a].ids.remove(a)
        self.drafts = [d for d in self.drafts if d.ids]

    def give(self, draft: _Draft, ids: Sequence[str]) -> None:
        draft.ids += ids
        self.owner.update(dict.fromkeys(ids, draft))


def _merge(s: _State, c: Correction, a: list[str], t: list[str]) -> str:
    if not a or not t:
        return "one of the two events is no longer in the analysis"
    into = s.holder(t)
    for d in {id(s.owner[x]): s.owner[x] for x in a + t}.values():
        if d is not into:
            moving = list(d.ids)
            into.participants += [p for p in d.participants if p not in into.participants]
            into.place = into.place or d.place
            s.take(moving)
            s.give(into, moving)
    into.label = c.label or into.label
    return ""


def _split(s: _State, c: Correction, a: list[str], t: list[str]) -> str:
    if not a:
        return "none of its articles is in the analysis any more"
    parent = s.holder(a)
    new = _Draft(parent.origin, c.label or parent.label + SPLIT_SUFFIX, [], list(parent.participants),
                 parent.place)
    s.take(a)
    s.drafts.append(new)
    s.give(new, a)
    return ""


def _move(s: _State, c: Correction, a: list[str], t: list[str]) -> str:
    t = [x for x in t if x not in a]
    if not a:
        return "the article is no longer in the analysis"
    if not t:
        return "the event it goes into is no longer in the analysis"
    into = s.holder(t)
    s.take([x for x in a if s.owner[x] is not into])
    s.give(into, [x for x in a if x not in into.ids])
    return ""


def _rename(s: _State, c: Correction, a: list[str], t: list[str]) -> str:
    if not a:
        return "the event is no longer in the analysis"
    s.holder(a).label = c.label
    return ""


_APPLY = {"merge": _merge, "split": _split, "move": _move, "rename": _rename}


def _event(d: _Draft, published: Mapping[str, str]) -> Event:
    """The corrected event: the original when nothing changed; else ids sorted, its id from them
    (as `stance.events.sweep.make_event` makes ids), dates from its articles where known, no
    longer unassigned once its articles changed, and every other field as the event it came from
    has it."""
    ids = tuple(sorted(d.ids))
    o = d.origin
    if ids == tuple(sorted(o.article_ids)) and d.label == o.label:
        return o
    days = sorted(published[a][:10] for a in ids if published.get(a))
    start, end = (days[0], days[-1]) if days else (o.start, o.end)
    event_id = o.event_id if ids == tuple(sorted(o.article_ids)) else stable_hash("event", *ids)
    # an analyst who put articles together has placed them: the event is no longer unassigned
    unassigned = o.unassigned and ids == tuple(sorted(o.article_ids))
    return replace(o, event_id=event_id, label=d.label, article_ids=ids, start=start, end=end,
                   participants=tuple(d.participants[:MAX_PARTICIPANTS]), place=d.place,
                   unassigned=unassigned)


def apply_corrections(events: Sequence[Event], corrections: Sequence[Correction],
                      published: Mapping[str, str] | None = None) -> Corrected:
    """`events` with `corrections` applied in the order they were made. `published` (article_id
    -> ISO date) dates the events whose articles changed; without it they keep their dates."""
    s = _State(events)
    problems = []
    for c in sorted(corrections, key=lambda c: c.created_at):
        a, t = s.present(c.article_ids), s.present(c.target_ids)
        gone = len(c.article_ids) + len(c.target_ids) - len(a) - len(t)
        why = _APPLY[c.kind](s, c, a, t) if c.kind in _APPLY else f"unknown kind {c.kind!r}"
        if why:
            problems.append(f"correction {_name(c)} not applied: {why}. Withdraw it or make it "
                            "again in the Corrections view.")
        elif gone:
            problems.append(f"correction {_name(c)} applied without {gone} of its articles, no longer "
                            "in the analysis.")
    out = [_event(d, published or {}) for d in s.drafts]
    return Corrected(sorted(out, key=lambda e: (e.start or "9999", e.event_id)), problems)


def named_articles(corrections: Iterable[Correction]) -> set[str]:
    """Every article a correction names (moved, merged, renamed or pointed to)."""
    return {a for c in corrections for a in (*c.article_ids, *c.target_ids)}


def corrected_batches(store, batches: Iterable[Sequence[Event]], problems: list[str]) -> Iterator[list[Event]]:
    """The events stage's batches with the stored corrections applied (the pipeline's one call).
    Events no correction names stream through unchanged; the others are held until the sweep
    ends (an event may still grow, a merge partner may close later), settled, corrected and
    handed over as the last batch. Lines for corrections not (fully) applied go to `problems`."""
    from stance.events.grouping import settle
    from stance.store.corrections import all_corrections, known_articles

    corrections = all_corrections(store)
    if not corrections:
        yield from (list(b) for b in batches)
        return
    named = named_articles(corrections)
    held: list[Event] = []
    for batch in batches:
        free = [e for e in batch if named.isdisjoint(e.article_ids)]
        held += [e for e in batch if not named.isdisjoint(e.article_ids)]
        if free:
            yield free
    events = settle([held])
    result = apply_corrections(events, corrections, known_articles(store, (a for e in events for a in e.article_ids)))
    problems.extend(result.problems)
    if result.events:
        yield result.events


def correction_status(events: Sequence[Event], corrections: Sequence[Correction]) -> list[str]:
    """For each correction (in `corrections` order): "" when it applies in full to `events`
    (the stored ones, which already carry every correction), else the line `apply_corrections`
    reports for it."""
    out = []
    for c in corrections:
        res = apply_corrections(events, [c])
        out.append(res.problems[0] if res.problems else "")
    return out
