"""The dashboard driven headlessly with streamlit's AppTest, on an analysed store modelled on the
seeds (see tests/dashboard_db.py), plus the safe-text helpers the views rely on."""

from __future__ import annotations

import html
import io
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from stance.dashboard.filters import default_event
from stance.dashboard.text import (
    highlight_html,
    link_html,
    mark_value_html,
    md_escape,
    safe_url,
)
from stance.framing.diff import changed_tokens, closest
from stance.plots import coverage_table
from stance.results import coverage_frame, filter_results
from stance.schema import ALIGNED_COLUMNS, DISCREPANCY_COLUMNS, FRAMING_COLUMNS
from stance.store import Store
from stance.store.analysis import load_results
from tests.dashboard_db import E1, E2, build_seed_store, build_store

APP = Path(__file__).resolve().parents[1] / "app.py"
VIEWS = ["event", "corpus", "framing", "discrepancies", "talking_points", "speaker", "search", "help", "add",
         "export", "annotate"]


@pytest.fixture(autouse=True)
def _served_on_this_computer():
    """The app as `.streamlit/config.toml` starts it (127.0.0.1), whatever folder pytest runs
    from: on an open address without sign-in it would hide upload and annotation."""
    with patch_config_options({"server.address": "127.0.0.1"}):
        yield


@pytest.fixture()
def db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "dash.db"
    build_store(path).close()
    monkeypatch.setenv("STANCE_DB_PATH", str(path))
    monkeypatch.setenv("STANCE_EMBED_BACKEND", "hash")
    return path


@pytest.fixture()
def no_model(monkeypatch):
    """Loading the embedder during a render is a bug (first render must not load models)."""
    import stance.embed

    def boom(*a, **k):
        raise AssertionError("the embedding model was loaded during a render")

    monkeypatch.setattr(stance.embed, "get_embedder", boom)


def run(view: str, **state) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["view"] = view
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


def html_bodies(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.html)


def group_options(at: AppTest) -> list[str]:
    box = next(s for s in at.selectbox if s.label.startswith("Claim group"))
    return list(box.options)


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_renders_without_exception(db, no_model, view):
    at = run(view)
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.radio[0].value == view
    if view != "annotate":  # the annotation view is H5's and titles itself
        assert len(at.subheader) >= 1


def test_event_view_defaults_to_the_event_with_most_outlets(db, no_model):
    at = run("event")
    assert at.sidebar.selectbox[0].value == E2
    assert "Lavrov talks" in at.subheader[0].value
    assert len(at.get("plotly_chart")) == 1
    # the side-by-side of the default group: both outlets' wording, differences marked
    body = html_bodies(at)
    assert "Wang Yi" in body and "<mark>" in body


def test_side_by_side_shows_both_outlets_wording_of_the_neutral_party_group(db, no_model):
    at = run("event")
    box = next(s for s in at.selectbox if s.label.startswith("Claim group"))
    box.select_index(next(i for i, o in enumerate(box.options) if "refrained from taking sides" in o))
    at.run()
    body = html_bodies(at)
    assert "refrained from taking sides" in body
    assert "position itself as a neutral party" in body
    assert "<mark>" in body
    markdown = " ".join(m.value for m in at.markdown)
    assert "Al-Ahed" in markdown and "AFP" in markdown and "Example Daily" in markdown


def test_article_text_is_escaped_in_the_side_by_side(db, no_model):
    at = run("event")
    box = next(s for s in at.selectbox if s.label.startswith("Claim group"))
    box.select_index(next(i for i, o in enumerate(box.options) if "coordinate their efforts" in o))
    at.run()
    body = html_bodies(at)
    assert "&lt;b&gt;and other forums&lt;/b&gt;" in body
    assert "<b>and other forums" not in body


def test_filters_narrow_the_event_view(db, no_model):
    at = run("event")
    all_groups = group_options(at)
    assert len(all_groups) == 5
    at.sidebar.multiselect(key="f_sides").select("Russia")
    at.run()
    only = group_options(at)
    assert len(only) == 1 and "coordinate their efforts" in only[0]
    at.sidebar.multiselect(key="f_sides").unselect("Russia")
    at.sidebar.multiselect(key="f_stances").select("contested")
    at.run()
    assert [o for o in group_options(at)] == [o for o in all_groups if "refrained from taking sides" in o]


