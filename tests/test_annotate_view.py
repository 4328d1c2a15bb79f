"""The annotation page driven headlessly: identify, start a session, answer, skip, resume,
adjudicate; each click must be in the database at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from annotate_data import make_store

from stance.annotate.agreement import item_labels
from stance.config.settings import Settings
from stance.store import Store
from stance.store import annotations as sa

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402
from streamlit.testing.v1.util import patch_config_options  # noqa: E402


@pytest.fixture(autouse=True)
def _served_on_this_computer():
    """The app as `.streamlit/config.toml` starts it (127.0.0.1), whatever folder pytest runs
    from: on an open address without sign-in it would hide upload and annotation."""
    with patch_config_options({"server.address": "127.0.0.1"}):
        yield


def _page(db_path: str) -> None:
    from stance.config.settings import Settings
    from stance.dashboard.annotate_view import render_annotation
    from stance.store import Store

    render_annotation(Store(db_path), Settings(align_threshold=0.6))


def _app(db: Path) -> AppTest:
    return AppTest.from_function(_page, args=(str(db),), default_timeout=60)


def _progress(at: AppTest) -> str:
    return at.get("progress")[0].proto.text


def _start(at: AppTest, name: str, event: str = "ev1") -> AppTest:
    at.text_input(key="ann_name").input(name).run()
    at.selectbox(key="ann_event").select(event).run()
    at.multiselect(key="ann_types").set_value(["membership", "stance"]).run()
    return at.button(key="ann_start").click().run()


def test_annotation_flow_writes_each_click(tmp_db: Path) -> None:
    make_store(tmp_db)  # members at similarity 0.61, 0.93, 0.72, 0.66 around threshold 0.6
    at = _app(tmp_db).run()
    assert not at.exception
    assert at.get("progress") == []  # nothing before a name is typed
    _start(at, "alice")
    assert not at.exception
    # 4 non-representative members + 6 framed claims = 10 items
    assert _progress(at) == "0 / 10"
    texts = [t.value for t in at.text]
    # least sure first: the member at 0.61 is nearest the threshold; text shown verbatim
    assert "Claim (State B): Member claim 0 <b>about</b> coordination." in texts
    assert "Group representative: China and Russia pledged closer coordination." in texts

    # a form sends its fields with the click, as in the browser
    note_box = [w for w in at.text_input if w.key.startswith("ann_note_")][0]
    note_box.input("different place")
    at.button(key="ann_btn_no").click().run()
    assert not at.exception
    store = Store(tmp_db)
    rows = sa.all_annotations(store)
    assert [(r.annotator, r.item_type, r.item_id, r.label, r.value, r.note, r.prediction)
            for r in rows] == [("alice", "membership", "g1:m0", "no", "0.6100",
                                "different place", "yes")]
    assert _progress(at) == "1 / 10"
    # next: the member at 0.66 (nearer the threshold than any uncued label is unsure); skip it
    assert "Claim (Paper C): Member claim 3 <b>about</b> coordination." in [t.value for t in at.text]
    at.button(key="ann_btn_skip").click().run()
    rows = sa.all_annotations(store)
    assert [(r.item_id, r.label) for r in rows] == [("g1:m0", "no"), ("g1:m3", "skip")]
    assert _progress(at) == "2 / 10"

    # a free framing observation on the event is stored as a note item
    at.text_area(key="ann_note_text").input("state media drops the Ukraine line")
    at.button(key="ann_note_save").click().run()
    note = sa.all_annotations(store)[-1]
    assert (note.item_type, note.item_id, note.label, note.note) == (
        "note", "ev1", "observation", "state media drops the Ukraine line")
    assert _progress(at) == "2 / 10"  # notes are not queue items

    # reopening the page (new browser session) resumes the same session where it stopped
    again = _app(tmp_db).run()
    _start(again, "alice")
    assert _progress(again) == "2 / 10"
    assert len(sa.list_sessions(store)) == 1
    # next come the uncued default stance labels (less sure than a member 0.12 above)
    again.button(key="ann_btn_asserted").click().run()
    last = sa.all_annotations(store)[-1]
    assert (last.item_type, last.label, last.prediction) == ("stance", "asserted", "asserted")
    assert _progress(again) == "3 / 10"


def test_second_analyst_and_adjudication(tmp_db: Path) -> None:
    store = make_store(tmp_db)
    at = _start(_app(tmp_db).run(), "alice")
    at.button(key="ann_btn_yes").click().run()
    bob = _start(_app(tmp_db).run(), "bob")
    assert _progress(bob) == "0 / 10"  # bob's own session, same order
    bob.button(key="ann_btn_no").click().run()
    labels = item_labels(store)
    assert labels[("membership", "g1:m0")].answers == {"alice": "yes", "bob": "no"}
    assert len({s["session_id"] for s in sa.list_sessions(store)}) == 2

    # the agreement tab lists the disagreement and settles it
    bob.run()
    assert any("g1:m0" in str(df.value.to_dict()) for df in bob.dataframe)
    bob.radio(key="ann_adj_label").set_value("partly")
    bob.button(key="ann_adj_save").click().run()
    assert not bob.exception
    last = sa.all_annotations(store)[-1]
    assert (last.annotator, last.item_id, last.label, last.adjudicated) == ("bob", "g1:m0",
                                                                           "partly", 1)
    assert item_labels(store)[("membership", "g1:m0")].resolved == "partly"


def test_speaker_item_keeps_the_typed_name(tmp_db: Path) -> None:
    make_store(tmp_db)
    at = _app(tmp_db).run()
    at.text_input(key="ann_name").input("alice").run()
    at.multiselect(key="ann_types").set_value(["speaker"]).run()
    at.button(key="ann_start").click().run()
    value_box = [w for w in at.text_input if w.key.startswith("ann_value_")][0]
    value_box.input("Maria Zakharova")
    at.button(key="ann_btn_wrong").click().run()
    rows = sa.all_annotations(Store(tmp_db))
    assert (rows[0].item_type, rows[0].label, rows[0].value) == ("speaker", "wrong",
                                                                "Maria Zakharova")
    assert Settings  # settings import kept for the page's own import check


AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-secret",
        "client_id": "stance", "client_secret": "x",
        "server_metadata_url": "https://id.example.org/.well-known/openid-configuration"}
ACCESS = {"admins": ["boss@example.org"], "annotators": ["ana@example.org", "ben@example.org"],
          "viewers": ["vic@example.org"]}


def _team(db: Path, user: dict) -> AppTest:
    at = _app(db)
    at.secrets["auth"] = AUTH
    at.secrets["access"] = ACCESS
    at.user = user
    return at.run()


def _signed_in(email: str) -> dict:
    return {"is_logged_in": True, "email": email, "name": email.split("@")[0].title()}


def test_signed_in_identity_when_oidc_is_configured(tmp_db: Path) -> None:
    make_store(tmp_db)
    at = _team(tmp_db, {"is_logged_in": False})
    assert not at.exception
    assert [b.key for b in at.button] == ["ann_login"]
    assert not [w for w in at.text_input if w.key == "ann_name"]  # no typed names with OIDC

    at.user = _signed_in("ana@example.org")
    at.run()
    assert not [w for w in at.text_input if w.key == "ann_name"]
    assert any("Signed in as ana@example.org (annotator)" in t.value for t in at.text)
    at.button(key="ann_start").click().run()
    at.button(key="ann_btn_yes").click().run()
    store = Store(tmp_db)
    assert [a.annotator for a in sa.all_annotations(store)] == ["ana@example.org"]
    assert store.query("SELECT identity FROM annotators WHERE name = ?",
                       ("ana@example.org",))[0][0] == "oidc"


def test_a_signed_in_name_cannot_be_typed_locally_afterwards(tmp_db: Path) -> None:
    store = make_store(tmp_db)
    _team(tmp_db, _signed_in("ana@example.org")).button(key="ann_start").click().run()
    local = _app(tmp_db).run()
    _start(local, "ana@example.org")
    assert "belongs to a signed-in analyst" in local.error[0].value
    assert {s["annotator"] for s in sa.list_sessions(store)} == {"ana@example.org"}


def _disagree(store: Store) -> None:
    for who, lab in (("ana@example.org", "yes"), ("ben@example.org", "no")):
        sid = sa.start_session(store, who, {}, "oidc")
        sa.record_annotation(store, annotator=who, session_id=sid, item_type="membership",
                             item_id="g1:m0", label=lab, value="0.61", prediction="yes")


def test_annotators_see_disagreements_but_only_admins_adjudicate(tmp_db: Path) -> None:
    store = make_store(tmp_db)
    _disagree(store)
    ana = _team(tmp_db, _signed_in("ana@example.org"))
    assert not ana.exception
    assert any("g1:m0" in str(df.value.to_dict()) for df in ana.dataframe)
    assert "Only admins adjudicate" in " ".join(c.value for c in ana.caption)
    assert "ann_adj_save" not in [b.key for b in ana.button]

    boss = _team(tmp_db, _signed_in("boss@example.org"))
    boss.radio(key="ann_adj_label").set_value("partly")
    boss.button(key="ann_adj_save").click().run()
    assert not boss.exception
    last = sa.all_annotations(store)[-1]
    assert (last.annotator, last.label, last.adjudicated) == ("boss@example.org", "partly", 1)
    assert item_labels(store)[("membership", "g1:m0")].resolved == "partly"


@pytest.mark.parametrize("email, words", [("vic@example.org", "may view but not annotate"),
                                          ("eve@elsewhere.test", "is not on")])
def test_viewers_and_strangers_cannot_annotate(tmp_db: Path, email: str, words: str) -> None:
    store = make_store(tmp_db)
    at = _team(tmp_db, _signed_in(email))
    assert not at.exception
    assert words in at.error[0].value
    assert "ann_start" not in [b.key for b in at.button] and not at.get("progress")
    assert sa.count_annotations(store) == 0


def test_an_open_address_without_sign_in_takes_no_labels(tmp_db: Path) -> None:
    store = make_store(tmp_db)
    with patch_config_options({"server.address": "0.0.0.0"}):
        at = _app(tmp_db).run()
    assert not at.exception
    assert "without sign-in" in at.error[0].value
    assert not [w for w in at.text_input if w.key == "ann_name"] and sa.count_annotations(store) == 0
