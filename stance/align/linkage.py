"""Average linkage over a sparse graph of candidate pairs, with cannot-links.

Why average and not complete linkage: with sentence embeddings, two reports of one meeting
share people and places, so sentences on one topic reach the link threshold and complete
linkage builds a clique of them early; a true paraphrase met later is then refused because
one member of the clique is far from it (on the dev pages about 15 must-align pairs were lost
that way). Average linkage asks that the two clusters be close on average: one odd pair does
not veto a merge, and a cluster of several propositions does not attract new members.

Pairs that are not candidates (not among a claim's nearest neighbours) count as `unseen`, a
score below any link, so a merge needs most cross pairs to be real neighbours. Pairs inside one
article are left out of the average (a report does not repeat its own claim; a compound claim
and its neighbour are not evidence either way). Two clusters whose attribution marks disagree
(`stance.align.features.marks_conflict`) never merge.

Cost: each cluster keeps, per neighbouring cluster, the sum and count of candidate scores; a
merge adds two such maps (Lance-Williams for the group average), and a heap with stale-entry
checks yields the best pair, so the work is O(E log E) for E candidate pairs, never O(n^2).
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence, Set

from stance.align.features import marks_conflict


class AverageLinkage:
    """Clusters of items 0..n-1 (claims) of articles `art`, with per-item `marks`."""

    def __init__(self, art: Sequence[int], marks: Sequence[Mapping[str, Set[str]]]) -> None:
        n = len(art)
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}
        self.arts: dict[int, dict[int, int]] = {i: {int(art[i]): 1} for i in range(n)}
        self.marks: dict[int, dict[str, frozenset[str]]] = {
            i: {k: frozenset(v) for k, v in m.items()} for i, m in enumerate(marks)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        """Merge unconditionally (near-identical wording), before `run`."""
        a, b = self.find(i), self.find(j)
        if a != b:
            self._absorb(min(a, b), max(a, b))

    def _absorb(self, keep: int, gone: int) -> None:
        self.parent[gone] = keep
        self.members[keep] += self.members.pop(gone)
        arts = self.arts[keep]
        for a, k in self.arts.pop(gone).items():
            arts[a] = arts.get(a, 0) + k
        for k, vals in self.marks.pop(gone).items():
            self.marks[keep][k] = self.marks[keep].get(k, frozenset()) | vals

    def _cross(self, a: int, b: int) -> int:
        """Pairs of members of a and b from different articles."""
        x, y = self.arts[a], self.arts[b]
        if len(x) > len(y):
            x, y = y, x
        same = sum(k * y.get(art, 0) for art, k in x.items())
        return len(self.members[a]) * len(self.members[b]) - same

    def run(self, edges: Sequence[tuple[float, int, int]], threshold: float,
            unseen: float) -> None:
        """Merge, best group average first, while it reaches `threshold`. `edges`: (score, i,
        j) candidate pairs of different articles; other cross-article pairs count as `unseen`."""
        nbr: dict[int, dict[int, list[float]]] = {}  # [score sum, count]
        for s, i, j in edges:
            a, b = self.find(i), self.find(j)
            if a == b:
                continue
            for x, y in ((a, b), (b, a)):
                acc = nbr.setdefault(x, {}).setdefault(y, [0.0, 0])
                acc[0] += s
                acc[1] += 1
        version: dict[int, int] = {}
        heap: list[tuple[float, int, int, int, int]] = []

        def push(a: int, b: int) -> None:
            a, b = min(a, b), max(a, b)
            total, count = nbr[a][b][0], nbr[a][b][1]
            cross = self._cross(a, b)
            avg = (total + (cross - count) * unseen) / cross
            if avg >= threshold:
                heapq.heappush(heap, (-avg, a, b, version.get(a, 0), version.get(b, 0)))

        for a, others in nbr.items():
            for b in others:
                if a < b:
                    push(a, b)
        while heap:
            _, a, b, va, vb = heapq.heappop(heap)
            if a not in self.members or b not in self.members \
                    or version.get(a, 0) != va or version.get(b, 0) != vb:
                continue  # stale: one of them has changed since
            if marks_conflict(self.marks[a], self.marks[b]):
                continue  # marks only grow, so this pair never becomes compatible
            na, nb = nbr.pop(a, {}), nbr.pop(b, {})
            na.pop(b, None)
            nb.pop(a, None)
            for c, (total, count) in nb.items():
                acc = na.setdefault(c, [0.0, 0])
                acc[0] += total
                acc[1] += count
                del nbr[c][b]
            self._absorb(a, b)
            nbr[a] = na
            version[a] = version.get(a, 0) + 1
            for c, acc in na.items():
                nbr[c][a] = acc  # one list per cluster pair, shared by both sides
                push(a, c)

    def clusters(self, n: int) -> list[list[int]]:
        """Member lists, each in item order, ordered by their first item."""
        out: dict[int, list[int]] = {}
        for i in range(n):
            out.setdefault(self.find(i), []).append(i)
        return list(out.values())
