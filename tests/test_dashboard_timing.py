"""`stance.dashboard.timing.first_load`: the cold path of the dashboard's first view, callable
by the benchmark without a browser or Streamlit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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


def test_first_load_through_the_snapshot_writes_it_then_reads_it(tmp_path):
    path = tmp_path / "dash.db"
    build_store(path).close()
    cache = tmp_path / "cache"
    assert first_load(path, cache_dir=cache) > 0
    (snapshot,) = (cache / "dashboard").iterdir()
    written = {f.name: f.stat().st_mtime_ns for f in snapshot.iterdir()}
    assert first_load(path, cache_dir=cache) > 0
    assert {f.name: f.stat().st_mtime_ns for f in snapshot.iterdir()} == written  # read, not rewritten


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


def test_the_bench_times_a_fresh_process_first_page_then_filter_changes(tmp_path):
    """scripts/bench_dashboard.py, as `make bench` runs it: a new analysis (no snapshot yet),
    then a restart that reads the snapshot the first process kept."""
    root = Path(__file__).resolve().parents[1]
    path = tmp_path / "dash.db"
    build_store(path).close()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}

    def one_process() -> dict:
        proc = subprocess.run([sys.executable, str(root / "scripts" / "bench_dashboard.py"), str(path),
                               str(tmp_path / "cache"), "--changes", "1"],
                              capture_output=True, text=True, timeout=300, cwd=root, env=env)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return json.loads(proc.stdout.strip().splitlines()[-1])

    new = one_process()
    restart = one_process()
    for run in (new, restart):
        assert run["problems"] == []
        assert {"server_start", "first_load"} <= set(run) and len(run["filter_changes"]) == 1
        assert all(t["wall"] > 0 and t["cpu"] > 0 for t in (run["server_start"], run["first_load"]))
    assert len(list((tmp_path / "cache" / "dashboard").iterdir())) == 1  # the snapshot the restart read


def test_the_bench_names_a_missing_database(tmp_path):
    script = Path(__file__).resolve().parents[1] / "scripts" / "bench_dashboard.py"
    proc = subprocess.run([sys.executable, str(script), str(tmp_path / "none.db"), str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "none.db: no such database" in proc.stderr


def test_the_bench_times_a_new_analysis_through_the_snapshot_it_wrote(tmp_path, capsys, monkeypatch):
    """scripts/bench.py's dashboard part: the analysis writes the snapshot, the first load of
    that new analysis reads it (the bench checks the files are not rewritten), a restart
    reads it again, and the no-snapshot line still loads from SQLite."""
    root = Path(__file__).resolve().parents[1]
    monkeypatch.syspath_prepend(str(root / "scripts"))
    import bench

    figures = bench.bench_dashboard(tmp_path, 1200)  # three events: filter changes to time
    out = capsys.readouterr().out
    assert "problem:" not in out, out
    assert all(v > 0 for v in figures.values()), figures
    assert {"new_analysis_s", "new_analysis_cpu_s", "new_analysis_plain_s", "no_snapshot_s",
            "snapshot_write_s"} <= set(figures)
    assert len(list((tmp_path / "dash-cache" / "dashboard").iterdir())) == 1
    assert len(list((tmp_path / "dash-cache-none" / "dashboard").iterdir())) == 1  # written by that load
