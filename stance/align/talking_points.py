"""Talking points: claims that repeat the same line, across events and within one.

A talking point is a line that claims carry, decided per claim: a claim group of one meeting
can mix several propositions, so a group-level link tied every claim of such a hub to whichever
line one of them repeated (on the dev pages the largest talking point held 315 claims of 13
events). Each claim gets its own line; a group shows the line most of its linked claims carry.

`TalkingPointIndex` links claims batch by batch, as the streaming pipeline hands over closed
events (neighbours from faiss, exact for small sets, HNSW beyond; shared formulas; complete
linkage over each talking point's leading claims), keeping only each line's leading claims and
forgetting lines not repeated within a horizon. `link_talking_points` is that path run on one
batch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

import numpy as np

from stance.align.features import describes_meeting, pair_guard
from stance.align.formulas import FORMULA_BONUS, formula_clusters
from stance.align.groups import TOP_K, unique_pairs
from stance.config.thresholds import Thresholds
from stance.nlp import busy_thread_limit
from stance.schema import ClaimGroup, Event, stable_hash
from stance.unionfind import DisjointSet

__all__ = ["TalkingPointIndex", "batch_day", "link_talking_points"]

HNSW_FROM = 20000
HNSW_M = 16  # links per node: M=32 doubled build and search time at 100k claims (52 s -> 27 s build)
TP_LEADERS = 8  # claims of a talking point checked when another one joins it (complete linkage)


Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]  # (cosines, lo, hi): unique, strongest first


def _neighbours(x: np.ndarray, threshold: float) -> Pairs:
    """Pairs (i<j) among each row's top-k neighbours with inner product >= threshold: O(n*k)
    pairs even when a line is repeated thousands of times (exact index below HNSW_FROM rows)."""
    import faiss

    n, d = x.shape
    x = np.ascontiguousarray(x, dtype=np.float32)
    if n < HNSW_FROM:
        index = faiss.IndexFlatIP(d)
    else:
        index = faiss.IndexHNSWFlat(d, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = 64
    index.add(x)
    dist, ids = index.search(x, min(TOP_K + 1, n))
    r, c = np.nonzero((dist >= threshold) & (ids >= 0))
    return unique_pairs(r, ids[r, c], dist[r, c])


def link_talking_points(groups: Sequence[ClaimGroup], vectors_by_claim: Mapping[str, np.ndarray],
                        thresholds: Thresholds,
                        texts_by_claim: Mapping[str, str] | None = None) -> list[ClaimGroup]:
    """Groups with their talking_point_id: `TalkingPointIndex.link` run on one batch (the
    streaming path the pipeline runs, with the same calibrated thresholds)."""
    return TalkingPointIndex(thresholds).link(groups, vectors_by_claim, texts_by_claim or {})[0]


def batch_day(events: Sequence[Event]) -> int | None:
    """The last day (ordinal) of a batch of events, for `TalkingPointIndex.link`; None when
    none is dated."""
    days = [ev.end or ev.start for ev in events if ev.end or ev.start]
    return date.fromisoformat(max(days)[:10]).toordinal() if days else None


def _claim_units(groups: Sequence[ClaimGroup], vectors_by_claim: Mapping[str, np.ndarray],
                 texts_by_claim: Mapping[str, str]) -> tuple[list[ClaimGroup], list[int], set[str]]:
    """The claims that can carry a line, each as a one-member group (its text as the
    representative), the index of the group it came from, and the ids of the meeting reports.

    A talking point is a line that claims carry, not groups: a claim group of one meeting can
    hold claims of several propositions (a hub), and a group-level link would tie all of them
    to whichever line one of them repeats. Claims that report a meeting ("X held talks with
    Y", `describes_meeting`) carry no line: a meeting report is nobody's line, and two of them
    (same people, another date) would link two meetings, not a repeated line; nor do they show
    their group's (`_with_lines`). A claim listed in
    several groups is one unit: copies of one claim would link to each other at cosine 1 and
    bridge whatever lines each copy joined."""
    found: dict[str, tuple[ClaimGroup, int]] = {}
    meetings: set[str] = set()
    for gi, g in enumerate(groups):
        for m in g.members:
            if m.claim_id not in vectors_by_claim:
                continue
            text = texts_by_claim.get(m.claim_id)
            if text is None:  # without member texts the representative speaks for it
                text = g.representative if m.claim_id == g.representative_claim_id else ""
            if describes_meeting(text):
                meetings.add(m.claim_id)
            else:  # a claim in two groups (an event handed over again in one batch) is one
                # unit, of its latest group
                found[m.claim_id] = (ClaimGroup(m.claim_id, g.event_id, m.claim_id, text, (m,), ()), gi)
    units = [u for u, _ in found.values()]
    owner = [gi for _, gi in found.values()]
    return units, owner, meetings


def _unit_rows(units: Sequence[ClaimGroup], vectors: Mapping[str, np.ndarray],
               ) -> tuple[list[np.ndarray], list[list[str]]]:
    """Each unit's vector (one row) and text, as `formula_clusters` and the merges read them."""
    gmat = [np.asarray(vectors[u.representative_claim_id], dtype=np.float32).reshape(1, -1) for u in units]
    return gmat, [[u.representative] for u in units]


def _tp_components(units: Sequence[ClaimGroup], vectors_by_claim: Mapping[str, np.ndarray],
                   th: Thresholds, initial: Sequence[Sequence[int]] = (), n_prior: int = 0,
                   ) -> list[list[int]]:
    """Talking points as lists of unit (claim) indices, each led by its first TP_LEADERS
    claims; `initial` lists claims already linked (the first `n_prior` units: the leaders of
    earlier batches).

    Two claims repeat a line when their cosine reaches `th.talking_point` (candidates: each
    claim's top-k neighbours), `+ th.polarity_margin` when one negates what the other states,
    or when they share a distinctive formula term (`stance.align.formulas`); a talking point
    is kept tight by complete linkage over its first TP_LEADERS claims (`_merge_linked`).
    Every claim gets a talking point: a line said once has its own."""
    gmat, gtexts = _unit_rows(units, vectors_by_claim)
    empty = np.zeros(0, np.float32), np.zeros(0, np.int64), np.zeros(0, np.int64)
    pairs = _neighbours(np.concatenate(gmat), th.talking_point) if units else empty
    return _merge_linked(units, gmat, gtexts, pairs, th, initial, n_prior)


class TalkingPointIndex:
    """Talking points linked batch by batch, so a streaming run never holds every claim vector.

    Each batch of groups (the events that closed together) is split into claims
    (`_claim_units`), linked by `_merge_linked` against the talking points seen before, each
    represented by its leading TP_LEADERS claims (the ones a joining claim is checked against
    anyway). A claim that joins an earlier talking point takes its id; when a batch bridges two
    earlier talking points, they take the smaller of their ids (`link` returns the renames for
    claims and groups already stored).
    Talking points not repeated for `horizon_days` leave the index, so memory follows the
    horizon, not the corpus (0: keep all). The calibrated `Thresholds` (talking_point,
    link_slack, polarity_margin) are the only source of its cut-offs."""

    def __init__(self, thresholds: Thresholds, horizon_days: int = 0) -> None:
        self.th = thresholds
        self.horizon = horizon_days
        self.leaders: dict[str, list[ClaimGroup]] = {}  # talking point -> its leading claims (units)
        self.last_day: dict[str, int] = {}  # talking point -> last day (ordinal) it was seen
        self.vectors: dict[str, np.ndarray] = {}  # claim_id -> vector, leaders' members only
        self.texts: dict[str, str] = {}
        self.today: int | None = None  # latest day linked so far
        self.rows = _LeaderRows()  # the leaders' member vectors, indexed once, batch by batch

    def __len__(self) -> int:
        return len(self.leaders)

    def link(self, groups: Sequence[ClaimGroup], vectors_by_claim: Mapping[str, np.ndarray],
             texts_by_claim: Mapping[str, str], day: int | None = None,
             ) -> tuple[list[ClaimGroup], dict[str, str]]:
        """(groups whose members carry their talking_point_id and whose own talking_point_id is
        the line most of their linked claims carry, {old id: new id} for earlier talking
        points merged into another one). `day`: the batch's last day (ordinal), for the horizon."""
        from collections import ChainMap

        groups = list(groups)
        if not groups:
            return [], {}
        if day is not None:
            self.today = max(day, self.today or day)
        day = self.today  # undated events count as seen on the latest day linked
        if day is not None and self.horizon > 0:  # lines not repeated within the horizon
            for tp in [t for t, d in self.last_day.items() if d < day - self.horizon]:
                del self.leaders[tp], self.last_day[tp]
        vectors, texts = ChainMap(vectors_by_claim, self.vectors), ChainMap(texts_by_claim, self.texts)
        units, unit_group, meetings = _claim_units(groups, vectors, texts)
        prior_ids = sorted(self.leaders)
        prior = [u for tp in prior_ids for u in self.leaders[tp]]
        owner = [tp for tp in prior_ids for _ in self.leaders[tp]]
        initial, k = [], 0
        for tp in prior_ids:
            initial.append(list(range(k, k + len(self.leaders[tp]))))
            k += len(self.leaders[tp])
        every = prior + units
        if len(every) < HNSW_FROM:  # small: every row's exact neighbours, as one batch would
            comps = _tp_components(every, vectors, self.th, initial, len(prior))
        else:  # large: only the batch's rows are searched, in the index kept across batches
            import faiss  # noqa: F401  loaded before the limit, so that it sees faiss's OpenMP

            with busy_thread_limit("openmp"):  # on busy cores faiss's threads wait for each other
                self.rows.sync({u.representative_claim_id: vectors[u.representative_claim_id] for u in every})
                comps = _streamed_components(every, len(prior), vectors, self.rows, self.th, initial)
        n_prior = len(prior)
        tp_of: dict[str, str] = {}  # claim_id -> its line
        linked: set[str] = set()  # claims whose line another claim repeats
        renames: dict[str, str] = {}
        for idx in comps:
            olds = sorted({owner[i] for i in idx if i < n_prior})
            tp = olds[0] if olds else stable_hash("talking_point", min(every[i].group_id for i in idx))
            seen = [self.last_day[o] for o in olds if o in self.last_day]
            for old in olds[1:]:
                renames[old] = tp
                self.leaders.pop(old, None)
                self.last_day.pop(old, None)
            for i in idx:
                if i >= n_prior:
                    tp_of[every[i].representative_claim_id] = tp
                    if len(idx) > 1:
                        linked.add(every[i].representative_claim_id)
            self.leaders[tp] = [every[i] for i in idx[:TP_LEADERS]]
            if any(i >= n_prior for i in idx) and day is not None:
                seen.append(day)
            if seen:
                self.last_day[tp] = max(seen)
        self._keep_leader_rows(vectors_by_claim, texts_by_claim)
        for cid in meetings - tp_of.keys():  # a meeting report's line is its own, never shared
            tp_of[cid] = stable_hash("talking_point", cid)
        return [_with_lines(g, tp_of, linked) for g in groups], renames

    def _keep_leader_rows(self, vectors_by_claim: Mapping[str, np.ndarray],
                          texts_by_claim: Mapping[str, str]) -> None:
        keep = {m.claim_id for gs in self.leaders.values() for g in gs for m in g.members}
        vectors, texts = {}, {}
        for cid in keep:
            v = self.vectors.get(cid)
            if v is None:
                v = vectors_by_claim.get(cid)
            if v is not None:
                vectors[cid] = np.asarray(v, dtype=np.float32)
            t = self.texts.get(cid) or texts_by_claim.get(cid)
            if t is not None:
                texts[cid] = t
        self.vectors, self.texts = vectors, texts


def _with_lines(group: ClaimGroup, tp_of: Mapping[str, str], linked: set[str]) -> ClaimGroup:
    """`group` with each member's line and the group's: the line most of its linked members
    carry (first member first on a tie), else its representative's own. A member that carries
    no line of its own (no vector) shows the group's; a meeting report has its own, unshared."""
    counts: dict[str, int] = {}
    for m in group.members:
        if m.claim_id in linked:
            counts[tp_of[m.claim_id]] = counts.get(tp_of[m.claim_id], 0) + 1
    if counts:
        line = max(counts, key=lambda t: counts[t])  # dicts keep member order: first wins a tie
    else:
        line = tp_of.get(group.representative_claim_id) or next(
            (tp_of[m.claim_id] for m in group.members if m.claim_id in tp_of),
            stable_hash("talking_point", group.group_id))
    members = tuple(replace(m, talking_point_id=tp_of.get(m.claim_id, line)) for m in group.members)
    return replace(group, members=members, talking_point_id=line)


class _LeaderRows:
    """The member vectors of the talking points' leading groups in one faiss index that grows
    batch by batch (HNSW, as `_neighbours` builds for large sets), so a batch adds and searches
    its own rows only instead of indexing every earlier leader again. Rows whose group left the
    leaders (merged away, past the horizon) are masked out of results; the index is rebuilt
    from the live rows once a fifth of it is masked."""

    def __init__(self) -> None:
        self.index = None
        self.cids: list[str] = []  # faiss row -> claim_id
        self.row_of: dict[str, int] = {}  # live claim_id -> faiss row
        self.live = np.zeros(0, dtype=bool)

    def __len__(self) -> int:
        return len(self.row_of)

    def sync(self, vectors: Mapping[str, np.ndarray]) -> None:
        """Make the live rows exactly the claims of `vectors` (the leaders' members)."""
        gone = [cid for cid in self.row_of if cid not in vectors]
        for cid in gone:
            self.live[self.row_of.pop(cid)] = False
        if self.index is not None and len(self.row_of) < 0.8 * len(self.cids):
            self.index, self.cids, self.row_of, self.live = None, [], {}, np.zeros(0, dtype=bool)
        new = [cid for cid in vectors if cid not in self.row_of]
        if not new:
            return
        x = np.ascontiguousarray(np.stack([vectors[c] for c in new]), dtype=np.float32)
        if self.index is None:
            import faiss

            self.index = faiss.IndexHNSWFlat(x.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
            self.index.hnsw.efSearch = 64
        self.index.add(x)
        self.row_of.update({c: len(self.cids) + k for k, c in enumerate(new)})
        self.cids += new
        self.live = np.concatenate([self.live, np.ones(len(new), dtype=bool)])

    def search(self, q: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, faiss rows) of each query's up to k nearest live rows (row -1: none)."""
        if self.index is None or not self.row_of:
            return np.zeros((len(q), 0), np.float32), np.zeros((len(q), 0), np.int64)
        fetch = min(len(self.cids), 2 * k if len(self.row_of) < len(self.cids) else k)
        dist, ids = self.index.search(np.ascontiguousarray(q, dtype=np.float32), fetch)
        live = (ids >= 0) & self.live[np.maximum(ids, 0)]
        keep = live & (np.cumsum(live, axis=1) <= k)  # the first k live rows of each query
        return dist, np.where(keep, ids, -1)


def _streamed_components(every: Sequence[ClaimGroup], n_prior: int, vectors: Mapping[str, np.ndarray],
                         rows: _LeaderRows, th: Thresholds,
                         initial: Sequence[Sequence[int]]) -> list[list[int]]:
    """`_tp_components` for a large batch against the rows kept in `rows` (the earlier
    leaders' claims and the batch's): each new claim's TOP_K + 1 nearest give the candidate
    pairs (earlier rows were searched when their batch came); the merges are `_merge_linked`'s.
    Candidate pairs stay numpy arrays (a 59k-claim event has about a million)."""
    gmat, gtexts = _unit_rows(every, vectors)
    unit_of_row = np.full(len(rows.cids), -1, dtype=np.int64)  # faiss row -> index in `every`
    for i, u in enumerate(every):
        r = rows.row_of.get(u.representative_claim_id)
        if r is not None:
            unit_of_row[r] = i
    dist, ids = rows.search(np.concatenate(gmat[n_prior:]), TOP_K + 1) if len(every) > n_prior \
        else (np.zeros((0, 0), np.float32), np.zeros((0, 0), np.int64))
    other = np.where(ids >= 0, unit_of_row[np.maximum(ids, 0)], -1)
    q, c = np.nonzero((other >= 0) & (dist >= th.talking_point))
    pairs = unique_pairs(n_prior + q, other[q, c], dist[q, c].astype(np.float32))
    return _merge_linked(every, gmat, gtexts, pairs, th, initial, n_prior)


def _merge_linked(units: Sequence[ClaimGroup], gmat: list[np.ndarray], gtexts: list[list[str]],
                  pairs: Pairs, th: Thresholds,
                  initial: Sequence[Sequence[int]], n_prior: int = 0) -> list[list[int]]:
    """Talking points (lists of unit indices) from the candidate pairs (`Pairs`: claim pairs
    and their cosines, strongest first), the one merge step of both paths (`_tp_components`,
    `_streamed_components`): talking points already formed (`initial`) start as one; then shared formulas, the lines
    that recur in the most events first, then plain links, strongest first. Each joins two
    talking points only when their leaders agree (complete linkage over the first TP_LEADERS
    claims of each: every two reach the floor, `th.talking_point - th.link_slack`, lowered by
    FORMULA_BONUS for a formula link).

    Formulas go first because a long sentence carries several lines, and a claim takes one:
    the line it shares a distinctive formula with, over many events, is the talking point a
    reader would name, while its best plain neighbour is often a sentence on the same topic
    (on the dev pages, plain links first kept the multipolar-world claims in four lines)."""
    n = len(units)
    x = np.concatenate(gmat) if n else np.zeros((0, 1), np.float32)
    sets: DisjointSet[int] = DisjointSet(range(n))
    comp: dict[int, list[int]] = {i: [i] for i in range(n)}
    for idx in initial:
        for i in idx[1:]:
            sets.union(idx[0], i)
            del comp[i]
        comp[idx[0]] = list(idx)
    floor = th.talking_point - th.link_slack
    failed: set[tuple[int, int, int, int, float]] = set()

    def leaders_agree(ra: int, rb: int, need: float) -> bool:
        key = (ra, rb, min(len(comp[ra]), TP_LEADERS), min(len(comp[rb]), TP_LEADERS), need)
        if key in failed:
            return False
        ok = bool((x[comp[ra][:TP_LEADERS]] @ x[comp[rb][:TP_LEADERS]].T).min() >= need)
        if not ok:
            failed.add(key)
        return ok

    formula_floor = floor - FORMULA_BONUS
    # formula candidates by reach: (-events, -claims, -strength), then their claims
    todo = sorted(((-len({units[m].event_id for m in members}), -len(members), -strength), tuple(members))
                  for strength, _, members in formula_clusters(units, gmat, gtexts, formula_floor, n_prior))

    def merge(a: int, b: int, need: float) -> None:
        ra, rb = sets.find(a), sets.find(b)
        if ra != rb and leaders_agree(ra, rb, need):
            kept, gone = sets.union(ra, rb)  # type: ignore[misc]
            comp[kept] += comp.pop(gone)

    for _, members in todo:
        for b in members[1:]:
            merge(members[0], b, formula_floor)
    for start in range(0, len(pairs[0]), 65536):  # plain links, strongest first, a slice at a time
        for s, a, b in zip(*(col[start:start + 65536].tolist() for col in pairs), strict=True):
            blocked, extra, _ = pair_guard(units[a].representative, units[b].representative)
            if not blocked and s >= th.talking_point + (th.polarity_margin if extra else 0.0):
                merge(a, b, floor)
    return list(comp.values())
