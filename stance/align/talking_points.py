"""Talking points: groups of claims that repeat the same line, across events and within one.

`TalkingPointIndex` links groups batch by batch, as the streaming pipeline hands over closed
events (member-vector neighbours from faiss, exact for small sets, HNSW beyond; complete linkage
over each talking point's leading groups), keeping only each line's leading groups and
forgetting lines not repeated within a horizon. `link_talking_points` is that path run on one
batch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

import numpy as np

from stance.align.features import describes_meeting, pair_guard
from stance.align.formulas import formula_clusters
from stance.align.groups import TOP_K, dedupe_pairs
from stance.config.thresholds import Thresholds
from stance.schema import ClaimGroup, Event, stable_hash
from stance.unionfind import DisjointSet

__all__ = ["TalkingPointIndex", "batch_day", "link_talking_points"]

HNSW_FROM = 20000
HNSW_M = 16  # links per node: M=32 doubled build and search time at 100k claims (52 s -> 27 s build)
TP_LEADERS = 8  # groups of a talking point checked when another one joins it


def _neighbours(x: np.ndarray, threshold: float) -> list[tuple[float, int, int]]:
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
    return dedupe_pairs(r, ids[r, c], dist[r, c])


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


def _tp_components(groups: Sequence[ClaimGroup], vectors_by_claim: Mapping[str, np.ndarray],
                   threshold: float, slack: float, margin: float,
                   texts_by_claim: Mapping[str, str] | None,
                   initial: Sequence[Sequence[int]] = ()) -> list[list[int]]:
    """Talking points as lists of group indices, each led by its first TP_LEADERS groups;
    `initial` lists groups already linked.

    Two groups repeat a line when some member of one and some member of the other reach
    `threshold` (claims, not centroids: a group's centroid drifts away from a line that one of
    its members carries), `threshold + margin` when one negates what the other states; a
    talking point is kept tight by complete linkage over its first TP_LEADERS groups (every
    two of them reach `threshold - slack`), which bounds the cost of a merge however often a
    line recurs. Every group gets a talking point: a line seen in one group only has its own,
    so "how often was this said" is the number of groups sharing it.

    Shared formula: groups of different events whose claims share a distinctive formula term
    (`stance.align.formulas`) are linked at the complete-linkage floor, measured between the
    claims that use the term (a group holding several propositions carries several terms;
    only the claims with the formula say that the line recurs), because a short shared formula
    inside long sentences is stronger evidence of a repeated line than whole-claim cosine.
    Formula and plain links are taken together, strongest first (a formula's strength is its
    best carrier link), so a group that carries two lines joins the closer one.

    Claims that report a meeting ("X held talks with Y", `describes_meeting`) take no part: a
    meeting report is nobody's line, and two of them (same people, another date) would tie a
    group of several propositions to the wrong talking point. `texts_by_claim` gives the member texts (else the representatives)."""
    rows: list[np.ndarray] = []
    owner: list[int] = []
    gtexts: list[list[str]] = [[] for _ in groups]  # member texts, row for row with gmat
    for gi, g in enumerate(groups):
        for m in g.members:
            v = vectors_by_claim.get(m.claim_id)
            text = (texts_by_claim or {}).get(m.claim_id)
            if text is None:  # without member texts the representative speaks for it
                text = g.representative if m.claim_id == g.representative_claim_id else ""
            if v is not None and not describes_meeting(text):  # a meeting report is no line
                rows.append(np.asarray(v, dtype=np.float32))
                owner.append(gi)
                gtexts[gi].append(text)
    gvecs: list[list[np.ndarray]] = [[] for _ in groups]
    for v, gi in zip(rows, owner, strict=False):
        gvecs[gi].append(v)
    gmat = [np.stack(v) if v else np.zeros((0, 1), dtype=np.float32) for v in gvecs]
    best: dict[tuple[int, int], float] = {}
    if rows:
        for s, i, j in _neighbours(np.stack(rows), threshold):
            a, b = sorted((owner[i], owner[j]))
            if a != b and s > best.get((a, b), -1.0):
                best[(a, b)] = s
    sets: DisjointSet[int] = DisjointSet(range(len(groups)))
    comp: dict[int, list[int]] = {i: [i] for i in range(len(groups))}
    for idx in initial:  # talking points already formed: their groups start as one
        for i in idx[1:]:
            sets.union(idx[0], i)
            del comp[i]
        comp[idx[0]] = list(idx)

    floor = threshold - slack
    failed: set[tuple[int, int, int, int, float]] = set()

    def leaders_agree(ra: int, rb: int, floor: float) -> bool:
        key = (ra, rb, min(len(comp[ra]), TP_LEADERS), min(len(comp[rb]), TP_LEADERS), floor)
        if key in failed:
            return False
        la, lb = comp[ra][:TP_LEADERS], comp[rb][:TP_LEADERS]
        ma, mb = [gmat[x] for x in la], [gmat[y] for y in lb]
        if any(len(m) == 0 for m in ma + mb):
            failed.add(key)
            return False
        sim = np.concatenate(ma) @ np.concatenate(mb).T
        ra_cut = np.cumsum([0] + [len(m) for m in ma])[:-1]
        rb_cut = np.cumsum([0] + [len(m) for m in mb])[:-1]
        per_group = np.maximum.reduceat(np.maximum.reduceat(sim, ra_cut, axis=0), rb_cut, axis=1)
        ok = bool(per_group.min() >= floor)
        if not ok:
            failed.add(key)
        return ok

    def merge(a: int, b: int, need: float) -> None:
        ra, rb = sets.find(a), sets.find(b)
        if ra != rb and leaders_agree(ra, rb, need):
            kept, gone = sets.union(ra, rb)  # type: ignore[misc]
            comp[kept] += comp.pop(gone)

    # formula links (best carrier pair) and plain links (best member pair), strongest first
    todo: list[tuple[float, tuple[int, ...]]] = [
        (-strength, tuple(members)) for strength, _, members in
        formula_clusters(groups, gmat, gtexts, floor)]
    for (a, b), s in best.items():
        blocked, extra, _ = pair_guard(groups[a].representative, groups[b].representative)
        if not blocked and s >= threshold + (margin if extra else 0.0):
            todo.append((-s, (a, b)))
    for _, members in sorted(todo):
        for b in members[1:]:
            merge(members[0], b, floor)
    return list(comp.values())


class TalkingPointIndex:
    """Talking points linked batch by batch, so a streaming run never holds every claim vector.

    Each batch of groups (the events that closed together) is linked by `_tp_components`'
    rules against the talking points seen before, each represented by its leading TP_LEADERS
    groups (the ones a joining group is checked against anyway). A group that joins an earlier
    talking point takes its id; when a batch bridges two earlier talking points, they take the
    smaller of their ids (`link` returns the renames for groups already stored).
    Talking points not repeated for `horizon_days` leave the index, so memory follows the
    horizon, not the corpus (0: keep all). The calibrated `Thresholds` (talking_point,
    link_slack, polarity_margin) are the only source of its cut-offs."""

    def __init__(self, thresholds: Thresholds, horizon_days: int = 0) -> None:
        self.th = thresholds
        self.horizon = horizon_days
        self.leaders: dict[str, list[ClaimGroup]] = {}  # talking point -> its leading groups
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
        """(groups with talking_point_id, {old id: new id} for earlier talking points merged
        into another one). `day`: the batch's last day (ordinal), for the horizon."""
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
        prior_ids = sorted(self.leaders)
        prior = [g for tp in prior_ids for g in self.leaders[tp]]
        owner = [tp for tp in prior_ids for _ in self.leaders[tp]]
        initial, k = [], 0
        for tp in prior_ids:
            initial.append(list(range(k, k + len(self.leaders[tp]))))
            k += len(self.leaders[tp])
        every = prior + groups
        th = self.th
        vectors, texts = ChainMap(vectors_by_claim, self.vectors), ChainMap(texts_by_claim, self.texts)
        n_rows = sum(len(g.members) for g in every)
        if n_rows < HNSW_FROM:  # small: every row's exact neighbours, as one batch would
            comps = _tp_components(every, vectors, th.talking_point, th.link_slack,
                                   th.polarity_margin, texts, initial)
        else:  # large: only the batch's rows are searched, in the index kept across batches
            self.rows.sync({m.claim_id: vectors[m.claim_id] for g in every for m in g.members
                            if m.claim_id in vectors})
            comps = _streamed_components(every, len(prior), vectors, self.rows, th, texts, initial)
        n_prior = len(prior)
        tp_of: dict[int, str] = {}
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
                    tp_of[i - n_prior] = tp
            self.leaders[tp] = [replace(every[i], talking_point_id=tp) for i in idx[:TP_LEADERS]]
            if any(i >= n_prior for i in idx) and day is not None:
                seen.append(day)
            if seen:
                self.last_day[tp] = max(seen)
        self._keep_leader_rows(vectors_by_claim, texts_by_claim)
        return [replace(g, talking_point_id=tp_of[i]) for i, g in enumerate(groups)], renames

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

    def search(self, q: np.ndarray, k: int) -> list[list[tuple[float, str]]]:
        """Each query's (score, claim_id) of up to k nearest live rows."""
        if self.index is None or not self.row_of:
            return [[] for _ in q]
        fetch = min(len(self.cids), 2 * k if len(self.row_of) < len(self.cids) else k)
        dist, ids = self.index.search(np.ascontiguousarray(q, dtype=np.float32), fetch)
        return [[(float(d), self.cids[i]) for d, i in zip(drow, irow, strict=True) if i >= 0 and self.live[i]][:k]
                for drow, irow in zip(dist, ids, strict=True)]


