"""When two reports, or two groups of reports, are about one meeting; and an event's label.

Three checks, each on what the reports themselves say (`stance.events.profiles.Gist`):
- dates within `window` days (dated reports);
- places: both name meeting cities, and none of them is in a common country -> two meetings
  ("in Moscow" and "in St Petersburg" agree; "in Moscow" and "in New York" do not);
- participants: a visit is one event however many hosts the visitor meets ("Mehta met Vietnam's
  president on Monday and its premier on Tuesday" - the hosts are of one country), but the same
  person meeting people of different countries at one venue holds separate meetings ("Ribeiro
  met Kenya's minister on Friday and Canada's on Saturday in Geneva"). So the people each side
  names first and the other side never mentions are compared by the country they were introduced
  as representing: two different countries (and neither the country of a person both sides
  share) -> two meetings.
Then lede similarity decides: `with_participant` when both are dated and name a common person,
else `content_only` (calibrated values: `stance.config.thresholds`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from stance.events.days import day_in_span
from stance.events.profiles import ArticleProfile, Gist, name_tokens


def _nation(name: str, *gists: Gist) -> str:
    """The country `name` was introduced as representing, by the words of the name: words that
    always came with one country (a surname) outvote shared ones (a first name many people have)."""
    per_word = []
    for t in name_tokens(name):
        votes: Counter = Counter()
        for g in gists:
            votes.update(g.nationality.get(t, {}))
        if votes:
            per_word.append(votes)
    sure = [v for v in per_word if len(v) == 1] or per_word
    total = sum(sure, Counter())
    return min(total.items(), key=lambda kv: (-kv[1], kv[0]))[0] if total else ""


def _counterparts(a: Gist, b: Gist, context: Gist | None) -> set[str]:
    """Countries of the people `a` names first whom `b` never mentions, other than the
    countries of the people both name (the visitor's own side). A person's country comes from
    the two sides' reports, else from `context` (other reports that introduced them)."""
    def nation(p: str) -> str:
        return _nation(p, a, b) or (_nation(p, context) if context is not None else "")
    shared, other = [], []
    for p in a.principals:
        (shared if name_tokens(p) & b.tokens else other).append(p)
    side = {nation(p) for p in shared} - {""}
    return {n for p in other if (n := nation(p)) and n not in side}


def participants_conflict(a: Gist, b: Gist, context: Gist | None = None) -> bool:
    """Do `a` and `b` name different counterparts, of different countries (see module doc)?"""
    ca = _counterparts(a, b, context)
    if not ca:
        return False
    cb = _counterparts(b, a, context)
    return bool(cb) and not (ca & cb)


def places_conflict(a: Gist, b: Gist) -> bool:
    """Both name meeting places, none in a common country."""
    return bool(a.countries and b.countries and not (a.countries & b.countries))


@dataclass(frozen=True)
class EventRule:
    """When two reports belong to one event (module doc); `mergeable` is the same check for two
    groups of reports, so links applied one by one cannot chain two meetings into one."""

    window: int
    with_participant: float
    content_only: float

    @classmethod
    def from_settings(cls, settings, thresholds) -> EventRule:
        return cls(settings.event_window_days, thresholds.event_with_participant,
                   thresholds.event_content_only)

    def compatible(self, a: ArticleProfile, b: ArticleProfile, sim: float,
                   context: Gist | None = None) -> bool:
        if a.day and b.day and abs((a.day - b.day).days) > self.window:
            return False
        if not self.mergeable(a.gist, b.gist, context):
            return False
        if a.day and b.day and a.surnames & b.surnames:
            return sim >= self.with_participant
        return sim >= self.content_only

    def mergeable(self, a: Gist, b: Gist, context: Gist | None = None) -> bool:
        """May two groups of reports be one event? `context`: who is from where, as other
        reports introduced them (the sweep's reports so far)."""
        return not places_conflict(a, b) and not participants_conflict(a, b, context)

    def day_fits(self, a: ArticleProfile, span: tuple[date, date] | None) -> bool:
        """Can the dates `span` (first, last day of dated reports) hold the day an undated
        report gives itself (`stance.events.days`)? True when either is unknown."""
        return not (a.days and span) or day_in_span(a.days, span[0], span[1], self.window)

    def fit(self, a: ArticleProfile, event: Gist, sim: float, context: Gist | None = None,
            span: tuple[date, date] | None = None) -> float | None:
        """How well an undated report fits an event whose reports' mean lede vector is `sim`
        away: `sim` plus PARTICIPANT_WEIGHT x `agreement`, or None when the event's places or
        people rule it out, when the report names its own day (`stance.events.days`) and the
        event's dated `span` (first, last day) cannot hold it, or when `sim` is below
        `content_only` (without a date, the content must tell one meeting of the same people
        from another)."""
        if sim < self.content_only or not self.mergeable(a.gist, event, context):
            return None
        if not self.day_fits(a, span):
            return None
        return sim + PARTICIPANT_WEIGHT * agreement(a.gist, event)


# weight of the people two sides share in an undated report's fit to an event: on the dev pages
# (each report scored, as if undated, against the other reports' events) 0.05 to 0.15 pick the
# same best events; without it, nearly as many reports go to an event of other people
PARTICIPANT_WEIGHT = 0.1


def agreement(a: Gist, event: Gist) -> float:
    """0..1: the share of `a`'s principals the event mentions, averaged with the share of the
    event's two main people `a` mentions (a report on the envoy fits the envoy's visit, not the
    president's)."""
    mine = [n for n in a.principals if name_tokens(n)]
    theirs = [n for n, _ in _display_names(event.principals)[:2]]
    def share(names: list[str], tokens: frozenset[str]) -> float:
        return sum(bool(name_tokens(n) & tokens) for n in names) / len(names) if names else 0.5
    return (share(mine, event.tokens) + share(theirs, a.tokens)) / 2


def _display_names(principals: Counter) -> list[tuple[str, int]]:
    """People of a group, most named first: short forms counted under the full name that
    contains them ("Ribeiro" under "Ana Ribeiro"), shown by their most common full form."""
    groups: dict[frozenset[str], Counter] = {}
    for name, n in sorted(principals.items(), key=lambda kv: (-len(name_tokens(kv[0])), kv[0])):
        toks = name_tokens(name)
        if not toks:
            continue
        home = next((g for g in groups if toks <= g), None)
        if home is None:
            home = next((g for g in groups if toks & g), toks)
        groups.setdefault(home, Counter())[name] += n
    ranked = []
    for forms in groups.values():
        full = [f for f in forms if len(f.split()) > 1] or list(forms)
        shown = max(full, key=lambda f: (forms[f], -len(f), f))
        ranked.append((shown, sum(forms.values())))
    return sorted(ranked, key=lambda kv: (-kv[1], kv[0]))


def event_label(gist: Gist, start: str, fallback: str) -> tuple[str, tuple[str, ...], str]:
    """(label, participants, place) of an event: the two people its reports name first most
    often, the meeting city they name most often, the first day."""
    people = _display_names(gist.principals)
    top = [n for n, _ in people[:2]]
    place = min(gist.cities.items(), key=lambda kv: (-kv[1], kv[0]))[0] if gist.cities else ""
    who = " - ".join(top) + (" talks" if len(top) > 1 else "") if top else (fallback[:60] or "Untitled event")
    parts = [who]
    if place:
        parts.append(place)
    if start:
        parts.append(start)
    return ", ".join(parts), tuple(n for n, _ in people[:6]), place
