"""app.py driven headlessly with streamlit's AppTest on a small, made-up analysed store (see
tests/dashboard_db.py): every view opens, results follow the stored analysis, and a missing or
foreign database gets a message instead of a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from stance.store import Store
from tests.app_helpers import APP, VIEWS, db, no_model, run, served_on_this_computer  # noqa: F401 - fixtures


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_renders_without_exception(db, no_model, view):  # noqa: F811
    at = run(view)
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.radio[0].value == view
    if view != "annotate":  # the annotation view is H5's and titles itself
        assert len(at.subheader) >= 1


def test_a_write_by_another_process_shows_on_the_next_rerun(db, no_model):  # noqa: F811
    """Results are cached on a fingerprint of the stored analysis, not forever."""
    at = run("corpus")
    assert {m.label: m.value for m in at.metric}["Articles"] == "5"
    at.run()
    store = Store(db)
    with store.transaction() as conn:
        conn.execute("INSERT INTO articles(article_id, source, outlet, published, n_chars, text) "
                     "VALUES (?, ?, ?, ?, ?, ?)", ("a-new", "new.txt", "Gull Bay Radio", "2024-06-11", 5, "text."))
    store.close()
    at.run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "6"


def test_empty_database_says_what_to_do(tmp_path, monkeypatch, no_model):  # noqa: F811
    monkeypatch.setenv("STANCE_DB_PATH", str(tmp_path / "empty.db"))
    at = run("event")
    assert not at.exception
    assert "No analysed articles yet" in at.info[0].value
    at.sidebar.radio[0].set_value("add")
    at.run()
    assert not at.exception and at.subheader[0].value == "Add articles"


def test_a_file_that_is_not_a_database_gets_a_message(tmp_path, monkeypatch, no_model):  # noqa: F811
    bad = tmp_path / "notes.db"
    bad.write_text("not sqlite at all " * 200)
    monkeypatch.setenv("STANCE_DB_PATH", str(bad))
    at = run("event")
    assert not at.exception
    assert "notes.db: not a stance database" in at.error[0].value.replace("\\", "")


FIRST_VIEW_SCRIPT = """
import json, sys
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options
with patch_config_options({"server.address": "127.0.0.1"}):
    at = AppTest.from_file(sys.argv[1], default_timeout=120).run()
print(json.dumps({"problems": [str(e.value) for e in at.exception], "modules": sorted(sys.modules)}))
"""
# what the event view (the first view) must not import: the analysis stack and the other views
NOT_AT_FIRST_VIEW = ("stance.embed", "stance.nlp", "stance.claims", "stance.framing", "stance.pipeline",
                     "stance.ingest", "sklearn", "torch", "spacy", "sentence_transformers",
                     "stance.dashboard.corpus_view", "stance.dashboard.framing_view",
                     "stance.dashboard.speaker_view", "stance.dashboard.search_view",
                     "stance.dashboard.upload_view", "stance.dashboard.annotate_view",
                     "stance.dashboard.talking_points_view", "stance.dashboard.discrepancies_view")


def test_the_first_view_imports_neither_the_analysis_nor_the_other_views(db):  # noqa: F811
    """A fresh process drawing the event view loads only what it draws (checked in a new
    process: this one has imported everything already)."""
    root = APP.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-c", FIRST_VIEW_SCRIPT, str(APP)], capture_output=True, text=True,
                          timeout=300, cwd=root, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["problems"] == []
    assert "stance.dashboard.event_view" in out["modules"]
    loaded = [m for m in out["modules"] if any(m == n or m.startswith(n + ".") for n in NOT_AT_FIRST_VIEW)]
    assert loaded == []
