"""The event view (the first view) under AppTest on the made-up store: the default event, the
coverage matrix, each outlet's wording side by side with differences marked and escaped, and
the sidebar filters narrowing it."""

from __future__ import annotations

import pandas as pd

from stance.dashboard.filters import default_event
from tests.app_helpers import (  # noqa: F401 - fixtures
    db,
    group_options,
    html_bodies,
    no_model,
    open_group,
    run,
    served_on_this_computer,
)
from tests.dashboard_db import E1, E2


def test_event_view_defaults_to_the_event_with_most_outlets(db, no_model):  # noqa: F811
    at = run("event")
    assert at.sidebar.selectbox[0].value == E2
    assert "Valesk talks" in at.subheader[0].value
    assert len(at.get("plotly_chart")) == 1
    # the side-by-side of the default group: both outlets' wording, differences marked
    body = html_bodies(at)
    assert "Mira Castellan" in body and "<mark>" in body


def test_side_by_side_shows_both_outlets_wording_of_the_impartial_broker_group(db, no_model):  # noqa: F811
    at = run("event")
    body = open_group(at, "kept out of either camp")
    assert "kept out of either camp" in body
    assert "present itself as an impartial broker" in body
    assert "<mark>" in body
    markdown = " ".join(m.value for m in at.markdown)
    assert "Lantern" in markdown and "Halden" in markdown and "Quay Daily" in markdown


def test_article_text_is_escaped_in_the_side_by_side(db, no_model):  # noqa: F811
    body = open_group(run("event"), "line up their positions")
    assert "&lt;b&gt;and at later venues&lt;/b&gt;" in body
    assert "<b>and at later venues" not in body


def test_filters_narrow_the_event_view(db, no_model):  # noqa: F811
    at = run("event")
    all_groups = group_options(at)
    assert len(all_groups) == 5
    at.sidebar.multiselect(key="f_sides").select("Kestria")
    at.run()
    only = group_options(at)
    assert len(only) == 1 and "line up their positions" in only[0]
    at.sidebar.multiselect(key="f_sides").unselect("Kestria")
    at.sidebar.multiselect(key="f_stances").select("contested")
    at.run()
    assert [o for o in group_options(at)] == [o for o in all_groups if "kept out of either camp" in o]


def test_text_search_narrows_and_switching_event_changes_the_matrix(db, no_model):  # noqa: F811
    at = run("event")
    at.sidebar.text_input(key="f_text").input("security dialogue")
    at.run()
    opts = group_options(at)
    assert len(opts) == 1 and "security dialogue" in opts[0]
    at.sidebar.text_input(key="f_text").input("")
    at.sidebar.selectbox(key="event").select(E1)
    at.run()
    assert "Harrow" in at.subheader[0].value
    assert len(group_options(at)) == 3


def test_default_event_prefers_more_outlets_then_more_articles():
    events = pd.DataFrame({
        "event_id": ["a", "b", "c"], "outlets": ["X; Y", "X; Y; Z", "X"], "n_articles": [5, 3, 9],
        "start": ["2024-01-01", "2023-01-01", "2025-01-01"],
    })
    assert default_event(events) == "b"
    assert default_event(events.assign(outlets=["X; Y", "X; Y", "X"])) == "a"
    assert default_event(events.iloc[0:0]) == ""
