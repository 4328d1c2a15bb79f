"""The discrepancies view driven headlessly (AppTest): each finding with its event, slot,
values, the outlets giving each value and their claims, article text escaped."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from stance.dashboard.discrepancies_view import findings
from tests.dashboard_db import E1, E1_LABEL, E2, E2_LABEL, build_store

APP = Path(__file__).resolve().parents[1] / "app.py"

# claim_id, article_id, text (made up for this test; `<b>` must stay text)
CLAIMS = [
    ("c-v-pm", "a-lantern", "Prime Minister Jonas Weber met the delegation <b>twice</b>."),
    ("c-v-fm", "a-halden", "Foreign Minister Jonas Weber met the delegation."),
    ("c-v-fm2", "a-halden-copy", "Foreign Minister Jonas Weber later met the delegation again."),
    ("c-v-six", "a-lantern", "The talks lasted more than six hours."),
    ("c-v-nine", "a-halden", "The talks lasted nine hours, officials said."),
    ("c-v-league-a", "a-lantern", "The Harbour League, founded in 1994, sent observers."),
    ("c-v-league-b", "a-tidewater", "The Harbour League was founded in 1997 by four ports."),
]
# event, group (of claim_a), claim_a, claim_b, kind, slot, value_a, value_b
ROWS = [
    (E2, "g-talks", "c-v-pm", "c-v-fm", "who", "title of Jonas Weber", "Prime Minister", "Foreign Minister"),
    (E2, "g-talks", "c-v-pm", "c-v-fm2", "who", "title of Jonas Weber", "Prime Minister", "Foreign Minister"),
    (E2, "g-talks", "c-v-six", "c-v-nine", "number", "hours of the meeting", "more than six hours", "nine hours"),
    # a standing fact compared across events: claim_b is in a report of the March meeting
    (E2, "", "c-v-league-a", "c-v-league-b", "date", "year Harbour League founded", "1994", "1997"),
]


@pytest.fixture()
def db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "dash.db"
    store = build_store(path)
    with store.transaction() as conn:
        conn.execute("DELETE FROM discrepancies")
        for i, (cid, aid, text) in enumerate(CLAIMS):
            conn.execute(
                "INSERT INTO claims(claim_id, article_id, paragraph, sentence_index, position, is_lede, claim_text, "
                "sentence_text, attribution, quoted_spans) VALUES (?, ?, ?, ?, ?, 0, ?, ?, 'outlet_voice', ?)",
                (cid, aid, 20 + i, 20 + i, 0.9, text, text, json.dumps([])))
        conn.executemany("INSERT INTO discrepancies(event_id, group_id, claim_a, claim_b, kind, slot, value_a, value_b) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ROWS)
    store.close()
    monkeypatch.setenv("STANCE_DB_PATH", str(path))
    monkeypatch.setenv("STANCE_EMBED_BACKEND", "hash")
    return path


def _run(**state) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["view"] = "discrepancies"
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


def _cards(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.html]


def test_each_finding_shows_its_event_slot_values_outlets_and_claims(db):
    at = _run()
    assert not at.exception, [e.value for e in at.exception]
    body = "\n".join(_cards(at))
    assert "title of Jonas Weber" in body and E2_LABEL in body and "hours of the meeting" in body
    # each value once, with the outlets that give it
    assert "<b>Prime Minister</b> &middot; 1 outlet: Lantern" in body
    assert "<b>Foreign Minister</b> &middot; 2 outlets: Halden, Quay Daily (copy of Halden)" in body
    # every claim, its value marked, untrusted text escaped
    assert "<mark>Prime Minister</mark> Jonas Weber met the delegation &lt;b&gt;twice&lt;/b&gt;." in body
    assert "<mark>Foreign Minister</mark> Jonas Weber later met the delegation again." in body
    assert "<mark>more than six hours</mark>" in body and "<mark>nine hours</mark>" in body
    assert "<b>twice</b>" not in body
    caption = " ".join(c.value for c in at.caption)
    assert "3 findings (4 pairs of claims)" in caption


def test_a_claim_from_a_report_of_another_event_says_so(db):
    cards = _cards(_run())
    other = next(c for c in cards if "League was founded" in c)
    assert f"(reported about another event: {E1_LABEL})" in other
    same = next(c for c in cards if "League, founded" in c)
    assert "another event" not in same
    assert not any("another event" in c for c in cards if "Jonas Weber" in c)


def test_kinds_filter_hides_a_kind(db):
    at = _run()
    at.multiselect(key="disc_kinds").unselect("who")
    at.run()
    body = "\n".join(_cards(at))
    assert "hours of the meeting" in body and "title of Jonas Weber" not in body


def test_an_event_without_discrepancies_says_so(db):
    at = _run(event=E1)
    assert not at.exception
    assert not _cards(at) and any("No discrepancies" in i.value for i in at.info)


def test_findings_group_pairs_by_slot_with_one_side_per_value():
    rows = pd.DataFrame([
        {"event_id": "e", "event_label": "L", "kind": "who", "slot": "title of X", "value_a": "Prime Minister",
         "value_b": "Foreign Minister", "outlet_a": "A", "outlet_b": "B", "text_a": "ta", "text_b": "tb",
         "url_a": "", "url_b": ""},
        {"event_id": "e", "event_label": "L", "kind": "who", "slot": "title of X", "value_a": "prime minister",
         "value_b": "Foreign Minister", "outlet_a": "A", "outlet_b": "C", "text_a": "ta", "text_b": "tc",
         "url_a": "", "url_b": ""},
        {"event_id": "e", "event_label": "L", "kind": "date", "slot": "meeting day", "value_a": "Monday",
         "value_b": "Friday", "outlet_a": "A", "outlet_b": "B", "text_a": "td", "text_b": "te",
         "url_a": "", "url_b": ""},
    ])
    who, date = findings(rows)
    assert (who.kind, who.slot, who.n_pairs) == ("who", "title of X", 2)
    assert [(s.value, s.outlets, [c[1] for c in s.claims]) for s in who.sides] == [
        ("Prime Minister", ["A"], ["ta"]), ("Foreign Minister", ["B", "C"], ["tb", "tc"])]
    assert (date.slot, [s.value for s in date.sides]) == ("meeting day", ["Monday", "Friday"])
