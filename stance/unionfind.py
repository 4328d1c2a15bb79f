"""Union-find (disjoint sets): the one implementation every clustering stage uses.

Claim groups (`stance.align.groups`), talking points (`stance.align.talking_points`) and events
(`stance.events.sweep`) all merge items strongest link first under a condition of their own;
this class only keeps the partition. Union by size with path halving: near-constant time per
call. Items are any hashable values, added on first use.

Hand-written rather than `scipy.cluster.hierarchy.DisjointSet`: the event sweep forgets whole
sets once their event is handed over (`forget`), which scipy's class cannot do, and a merge
must say which root absorbed which so callers can move their per-set data.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)

__all__ = ["DisjointSet"]


class DisjointSet(Generic[T]):
    """A partition of items into sets, each named by its root item."""

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._parent: dict[T, T] = {}
        self._size: dict[T, int] = {}
        for x in items:
            self.add(x)

    def __contains__(self, x: object) -> bool:
        return x in self._parent

    def __len__(self) -> int:
        return len(self._parent)

    def __iter__(self) -> Iterator[T]:
        """Every item, in the order added."""
        return iter(self._parent)

    def add(self, x: T) -> None:
        """A new singleton set (no-op for a known item)."""
        if x not in self._parent:
            self._parent[x] = x
            self._size[x] = 1

    def find(self, x: T) -> T:
        """Root of the set holding `x` (added as a singleton when new)."""
        parent = self._parent
        if x not in parent:
            self.add(x)
            return x
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: T, b: T) -> tuple[T, T] | None:
        """Merge the sets of `a` and `b`; returns (root kept, root absorbed), or None when they
        were one set already. The larger set keeps its root; on a tie, `a`'s root does."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        if self._size[ra] < self._size[rb]:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._size[ra] += self._size.pop(rb)
        return ra, rb

    def size(self, x: T) -> int:
        """Number of items in the set holding `x`."""
        return self._size[self.find(x)]

    def groups(self) -> dict[T, list[T]]:
        """root -> its items, in the order the items were added."""
        out: dict[T, list[T]] = {}
        for x in list(self._parent):
            out.setdefault(self.find(x), []).append(x)
        return out

    def forget(self, items: Iterable[T]) -> None:
        """Drop whole sets (every item of each set must be given): a closed event's articles."""
        items = list(items)
        for x in items:
            self._size.pop(x, None)
        for x in items:
            del self._parent[x]
