"""The garbage collector's run setting (`stance.pipeline_runtime`): in force while a run works,
the caller's thresholds back afterwards, whether the run ends well or raises."""

from __future__ import annotations

import gc
import threading

import pytest

from stance.config.settings import Settings
from stance.embed import HashEmbedder
from stance.pipeline import analyze
from stance.pipeline_runtime import RUN_GC_THRESHOLD, run_gc
from stance.store import Store

CALLER = (1234, 7, 9)  # a library user's own thresholds, unlike the default and the run's


@pytest.fixture
def caller_thresholds():
    old = gc.get_threshold()
    gc.set_threshold(*CALLER)
    yield
    gc.set_threshold(*old)


def test_a_run_collects_less_and_gives_the_thresholds_back(tmp_path, caller_thresholds):
    seen = []
    store = Store(tmp_path / "s.db")
    settings = Settings(db_path=str(tmp_path / "s.db"), embed_backend="hash")
    analyze([], store, settings, embedder=HashEmbedder(), progress=lambda stage, f: seen.append(gc.get_threshold()))
    assert seen and all(t == RUN_GC_THRESHOLD for t in seen)
    assert gc.get_threshold() == CALLER


def test_thresholds_come_back_when_the_run_raises(caller_thresholds):
    with pytest.raises(ValueError), run_gc():
        assert gc.get_threshold() == RUN_GC_THRESHOLD
        raise ValueError("stopped")
    assert gc.get_threshold() == CALLER


def test_overlapping_runs_restore_once_the_last_ends(caller_thresholds):
    inside, leave = threading.Event(), threading.Event()

    def other_run():
        with run_gc():
            inside.set()
            leave.wait(5)

    t = threading.Thread(target=other_run)
    with run_gc():
        t.start()
        inside.wait(5)
    assert gc.get_threshold() == RUN_GC_THRESHOLD  # the other run still works
    leave.set()
    t.join(5)
    assert gc.get_threshold() == CALLER


def test_the_dashboards_uploads_run_with_the_setting_too(tmp_path, caller_thresholds):
    from stance.pipeline import analyze_uploads

    seen = []
    store = Store(tmp_path / "u.db")
    settings = Settings(db_path=str(tmp_path / "u.db"), embed_backend="hash")
    analyze_uploads([], store, settings, embedder=HashEmbedder(),
                    progress=lambda stage, f: seen.append(gc.get_threshold()))
    assert seen and all(t == RUN_GC_THRESHOLD for t in seen)
    assert gc.get_threshold() == CALLER


def test_every_entry_point_of_a_run_takes_the_setting():
    """The CLI's ingestion, the corrections view's re-analysis and the Dask engine enter a run
    through these functions (their own calls are covered above for `analyze`)."""
    from stance.engine.run import analyze_dask
    from stance.pipeline import analyze_store, ingest_into

    for entry in (ingest_into, analyze_store, analyze_dask):
        assert hasattr(entry, "__wrapped__"), f"{entry.__name__} runs without run_gc"
