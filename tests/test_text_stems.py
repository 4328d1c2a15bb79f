"""The one stemmer: word families for formula terms, negated predicates and headline matching."""

from __future__ import annotations

from stance.text.stems import stem


def test_derivational_family_shares_a_stem():
    forms = ["multi-polarisation", "multipolarization", "multipolarity", "multipolar", "Multi-polar"]
    assert {stem(w) for w in forms} == {"multipolar"}


def test_inflections_and_possessives():
    assert stem("condemned") == stem("condemns") == stem("condemn") == "condemn"
    assert stem("Russia's") == stem("Russias") == "russia"
    assert stem("countries'") == stem("countries") == "countr"


def test_double_s_is_not_a_plural():
    assert stem("process") == "process" and stem("discuss") == "discuss"
    assert stem("discussed") == "discuss"


def test_minimum_stem_length():
    assert stem("talks") == "talks"  # "talk" is shorter than the default minimum
    assert stem("talks", min_stem=3) == stem("talk", min_stem=3) == "talk"
    assert stem("meeting", min_stem=3) == "meet"
