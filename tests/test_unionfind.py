"""The one union-find helper: partitions, which root absorbs which, forgetting closed sets."""

from __future__ import annotations

from stance.unionfind import DisjointSet


def test_union_keeps_the_larger_root_and_a_on_ties() -> None:
    sets = DisjointSet(range(5))
    assert sets.union(0, 1) == (0, 1)  # tie: the first argument's root stays
    assert sets.union(2, 0) == (0, 2)  # the larger set keeps its root
    assert sets.union(1, 2) is None  # already one set
    assert sets.find(2) == 0 and sets.size(2) == 3
    assert sets.groups() == {0: [0, 1, 2], 3: [3], 4: [4]}


def test_find_adds_unknown_items_and_forget_drops_whole_sets() -> None:
    sets: DisjointSet[str] = DisjointSet()
    assert sets.find("a") == "a" and "a" in sets
    sets.union("a", "b")
    sets.union("c", "d")
    sets.forget(["a", "b"])
    assert list(sets) == ["c", "d"] and len(sets) == 2
    assert sets.groups() == {"c": ["c", "d"]}


def test_long_chains_stay_one_set() -> None:
    sets = DisjointSet(range(1000))
    for i in range(999):
        sets.union(i + 1, i)
    assert len(sets.groups()) == 1 and sets.size(500) == 1000
