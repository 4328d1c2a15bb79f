"""Events: one meeting's articles merge; a different meeting of the same people in the same
week (another place) does not; ids are stable; labels are readable."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from stance.events import group_events
from stance.schema import Article, stable_hash
from stance.settings import Settings


def art(text: str, published: str = "", title: str = "", outlet: str = "x") -> Article:
    return Article(article_id=stable_hash(text), source=f"{outlet}.txt", text=text,
                   outlet=outlet, published=published, title=title)


MOSCOW_A = art("Chinese Foreign Minister Wang Yi held talks with Sergei Lavrov in Moscow on Monday. "
               "The ministers discussed the Ukraine crisis and bilateral trade.",
               "2023-09-18", "Wang Yi meets Lavrov in Moscow", "afp")
MOSCOW_B = art("Russian Foreign Minister Sergei Lavrov received Wang Yi in Moscow, where the two "
               "discussed trade and Ukraine.", "2023-09-19", "Lavrov hosts Wang in Moscow", "tass")
NEW_YORK = art("Wang Yi and Sergei Lavrov met again on Friday in New York on the sidelines of the "
               "United Nations General Assembly to discuss Ukraine and trade.", "2023-09-21",
               "Wang and Lavrov meet at the UN in New York", "reuters")
LATER = art("Wang Yi held talks with Sergei Lavrov in Moscow about Ukraine and trade.",
            "2023-12-01", "Wang Yi in Moscow again", "afp")


def _by_article(events):
    return {a: e.event_id for e in events for a in e.article_ids}


def test_same_meeting_merges_other_place_or_month_does_not():
    events = group_events([MOSCOW_A, MOSCOW_B, NEW_YORK, LATER], None, None, Settings())
    ev = _by_article(events)
    assert ev[MOSCOW_A.article_id] == ev[MOSCOW_B.article_id]
    assert ev[NEW_YORK.article_id] != ev[MOSCOW_A.article_id]
    assert ev[LATER.article_id] != ev[MOSCOW_A.article_id]
    assert sorted(a for e in events for a in e.article_ids) == sorted(
        a.article_id for a in (MOSCOW_A, MOSCOW_B, NEW_YORK, LATER))


def test_event_id_stable_and_label_readable():
    one = group_events([MOSCOW_A, MOSCOW_B])
    two = group_events([MOSCOW_B, MOSCOW_A])
    assert [e.event_id for e in one] == [e.event_id for e in two]
    label = one[0].label
    assert "Wang Yi" in label and "Lavrov" in label and "Moscow" in label and "2023-09-18" in label


def test_undated_article_joins_on_content_only():
    undated = art(MOSCOW_A.text + " Extra line.", "", MOSCOW_A.title, "blog")
    ev = _by_article(group_events([MOSCOW_A, undated]))
    assert ev[MOSCOW_A.article_id] == ev[undated.article_id]


def test_single_and_empty_inputs():
    assert group_events([]) == []
    events = group_events([LATER])
    assert len(events) == 1 and events[0].article_ids == (LATER.article_id,)


def test_seed_events_match_gold(gold):
    from tests.seed_claims import seed_records

    articles, _ = seed_records()
    ev = _by_article(group_events(articles))
    gold_ev = {}
    for a in articles:
        name = Path(a.source.split("#")[0]).name
        if name in gold["articles"]:
            gold_ev[a.article_id] = gold["articles"][name]["event"]
    ours, theirs = defaultdict(set), defaultdict(set)
    for aid, g in gold_ev.items():
        ours[ev[aid]].add(aid)
        theirs[g].add(aid)
    assert sorted(map(sorted, ours.values())) == sorted(map(sorted, theirs.values()))
