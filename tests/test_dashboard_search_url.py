"""Cross-event search with a result list, and every filter in the address: a shared link
reopens the view, the event and every filter; a stale or foreign value is dropped, not fatal."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from tests import dashboard_db
from tests.dashboard_db import E1, E2, open_app

# fixtures shared by the dashboard tests (a store modelled on the seeds, the app served locally)
dash_db = dashboard_db.dash_db
served_locally = dashboard_db.served_locally


def test_search_lists_hits_across_events_with_event_outlet_date_speaker_and_links(dash_db):
    at = open_app(query={"view": "search", "q": "moscow"})
    assert not at.exception, [e.value for e in at.exception]
    assert at.text_input(key="search").value == "moscow"
    hits = at.dataframe[0].value
    # four claims say "Moscow", and one more whose group's wording does (its claim says "Russia")
    assert len(hits) == 5 and set(hits["event_id"]) == {E1, E2}  # two meetings
    assert "c-afp-visit" not in hits["claim"].tolist() and hits["claim"].str.contains("visit to Russia").any()
    assert hits["date"].tolist() == sorted(hits["date"])  # oldest meeting first
    row = hits[hits["outlet"] == "Chinese Foreign Ministry"].iloc[0]
    assert row["event"] == "Wang Yi - Putin meeting, Moscow, 2023-02-22" and row["date"] == "2023-02-22"
    assert row["speaker"] == "(outlet's own voice)" and row["voice"] == "outlet's own voice"
    assert row["original"] == "https://www.fmprc.gov.cn/eng/putin-wang"
    assert parse_qs(urlparse(row["open"]).query) == {"view": ["event"], "event": [E1], "group": ["g-meet"]}
    assert any("5 claims in 2 events from 3 outlets" in c.value for c in at.caption)
    visit = hits[hits["claim"].str.contains("visit to Russia")].iloc[0]  # the speaker as its record gives it
    assert visit["speaker"] == "Chinese foreign ministry (institution; as written: his foreign ministry)"


def test_a_search_result_opens_its_claim_group_in_the_event_view(dash_db):
    at = open_app("search", search="neutral party")
    hits = at.dataframe[0].value
    row = int(hits.index[hits["outlet"] == "AFP"][0])
    at.session_state["search_results"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    at.button(key="search_open").click().run()
    assert at.sidebar.radio[0].value == "event"
    assert at.sidebar.selectbox(key="event").value == E2 and at.selectbox(key="group").value == "g-neutral"
    assert at.query_params["view"] == "event" and at.query_params["group"] == "g-neutral"


def test_the_sidebar_filters_apply_to_search(dash_db):
    at = open_app("search", search="moscow", f_outlets=["AFP"])
    hits = at.dataframe[0].value
    assert set(hits["outlet"]) == {"AFP"} and len(hits) == 3  # the AFP story (2 claims) and its copy
    at = open_app("search", search="no such words anywhere")
    assert "No claim contains" in at.info[0].value


def test_a_link_reproduces_view_event_and_every_filter(dash_db):
    at = open_app(query={"view": "framing", "event": E1, "outlet": ["Reuters"], "stance": ["attributed"],
                         "text": "bullying", "side": ["China"]})
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.radio[0].value == "framing"
    assert at.sidebar.selectbox(key="event").value == E1
    assert at.sidebar.multiselect(key="f_outlets").value == ["Reuters"]
    assert at.sidebar.multiselect(key="f_stances").value == ["attributed"]
    assert at.sidebar.multiselect(key="f_sides").value == ["China"]
    assert at.sidebar.text_input(key="f_text").value == "bullying"
    profile = next(d.value for d in at.dataframe if list(d.value.columns[:2]) == ["what", "value"])
    assert list(profile.columns[2:]) == ["Reuters"]
    # and the address still says so after the run, with the view's own choice added
    q = at.query_params
    assert (q["view"], q["event"], q["text"]) == ("framing", E1, "bullying")
    assert q["outlet"] in ("Reuters", ["Reuters"]) and q["compare"] in ("Reuters", ["Reuters"])


def test_the_address_follows_every_choice_and_drops_other_views_params(dash_db):
    at = open_app("framing")
    at.sidebar.multiselect(key="f_stances").select("contested").run()
    assert at.query_params["stance"] in ("contested", ["contested"])
    assert "compare" in at.query_params  # the framing view's outlets
    at.sidebar.radio[0].set_value("event").run()
    assert "compare" not in at.query_params and at.query_params["view"] == "event"
    assert at.query_params["group"] == "g-neutral"  # the group on screen
    at.sidebar.multiselect(key="f_stances").unselect("contested").run()
    assert "stance" not in at.query_params
    at.sidebar.radio[0].set_value("talking_points").run()
    at.toggle(key="tp_within").set_value(True).run()
    assert at.query_params["within"] == "1"


def test_a_group_in_the_address_opens_that_comparison(dash_db):
    at = open_app(query={"view": "event", "event": E2, "group": "g-unga", "sort": "position"})
    assert at.selectbox(key="group").value == "g-unga"
    assert at.radio(key="cov_sort").value == "position"


def test_stale_or_foreign_values_in_the_address_are_dropped(dash_db):
    at = open_app(query={"view": "nonsense", "event": "ev-gone", "outlet": ["Nobody", "AFP"],
                         "stance": ["furious"], "group": "g-gone", "utm_source": "mail"})
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.radio[0].value == "event"
    assert at.sidebar.selectbox(key="event").value == E2  # the default event
    assert at.sidebar.multiselect(key="f_outlets").value == ["AFP"]
    assert at.sidebar.multiselect(key="f_stances").value == []
    q = at.query_params
    assert q["view"] == "event" and q["event"] == E2 and q["outlet"] in ("AFP", ["AFP"])
    assert "stance" not in q and q["group"] != "g-gone"
    assert q["utm_source"] == "mail"  # not ours: left alone
