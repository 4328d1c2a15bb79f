"""The event clustering core: article profiles, the compatibility rule, one sweep in date order.

`stance.events` builds the profiles (NER on title and lede) and lede vectors and feeds them here.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from stance.schema import Article, Event, stable_hash
from stance.unionfind import DisjointSet

# cities that often host meetings -> their country, so "in Moscow" and "visit Russia" agree
CITY_COUNTRY = {
    "moscow": "russia", "st petersburg": "russia", "saint petersburg": "russia", "sochi": "russia",
    "kazan": "russia", "vladivostok": "russia", "beijing": "china", "shanghai": "china",
    "tunxi": "china", "huangshan": "china", "guilin": "china", "xiamen": "china",
    "washington": "united states", "new york": "united states", "kyiv": "ukraine",
    "kiev": "ukraine", "minsk": "belarus", "budapest": "hungary", "brussels": "belgium",
    "berlin": "germany", "paris": "france", "london": "united kingdom", "ankara": "turkey",
    "istanbul": "turkey", "new delhi": "india", "delhi": "india", "tehran": "iran",
    "astana": "kazakhstan", "tashkent": "uzbekistan", "samarkand": "uzbekistan",
    "bishkek": "kyrgyzstan", "jakarta": "indonesia", "bali": "indonesia", "geneva": "switzerland",
    "malta": "malta", "valletta": "malta", "vienna": "austria", "tokyo": "japan",
    "seoul": "south korea", "pyongyang": "north korea", "johannesburg": "south africa",
}
UNDATED_NEIGHBOURS = 64  # most similar articles an undated article is compared with
# a connected set of pending event links still growing after this many windows is applied
# with the links known so far (bounds memory when coverage chains day after day)
FORCE_WINDOWS = 4


@dataclass
class ArticleProfile:
    article: Article
    day: date | None
    persons: Counter
    surnames: set[str]
    places: Counter
    place_keys: set[str]


@dataclass(frozen=True)
class EventRule:
    """When two reports belong to one event: within `window` days, compatible places, and lede
    similarity of at least `with_participant` when both are dated and name a common person,
    else `content_only` (calibrated values: `stance.config.thresholds`)."""

    window: int
    with_participant: float
    content_only: float

    @classmethod
    def from_settings(cls, settings, thresholds) -> EventRule:
        return cls(settings.event_window_days, thresholds.event_with_participant,
                   thresholds.event_content_only)

    def compatible(self, a: ArticleProfile, b: ArticleProfile, sim: float) -> bool:
        if a.day and b.day and abs((a.day - b.day).days) > self.window:
            return False
        if a.place_keys and b.place_keys and not (a.place_keys & b.place_keys):
            return False
        if a.day and b.day and a.surnames & b.surnames:
            return sim >= self.with_participant
        return sim >= self.content_only


class EventSweep:
    """Events built by one sweep over the articles in date order, so memory holds only the
    articles of the last few weeks, never the corpus.

    Undated articles come first (`add_undated`): they are linked among themselves on content
    only. Then every day's articles are added in date order (`add_day`): each new article is
    compared with the dated articles of the last `window` days and with the other articles of
    its day. Candidate links wait until every link of their connected set is known (its last
    article is `window` days behind), then are applied strongest first, exactly as one pass
    over all links would: a report's link to its own meeting's later reports beats a weaker
    link to an earlier meeting of the same people (`_commit`). A link is refused when the
    merged event's dates would span more than `window` days. An event that no pending or later
    link can extend any more is closed and returned.

    An undated article joins the event of its most similar compatible dated article, wherever
    in time that is: the sweep remembers each undated article's best match so far and, at the
    end (`finish`), hands over that event again with the undated articles added. A later event
    that takes an article replaces the earlier one holding it (as the store does)."""

    def __init__(self, rule: EventRule) -> None:
        self.rule = rule
        self.window = rule.window
        self.n = 0
        self.prof: dict[int, ArticleProfile] = {}
        self.vec: dict[int, np.ndarray] = {}
        self.sets: DisjointSet[int] = DisjointSet()
        self.members: dict[int, list[int]] = {}  # root -> its articles
        self.span: dict[int, tuple[int, int] | None] = {}  # root -> (first, last) day ordinal
        self.recent: deque[tuple[int, int]] = deque()  # (day ordinal, idx) inside the window
        self.undated: list[int] = []
        self.best: dict[int, tuple[float, int]] = {}  # undated idx -> (similarity, dated idx)
        self.kept: dict[int, list[ArticleProfile]] = {}  # dated idx -> its closed event's members
        self.pending: list[tuple[float, int, int, int]] = []  # (-sim, i, j, earlier day) links
        self.last_day: int | None = None

    def _new(self, p: ArticleProfile, v: np.ndarray) -> int:
        i = self.n
        self.n += 1
        self.prof[i], self.vec[i], self.members[i] = p, v, [i]
        self.sets.add(i)
        self.span[i] = (p.day.toordinal(), p.day.toordinal()) if p.day else None
        return i

    def _union(self, pairs: list[tuple[float, int, int]]) -> None:
        for _, i, j in sorted(pairs):
            a, b = self.sets.find(i), self.sets.find(j)
            if a == b:
                continue
            sa, sb = self.span[a], self.span[b]
            span = (min(sa[0], sb[0]), max(sa[1], sb[1])) if sa and sb else (sa or sb)
            if span and span[1] - span[0] > self.window:
                continue
            a, b = self.sets.union(a, b)  # type: ignore[misc]
            self.members[a] += self.members.pop(b)
            self.span[a] = span
            del self.span[b]

    def _pairs(self, new: list[int], cands: list[int], floor: float,
               same: bool = False) -> list[tuple[float, int, int]]:
        if not new or not cands:
            return []
        sim = np.stack([self.vec[i] for i in new]) @ np.stack([self.vec[j] for j in cands]).T
        out = []
        for r, c in zip(*np.nonzero(sim >= floor), strict=False):
            i, j = new[r], cands[c]
            if (same and j <= i) or i == j:
                continue
            s = float(sim[r, c])
            if self.rule.compatible(self.prof[i], self.prof[j], s):
                out.append((-s, min(i, j), max(i, j)))
        return out

    def add_undated(self, items: Sequence[tuple[ArticleProfile, np.ndarray]]) -> None:
        """Add undated articles (before the first day; later ones join no earlier day)."""
        new = [self._new(p, v) for p, v in items]
        pairs = []
        for i in new:  # content only, against its nearest few earlier undated articles
            js = [j for j in self.undated if j < i] + [j for j in new if j < i]
            if not js:
                continue
            row = np.stack([self.vec[j] for j in js]) @ self.vec[i]
            if len(js) > UNDATED_NEIGHBOURS:
                keep = np.sort(np.argpartition(-row, UNDATED_NEIGHBOURS)[:UNDATED_NEIGHBOURS])
                js, row = [js[t] for t in keep], row[keep]
            for t in np.flatnonzero(row >= self.rule.content_only):
                s = float(row[t])
                if self.rule.compatible(self.prof[i], self.prof[js[t]], s):
                    pairs.append((-s, js[t], i))
        self.undated += new
        self._union(pairs)

    def add_day(self, day: date, items: Sequence[tuple[ArticleProfile, np.ndarray]]) -> list[Event]:
        """Add one day's articles; returns the events that closed before this day."""
        today = day.toordinal()
        if self.last_day is not None and today < self.last_day:
            raise ValueError(f"days must come in order: {day} after {date.fromordinal(self.last_day)}")
        # every link of an article of day <= today-1-window is known
        self._commit(today - 1 - self.window)
        closed = self._close(today - 2 * self.window)
        self.last_day = today
        while self.recent and self.recent[0][0] < today - self.window:
            self.vec.pop(self.recent.popleft()[1], None)  # no new link can reach it
        self.recent = deque((d, j) for d, j in self.recent if j in self.prof)
        cands = [j for _, j in self.recent]
        new = [self._new(p, v) for p, v in sorted(items, key=lambda x: x[0].article.article_id)]
        floor = min(self.rule.with_participant, self.rule.content_only)
        pairs = self._pairs(new, cands, floor)
        pairs += self._pairs(new, new, floor, same=True)
        day_of = self.prof
        self.pending += [(s, i, j, min(day_of[i].day.toordinal(), day_of[j].day.toordinal()))  # type: ignore[union-attr]
                         for s, i, j in pairs]
        undated = set(self.undated)
        for s, i, j in self._pairs(new, self.undated, self.rule.content_only):
            u, d = (i, j) if i in undated else (j, i)
            if -s > self.best.get(u, (0.0, -1))[0]:
                self.best[u] = (-s, d)
        self.recent.extend((today, i) for i in new)
        return closed

    def _commit(self, known: int | None) -> None:
        """Apply pending links, strongest first, where the outcome can no longer change: every
        link of every article up to day `known` is known, so a connected set of pending links
        whose articles are all of those days is applied whole, exactly as one pass over all
        links would. A set still growing after FORCE_WINDOWS windows is applied whole with the
        links known so far, so coverage that chains day after day cannot hold memory forever.
        `known` None applies everything."""
        if not self.pending:
            return
        if known is None:
            ready, self.pending = self.pending, []
            self._union([(s, i, j) for s, i, j, _ in ready])
            return
        comp: DisjointSet[int] = DisjointSet()  # connected sets of pending links
        for _, i, j, _ in self.pending:
            comp.union(i, j)
        find = comp.find
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        for x in comp:
            r, d = find(x), self.prof[x].day.toordinal()  # type: ignore[union-attr]
            last[r] = max(last.get(r, d), d)
            first[r] = min(first.get(r, d), d)
        force = known - (FORCE_WINDOWS - 1) * self.window
        ready, keep = [], []
        for p in self.pending:
            r = find(p[1])
            if last[r] <= known or first[r] <= force:
                ready.append(p)
            else:
                keep.append(p)
        self.pending = keep
        self._union([(s, i, j) for s, i, j, _ in ready])

    def _close(self, before: int | None) -> list[Event]:
        """Close the dated events whose first day is before `before` (all when None): every
        link that could still reach them joins an article at least `window` days later."""
        waiting = {x for _, i, j, _ in self.pending for x in (i, j)}
        roots = [r for r, s in self.span.items()
                 if s is not None and (before is None or s[0] < before)
                 and not waiting.intersection(self.members[r])]
        wanted = {i for _, i in self.best.values()}
        self.kept = {i: m for i, m in self.kept.items() if i in wanted}  # matches bettered since
        events = []
        for r in roots:
            idx = self.members.pop(r)
            del self.span[r]
            members = sorted((self.prof[i] for i in idx),
                             key=lambda p: (p.day or date.max, p.article.article_id))
            events.append(make_event(members))
            for i in idx:
                if i in wanted:  # some undated article matches it best so far
                    self.kept[i] = members
                del self.prof[i]
                self.vec.pop(i, None)
            self.sets.forget(idx)
        return sorted(events, key=lambda e: (e.start or "9999", e.event_id))

    def finish(self) -> list[Event]:
        """Close every event still open, then hand over the events that undated articles
        joined (again, with them) and the undated-only ones."""
        self._commit(None)
        events = {e.article_ids: e for e in self._close(None)}
        joined: dict[int, list[int]] = {}  # best dated article -> undated articles joining it
        for r in [r for r, s in self.span.items() if s is None]:
            idx = self.members.pop(r)
            del self.span[r]
            hits = [self.best[u] for u in idx if u in self.best]
            if hits:
                joined.setdefault(max(hits, key=lambda h: (h[0], -h[1]))[1], []).extend(idx)
            else:
                members = sorted((self.prof[i] for i in idx), key=lambda p: p.article.article_id)
                events[tuple(p.article.article_id for p in members)] = make_event(members)
        by_event: dict[tuple[str, ...], tuple[list[ArticleProfile], list[int]]] = {}
        for i, us in joined.items():
            members = self.kept[i]
            key = tuple(sorted(p.article.article_id for p in members))
            by_event.setdefault(key, (members, []))[1].extend(us)
        for key, (members, us) in by_event.items():
            events.pop(key, None)  # still open at the end: replaced before it was handed over
            extra = sorted((self.prof[u] for u in us), key=lambda p: p.article.article_id)
            amended = make_event(sorted(members, key=lambda p: (p.day or date.max, p.article.article_id))
                                  + extra)
            events[amended.article_ids] = amended
        self.kept.clear()
        self.best.clear()
        return sorted(events.values(), key=lambda e: (e.start or "9999", e.event_id))


