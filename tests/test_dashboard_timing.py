"""`stance.dashboard.timing.first_load`: the cold path of the dashboard's first view, callable
by the benchmark without a browser or Streamlit."""

from __future__ import annotations

import pytest

from stance.dashboard.event_view import first_view
from stance.dashboard.filters import default_event
from stance.dashboard.timing import first_load
from stance.results import filter_results
from stance.store import Store
from stance.store.analysis import load_results
from tests.dashboard_db import build_store


def test_first_load_times_opening_the_store_to_the_event_views_matrix(tmp_path):
    path = tmp_path / "dash.db"
    build_store(path).close()
    stages: dict[str, float] = {}
    seconds = first_load(path, stages=stages)
    assert list(stages) == ["load", "narrow", "matrix"]
    assert all(s >= 0 for s in stages.values()) and 0 < sum(stages.values()) <= seconds
    assert first_load(str(path)) > 0  # a path as text works too, and the store is closed after


def test_the_first_view_is_the_default_events_coverage_matrix(tmp_path):
    path = tmp_path / "dash.db"
    build_store(path).close()
    results = load_results(Store(path))
    event = default_event(results.events)
    table, fig = first_view(filter_results(results, event_id=event))
    assert set(table["group_id"]) == set(results.groups.loc[results.groups["event_id"] == event, "group_id"])
    assert fig.data and fig.data[0].type == "heatmap"


def test_a_missing_database_is_an_error_not_a_time(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing.db: no such database"):
        first_load(tmp_path / "nope" / "nothing.db")
    assert not (tmp_path / "nope").exists()  # nothing created
