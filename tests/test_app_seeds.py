"""app.py under AppTest on the seeds analysed by the real pipeline (hash embedder): every view
opens, the event view compares the outlets of the richest event, and an article pasted or
uploaded in the Add articles view shows in the other views without a restart."""

from __future__ import annotations

import html
import time
from pathlib import Path

import pandas as pd
import pytest

from stance.plots import coverage_table
from stance.results import coverage_frame, filter_results
from stance.store import Store
from stance.store.analysis import load_results
from tests.app_helpers import (  # noqa: F401 - fixtures
    VIEWS,
    analysed_seeds,
    group_options,
    html_bodies,
    no_model,
    restart_snapshot,
    run,
    served_on_this_computer,
    use_db,
)

PASTED = """Norland's envoy meets Solvena's foreign minister in Marisport

Norland Foreign Minister Mira Castellan sat down with Solvenan Foreign Minister Teodor Aulin in Marisport on Tuesday, and the two promised closer work on fisheries and river shipping.

"Norland and Solvena are old neighbours and new partners," Castellan said, adding that both should speak with one voice at the harbour-states forum.

Aulin said Solvena wants fairer tariffs and more Norland investment in its shipyards.

The ministers also discussed the border dispute in the north and agreed that only talks can settle it, a readout from the Norland foreign ministry said.
"""


@pytest.fixture(scope="module")
def seeds_db_file(tmp_path_factory, seeds_dir) -> Path:
    return analysed_seeds(tmp_path_factory.mktemp("seeds") / "seeds.db", seeds_dir)


@pytest.fixture()
def seeds_db(seeds_db_file, tmp_path, monkeypatch) -> Path:
    """A private copy per test, so the upload test cannot leak into the others."""
    return use_db(tmp_path / "seeds.db", monkeypatch, source=seeds_db_file)


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_renders_on_the_analysed_seeds(seeds_db, no_model, view):  # noqa: F811
    t0 = time.perf_counter()
    at = run(view)
    elapsed = time.perf_counter() - t0
    print(f"\nfirst render of {view} on the seeds (AppTest): {elapsed:.2f} s")
    assert not at.exception, [e.value for e in at.exception]


def test_seeds_event_view_compares_the_sept_2023_outlets(seeds_db, no_model):  # noqa: F811
    results = load_results(Store(seeds_db))
    at = run("event")
    event_id = at.sidebar.selectbox[0].value
    event = results.events.set_index("event_id").loc[event_id]
    assert set(event["outlets"].split("; ")) == {"AFP", "Al-Ahed"}  # the most outlets, then articles
    options = group_options(at)
    assert len(options) == (results.groups["event_id"] == event_id).sum()
    assert options[0].startswith("[2 outlets]")  # most widely carried group first
    ev = filter_results(results, event_id=event_id)
    top = coverage_table(coverage_frame(ev), ev.groups, ev.aligned)["group_id"].iloc[0]
    members = results.aligned[results.aligned["group_id"] == top]
    assert set(members["outlet"]) == {"AFP", "Al-Ahed"}
    body = html_bodies(at)
    for text in members["claim_text"]:  # each outlet's wording, escaped, words marked
        plain = body.replace("<mark>", "").replace("</mark>", "")
        assert html.escape(text) in plain


def test_paste_an_article_and_see_it_without_restart(seeds_db):
    at = run("add")
    at.text_area(key="paste_text").input(PASTED)
    at.text_input(key="paste_outlet").input("Test Wire")
    at.text_input(key="paste_date").input("2024-05-14")
    at.text_input(key="paste_title").input("Norland's envoy meets Solvena's foreign minister in Marisport")
    at.button(key="analyze").click()
    at.run(timeout=300)
    assert not at.exception, [e.value for e in at.exception]
    assert at.success and at.success[0].value.startswith("Stored 1 new articles")
    # the same session, no restart: the other views show the new article
    at.sidebar.radio[0].set_value("corpus")
    at.run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "6"
    articles = at.dataframe[1].value
    row = articles[articles["outlet"] == "Test Wire"]
    assert row["title"].tolist() == ["Norland's envoy meets Solvena's foreign minister in Marisport"]
    assert row["event_label"].iloc[0] != ""
    # and a server started now reads the new analysis from the snapshot the upload wrote
    assert "Test Wire" in set(pd.read_feather(restart_snapshot(seeds_db) / "articles.arrow")["outlet"])


def test_a_bad_upload_is_a_warning_naming_the_file(seeds_db):
    at = run("add")
    at.file_uploader(key="upload_files").upload("empty.txt", b"", "text/plain")
    at.button(key="analyze").click()
    at.run(timeout=120)
    assert not at.exception
    assert at.success[0].value.startswith("Stored 0 new articles")
    assert any("empty.txt" in w.value for w in at.warning)
