"""The dashboard driven headlessly with streamlit's AppTest, on a small, made-up analysed store
(see tests/dashboard_db.py), plus the safe-text helpers the views rely on."""

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
    assert "Valesk talks" in at.subheader[0].value
    assert len(at.get("plotly_chart")) == 1
    # the side-by-side of the default group: both outlets' wording, differences marked
    body = html_bodies(at)
    assert "Mira Castellan" in body and "<mark>" in body


def test_side_by_side_shows_both_outlets_wording_of_the_impartial_broker_group(db, no_model):
    at = run("event")
    box = next(s for s in at.selectbox if s.label.startswith("Claim group"))
    box.select_index(next(i for i, o in enumerate(box.options) if "kept out of either camp" in o))
    at.run()
    body = html_bodies(at)
    assert "kept out of either camp" in body
    assert "present itself as an impartial broker" in body
    assert "<mark>" in body
    markdown = " ".join(m.value for m in at.markdown)
    assert "Lantern" in markdown and "Halden" in markdown and "Quay Daily" in markdown


def test_article_text_is_escaped_in_the_side_by_side(db, no_model):
    at = run("event")
    box = next(s for s in at.selectbox if s.label.startswith("Claim group"))
    box.select_index(next(i for i, o in enumerate(box.options) if "line up their positions" in o))
    at.run()
    body = html_bodies(at)
    assert "&lt;b&gt;and at later venues&lt;/b&gt;" in body
    assert "<b>and at later venues" not in body


def test_filters_narrow_the_event_view(db, no_model):
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


def test_text_search_narrows_and_switching_event_changes_the_matrix(db, no_model):
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
    at.sidebar.multiselect(key="f_outlets").select("Halden")
    at.run()
    aligned = pd.read_csv(io.BytesIO(downloads["aligned_claims.csv"]), keep_default_na=False)
    assert set(aligned["outlet"]) == {"Halden"} and len(aligned) == 5
    framing = pd.read_csv(io.BytesIO(downloads["framing.csv"]), keep_default_na=False)
    assert set(framing["outlet"]) == {"Halden"}

    downloads.clear()
    at.toggle(key="export_all").set_value(True)
    at.run()
    aligned = pd.read_csv(io.BytesIO(downloads["aligned_claims.csv"]), keep_default_na=False)
    assert set(aligned["event_id"]) == {E2}  # the wire reported only the June talks
    at.sidebar.multiselect(key="f_outlets").unselect("Halden")
    at.run()
    aligned = pd.read_csv(io.BytesIO(downloads["aligned_claims.csv"]), keep_default_na=False)
    assert set(aligned["event_id"]) == {E1, E2} and len(aligned) == 14


def test_downloads_come_with_a_manifest_of_exactly_those_files(db, no_model, downloads):
    import hashlib
    import json

    at = run("export")
    at.sidebar.multiselect(key="f_outlets").select("Halden")
    at.run()
    doc = json.loads(downloads["manifest.json"])
    served = {o["file"]: o for o in doc["outputs"]}
    assert set(served) == {"aligned_claims.csv", "articles.csv", "claims.csv", "events.csv", "framing.csv",
                           "discrepancies.csv"}
    for name, o in served.items():
        assert o["sha256"] == hashlib.sha256(downloads[name]).hexdigest()
    assert served["aligned_claims.csv"]["rows"] == 5  # the wire's claims of the event
    assert doc["scope"]["filters"]["outlets"] == ["Halden"] and doc["scope"]["filters"]["event_id"] == E2
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
    assert "<mark>12th</mark>" in body and "<mark>7th</mark>" in body


def test_corpus_view_marks_syndicated_copies(db, no_model):
    at = run("corpus")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "5" and metrics["Syndicated copies"] == "1"
    articles = at.dataframe[1].value
    copy = articles[articles["publisher"] == "Quay Daily"]
    assert copy["copy_of"].iloc[0].startswith("Halden: Norland FM Mira Castellan to visit Kestria")
    assert (articles[articles["publisher"] != "Quay Daily"]["copy_of"] == "").all()


