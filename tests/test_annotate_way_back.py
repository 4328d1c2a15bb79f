"""Annotation with a way back, driven headlessly: undo of one's own last answer, the list of
one's answers with edit, Enter never answering, the other members of a claim group shown with
the item, adjudication that names items by their claims and preselects no answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from annotate_data import make_store

from stance.annotate.agreement import item_labels
from stance.store import Store
from stance.store import annotations as sa

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402
from streamlit.testing.v1.util import patch_config_options  # noqa: E402

MEMBER0 = "Member claim 0 <b>about</b> coordination."
REP = "China and Russia pledged closer coordination."


@pytest.fixture(autouse=True)
def _served_on_this_computer():
    with patch_config_options({"server.address": "127.0.0.1"}):
        yield


def _page(db_path: str) -> None:
    from stance.config.settings import Settings
    from stance.dashboard.annotate_view import render_annotation
    from stance.store import Store

    render_annotation(Store(db_path), Settings(align_threshold=0.6))


def _start(db: Path, name: str, types=("membership", "stance")) -> AppTest:
    at = AppTest.from_function(_page, args=(str(db),), default_timeout=60).run()
    at.text_input(key="ann_name").input(name).run()
    at.selectbox(key="ann_event").select("ev1").run()
    at.multiselect(key="ann_types").set_value(list(types)).run()
    return at.button(key="ann_start").click().run()


def _texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def _forms(node) -> dict[str, bool]:
    """form id -> enter_to_submit, for every form on the page."""
    out: dict[str, bool] = {}
    proto = getattr(node, "proto", None)
    if proto is not None and proto.DESCRIPTOR.name == "Block" and proto.HasField("form"):
        out[proto.form.form_id] = proto.form.enter_to_submit
    children = getattr(node, "children", None)
    for child in (children.values() if isinstance(children, dict) else []):
        out.update(_forms(child))
    return out


def test_undo_removes_only_ones_own_last_answer_and_requeues_the_item(tmp_db: Path) -> None:
    store = make_store(tmp_db)
    bob = _start(tmp_db, "bob")
    bob.button(key="ann_btn_yes").click().run()
    at = _start(tmp_db, "alice")
    assert "Claim (State B): " + MEMBER0 in _texts(at)  # least sure first
    assert not any(t.startswith("Your last answer") for t in _texts(at))  # nothing to undo yet
    at.button(key="ann_btn_no").click().run()
    assert at.get("progress")[0].proto.text == "1 / 10"
    assert "Claim (State B): " + MEMBER0 not in _texts(at)
    assert any(t.startswith("Your last answer: no (membership) on: Member claim 0") for t in _texts(at))

    at.button(key="ann_undo").click().run()
    assert not at.exception
    rows = sa.all_annotations(store)
    assert [(r.annotator, r.label) for r in rows] == [("bob", "yes")]  # bob's label stays
    assert at.get("progress")[0].proto.text == "0 / 10"
    assert "Claim (State B): " + MEMBER0 in _texts(at)  # the same item is asked again
    assert "ann_undo" not in [b.key for b in at.button]  # bob's label is not alice's to undo


def test_enter_in_the_note_never_answers(tmp_db: Path) -> None:
    store = make_store(tmp_db)
    at = _start(tmp_db, "alice")
    forms = _forms(at._tree)
    item_forms = [f for f in forms if f.startswith("ann_form_")]
    assert item_forms and forms["ann_note_form"] is False
    assert all(forms[f] is False for f in item_forms)  # Enter does not press the first answer
    note = [w for w in at.text_input if w.key.startswith("ann_note_")][0]
    note.input("typed, then Enter").run()  # what Enter does without a submit: the value is sent
    assert sa.all_annotations(store) == []
    at.button(key="ann_btn_partly").click().run()  # the click, not Enter, records the label
    assert [(r.label, r.note) for r in sa.all_annotations(store)] == [("partly", "")]


def test_the_other_members_of_the_group_are_shown_with_the_item(tmp_db: Path) -> None:
    make_store(tmp_db)
    at = _start(tmp_db, "alice")
    table = at.dataframe[0].value
    # the item judges member 0 of g1: the group's other claims, representative first
    assert table["claim"].tolist()[0] == REP and bool(table["representative"].iloc[0])
    assert MEMBER0 not in table["claim"].tolist()
    assert sorted(table["claim"].tolist()[1:]) == [f"Member claim {j} <b>about</b> coordination."
                                                  for j in (1, 2, 3)]
    assert set(table["outlet"]) == {"Wire A", "State B", "Paper C"}
    # a label item about a claim outside any group says so
    at = _start(tmp_db, "carol", types=("attribution",))
    while "Claim (Paper C): Lavrov said the talks were frank." not in _texts(at):
        at.button(key="ann_btn_skip").click().run()
    assert "No other claim is grouped with this one." in [c.value for c in at.caption]


def test_my_labels_lists_answers_with_their_claims_and_edits_them(tmp_db: Path) -> None:
    store = make_store(tmp_db)
    at = _start(tmp_db, "alice")
    at.button(key="ann_btn_no").click().run()  # g1:m0
    at.button(key="ann_btn_skip").click().run()  # g1:m3
    mine = [d.value for d in at.dataframe if "answer" in d.value.columns][0]
    assert mine["claim"].tolist() == ["Member claim 3 <b>about</b> coordination.", MEMBER0]
    assert mine["answer"].tolist() == ["skip", "no"]
    box = at.selectbox(key="ann_edit_item")
    box.select(1).run()  # the answer "no" on member 0
    assert "Claim: " + MEMBER0 in _texts(at) and "Group representative: " + REP in _texts(at)
    radio = [r for r in at.radio if r.key.startswith("ann_edit_label_")][0]
    assert radio.value == "no"  # the current answer is where the edit starts
    radio.set_value("yes")
    [w for w in at.text_input if w.key.startswith("ann_edit_note_")][0].input("same line, reworded")
    at.button(key="ann_edit_save").click().run()
    assert not at.exception
    rows = [r for r in sa.all_annotations(store) if r.item_id == "g1:m0"]
    assert [(r.label, r.note) for r in rows] == [("no", ""), ("yes", "same line, reworded")]
    assert rows[1].session_id == rows[0].session_id and rows[1].value == "0.6100"  # history kept
    assert item_labels(store)[("membership", "g1:m0")].answers == {"alice": "yes"}
    mine = [d.value for d in at.dataframe if "answer" in d.value.columns][0]
    assert mine["answer"].tolist()[0] == "yes" and len(mine) == 2


def test_adjudication_names_items_by_their_claims_and_preselects_nothing(tmp_db: Path) -> None:
    store = make_store(tmp_db)
    _start(tmp_db, "alice").button(key="ann_btn_yes").click().run()
    bob = _start(tmp_db, "bob")
    bob.button(key="ann_btn_no").click().run()
    bob.run()
    table = [d.value for d in bob.dataframe if "answers" in d.value.columns][0]
    assert table["claim"].tolist() == [MEMBER0] and table["against"].tolist() == [REP]
    options = bob.selectbox(key="ann_adj_item").options
    assert options == ["membership: " + MEMBER0]  # the claim, not a hash id
    assert bob.radio(key="ann_adj_label").value is None
    n = len(sa.all_annotations(store))
    bob.button(key="ann_adj_save").click().run()
    assert len(sa.all_annotations(store)) == n  # nothing chosen, nothing settled
    assert any("Choose the settled label" in w.value for w in bob.warning)
    bob.radio(key="ann_adj_label").set_value("no")
    bob.button(key="ann_adj_save").click().run()
    assert item_labels(Store(tmp_db))[("membership", "g1:m0")].resolved == "no"


def test_items_are_described_by_their_claims(tmp_db: Path) -> None:
    from stance.annotate.items import describe_items, group_neighbours

    store = make_store(tmp_db)
    keys = [("membership", "g1:m0"), ("discrepancy", "g1:rep:m0:place"), ("stance", "solo"),
            ("note", "ev1"), ("speaker", "gone-claim")]
    got = describe_items(store, keys)
    assert got[keys[0]] == (MEMBER0, REP)
    assert got[keys[1]] == (REP, MEMBER0)
    assert got[keys[2]] == ("Lavrov said the talks were frank.", "")
    assert got[keys[3]][0].endswith("2023-09-18")  # the event's name
    assert got[keys[4]][0] == "(claim no longer in the analysis)"
    # a discrepancy's two claims are left out of the members shown beside it
    assert {r["claim_id"] for r in group_neighbours(store, *keys[1])} == {"m1", "m2", "m3"}
    assert group_neighbours(store, "stance", "solo") == []
