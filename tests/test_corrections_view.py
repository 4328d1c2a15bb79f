"""The Correct events view in the app, driven headlessly: each kind of correction (merge,
split, move, rename) is recorded under the analyst's name and applied at once by a re-analysis
that every view then shows; a correction can be withdrawn; corrections.csv is offered; in a
team deployment only admins correct."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from stance.schema import CORRECTION_COLUMNS
from stance.store import Store
from stance.store.analysis import load_results
from stance.store.corrections import all_corrections
from tests.app_helpers import (  # noqa: F401 - fixtures
    APP,
    downloads,
    restart_snapshot,
    run,
    served_on_this_computer,
    use_db,
)
from tests.test_corrections_pipeline import build_two_meetings

CALDERA = frozenset({"Northern Wire", "Eastern Ledger"})
SELIN = frozenset({"Harbor Post", "Valley Times"})


@pytest.fixture(scope="module")
def base_db(tmp_path_factory) -> Path:
    return build_two_meetings(tmp_path_factory.mktemp("corrections_view"))


@pytest.fixture()
def db(base_db, tmp_path, monkeypatch) -> Path:
    return use_db(tmp_path / "stance.db", monkeypatch, source=base_db)


def _open(name: str = "ana") -> AppTest:
    at = run("corrections", timeout=120)
    at.text_input(key="cor_name").input(name).run()
    return at


def _events(db: Path) -> dict[frozenset[str], tuple[str, str]]:
    res = load_results(Store(db))
    outlet = dict(zip(res.articles["article_id"], res.articles["outlet"], strict=True))
    return {frozenset(outlet[a] for a in ids.split()): (eid, label)
            for eid, label, ids in zip(res.events["event_id"], res.events["label"], res.events["article_ids"],
                                       strict=True)}


def _event_id(db: Path, outlets: frozenset[str]) -> str:
    return _events(db)[outlets][0]


def _article(db: Path, outlet: str) -> str:
    res = load_results(Store(db))
    return res.articles.loc[res.articles["outlet"] == outlet, "article_id"].iloc[0]


def _saved(at: AppTest) -> AppTest:
    at.button(key="cor_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(s.value.startswith("Re-analysed: ") for s in at.success)
    return at


def test_merge_is_recorded_and_applied_at_once(db):
    at = _open()
    assert at.subheader[0].value == "Correct events" and at.button(key="cor_save").disabled is False
    at.radio(key="cor_kind").set_value("merge").run()
    at.selectbox(key="cor_merge_from").select(_event_id(db, SELIN)).run()
    at.selectbox(key="cor_merge_into").select(_event_id(db, CALDERA)).run()
    at.text_input(key="cor_merge_label").input("Spring round")
    at.text_input(key="cor_note").input("one diplomatic week")
    _saved(at)
    assert {k: v[1] for k, v in _events(db).items()} == {CALDERA | SELIN: "Spring round"}
    (c,) = all_corrections(Store(db))
    assert (c.analyst, c.kind, c.label, c.note) == ("ana", "merge", "Spring round", "one diplomatic week")
    table = at.dataframe[0].value
    assert table["status"].tolist() == ["applied"] and table["kind"].tolist() == ["merge"]
    assert "Harbor Post" in table["articles"].iloc[0] and "Northern Wire" in table["into"].iloc[0]
    # the other views read the corrected events: the sidebar's event list has one event
    at.session_state["view"] = "event"
    at.run()
    options = at.sidebar.selectbox[0].options
    assert not at.exception and len(options) == 1 and options[0].startswith("Spring round")


def test_split_move_and_rename_each_apply(db):
    at = _open()
    at.radio(key="cor_kind").set_value("split").run()
    at.selectbox(key="cor_split_event").select(_event_id(db, CALDERA)).run()
    assert at.button(key="cor_save").disabled  # nothing chosen yet
    at.multiselect(key="cor_split_articles").select(_article(db, "Eastern Ledger")).run()
    at.text_input(key="cor_split_label").input("Ledger's account")
    _saved(at)
    assert _events(db)[frozenset({"Eastern Ledger"})][1] == "Ledger's account"

    at.radio(key="cor_kind").set_value("move").run()
    at.selectbox(key="cor_move_article").select(_article(db, "Valley Times")).run()
    at.selectbox(key="cor_move_into").select(_event_id(db, frozenset({"Northern Wire"}))).run()
    _saved(at)
    assert set(_events(db)) == {frozenset({"Northern Wire", "Valley Times"}), frozenset({"Eastern Ledger"}),
                                frozenset({"Harbor Post"})}

    at.radio(key="cor_kind").set_value("rename").run()
    at.selectbox(key="cor_rename_event").select(_event_id(db, frozenset({"Harbor Post"}))).run()
    at.text_input(key="cor_rename_label").input("Port Selin summit").run()
    _saved(at)
    assert _events(db)[frozenset({"Harbor Post"})][1] == "Port Selin summit"
    assert "Port Selin summit" in set(pd.read_feather(restart_snapshot(db) / "events.arrow")["label"])  # what a restarted server reads
    assert [c.kind for c in all_corrections(Store(db))] == ["split", "move", "rename"]
    assert at.dataframe[0].value["status"].tolist() == ["applied"] * 3


def test_a_correction_can_be_withdrawn_and_is_downloadable(db, downloads):  # noqa: F811
    served = downloads
    machine = _events(db)[SELIN][1]
    at = _open()
    at.radio(key="cor_kind").set_value("rename").run()
    at.selectbox(key="cor_rename_event").select(_event_id(db, SELIN)).run()
    at.text_input(key="cor_rename_label").input("=Port Selin summit").run()
    _saved(at)
    sheet = pd.read_csv(io.BytesIO(served["corrections.csv"]), keep_default_na=False)
    assert list(sheet.columns) == CORRECTION_COLUMNS
    assert sheet["label"].tolist() == ["'=Port Selin summit"] and sheet["analyst"].tolist() == ["ana"]
    at.button(key="cor_withdraw").click().run()
    assert not at.exception
    assert all_corrections(Store(db)) == [] and _events(db)[SELIN][1] == machine


AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-secret",
        "client_id": "stance", "client_secret": "x",
        "server_metadata_url": "https://id.example.org/.well-known/openid-configuration"}
ACCESS = {"admins": ["boss@example.org"], "annotators": ["ana@example.org"]}


def test_only_admins_correct_in_a_team_deployment(db):
    def team(email: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.secrets["auth"], at.secrets["access"] = AUTH, ACCESS
        at.user = {"is_logged_in": True, "email": email, "name": email.split("@")[0]}
        at.session_state["view"] = "corrections"
        return at.run()

    ana = team("ana@example.org")  # an annotator is not offered the view: it needs the admin's right
    assert not ana.exception and "cor_save" not in [b.key for b in ana.button]
    assert not [r for r in ana.radio if r.key == "cor_kind"]
    boss = team("boss@example.org")
    assert not [w for w in boss.text_input if w.key == "cor_name"]  # the signed-in email, never a typed name
    boss.radio(key="cor_kind").set_value("rename").run()
    boss.text_input(key="cor_rename_label").input("Renamed by the admin").run()
    _saved(boss)
    assert [(c.analyst, c.kind) for c in all_corrections(Store(db))] == [("boss@example.org", "rename")]
