"""Annotation mode: analysts answer the machine's least-sure questions one at a time.

Identity and rights come from `stance.dashboard.access`: in a team deployment (OIDC sign-in
configured) labels are recorded under the signed-in email and only admins adjudicate; in the
local single-user mode (bound to 127.0.0.1) the analyst types a name. Every click is written at
once in its own transaction, so a killed process loses at most the item on screen; reopening a
session continues where it stopped. Article text is shown with `st.text` (never interpreted as
Markdown or HTML).
"""

from __future__ import annotations

import hashlib
from typing import Any

import streamlit as st

from stance.annotate.agreement import adjudicate, agreement_table, disagreements, item_labels
from stance.annotate.items import DEFAULT_ITEM_TYPES, Item
from stance.annotate.queue import session_queue
from stance.config.settings import Settings
from stance.dashboard.access import Access, current_access
from stance.errors import StanceError
from stance.store import annotations as sa
from stance.store.db import Store

QUESTIONS = {
    "membership": "Does this claim state the same proposition as the group?",
    "stance": "How does the outlet present this claim?",
    "attribution": "How is this claim attributed?",
    "speaker": "Who says this? (correct, or type the right speaker and press 'wrong')",
    "discrepancy": "Is this a real discrepancy between the two claims?",
}
CONTEXT_LABEL = {"membership": "Group representative: ", "discrepancy": "Other claim: ",
                 "stance": "Sentence: ", "attribution": "Sentence: ", "speaker": "Sentence: "}
BUTTON_TEXT = {"not_real": "not real", "outlet_voice": "outlet voice",
               "direct_quote": "direct quote", "partial_quote": "partial quote"}


def _identity(access: Access) -> tuple[str, str] | None:
    """(annotator name, 'oidc' | 'local'), or None when this session may not annotate yet."""
    if not access.can("annotate"):
        if not access.local and not access.signed_in:
            st.info("Sign in to annotate: your labels are recorded under your account.")
            st.button("Log in", on_click=st.login, args=(access.provider or None,),
                      key="ann_login")
        else:
            st.error(access.reason or "Your account may view but not annotate.")
        return None
    if not access.local:
        st.text(f"Signed in as {access.identity} ({access.role.value}): labels are recorded "
                "under this account.")
        return access.identity, "oidc"
    name = st.text_input("Your name (recorded with every label)", key="ann_name").strip()
    if not name:
        st.info("Type your name to start annotating.")
        return None
    return name, "local"


def render_annotation(store: Store, settings: Settings, results: Any = None,
                      access: Access | None = None) -> None:
    """The annotation page: identity, session, one item at a time, agreement, adjudication.
    Items come from the store; `results` (the dashboard's current selection) only preselects
    the event when it holds exactly one. `access` defaults to this session's."""
    st.header("Annotate")
    access = access if access is not None else current_access()
    who = _identity(access)
    if who is None:
        return
    name, identity = who
    label_tab, agree_tab = st.tabs(["Label items", "Agreement and adjudication"])
    with label_tab:
        try:
            _session_panel(store, settings, name, identity, _selected_event(results))
        except StanceError as exc:
            st.error(str(exc))
    with agree_tab:
        try:
            _agreement_panel(store, name, identity, access.can("adjudicate"))
        except StanceError as exc:
            st.error(str(exc))


def _selected_event(results: Any) -> str:
    events = getattr(results, "events", None)
    if events is None or "event_id" not in getattr(events, "columns", ()) or len(events) != 1:
        return ""
    return str(events["event_id"].iloc[0])


def _session_panel(store: Store, settings: Settings, name: str, identity: str,
                   preselect: str = "") -> None:
    events = sa.event_choices(store)
    labels = {eid: lab for eid, lab in events}
    options = [""] + [e for e, _ in events]
    event_id = st.selectbox("Event", options, key="ann_event",
                            index=options.index(preselect) if preselect in options else 0,
                            format_func=lambda e: labels.get(e, e) if e else "All events")
    types = st.multiselect("Item types", list(DEFAULT_ITEM_TYPES), default=list(DEFAULT_ITEM_TYPES),
                           key="ann_types")
    if st.button("Start or resume session", key="ann_start", type="primary"):
        filt = {"event_id": event_id or "",
                "item_types": [t for t in DEFAULT_ITEM_TYPES if t in types]}
        st.session_state["ann_session"] = sa.start_session(store, name, filt, identity)
    sid = st.session_state.get("ann_session")
    if not sid:
        return
    sess = sa.get_session(store, sid)
    if sess["annotator"] != name:  # the name changed: do not write under the old one
        del st.session_state["ann_session"]
        st.warning("The annotator changed: start a session under the new name.")
        return
    q = session_queue(store, settings, sid)
    st.progress(q.done / q.total if q.total else 1.0, text=q.progress_text)
    item = q.current
    if item is None:
        st.success(f"All {q.total} items of this session are done. Thank you.")
        if not sess["ended_at"] and st.button("End session", key="ann_end"):
            sa.end_session(store, sid)
            st.session_state.pop("ann_session", None)
            st.rerun()
    else:
        _item_form(store, sid, name, item)
    _note_form(store, sid, name, sess["filter"].get("event_id") or "", events)


