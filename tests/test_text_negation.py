"""The one negation rule: which claims say "not X", and what the negation applies to."""

from __future__ import annotations

import pytest

from stance.text.negation import first_negation, is_negated


@pytest.mark.parametrize("text", [
    "The ministry did not comment.", "They haven't agreed.", "Beijing cannot accept it.",
    "Neither side gave ground.", "The talks are no longer on hold.", "Kyiv rejected the plan.",
    "Moscow denied sending troops.", "The envoy declined to comment.", "It left without a deal.",
])
def test_negated(text):
    assert is_negated(text)


@pytest.mark.parametrize("text", ["The ministers agreed to meet again.", "Nobody knows the notion.",
                                  "The announcement came in November."])
def test_not_negated(text):
    assert not is_negated(text)


def test_first_negation_names_the_negated_word():
    assert first_negation("China did not condemn the attack.") == ("not", "condemn")
    assert first_negation("He has never been to Moscow.") == ("never", "Moscow")
    assert first_negation("The sides are no longer  talking.") == ("no longer", "talking")
    # "no"/"none"/"refused" negate, but do not name a denied predicate
    assert first_negation("There are no major disputes.") == ("", "")
    assert first_negation("The decline in ties is not new.") == ("not", "new")
    assert first_negation("The sides agreed.") == ("", "")
