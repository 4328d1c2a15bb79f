"""Which reports are one meeting: one person meeting people of different countries at one venue on
consecutive days holds separate meetings (even when some reports never say who is from where); a
visitor meeting several hosts of one country is one visit; another city in another country is
another meeting. Labels name the people and the meeting city, not the dateline. Made-up meetings."""

from __future__ import annotations

from stance.embed import HashEmbedder
from stance.events.grouping import group_events, profiles
from stance.events.profiles import Gist
from stance.events.rule import participants_conflict, places_conflict
from stance.schema import Article, stable_hash


def art(text: str, published: str, title: str = "", outlet: str = "x") -> Article:
    return Article(article_id=stable_hash(text, published), source=f"{outlet}.txt", text=text,
                   outlet=outlet, published=published, title=title)


# a forum in Geneva: Ribeiro (Brazil) meets Mwangi (Kenya) on Friday, Dubois (Canada) on Saturday
FRIDAY = [
    art("Brazilian Foreign Minister Ana Ribeiro met her Kenyan counterpart Joseph Mwangi in Geneva on "
        "Friday on the sidelines of the climate forum. They discussed trade and climate finance.",
        "2025-03-07", "Ribeiro meets Mwangi in Geneva", "wire1"),
    art("GENEVA, March 7 - Kenya's top diplomat Joseph Mwangi held talks with Ana Ribeiro of Brazil at "
        "the Geneva climate forum, covering trade and climate finance.", "2025-03-07", "", "paper2"),
    art("Ana Ribeiro and Joseph Mwangi discussed trade and climate finance in Geneva, the two "
        "ministries said.", "2025-03-08", "Ribeiro, Mwangi discuss trade", "blog3"),
]
SATURDAY = [
    art("Brazilian Foreign Minister Ana Ribeiro met Canadian Foreign Minister Claire Dubois in Geneva "
        "on Saturday on the sidelines of the climate forum. They discussed trade and climate finance.",
        "2025-03-08", "Ribeiro meets Dubois in Geneva", "wire1"),
    art("Ana Ribeiro and Claire Dubois discussed trade and climate finance in Geneva, the two "
        "ministries said.", "2025-03-09", "Ribeiro, Dubois discuss trade", "blog3"),
]
# a state visit to Vietnam: Mehta (India) meets the president one day and the premier the next
VISIT = [
    art("Indian Prime Minister Arjun Mehta held talks with Vietnamese President Tran Van Long in Hanoi "
        "on Monday about trade, shipping and energy.", "2025-05-12", "Mehta meets Tran in Hanoi", "a"),
    art("Arjun Mehta met Vietnamese Premier Nguyen Minh Chau in Hanoi on Tuesday, on the second day of "
        "his visit, to discuss trade, shipping and energy.", "2025-05-13", "Mehta, Nguyen talk trade", "b"),
    art("HANOI, May 13 - Indian Prime Minister Arjun Mehta wrapped up his visit to Vietnam after talks "
        "with President Tran Van Long and Premier Nguyen Minh Chau on trade, shipping and energy.",
        "2025-05-13", "", "c"),
]


def _events_of(articles, events):
    by_article = {a: e for e in events for a in e.article_ids}
    return [by_article[a.article_id] for a in articles]


def test_one_person_meeting_two_countries_at_one_venue_is_two_meetings():
    events = group_events(FRIDAY + SATURDAY, None, HashEmbedder())
    fri, sat = _events_of(FRIDAY, events), _events_of(SATURDAY, events)
    assert len({e.event_id for e in fri}) == 1 and len({e.event_id for e in sat}) == 1
    assert fri[0].event_id != sat[0].event_id  # even the reports that name no nationality
    assert set(fri[0].participants[:2]) == {"Ana Ribeiro", "Joseph Mwangi"}
    assert set(sat[0].participants[:2]) == {"Ana Ribeiro", "Claire Dubois"}


def test_a_visit_to_one_country_is_one_event_however_many_hosts():
    events = group_events(VISIT, None, HashEmbedder())
    assert len(events) == 1
    assert "Arjun Mehta" in events[0].label and events[0].place == "Hanoi"


def test_counterparts_conflict_only_across_countries_and_outside_the_visitors_side():
    (fri, _, _, sat, _) = profiles(FRIDAY + SATURDAY)
    assert participants_conflict(fri.gist, sat.gist)
    mon, tue, _ = profiles(VISIT)
    assert not participants_conflict(mon.gist, tue.gist)
    # nobody's country known: no evidence of two meetings
    assert not participants_conflict(Gist(principals={"A Bee": 1}, tokens=frozenset({"bee"})),
                                     Gist(principals={"C Dee": 1}, tokens=frozenset({"dee"})))


def test_other_city_in_another_country_is_another_meeting():
    moscow = Gist(countries=frozenset({"Russia"}))
    assert places_conflict(moscow, Gist(countries=frozenset({"United States"})))
    assert not places_conflict(moscow, Gist(countries=frozenset({"Russia"})))  # St Petersburg
    assert not places_conflict(moscow, Gist())  # no place named: no evidence


def test_label_names_people_and_meeting_city_not_the_dateline():
    events = group_events(FRIDAY, None, HashEmbedder())
    (ev,) = events
    assert ev.label.startswith(("Ana Ribeiro - Joseph Mwangi talks", "Joseph Mwangi - Ana Ribeiro talks"))
    assert ", Geneva, 2025-03-07" in ev.label and ev.place == "Geneva"
    nairobi = art("NAIROBI, March 7 - Kenya's top diplomat Joseph Mwangi met Ana Ribeiro of Brazil "
                  "in Geneva on Friday.", "2025-03-07")
    (only,) = group_events([nairobi], None, HashEmbedder())
    assert only.place == "Geneva" and "Nairobi" not in only.label


def test_a_shared_first_name_does_not_decide_a_persons_country():
    """Many reports introduced other Johns as Canadian; John Okafor was introduced as Kenyan."""
    from collections import Counter

    from stance.events.rule import _nation

    context = Gist(nationality={"john": Counter({"Canada": 5}), "okafor": Counter({"Kenya": 1})})
    context.nationality["john"]["Kenya"] += 1
    assert _nation("John Okafor", context) == "Kenya"
    assert _nation("Okafor", context) == "Kenya" and _nation("Zed Unknown", context) == ""