def test_text_search_narrows_and_switching_event_changes_the_matrix(db, no_model):
    at = run("event")
    at.sidebar.text_input(key="f_text").input("security consultations")
    at.run()
    opts = group_options(at)
    assert len(opts) == 1 and "Security Consultations" in opts[0]
    at.sidebar.text_input(key="f_text").input("")
    at.sidebar.selectbox(key="event").select(E1)
    at.run()
    assert "Putin" in at.subheader[0].value
    assert len(group_options(at)) == 3


@pytest.fixture()
def downloads(monkeypatch) -> dict[str, bytes]:
    """Capture what each download button would serve (by file name)."""
    served: dict[str, bytes] = {}
    real = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes) and filename:
            served[filename] = path_or_data
        return real(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return served


def test_export_serves_the_filtered_csv_files(db, no_model, downloads):
    at = run("export")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["aligned_claims.csv", "articles.csv", "claims.csv", "events.csv", "framing.csv",
                      "discrepancies.csv", "manifest.json"]
    aligned = pd.read_csv(io.BytesIO(downloads["aligned_claims.csv"]), keep_default_na=False)
    assert list(aligned.columns) == ALIGNED_COLUMNS
    assert set(aligned["event_id"]) == {E2} and len(aligned) == 10
    assert list(pd.read_csv(io.BytesIO(downloads["framing.csv"])).columns) == FRAMING_COLUMNS
    disc = pd.read_csv(io.BytesIO(downloads["discrepancies.csv"]), keep_default_na=False)
    assert list(disc.columns) == DISCREPANCY_COLUMNS and disc["kind"].tolist() == ["number"]

    downloads.clear()
    at.sidebar.multiselect(key="f_outlets").select("AFP")
    at.run()
    aligned = pd.read_csv(io.BytesIO(downloads["aligned_claims.csv"]), keep_default_na=False)
    assert set(aligned["outlet"]) == {"AFP"} and len(aligned) == 5
    framing = pd.read_csv(io.BytesIO(downloads["framing.csv"]), keep_default_na=False)
    assert set(framing["outlet"]) == {"AFP"}

    downloads.clear()
    at.toggle(key="export_all").set_value(True)
    at.run()
    aligned = pd.read_csv(io.BytesIO(downloads["aligned_claims.csv"]), keep_default_na=False)
    assert set(aligned["event_id"]) == {E2}  # AFP reported only the Sept 2023 talks
    at.sidebar.multiselect(key="f_outlets").unselect("AFP")
    at.run()
    aligned = pd.read_csv(io.BytesIO(downloads["aligned_claims.csv"]), keep_default_na=False)
    assert set(aligned["event_id"]) == {E1, E2} and len(aligned) == 14


def test_downloads_come_with_a_manifest_of_exactly_those_files(db, no_model, downloads):
    import hashlib
    import json

    at = run("export")
    at.sidebar.multiselect(key="f_outlets").select("AFP")
    at.run()
    doc = json.loads(downloads["manifest.json"])
    served = {o["file"]: o for o in doc["outputs"]}
    assert set(served) == {"aligned_claims.csv", "articles.csv", "claims.csv", "events.csv", "framing.csv",
                           "discrepancies.csv"}
    for name, o in served.items():
        assert o["sha256"] == hashlib.sha256(downloads[name]).hexdigest()
    assert served["aligned_claims.csv"]["rows"] == 5  # the AFP claims of the event
    assert doc["scope"]["filters"]["outlets"] == ["AFP"] and doc["scope"]["filters"]["event_id"] == E2
    assert doc["command"]["name"] == "dashboard download"
    assert doc["counts"]["stored"]["articles"] == 5 and doc["articles"]["count"] >= 1
    assert {"align", "source"} <= set(doc["thresholds"]) and doc["settings"]["db_path"] == str(db)
    assert doc["model"]["backend_setting"] == "hash" and doc["started_at"] <= doc["finished_at"]
    # the event view's downloads carry one too
    downloads.clear()
    at.sidebar.radio[0].set_value("event")
    at.run()
    assert "manifest.json" in downloads


def test_discrepancies_view_shows_both_claims_with_the_values_marked(db, no_model):
    at = run("discrepancies")
    body = html_bodies(at)
    assert "<mark>18th</mark>" in body and "<mark>9th</mark>" in body


def test_corpus_view_marks_syndicated_copies(db, no_model):
    at = run("corpus")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "5" and metrics["Syndicated copies"] == "1"
    articles = at.dataframe[1].value
    copy = articles[articles["publisher"] == "Example Daily"]
    assert copy["copy_of"].iloc[0].startswith("AFP: Chinese FM Wang Yi to visit Russia")
    assert (articles[articles["publisher"] != "Example Daily"]["copy_of"] == "").all()


def test_framing_view_compares_outlets_side_by_side(db, no_model):
    at = run("framing")
    assert len(at.get("plotly_chart")) == 3
    frames = [d.value for d in at.dataframe]
    # the profiles side by side: one column per outlet, human names, each number with its n
    profile = next(f for f in frames if list(f.columns[:2]) == ["what", "value"])
    assert list(profile.columns) == ["what", "value", "AFP", "Al-Ahed"]
    rows = {(w, v): r for w, v, *r in profile.itertuples(index=False)}
    assert rows[("type", "")] == ["wire", "state media"]
    assert rows[("terms chosen", "ukraine war: war")] == ["1 claim *", ""]  # not "ukraine_war=war"
    assert rows[("background share", "background")] == ["35% (0 of 0) *", "20% (0 of 0) *"]
    assert not any("_" in w for w, _ in rows)  # no raw names ("background_share")
    lists = [f for f in frames if list(f.columns[:2]) == ["outlet", "claim"]]
    lede, only_here, omits = lists
    assert lede.set_index("outlet").loc["AFP", "claim"].startswith("China's top diplomat Wang Yi will begin")
    assert set(only_here["outlet"]) == {"Al-Ahed"} and len(only_here) == 2  # the UNGA and third-party lines
    assert any("General Assembly" in t for t in only_here["claim"])
    assert (omits["outlet"] == "AFP").sum() == 2
    assert any("coordinate their efforts" in t for t in omits[omits["outlet"] == "AFP"]["claim"])
    headings = " ".join(m.value for m in at.markdown)
    assert "**Only this outlet says** (AFP: 0, Al-Ahed: 2)" in headings


def test_talking_points_view_lists_the_recurring_line(db, no_model):
    at = run("talking_points")
    table = at.dataframe[0].value
    assert table["events"].tolist() == [2] and table["n"].tolist() == [2]
    assert set(table["outlets"].iloc[0].split("; ")) == {"Al-Ahed", "Chinese Foreign Ministry"}


def test_a_write_by_another_process_shows_on_the_next_rerun(db, no_model):
    """Results are cached on a fingerprint of the stored analysis, not forever."""
    at = run("corpus")
    assert {m.label: m.value for m in at.metric}["Articles"] == "5"
    at.run()
    store = Store(db)
    with store.transaction() as conn:
        conn.execute("INSERT INTO articles(article_id, source, outlet, published, n_chars, text) "
                     "VALUES (?, ?, ?, ?, ?, ?)", ("a-new", "new.txt", "TASS", "2023-09-18", 5, "text."))
    store.close()
    at.run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "6"


def test_empty_database_says_what_to_do(tmp_path, monkeypatch, no_model):
    monkeypatch.setenv("STANCE_DB_PATH", str(tmp_path / "empty.db"))
    at = run("event")
    assert not at.exception
    assert "No analysed articles yet" in at.info[0].value
    at.sidebar.radio[0].set_value("add")
    at.run()
    assert not at.exception and at.subheader[0].value == "Add articles"


def test_a_file_that_is_not_a_database_gets_a_message(tmp_path, monkeypatch, no_model):
    bad = tmp_path / "notes.db"
    bad.write_text("not sqlite at all " * 200)
    monkeypatch.setenv("STANCE_DB_PATH", str(bad))
    at = run("event")
    assert not at.exception
    assert "notes.db: not a stance database" in at.error[0].value.replace("\\", "")


# -- on the seeds, analysed by the real pipeline (hash embedder) -----------------------------------

PASTED = """Wang Yi meets Brazil's foreign minister in Brasilia

Chinese Foreign Minister Wang Yi held talks with Brazilian Foreign Minister Mauro Vieira in Brasilia on Tuesday, and both sides pledged to deepen cooperation in trade and climate.

"China and Brazil are comprehensive strategic partners," Wang said, adding that the two countries should coordinate closely within BRICS.

Vieira said Brazil wants balanced trade and more Chinese investment in its industry.

The two ministers also exchanged views on the Ukraine crisis and agreed that dialogue is the only way out, according to a statement from the Chinese foreign ministry.
"""


@pytest.fixture(scope="module")
def seeds_db_file(tmp_path_factory, seeds_dir) -> Path:
    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    store, report = build_seed_store(path, seeds_dir)
    assert report.n_articles == 5, report.problems
    store.close()
    return path


@pytest.fixture()
def seeds_db(seeds_db_file, tmp_path, monkeypatch) -> Path:
    """A private copy per test, so the upload test cannot leak into the others."""
    path = tmp_path / "seeds.db"
    shutil.copy(seeds_db_file, path)
    monkeypatch.setenv("STANCE_DB_PATH", str(path))
    monkeypatch.setenv("STANCE_EMBED_BACKEND", "hash")
    return path


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_renders_on_the_analysed_seeds(seeds_db, no_model, view):
    t0 = time.perf_counter()
    at = run(view)
    elapsed = time.perf_counter() - t0
    print(f"\nfirst render of {view} on the seeds (AppTest): {elapsed:.2f} s")
    assert not at.exception, [e.value for e in at.exception]


def test_seeds_event_view_compares_the_sept_2023_outlets(seeds_db, no_model):
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
    at.text_input(key="paste_title").input("Wang Yi meets Brazil's foreign minister in Brasilia")
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
    assert row["title"].tolist() == ["Wang Yi meets Brazil's foreign minister in Brasilia"]
    assert row["event_label"].iloc[0] != ""


def test_a_bad_upload_is_a_warning_naming_the_file(seeds_db):
    at = run("add")
    at.file_uploader(key="upload_files").upload("empty.txt", b"", "text/plain")
    at.button(key="analyze").click()
    at.run(timeout=120)
    assert not at.exception
    assert at.success[0].value.startswith("Stored 0 new articles")
    assert any("empty.txt" in w.value for w in at.warning)


# -- safe text helpers -----------------------------------------------------------------------------


def test_highlight_marks_only_differing_words_and_escapes_everything():
    out = highlight_html('China has refrained from taking sides in the <script>x</script> "conflict"',
                         "China has sought to position itself as neutral in the \u201cconflict\u201d")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert out.startswith("China has <mark>refrained from taking sides</mark> in the")
    assert "conflict" in out and "<mark>&quot;conflict" not in out  # quote style is no difference


def test_highlight_keeps_hyphenated_words_whole():
    out = highlight_html("The two sides exchanged in-depth views on the Ukraine issue.",
                         "The two sides exchanged views on the Ukraine situation, the statement said.")
    assert out == "The two sides exchanged <mark>in-depth</mark> views on the Ukraine <mark>issue</mark>."


def test_closest_wording_is_the_reference_for_highlighting():
    cands = ["China and Russia are strategic allies with a no limits partnership.",
             "China has sought to position itself as a neutral party on the Ukraine war."]
    assert closest("China has refrained from taking sides on the Ukraine war.", cands) == cands[1]
    assert closest("anything", []) == ""


def test_changed_tokens_round_trip_and_ignore_case():
    text = "Wang Yi HELD talks in Moscow."
    toks = changed_tokens(text, "wang yi held talks in St Petersburg.")
    assert "".join(t for _, t in toks) == text
    assert [t for c, t in toks if c and not t.isspace()] == ["Moscow"]


def test_links_only_for_plain_web_addresses():
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url("data:text/html,<b>") == ""
    assert safe_url("https://www.afp.com/x") == "https://www.afp.com/x"
    assert link_html("javascript:alert(1)", "<AFP>") == "&lt;AFP&gt;"
    assert 'href="https://www.afp.com/x"' in link_html("https://www.afp.com/x", "AFP")


def test_mark_value_is_literal_and_escaped():
    assert mark_value_html("the 18th (a+b) round <i>", "(a+b)") == "the 18th <mark>(a+b)</mark> round &lt;i&gt;"


def test_markdown_labels_cannot_inject_links_or_markup():
    assert md_escape("[click](javascript:x) <b>") == "\\[click\\](javascript:x) \\<b\\>"
    assert md_escape("- not a list") == "\\- not a list"
    assert md_escape("18. round") == "18\\. round"
    assert md_escape("Al-Ahed") == "Al-Ahed"


def test_default_event_prefers_more_outlets_then_more_articles():
    events = pd.DataFrame({
        "event_id": ["a", "b", "c"], "outlets": ["X; Y", "X; Y; Z", "X"], "n_articles": [5, 3, 9],
        "start": ["2024-01-01", "2023-01-01", "2025-01-01"],
    })
    assert default_event(events) == "b"
    assert default_event(events.assign(outlets=["X; Y", "X; Y", "X"])) == "a"
    assert default_event(events.iloc[0:0]) == ""
