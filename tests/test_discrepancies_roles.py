"""Titles read next to names and the people of an event (stance.framing.roles, .people)."""

from __future__ import annotations

import pytest

from stance.framing.people import People
from stance.framing.roles import orgs_match, same_single_office, titled_names, titles_conflict
from stance.nlp import load_spacy


def _titles(text: str) -> dict[str, tuple[str, str, list[str], list[str]]]:
    doc = load_spacy()(text)
    return {t.name: (t.role.text, t.role.office, sorted(t.role.portfolio), sorted(t.role.org))
            for t in titled_names(doc)}


def _role(text: str):
    (t,) = titled_names(load_spacy()(text))
    return t.role


def test_titles_before_the_name():
    assert _titles("Ukrainian Foreign Minister Jonas Weber spoke.")["Jonas Weber"][1:3] == ("minister", ["foreign"])
    assert _titles("Prime Minister Jonas Weber spoke.")["Jonas Weber"][1] == "prime minister"
    assert _titles("They met the Minister of Foreign Affairs of Northland Jonas Weber.")["Jonas Weber"][1:3] == (
        "minister", ["foreign"])


def test_a_body_makes_the_office():
    text, office, _, org = _titles("They met the secretary of the Northern Trade Council Jonas Weber.")["Jonas Weber"]
    assert (text, office) == ("secretary of the Northern Trade Council", "secretary")
    assert {"northern", "trade", "council"} <= set(org)
    _, office, _, org2 = _titles("They met Northern Trade Council Secretary Jonas Weber.")["Jonas Weber"]
    assert office == "secretary" and orgs_match(frozenset(org), frozenset(org2))


def test_an_apposition_after_the_name_and_not_the_next_persons_title():
    t = _titles("Maria Lindqvist, director of the Office of the Northern Trade Council (NTC), met Weber.")
    assert t["Maria Lindqvist"][0].startswith("director of the Office of the Northern Trade Council")
    t = _titles("He praised Jonas Weber, Treasury Secretary Amal Haddad and their aides.")
    assert "Jonas Weber" not in t and t["Amal Haddad"][1:3] == ("secretary", ["finance"])


@pytest.mark.parametrize("text", ["Former Prime Minister Jonas Weber spoke.", "His counterpart Jonas Weber spoke.",
                                  "Mr. Jonas Weber spoke.", "Foreign Ministry spokesman Jonas Weber spoke."])
def test_no_comparable_office(text):
    assert _titles(text) == {}


def test_conflicts_between_two_titles_of_one_person():
    pm, fm = _role("Prime Minister Jonas Weber spoke."), _role("Foreign Minister Jonas Weber spoke.")
    assert titles_conflict(pm, fm)
    assert not titles_conflict(fm, _role("Minister Jonas Weber spoke."))
    head = _role("They met the head of the Northern Trade Council Jonas Weber.")
    secretary = _role("They met the secretary of the Northern Trade Council Jonas Weber.")
    chair = _role("They met the chairman of the Northern Trade Council Jonas Weber.")
    assert titles_conflict(head, secretary) and not titles_conflict(head, chair)
    assert not titles_conflict(head, _role("They met the secretary of the Southern Fisheries Board Jonas Weber."))
    assert titles_conflict(_role("President Jonas Weber spoke."), _role("Premier Jonas Weber spoke."))


def test_one_office_of_one_body():
    director = _role("They met the director of the Office of the Northern Trade Council Jonas Weber.")
    assert same_single_office(director, _role("Maria Lindqvist, director of the Office of the Northern Trade Council, spoke."))
    assert not same_single_office(_role("Foreign Minister Jonas Weber spoke."), _role("Foreign Minister Amal Haddad spoke."))
    assert not same_single_office(_role("They met the deputy director of the Northern Trade Council Jonas Weber."),
                                  _role("They met the deputy director of the Northern Trade Council Maria Lindqvist."))


def test_people_of_an_event():
    people = People(["Sergio Alvarez", "Sergi Alvarez", "Volodymyr Petrenkoo", "Volodymyr Petrenko", "Li Wen",
                     "Li Mei", "Amal Haddad"])
    assert people.resolve("Alvarez") == people.resolve("Sergio Alvarez") == people.resolve("Sergi Alvarez") != ""
    assert people.resolve("Petrenko") == people.resolve("Volodymyr Petrenkoo")  # one surname spelt two ways
    assert people.resolve("Li") == ""  # first word of two people
    assert people.resolve("Wen") != people.resolve("Mei")  # short names are never merged by spelling
    assert people.resolve("Haddad's") == people.resolve("Amal Haddad")
    assert people.resolve("Unknown Person") == "" and people.resolve("") == ""
    assert people.named(["Haddad", "Nobody", "Sergio Alvarez"]) == {people.resolve("Haddad"), people.resolve("Alvarez")}


@pytest.mark.parametrize("text, titled", [
    ("Harbour Minister Ana Lima said so.", True),
    ("Robert Brown, the finance minister, said so.", True),
    ("John Miller, director of the Coastal Office, said so.", True),
    ("Jonas Weber, secretary of the Harbour Workers' Party (HWP) Central Council, spoke.", True),
    ("Talks were held with Robert Brown, the foreign minister.", True),
    ("The minister said John Miller would travel to the coast.", False),  # the title is no neighbour
    ("John Miller said the president would decide later.", False),
    ("Her counterpart Jonas Weber agreed.", False),  # a relation is never compared
])
def test_may_title_a_person_on_ners_doc_never_misses_a_title(text, titled):
    """The test the discrepancy check runs on NER's untagged doc before parsing: true wherever
    `titled_names` reads a title in the full parse, false here where a person stands alone."""
    from stance.claims import NER_ALONE
    from stance.framing.roles import may_title_a_person

    found = bool(titled_names(load_spacy()(text)))
    assert found is titled
    assert may_title_a_person(load_spacy(disable=NER_ALONE)(text)) is titled
