"""The actors data: declared sides, entries checked against them, and the word -> side table
(another conflict needs a TOML file, not code)."""

from __future__ import annotations

import pytest

from stance.claims.actors import known_sides, load_actors
from stance.errors import SettingsError


def test_shipped_sides_are_declared_in_the_data():
    sides = known_sides()
    assert sides[0] and "other" in sides and len(set(sides)) == len(sides)
    actors = load_actors()
    assert {a.side for a in actors.actors} - {""} <= set(sides)
    assert {n.side for n in actors.nationalities} <= set(sides)


def _write(tmp_path, text: str):
    p = tmp_path / f"actors-{abs(hash(text))}.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_an_analyst_file_adds_sides_and_actors(tmp_path):
    p = _write(tmp_path, 'sides = ["Northland", "Southland"]\n\n'
                         '[[person]]\nname = "Ada Quill"\naliases = ["Quill"]\nside = "Northland"\n\n'
                         '[[nationality]]\nwords = ["Southlander", "Southland"]\nadjectives = ["Southlander"]\n'
                         'adjective = "Southlander"\nside = "Southland"\n')
    sides = known_sides(p)
    assert sides[:len(known_sides())] == known_sides() and sides[-2:] == ("Northland", "Southland")
    actors = load_actors(p)
    assert actors.side_of("Quill") == "Northland" and actors.side_of("a Southlander official") == "Southland"
    words = actors.word_sides()
    assert words["quill"] == "Northland" and words["ada quill"] == "Northland"
    assert "southlander" in actors.adjective_words()


@pytest.mark.parametrize("text,what", [
    ('[[person]]\nname = "X"\nside = "Mars"\n', "unknown side 'Mars'"),
    ('sides = "China"\n', "must be a list"),
    ('[[nationality]]\nwords = ["Xland"]\nadjectives = ["Xlandish"]\nside = "other"\n', "not among its words"),
])
def test_bad_actors_file_is_named(tmp_path, text, what):
    with pytest.raises(SettingsError, match=what):
        load_actors(_write(tmp_path, text))
