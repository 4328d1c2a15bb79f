"""The alignment guard's subject side: read from the actors data, not from a table in code."""

from __future__ import annotations

import pytest

from stance.align.features import pair_guard, subject_side


@pytest.mark.parametrize("text,side", [
    ("Chinese Foreign Minister Wang Yi said ties are strong.", "China"),
    ("The U.S. will continue to use diplomacy, the secretary said.", "West"),
    ("Lavrov stressed that the talks were useful.", "Russia"),
    ("BEIJING (Reuters) - Putin said the talks were useful.", "Russia"),  # the dateline is no subject
    ("China and Russia held talks in Moscow.", ""),  # a joint subject
    ("Chinese troops were said to be ready.", ""),  # the adjective qualifies no title or person
    ("He also made sure the course of relations with the U.S. holds.", ""),  # a pronoun subject
    ("But we will not give in to pressure from Washington.", ""),
])
def test_subject_side(text, side):
    assert subject_side(text) == side


def _write(tmp_path, text: str):
    p = tmp_path / "actors.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_subject_guard_reads_the_analyst_actors(tmp_path):
    p = str(_write(tmp_path, 'sides = ["Northland", "Southland"]\n\n'
                             '[[person]]\nname = "Ada Quill"\naliases = ["Quill"]\nside = "Northland"\n\n'
                             '[[person]]\nname = "Bo Reed"\naliases = ["Reed"]\nside = "Southland"\n'))
    assert subject_side("Quill said the talks went well.", p) == "Northland"
    assert subject_side("Quill said the talks went well.") == ""  # not in the shipped data
    blocked, _, why = pair_guard("Quill pledged support for the plan.", "Reed pledged support for the plan.", p)
    assert blocked and "Northland" in why
