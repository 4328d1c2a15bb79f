"""Article profiles built ahead (while the encoder works) are the profiles the events stage builds
itself; an article changed since (a date set, another text) is profiled again."""

from __future__ import annotations

from dataclasses import replace

from stance.events.grouping import ProfilesAhead, profiles
from stance.schema import Article

ARTICLES = [
    Article("p1", "p1.txt", "Foreign Minister Arvo Lind met Estmark's envoy Cas Dorn in Lorvik on Monday.\n\n"
            "They discussed grain exports.", title="Lind meets Dorn in Lorvik", published="2031-03-03"),
    Article("p2", "p2.txt", "President Ines Jory received Prime Minister Kai Lund in Tallinn.\n\n"
            "Both praised the talks.", title="Jory hosts Lund"),
    Article("p3", "p3.txt", "The summit closed without a statement.", title="Summit ends"),
]


def test_profiles_built_ahead_are_the_profiles_built_in_place_and_handed_out_once():
    ahead = ProfilesAhead()
    for _ in ahead.steps([ARTICLES[:2], ARTICLES[2:]]):
        pass
    assert set(ahead.profiles) == {"p1", "p2", "p3"}
    got = ahead.take(ARTICLES)
    assert got == profiles(ARTICLES)
    assert [p.article.article_id for p in got] == ["p1", "p2", "p3"]
    assert got[0].persons  # a real lede read: the people are found
    assert ahead.profiles == {}


def test_an_article_changed_since_is_profiled_again():
    ahead = ProfilesAhead()
    for _ in ahead.steps([ARTICLES]):
        pass
    dated = replace(ARTICLES[1], published="2031-03-04")
    retold = replace(ARTICLES[0], text="Envoy Cas Dorn left Lorvik.")
    got = ahead.take([retold, dated, ARTICLES[2]])
    assert got == profiles([retold, dated, ARTICLES[2]])
    assert got[1].day is not None and "Arvo Lind" not in got[0].persons


def test_profiling_ahead_stops_at_its_bound():
    ahead = ProfilesAhead(max_articles=2)
    assert sum(1 for _ in ahead.steps([ARTICLES[:2], ARTICLES[2:]])) == 1
    assert set(ahead.profiles) == {"p1", "p2"}
