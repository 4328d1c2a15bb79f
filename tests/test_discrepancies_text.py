"""The shared text rules event facts read: numbers in words, countries, denials."""

from __future__ import annotations

import pytest

from stance.text.negation import denial, first_negation, non_prefixed
from stance.text.numbers import number_value, ordinal_value, show_number
from stance.text.places import is_country


@pytest.mark.parametrize("text,value", [("10", 10.0), ("eight", 8.0), ("seven and a half", 7.5), ("1,200", 1200.0),
                                        ("Twelve", 12.0), ("many", None), ("", None)])
def test_number_value(text, value):
    assert number_value(text) == value


def test_ordinals_and_shown_numbers():
    assert ordinal_value("18th") == ordinal_value("eighteenth") == 18
    assert ordinal_value("first") == 1 and ordinal_value("18") is None
    assert show_number(10.0) == "10" and show_number(7.5) == "7.5"


@pytest.mark.parametrize("name,country", [("Switzerland", True), ("the United States", True), ("U.S.", True),
                                          ("Geneva", False), ("Grand Palace", False)])
def test_is_country(name, country):
    assert is_country(name) is country


def test_denial_skips_not_only_and_keeps_the_old_rule():
    assert denial("The talks were not only frank but also did not fail.") == ("not", "fail")
    assert denial("It hasn't changed.") == ("not", "changed")
    assert denial("They were frank.") == ("", "")
    assert first_negation("The talks were not only frank.") == ("not", "frank")  # unchanged for its callers
    assert denial("The talks were not only frank.") == ("", "")
    assert non_prefixed("a statement of non-support and nonalignment") == {"support", "alignment"}