def _streamed_components(every: Sequence[ClaimGroup], n_prior: int, vectors: Mapping[str, np.ndarray],
                         rows: _LeaderRows, th: Thresholds, texts: Mapping[str, str],
                         initial: Sequence[Sequence[int]]) -> list[list[int]]:
    """`_tp_components` for a large batch against the rows kept in `rows` (the earlier
    leaders' and the batch's): each new member row's TOP_K + 1 nearest give the candidate pairs
    (earlier rows were searched when their batch came); the rows, the shared formulas and the
    complete-linkage merges follow `_tp_components`' rules (meeting reports take no part)."""
    row_of: dict[str, int] = {}
    owner: list[int] = []
    per: list[list[np.ndarray]] = [[] for _ in every]
    gtexts: list[list[str]] = [[] for _ in every]
    new_rows: list[np.ndarray] = []
    for gi, g in enumerate(every):
        for m in g.members:
            v, text = vectors.get(m.claim_id), texts.get(m.claim_id)
            if text is None:
                text = g.representative if m.claim_id == g.representative_claim_id else ""
            if v is not None and not describes_meeting(text):
                v = np.asarray(v, dtype=np.float32)
                row_of.setdefault(m.claim_id, len(owner))
                owner.append(gi)
                per[gi].append(v)
                gtexts[gi].append(text)
                if gi >= n_prior:
                    new_rows.append(v)
    first_new = len(owner) - len(new_rows)
    gmat = [np.stack(v) if v else np.zeros((0, 1), dtype=np.float32) for v in per]
    best: dict[tuple[int, int], float] = {}
    if new_rows:  # `rows` holds the earlier leaders' rows and the batch's
        near = rows.search(np.stack(new_rows), TOP_K + 1)
        hits = [(first_new + q, row_of[c], sc) for q, found in enumerate(near) for sc, c in found
                if sc >= th.talking_point and c in row_of]
        if hits:
            i, j, sc = (np.array(col) for col in zip(*hits, strict=True))
            for s, a, b in dedupe_pairs(i, j, sc.astype(np.float32)):
                a, b = sorted((owner[a], owner[b]))
                if a != b and s > best.get((a, b), -1.0):
                    best[(a, b)] = s
    return _merge_linked(every, gmat, gtexts, best, th, initial)