def _item_form(store: Store, sid: str, name: str, item: Item) -> None:
    st.subheader(QUESTIONS.get(item.item_type, item.item_type))
    tag = hashlib.sha1(f"{sid}|{item.item_type}|{item.item_id}".encode()).hexdigest()[:10]
    st.text(f"Claim ({item.outlet or 'unknown outlet'}): {item.text}")
    if item.context:
        st.text(CONTEXT_LABEL.get(item.item_type, "") + item.context)
    st.text(f"Model: {item.prediction or '(outlet voice)'} - {item.detail}")
    choices = item.labels + (sa.SKIP,)
    clicked = None
    with st.form(key=f"ann_form_{tag}", clear_on_submit=True):
        value = ""
        if item.item_type == "speaker":
            value = st.text_input("Speaker (empty = the outlet's own voice)",
                                  value=item.prediction, key=f"ann_value_{tag}")
        note = st.text_input("Note (optional)", key=f"ann_note_{tag}")
        cols = st.columns(len(choices))
        for i, (lab, col) in enumerate(zip(choices, cols, strict=True)):
            shortcut = "Alt+S" if lab == sa.SKIP else f"Alt+{i + 1}"
            with col:
                if st.form_submit_button(BUTTON_TEXT.get(lab, lab), key=f"ann_btn_{lab}",
                                         shortcut=shortcut,
                                         type="secondary" if lab == sa.SKIP else "primary"):
                    clicked = lab
    st.caption("Enter submits the first answer; Alt+1, Alt+2, ... pick an answer; Alt+S skips.")
    if clicked is not None:
        if item.item_type == "speaker" and clicked == "correct":
            value = item.prediction
        sa.record_annotation(store, annotator=name, session_id=sid, item_type=item.item_type,
                             item_id=item.item_id, label=clicked,
                             value=item.value if item.item_type == "membership" else value,
                             note=note, prediction=item.prediction)
        st.rerun()


def _note_form(store: Store, sid: str, name: str, event_id: str,
               events: list[tuple[str, str]]) -> None:
    if not events:
        return
    with st.expander("Add a framing observation"):
        with st.form(key="ann_note_form", clear_on_submit=True):
            labels = dict(events)
            ids = [event_id] if event_id else [e for e, _ in events]
            target = st.selectbox("Event", ids, format_func=lambda e: labels.get(e, e),
                                  key="ann_note_event")
            text = st.text_area("Observation", key="ann_note_text")
            if st.form_submit_button("Save observation", key="ann_note_save") and text.strip():
                sa.record_annotation(store, annotator=name, session_id=sid, item_type="note",
                                     item_id=target, label="observation", note=text.strip())
                st.success("Observation saved.")


def _agreement_panel(store: Store, name: str, identity: str, may_adjudicate: bool) -> None:
    labels = item_labels(store)
    table = agreement_table(labels)
    if table.empty:
        st.info("No labels yet.")
        return
    st.dataframe(table, hide_index=True)
    open_items = disagreements(labels)
    st.subheader(f"To adjudicate ({len(open_items)})")
    if open_items.empty:
        return
    st.dataframe(open_items, hide_index=True)
    if not may_adjudicate:
        st.caption("Only admins adjudicate disagreements.")
        return
    keys = list(zip(open_items["item_type"], open_items["item_id"], strict=True))
    pick = st.selectbox("Item", range(len(keys)), key="ann_adj_item",
                        format_func=lambda i: f"{keys[i][0]} {keys[i][1]}")
    kind, iid = keys[pick]
    with st.form(key="ann_adj_form", clear_on_submit=True):
        label = st.radio("Settled label", sa.LABEL_SETS[kind], horizontal=True, key="ann_adj_label")
        value = st.text_input("Speaker (for 'wrong')", key="ann_adj_value") if kind == "speaker" else ""
        note = st.text_input("Why", key="ann_adj_note")
        if st.form_submit_button("Save adjudication", key="ann_adj_save"):
            adjudicate(store, annotator=name, item_type=kind, item_id=iid, label=label,
                       value=value, note=note, identity=identity)
            st.rerun()
