"""The places gazetteer and what a lede says about its meeting: meeting cities (not datelines,
not "Kyiv's war"), the country a person is introduced as representing, the people named first.
Every sentence here is made up."""

from __future__ import annotations

from pathlib import Path

import pytest

from stance.errors import SettingsError
from stance.events.grouping import profiles
from stance.events.places import load_places
from stance.schema import Article, stable_hash


def _art(text: str, title: str = "", published: str = "2025-03-07") -> Article:
    return Article(article_id=stable_hash(text), source="x.txt", text=text, title=title,
                   published=published)


def test_meeting_cities_need_a_cue_and_are_mapped_to_countries():
    places = load_places()
    text = ("OSLO, March 3 - Ministers met in Saint Petersburg on Friday. Next month they will "
            "travel. Lviv's mayor spoke. Talks on the sidelines of the Geneva forum followed.")
    assert places.meeting_cities(text) == [("St Petersburg", "Russia"), ("Geneva", "Switzerland")]
    # the dateline (no cue), and a possessive, are not meeting places
    assert places.meeting_cities("OSLO, March 3 - Lviv's mayor spoke.") == []
    # St./Saint/St are one city; upper-case datelines are matched too when a cue precedes them
    assert places.city("ST. PETERSBURG") == ("St Petersburg", "Russia")
    assert places.country_of("St Petersburg") == places.country_of("Moscow") == "Russia"


def test_nationality_words_countries_and_bodies():
    places = load_places()
    assert places.nation("Ukrainian") == "Ukraine"
    assert places.nation("U.S.") == places.nation("White House") == "United States"
    assert places.nation("Kenya") == "Kenya"
    assert places.nation("Trade") == ""


def test_analyst_file_extends_the_gazetteer(tmp_path: Path):
    extra = tmp_path / "places.toml"
    extra.write_text('[country]\n"Ruritania" = { demonyms = ["Ruritanian"], cities = ["Strelsau"] }\n'
                     '"Kenya" = { cities = ["Lakeview Town"] }\n', encoding="utf-8")
    places = load_places(extra)
    assert places.nation("Ruritanian") == "Ruritania"
    assert places.meeting_cities("They met in Strelsau.") == [("Strelsau", "Ruritania")]
    assert places.country_of("Lakeview Town") == "Kenya" and places.country_of("Nairobi") == "Kenya"


@pytest.mark.parametrize("content, message", [
    ("[country\n", "not valid TOML"),
    ('[country]\n"Ruritania" = { cities = "Strelsau" }\n', "must be lists"),
])
def test_bad_places_file_names_the_file_and_the_fix(tmp_path: Path, content: str, message: str):
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError, match=message) as err:
        load_places(bad)
    assert str(bad) in str(err.value.source)
    with pytest.raises(SettingsError, match="not found"):
        load_places(tmp_path / "missing.toml")


def test_profile_reads_who_met_where_from_the_lede():
    a = _art("NAIROBI, March 7 - Brazilian Foreign Minister Ana Ribeiro met her Kenyan counterpart "
             "Joseph Mwangi in Geneva on Friday.\n\nThe two discussed trade and climate finance.",
             title="Ribeiro meets Mwangi in Geneva")
    (p,) = profiles([a])
    assert {"Ana Ribeiro", "Joseph Mwangi"} <= set(p.gist.principals)
    assert p.gist.nationality["ribeiro"].most_common(1)[0][0] == "Brazil"
    assert p.gist.nationality["mwangi"].most_common(1)[0][0] == "Kenya"
    assert dict(p.gist.cities) == {"Geneva": 1} and p.gist.countries == {"Switzerland"}


def test_background_people_are_not_principals():
    a = _art("Brazilian Foreign Minister Ana Ribeiro met Kenyan Foreign Minister Joseph Mwangi in "
             "Geneva on Friday to prepare a trade accord between the two countries, officials said, "
             "in talks both sides called frank and useful. Diplomats expect the accord to be signed "
             "in the coming weeks, after a further round of technical talks between the two teams. "
             "The meeting follows last year's summit, where President Carlos Andrade first proposed it.")
    (p,) = profiles([a])
    assert "Carlos Andrade" in p.persons and "Carlos Andrade" not in p.gist.principals


def test_title_words_and_page_labels_are_not_people():
    from stance.events.profiles import clean_person

    assert clean_person("Ana Ribeiro Meets") == "Ana Ribeiro"
    assert clean_person("With") == "" and clean_person("STORY") == "" and clean_person("With Her") == ""
    assert clean_person("Anna With") == "Anna With"  # a surname that is also a word stays