def test_framing_view_compares_outlets_side_by_side(db, no_model):
    at = run("framing")
    assert len(at.get("plotly_chart")) == 3
    frames = [d.value for d in at.dataframe]
    # the profiles side by side: one column per outlet, human names, each number with its n
    profile = next(f for f in frames if list(f.columns[:2]) == ["what", "value"])
    assert list(profile.columns) == ["what", "value", "Halden", "Lantern"]
    rows = {(w, v): r for w, v, *r in profile.itertuples(index=False)}
    assert rows[("type", "")] == ["wire", "state media"]
    assert rows[("terms chosen", "dispute label: war")] == ["1 claim *", ""]  # not "dispute_label=war"
    assert rows[("background share", "background")] == ["35% (0 of 0) *", "20% (0 of 0) *"]
    assert not any("_" in w for w, _ in rows)  # no raw names ("background_share")
    lists = [f for f in frames if list(f.columns[:2]) == ["outlet", "claim"]]
    lede, only_here, omits = lists
    assert lede.set_index("outlet").loc["Halden", "claim"].startswith("Norland's chief diplomat Mira Castellan will")
    assert set(only_here["outlet"]) == {"Lantern"} and len(only_here) == 2  # the summit and third-party lines
    assert any("harbour-states summit" in t for t in only_here["claim"])
    assert (omits["outlet"] == "Halden").sum() == 2
    assert any("line up their positions" in t for t in omits[omits["outlet"] == "Halden"]["claim"])
    headings = " ".join(m.value for m in at.markdown)
    assert "**Only this outlet says** (Halden: 0, Lantern: 2)" in headings


def test_talking_points_view_lists_the_recurring_line(db, no_model):
    at = run("talking_points")
    table = at.dataframe[0].value
    assert table["events"].tolist() == [2] and table["n"].tolist() == [2]
    assert set(table["outlets"].iloc[0].split("; ")) == {"Lantern", "Norland Foreign Ministry"}


def test_a_write_by_another_process_shows_on_the_next_rerun(db, no_model):
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

PASTED = """Norland's envoy meets Solvena's foreign minister in Marisport

Norland Foreign Minister Mira Castellan sat down with Solvenan Foreign Minister Teodor Aulin in Marisport on Tuesday, and the two promised closer work on fisheries and river shipping.

"Norland and Solvena are old neighbours and new partners," Castellan said, adding that both should speak with one voice at the harbour-states forum.

Aulin said Solvena wants fairer tariffs and more Norland investment in its shipyards.

The ministers also discussed the border dispute in the north and agreed that only talks can settle it, a readout from the Norland foreign ministry said.
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
    out = highlight_html('Norland has kept out of either camp in the <script>x</script> "dispute"',
                         "Norland has tried to look impartial in the \u201cdispute\u201d")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert out.startswith("Norland has <mark>kept out of either camp</mark> in the")
    assert "dispute" in out and "<mark>&quot;dispute" not in out  # quote style is no difference


def test_highlight_keeps_hyphenated_words_whole():
    out = highlight_html("The envoys held far-reaching talks on the river treaty.",
                         "The envoys held talks on the river dispute, the readout said.")
    assert out == "The envoys held <mark>far-reaching</mark> talks on the river <mark>treaty</mark>."


def test_closest_wording_is_the_reference_for_highlighting():
    cands = ["Norland and Kestria call each other partners without limits.",
             "Norland has tried to look impartial on the border war."]
    assert closest("Norland has kept out of either camp on the border war.", cands) == cands[1]
    assert closest("anything", []) == ""


def test_changed_tokens_round_trip_and_ignore_case():
    text = "Mira Castellan HELD talks in Brennick."
    toks = changed_tokens(text, "mira castellan held talks in Port Alder.")
    assert "".join(t for _, t in toks) == text
    assert [t for c, t in toks if c and not t.isspace()] == ["Brennick"]


def test_links_only_for_plain_web_addresses():
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url("data:text/html,<b>") == ""
    assert safe_url("https://news.example.com/x") == "https://news.example.com/x"
    assert link_html("javascript:alert(1)", "<Halden>") == "&lt;Halden&gt;"
    assert 'href="https://news.example.com/x"' in link_html("https://news.example.com/x", "Halden")


def test_mark_value_is_literal_and_escaped():
    assert mark_value_html("the 18th (a+b) round <i>", "(a+b)") == "the 18th <mark>(a+b)</mark> round &lt;i&gt;"


def test_markdown_labels_cannot_inject_links_or_markup():
    assert md_escape("[click](javascript:x) <b>") == "\\[click\\](javascript:x) \\<b\\>"
    assert md_escape("- not a list") == "\\- not a list"
    assert md_escape("18. round") == "18\\. round"
    assert md_escape("Kestrel-North") == "Kestrel-North"


def test_default_event_prefers_more_outlets_then_more_articles():
    events = pd.DataFrame({
        "event_id": ["a", "b", "c"], "outlets": ["X; Y", "X; Y; Z", "X"], "n_articles": [5, 3, 9],
        "start": ["2024-01-01", "2023-01-01", "2025-01-01"],
    })
    assert default_event(events) == "b"
    assert default_event(events.assign(outlets=["X; Y", "X; Y", "X"])) == "a"
    assert default_event(events.iloc[0:0]) == ""
