"""Undated reports dated from their event: "on Friday" read against the event's dated reports."""

from __future__ import annotations

from stance.config.settings import Settings
from stance.events.dating import anchored_date, date_undated
from stance.schema import Article, Event
from stance.store import open_store
from stance.store.articles import load_articles, save_articles, set_dates

# Thursday 15 and Friday 16 March 2029
EVENT = Event("ev1", "Ardel - Voss talks, Lisbon", ("a", "b", "c"), start="2029-03-15", end="2029-03-16")
WINDOW = Settings().event_window_days


def test_a_weekday_is_the_one_nearest_the_event():
    when, how = anchored_date("The envoys met on Friday in Lisbon, officials said.", EVENT, WINDOW)
    assert when == "2029-03-16" and "'on Friday'" in how and "2029-03-15" in how
    # a weekday before the span: the one just before it, not a week later
    assert anchored_date("Talks began on Tuesday.", EVENT, WINDOW)[0] == "2029-03-13"


def test_the_day_closing_a_span_of_weekdays_dates_the_report():
    when, how = anchored_date("The envoys met in Lisbon on Thursday and Friday, officials said.", EVENT, WINDOW)
    assert when == "2029-03-16" and "Friday" in how
    assert anchored_date("Talks ran from Tuesday to Thursday.", EVENT, WINDOW)[0] == "2029-03-15"
    assert anchored_date("They met on Tuesday; he flew home.", EVENT, WINDOW)[0] == "2029-03-13"


def test_a_day_without_its_year_takes_the_event_year_and_the_latest_day_wins():
    text = "Ardel arrived on March 14. The two ministers spoke again on Saturday."
    assert anchored_date(text, EVENT, WINDOW)[0] == "2029-03-17"
    assert anchored_date("The visit ended 15 March.", EVENT, WINDOW)[0] == "2029-03-15"


def test_days_far_from_the_event_or_no_day_leave_the_report_undated():
    assert anchored_date("A summit is planned for October 22.", EVENT, WINDOW) == ("", "")
    assert anchored_date("The envoys met and agreed to talk again.", EVENT, WINDOW) == ("", "")
    assert anchored_date("They met on Friday.", Event("u", "x", ("a",), unassigned=True), WINDOW) == ("", "")


def test_only_undated_reports_are_dated_and_stored_dates_are_never_overwritten(tmp_path):
    arts = [Article("a", "a.txt", "The envoys met on Friday in Lisbon, their offices said today.", published=""),
            Article("b", "b.txt", "The talks were held on Thursday in the Portuguese capital.", published="2029-03-15"),
            Article("c", "c.txt", "Both sides said the meeting was useful and long.", published="")]
    dated = date_undated([EVENT], {a.article_id: a for a in arts}, WINDOW)
    assert set(dated) == {"a"} and dated["a"][0] == "2029-03-16"
    store = open_store(str(tmp_path / "s.db"))
    save_articles(store, arts)
    set_dates(store, {**dated, "b": ("2029-03-20", "should not win")})
    got = {a.article_id: (a.published, a.date_source) for a in load_articles(store)}
    assert got["a"] == dated["a"] and got["b"][0] == "2029-03-15" and got["c"] == ("", "")