def make_event(members: list[ArticleProfile]) -> Event:
    ids = tuple(sorted(p.article.article_id for p in members))
    dated = sorted(p.day for p in members if p.day)
    persons: Counter = Counter()
    by_surname: dict[str, str] = {}
    for p in members:
        for name, c in p.persons.items():
            key = name.split()[-1].casefold()
            persons[key] += c + 2  # articles naming someone count more than repetitions
            if len(name) > len(by_surname.get(key, "")):
                by_surname[key] = name
    places: Counter = Counter()
    for p in members:
        places.update(p.places)
    top = [by_surname[k] for k, _ in persons.most_common(2)]
    cities = Counter({k: v for k, v in places.items() if k.casefold() in CITY_COUNTRY})
    place = (cities or places).most_common(1)[0][0] if places else ""
    start = dated[0].isoformat() if dated else ""
    parts = [" - ".join(top) + (" talks" if len(top) > 1 else "") if top else
             (members[0].article.title[:60] or "Untitled event")]
    if place:
        parts.append(place)
    if start:
        parts.append(start)
    return Event(event_id=stable_hash("event", *ids), label=", ".join(parts), article_ids=ids,
                 start=start, end=dated[-1].isoformat() if dated else "",
                 participants=tuple(by_surname[k] for k, _ in persons.most_common(6)), place=place)
