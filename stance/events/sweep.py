"""The event clustering core: one sweep over the articles in date order.

`stance.events.grouping` builds the profiles (`stance.events.profiles`) and lede vectors and feeds
them here; `stance.events.rule` says which reports, and which groups of reports, may be one event.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Sequence
from datetime import date

import numpy as np

from stance.events.profiles import ArticleProfile, Gist
from stance.events.rule import PARTICIPANT_WEIGHT, EventRule, event_label
from stance.schema import Event, stable_hash
from stance.unionfind import DisjointSet

UNDATED_NEIGHBOURS = 64  # most similar articles an undated article is compared with
# a connected set of pending event links still growing after this many windows is applied
# with the links known so far (bounds memory when coverage chains day after day)
FORCE_WINDOWS = 4


# an undated article joins its best event only when it is clearly better than the next one:
# without a date, two meetings of the same people can only be told apart by their content (dev
# pages scored as if undated: 0.04 leaves 1 wrong of 82 assigned; models/README.md, Events)
UNDATED_MARGIN = 0.04
# undated articles that join no event are grouped with each other only as near-copies: on the dev
# pages, two reports of different meetings that agree on places and people reach a lede
# similarity of 0.88 at most, while copies of one story score 0.95 and more
UNDATED_COPY = 0.92
# a copy of reports of two events is a tie unless one is closer by this much (copies of one wire
# story in two events differ by a word or two; the report it was copied from scores about 1.0)
COPY_MARGIN = 0.01


class EventSweep:
    """Events built by one sweep over the articles in date order, so memory holds only the
    articles of the last few weeks, never the corpus.

    Every day's articles are added in date order (`add_day`): each new article is compared with
    the dated articles of the last `window` days and with the other articles of its day.
    Candidate links wait until every link of their connected set is known (its last article is
    `window` days behind), then are applied strongest first, exactly as one pass over all links
    would: a report's link to its own meeting's later reports beats a weaker link to an earlier
    meeting of the same people (`_commit`). A link is refused when the merged event's dates would
    span more than `window` days, or when the two groups it joins name different meeting places
    or different counterparts (`EventRule.mergeable`). An event that no pending or later link
    can extend any more is closed and returned.

    Undated articles come first (`add_undated`) and are held aside. Each closing event is scored
    for every one of them (its most similar report, and the same place and participant checks):
    at the end (`finish`) an undated article joins its best event, handed over again with it,
    when that event is clearly the best match; otherwise it stays unassigned, grouped only with
    other unassigned articles of the same content, and the event says so."""

    def __init__(self, rule: EventRule) -> None:
        self.rule = rule
        self.window = rule.window
        self.n = 0
        self.prof: dict[int, ArticleProfile] = {}
        self.vec: dict[int, np.ndarray] = {}
        self.sets: DisjointSet[int] = DisjointSet()
        self.members: dict[int, list[int]] = {}  # root -> its articles
        self.gist: dict[int, Gist] = {}  # root -> who met where, over its articles
        self.vsum: dict[int, np.ndarray] = {}  # root -> sum of its lede vectors
        # who is from where, as every report read so far introduced them: a report that names
        # Ribeiro without saying she is Brazilian is read with what the others said
        self.context = Gist()
        self.span: dict[int, tuple[int, int] | None] = {}  # root -> (first, last) day ordinal
        self.recent: deque[tuple[int, int]] = deque()  # (day ordinal, idx) inside the window
        self.undated: list[int] = []
        self.best: dict[int, tuple[float, tuple[str, ...]]] = {}  # undated idx -> (sim, event)
        self.second: dict[int, float] = {}  # undated idx -> its next best event's similarity
        self.umat = np.zeros((0, 1), dtype=np.float32)  # undated lede vectors, rows as `undated`
        self.floor = np.zeros(0)  # each undated article's next best fit so far (0 before any)
        # undated idx -> the dated reports it copies: (sim, idx), all within COPY_MARGIN of the best
        self.copy_of: dict[int, list[tuple[float, int]]] = {}
        self.home: dict[int, tuple[str, ...]] = {}  # copied dated report -> its closed event
        self.kept: dict[tuple[str, ...], tuple[list[ArticleProfile], Gist]] = {}  # best events
        self.pending: list[tuple[float, int, int, int]] = []  # (-sim, i, j, earlier day) links
        self.last_day: int | None = None

    def _new(self, p: ArticleProfile, v: np.ndarray) -> int:
        i = self.n
        self.n += 1
        self.prof[i], self.vec[i], self.members[i], self.gist[i] = p, v, [i], p.gist
        self.vsum[i] = np.asarray(v, dtype=np.float64)
        for t, c in p.gist.nationality.items():
            self.context.nationality.setdefault(t, Counter()).update(c)
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
            if not self.rule.mergeable(self.gist[a], self.gist[b], self.context):
                continue
            a, b = self.sets.union(a, b)  # type: ignore[misc]
            self.members[a] += self.members.pop(b)
            self.gist[a] = self.gist[a].merge(self.gist.pop(b))
            self.vsum[a] = self.vsum[a] + self.vsum.pop(b)
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
            if self.rule.compatible(self.prof[i], self.prof[j], s, self.context):
                out.append((-s, min(i, j), max(i, j)))
        return out

    def add_undated(self, items: Sequence[tuple[ArticleProfile, np.ndarray]]) -> None:
        """Add undated articles (before the first day; events closed earlier never see them)."""
        self.undated += [self._new(p, v) for p, v in items]
        self.umat = np.stack([self.vec[u] for u in self.undated]) if self.undated else self.umat
        self.floor = np.zeros(len(self.undated))

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
        for s, i, j in self._pairs(new, self.undated, max(UNDATED_COPY, self.rule.content_only)):
            u, d = (i, j) if self.prof[i].day is None else (j, i)
            if not self.rule.day_fits(self.prof[u], (self.prof[d].day, self.prof[d].day)):  # type: ignore[arg-type]
                continue  # the same words filed on another day: not a copy of this report
            found = [*self.copy_of.get(u, []), (-s, d)]
            top = max(c[0] for c in found)
            self.copy_of[u] = [c for c in found if c[0] >= top - COPY_MARGIN]
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
        events = []
        for r in roots:
            idx = self.members.pop(r)
            del self.span[r]
            gist, vsum = self.gist.pop(r), self.vsum.pop(r)
            members = sorted((self.prof[i] for i in idx),
                             key=lambda p: (p.day or date.max, p.article.article_id))
            event = make_event(members, gist)
            events.append(event)
            self._offer(idx, vsum, event.article_ids, members, gist)
            for i in idx:
                del self.prof[i]
                self.vec.pop(i, None)
            self.sets.forget(idx)
        return sorted(events, key=lambda e: (e.start or "9999", e.event_id))

    def _offer(self, idx: list[int], vsum: np.ndarray, key: tuple[str, ...],
               members: list[ArticleProfile], gist: Gist) -> None:
        """Score a closing event for every undated article (`EventRule.fit`: similarity to the
        mean of its reports' lede vectors, and the people they share), keeping each article's
        best event and its next best score; and the event of each dated report an undated
        article copies (lede similarity UNDATED_COPY or more), which it joins whatever the
        other events score."""
        if not self.undated:
            return
        centre = vsum / (np.linalg.norm(vsum) or 1.0)
        sims = self.umat @ centre
        dated = [p.day for p in members if p.day]
        span = (min(dated), max(dated)) if dated else None
        # a fit is at most sim + PARTICIPANT_WEIGHT: an event below an article's next best fit
        # changes nothing for it, so it is not scored (exact; bounds the work on many undated)
        for t in np.flatnonzero((sims >= self.rule.content_only) & (sims + PARTICIPANT_WEIGHT > self.floor)):
            u = self.undated[t]
            s = self.rule.fit(self.prof[u], gist, float(sims[t]), self.context, span)
            if s is None:
                continue
            best = self.best.get(u)
            if best is None or s > best[0]:
                if best is not None:
                    self.second[u] = max(self.second.get(u, 0.0), best[0])
                self.best[u] = (s, key)
            else:
                self.second[u] = max(self.second.get(u, 0.0), s)
            self.floor[t] = self.second.get(u, 0.0)
        sources = {d for found in self.copy_of.values() for _, d in found}
        self.home.update((d, key) for d in idx if d in sources)
        self.home = {d: k for d, k in self.home.items() if d in sources}
        wanted = {k for _, k in self.best.values()} | set(self.home.values())
        if key in wanted:
            self.kept[key] = (members, gist)
        self.kept = {k: v for k, v in self.kept.items() if k in wanted}  # matches bettered since

    def finish(self) -> list[Event]:
        """Close every event still open, then hand over again the events undated articles
        joined (with them), and the unassigned ones."""
        self._commit(None)
        events = {e.article_ids: e for e in self._close(None)}
        joined: dict[tuple[str, ...], list[int]] = {}
        left = []
        for u in self.undated:
            best = self.best.get(u)
            homes = {self.home.get(d) for _, d in self.copy_of.get(u, [])}
            if len(homes) == 1 and None not in homes:  # a copy of reports of one event: that event
                joined.setdefault(homes.pop(), []).append(u)  # type: ignore[arg-type]
            elif best is not None and best[0] - self.second.get(u, 0.0) >= UNDATED_MARGIN:
                joined.setdefault(best[1], []).append(u)
            else:
                left.append(u)
        for key, us in joined.items():
            members, gist = self.kept[key]
            extra = sorted((self.prof[u] for u in us), key=lambda p: p.article.article_id)
            for p in extra:
                gist = gist.merge(p.gist)
            events.pop(key, None)  # still open at the end: replaced before it was handed over
            amended = make_event(members + extra, gist)
            events[amended.article_ids] = amended
        for group in self._group_unassigned(left):
            members = sorted((self.prof[i] for i in group), key=lambda p: p.article.article_id)
            gist = self.gist[self.sets.find(group[0])]
            event = make_event(members, gist, unassigned=True)
            events[event.article_ids] = event
        for u in self.undated:
            del self.prof[u]
            self.vec.pop(u, None)
        self.sets.forget(self.undated)
        self.members.clear()
        self.gist.clear()
        self.vsum.clear()
        self.span.clear()
        self.undated, self.kept, self.best, self.second, self.copy_of = [], {}, {}, {}, {}
        self.umat, self.floor = np.zeros((0, 1), dtype=np.float32), np.zeros(0)
        self.home = {}
        return sorted(events.values(), key=lambda e: (e.start or "9999", e.event_id))

    def _group_unassigned(self, left: list[int]) -> list[list[int]]:
        """Undated articles that joined no event, grouped with each other when they are copies
        of one story (UNDATED_COPY) and pass the same checks, each compared with its
        UNDATED_NEIGHBOURS most similar ones."""
        pairs = []
        for k, i in enumerate(left[1:], start=1):
            js = left[:k]
            row = np.stack([self.vec[j] for j in js]) @ self.vec[i]
            if len(js) > UNDATED_NEIGHBOURS:
                keep = np.sort(np.argpartition(-row, UNDATED_NEIGHBOURS)[:UNDATED_NEIGHBOURS])
                js, row = [js[t] for t in keep], row[keep]
            for t in np.flatnonzero(row >= max(UNDATED_COPY, self.rule.content_only)):
                s = float(row[t])
                if self.rule.compatible(self.prof[i], self.prof[js[t]], s, self.context):
                    pairs.append((-s, js[t], i))
        self._union(pairs)
        groups: dict[int, list[int]] = {}
        for i in left:
            groups.setdefault(self.sets.find(i), []).append(i)
        return list(groups.values())


def make_event(members: list[ArticleProfile], gist: Gist, unassigned: bool = False) -> Event:
    """The event of `members` (their merged `gist`): id from its articles, label from who met
    where (`stance.events.rule.event_label`)."""
    ids = tuple(sorted(p.article.article_id for p in members))
    dated = sorted(p.day for p in members if p.day)
    start = dated[0].isoformat() if dated else ""
    label, participants, place = event_label(gist, start, members[0].article.title)
    if unassigned:
        label += " (unassigned: no date, no matching event)"
    return Event(event_id=stable_hash("event", *ids), label=label, article_ids=ids, start=start,
                 end=dated[-1].isoformat() if dated else "", participants=participants, place=place,
                 unassigned=unassigned)
