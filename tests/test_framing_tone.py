"""Tone per claim and toward named targets, measured on the clause around each mention."""

from __future__ import annotations

import pytest

from stance.framing import frame_claims, load_lexicon
from stance.framing.tone import clause_around, compound, target_tones
from stance.schema import Claim


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_compound_sign_and_empty():
    assert compound("The talks were a great success and warmly welcomed.") > 0.5
    assert compound("The attack was a brutal, horrific disaster.") < -0.5
    assert compound("") == 0.0


def test_targets_in_different_clauses_get_their_own_tone(lexicon):
    s = "China praised the fruitful and friendly talks, while the West condemned the brutal attacks."
    t = target_tones(s, lexicon.targets)
    assert t["China"] > 0.3 and t["West"] < -0.3


@pytest.mark.parametrize("alias, target", [
    ("Beijing", "China"), ("the Kremlin", "Russia"), ("Moscow", "Russia"), ("Washington", "West"),
    ("the United States", "West"), ("Kyiv", "Ukraine"), ("NATO", "NATO"), ("Sino-Russian ties", "China"),
])
def test_aliases_map_to_targets(lexicon, alias, target):
    t = target_tones(f"{alias} welcomed the wonderful agreement.", lexicon.targets)
    assert t[target] > 0


def test_unmentioned_targets_are_absent(lexicon):
    assert target_tones("The weather was lovely.", lexicon.targets) == {}


def test_clause_around_widens_short_clauses():
    s = "Kyiv, however, rejected the plan outright and called it a disgrace."
    clause = clause_around(s, 0, 4)
    assert "rejected" in clause


def test_frame_claims_sets_tone_and_target_tones(lexicon):
    c = Claim("c1", "a1", 0, 0, 0.0, True, "Russia's brutal invasion of Ukraine killed thousands.")
    f = frame_claims([c], lexicon)[0]
    assert f.tone < -0.5
    assert set(f.target_tones) == {"Russia", "Ukraine"} and f.target_tones["Russia"] < 0


def test_case_sensitive_alias_us_is_not_the_pronoun(lexicon):
    assert "West" not in target_tones("They told us the talks were great.", lexicon.targets)
    assert "West" in target_tones("The US welcomed the talks.", lexicon.targets)
    assert "West" in target_tones("Sino-US ties have deteriorated.", lexicon.targets)
