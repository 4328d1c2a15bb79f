"""Undated articles: one joins the event its content clearly matches (people, place, words),
never a default bucket; a copy of a dated report joins that report's event; one that fits two
meetings of the same people equally, or none, stays unassigned, in its own event, flagged in the
Event record, the store and events.csv. Made-up meetings (see tests/test_events_rules.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from stance.embed import HashEmbedder
from stance.events.grouping import group_events
from stance.schema import EVENT_COLUMNS, Article, stable_hash
from tests.test_events_rules import FRIDAY, SATURDAY, VISIT


def undated(text: str, title: str = "", outlet: str = "u") -> Article:
    return Article(article_id=stable_hash("undated", text), source=f"{outlet}.txt", text=text,
                   outlet=outlet, title=title)


SAT_UNDATED = undated("Brazilian Foreign Minister Ana Ribeiro met Canadian Foreign Minister Claire Dubois "
                      "in Geneva on the sidelines of the climate forum, and they discussed trade.",
                      "Ribeiro and Dubois talk trade in Geneva")
VISIT_UNDATED = undated("Indian Prime Minister Arjun Mehta and Vietnamese Premier Nguyen Minh Chau agreed "
                        "in Hanoi to expand trade, shipping and energy ties.", "Mehta, Nguyen agree on trade")
ELSEWHERE = undated("Norwegian Prime Minister Ingrid Dahl opened a fisheries conference in Bergen with "
                    "a speech on quotas and coastal communities.", "Dahl opens fisheries meeting")


def _june(articles) -> list[Article]:
    """The same reports, of the same ministers meeting again in June."""
    return [replace(a, article_id=stable_hash("june", a.article_id),
                    published=a.published.replace("-03-", "-06-")) for a in articles]


def _event_of(events, a: Article):
    return next(e for e in events if a.article_id in e.article_ids)


def test_undated_report_joins_the_meeting_it_matches_not_a_bucket():
    events = group_events([*FRIDAY, *SATURDAY, *VISIT, SAT_UNDATED, VISIT_UNDATED], None, HashEmbedder())
    sat, visit = _event_of(events, SAT_UNDATED), _event_of(events, VISIT_UNDATED)
    assert sat.event_id == _event_of(events, SATURDAY[0]).event_id and not sat.unassigned
    assert visit.event_id == _event_of(events, VISIT[0]).event_id and not visit.unassigned
    assert sat.event_id != visit.event_id


def test_undated_report_matching_nothing_stays_unassigned_and_flagged():
    events = group_events([*FRIDAY, *VISIT, ELSEWHERE], None, HashEmbedder())
    ev = _event_of(events, ELSEWHERE)
    assert ev.article_ids == (ELSEWHERE.article_id,) and ev.unassigned
    assert "unassigned" in ev.label and ev.start == ""
    assert not any(e.unassigned for e in events if e is not ev)


def test_same_people_twice_without_a_date_is_ambiguous_so_unassigned():
    """The same two ministers met in Geneva in March and in June; an undated report that only
    says they met in Geneva fits both equally and is not guessed into either."""
    june = _june(FRIDAY)
    vague = undated("Ana Ribeiro and Joseph Mwangi discussed trade and climate finance in Geneva, the "
                    "two ministries said.", "Ribeiro, Mwangi discuss trade")
    events = group_events([*FRIDAY, *june, vague], None, HashEmbedder())
    assert _event_of(events, FRIDAY[0]).event_id != _event_of(events, june[0]).event_id
    assert _event_of(events, vague).unassigned


def test_copy_of_a_dated_report_joins_that_reports_event():
    """The same ministers met again in June and a wire story of each meeting reads alike; an
    undated copy of the March story joins March (a copy of both equally is a tie, above)."""
    june = [replace(a, text=a.text.replace("Friday", "Thursday").replace("trade", "fisheries"))
            for a in _june(FRIDAY)]
    copy = replace(FRIDAY[1], article_id=stable_hash("copy"), published="", outlet="aggregator")
    events = group_events([*FRIDAY, *june, copy], None, HashEmbedder())
    assert _event_of(events, FRIDAY[1]).event_id != _event_of(events, june[1]).event_id
    assert _event_of(events, copy).event_id == _event_of(events, FRIDAY[1]).event_id


def test_unassigned_flag_is_stored_and_exported(tmp_path: Path):
    import csv

    from stance.export import write_outputs
    from stance.store import Store
    from stance.store.analysis import load_results, save_event_analysis
    from stance.store.articles import save_articles

    store = Store(tmp_path / "s.db")
    store.migrate()
    arts = [*FRIDAY, ELSEWHERE]
    save_articles(store, arts)
    for ev in group_events(arts, None, HashEmbedder()):
        save_event_analysis(store, ev, [], {}, [], [])
    events = load_results(store).events
    assert list(events.columns) == EVENT_COLUMNS
    flags = {row.article_ids: bool(row.unassigned) for row in events.itertuples()}
    assert flags[ELSEWHERE.article_id] is True
    assert sum(flags.values()) == 1
    assert "0010_event_unassigned" in store.applied_migrations()
    write_outputs(store, tmp_path / "out")
    with (tmp_path / "out" / "events.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["article_ids"]: r["unassigned"] for r in rows}[ELSEWHERE.article_id] == "True"


def test_a_host_thanked_in_passing_does_not_keep_a_report_from_its_meeting():
    """An undated report of the Saturday meeting also thanks the forum's host, a third person
    of a third country, in its first lines: it still joins Saturday, not Friday or nothing."""
    thanked = undated("Brazilian Foreign Minister Ana Ribeiro met Canadian Foreign Minister Claire Dubois "
                      "in Geneva on the sidelines of the climate forum, and both thanked Swiss President "
                      "Lukas Brunner for hosting it. They discussed trade and climate finance.",
                      "Ribeiro and Dubois talk trade in Geneva", "wire7")
    events = group_events([*FRIDAY, *SATURDAY, *VISIT, thanked], None, HashEmbedder())
    ev = _event_of(events, thanked)
    assert ev.event_id == _event_of(events, SATURDAY[0]).event_id and not ev.unassigned
    assert ev.event_id != _event_of(events, FRIDAY[0]).event_id
    assert "Brunner" not in ev.label
