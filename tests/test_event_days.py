"""An undated report that gives its own day without a year (title, dateline) joins only a
meeting whose dates can hold that day: two meetings of the same people months apart are told
apart by it; a day named later in the story (background) decides nothing. Made-up meetings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from stance.embed import HashEmbedder
from stance.events.days import day_in_span, own_days
from stance.events.grouping import group_events
from stance.schema import Article, stable_hash
from tests.test_events_rules import FRIDAY
from tests.test_events_undated import _event_of, _june, undated


def test_own_days_come_from_the_title_and_the_dateline_only():
    def days(text: str, title: str = "") -> set:
        return set(own_days(Article(article_id="x", source="x", text=text, title=title)))

    assert days("PORTVILLE, June 6 - The ministers met.") == {(6, 6)}
    assert days("Lakeside [Ruritania], April 9 (Agency): The ministers met.") == {(4, 9)}
    assert days("ST. AUGUSTA, Ruritania, Sept. 11. /WIRE/. The ministers met.") == {(9, 11)}
    assert days("Lakeside, April 9 The two ministers held talks in Lakeside.") == {(4, 9)}
    assert days("All news\n\nPORTVILLE, 6 June - The ministers met.") == {(6, 6)}
    assert days("June 6 (Agency) - The ministers met.") == {(6, 6)}
    assert days("June 6 was a busy day for the ministers.") == set()
    assert days("The ministers met.", "Minister holds press availability 20 June") == {(6, 20)}
    # a full date is ingestion's; a day inside a sentence is background, not the report's day
    assert days("PORTVILLE, June 6, 2025 - The ministers met.") == set()
    assert days("The ministers, who first met on March 3, spoke again.") == set()
    assert days("Talks in Portville ended after the summit of May 5 was announced.") == set()


def test_a_day_fits_a_span_widened_by_the_window_in_any_year():
    assert day_in_span({(6, 20)}, date(2025, 6, 18), date(2025, 6, 19), 4)
    assert day_in_span({(1, 2)}, date(2024, 12, 30), date(2024, 12, 31), 4)  # over new year
    assert not day_in_span({(6, 30)}, date(2025, 6, 18), date(2025, 6, 19), 4)
    assert not day_in_span({(2, 17)}, date(2025, 6, 18), date(2025, 6, 19), 4)


def test_a_report_that_names_its_own_day_joins_the_meeting_of_that_day():
    """The same two ministers met in Geneva in March and again in June: without a day the
    undated report is a tie (tests/test_events_undated.py); its dateline or title day decides."""
    june = _june(FRIDAY)
    body = "Ana Ribeiro and Joseph Mwangi discussed trade and climate finance in Geneva, the two ministries said."
    in_june = undated(f"GENEVA, June 6 - {body}", "Ribeiro, Mwangi discuss trade", "wire9")
    in_march = undated(body, "Ribeiro, Mwangi discuss trade 8 March", "paper9")
    events = group_events([*FRIDAY, *june, in_june, in_march], None, HashEmbedder())
    assert _event_of(events, FRIDAY[0]).event_id != _event_of(events, june[0]).event_id
    joined_june, joined_march = _event_of(events, in_june), _event_of(events, in_march)
    assert joined_june.event_id == _event_of(events, june[0]).event_id and not joined_june.unassigned
    assert joined_march.event_id == _event_of(events, FRIDAY[0]).event_id and not joined_march.unassigned


def test_a_report_whose_day_fits_no_meeting_stays_unassigned():
    """Its people and words match the March meeting, but it was filed in October: another
    meeting nobody else reported, so it is not guessed into March."""
    later = undated("GENEVA, October 20 - Ana Ribeiro and Joseph Mwangi discussed trade and climate "
                    "finance in Geneva, the two ministries said.", "Ribeiro, Mwangi discuss trade", "wire9")
    events = group_events([*FRIDAY, later], None, HashEmbedder())
    ev = _event_of(events, later)
    assert ev.unassigned and ev.article_ids == (later.article_id,)
    without_day = replace(later, article_id=stable_hash("no day"), text=later.text.split(" - ", 1)[1])
    events = group_events([*FRIDAY, without_day], None, HashEmbedder())
    assert _event_of(events, without_day).event_id == _event_of(events, FRIDAY[0]).event_id