def _merge_linked(groups: Sequence[ClaimGroup], gmat: list[np.ndarray], gtexts: list[list[str]],
                  best: dict[tuple[int, int], float], th: Thresholds,
                  initial: Sequence[Sequence[int]]) -> list[list[int]]:
    """The merges of `_tp_components` on given candidate pairs (`best`: group pair -> its best
    member cosine): talking points already formed start as one; formula and plain links are
    taken together, strongest first, each joining two talking points only when their leaders
    agree (complete linkage at the floor)."""
    sets: DisjointSet[int] = DisjointSet(range(len(groups)))
    comp: dict[int, list[int]] = {i: [i] for i in range(len(groups))}
    for idx in initial:
        for i in idx[1:]:
            sets.union(idx[0], i)
            del comp[i]
        comp[idx[0]] = list(idx)
    floor = th.talking_point - th.link_slack
    failed: set[tuple[int, int, int, int]] = set()

    def leaders_agree(ra: int, rb: int) -> bool:
        key = (ra, rb, min(len(comp[ra]), TP_LEADERS), min(len(comp[rb]), TP_LEADERS))
        if key in failed:
            return False
        ma = [gmat[x] for x in comp[ra][:TP_LEADERS]]
        mb = [gmat[y] for y in comp[rb][:TP_LEADERS]]
        ok = all(len(m) for m in ma + mb) and bool(np.maximum.reduceat(np.maximum.reduceat(
            np.concatenate(ma) @ np.concatenate(mb).T, np.cumsum([0] + [len(m) for m in ma])[:-1], axis=0),
            np.cumsum([0] + [len(m) for m in mb])[:-1], axis=1).min() >= floor)
        if not ok:
            failed.add(key)
        return ok

    todo: list[tuple[float, tuple[int, ...]]] = [
        (-strength, tuple(members)) for strength, _, members in formula_clusters(groups, gmat, gtexts, floor)]
    for (a, b), s in best.items():
        blocked, extra, _ = pair_guard(groups[a].representative, groups[b].representative)
        if not blocked and s >= th.talking_point + (th.polarity_margin if extra else 0.0):
            todo.append((-s, (a, b)))
    for _, members in sorted(todo):
        for b in members[1:]:
            ra, rb = sets.find(members[0]), sets.find(b)
            if ra != rb and leaders_agree(ra, rb):
                kept, gone = sets.union(ra, rb)  # type: ignore[misc]
                comp[kept] += comp.pop(gone)
    return list(comp.values())
