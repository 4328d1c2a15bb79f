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

import pandas as pd
import streamlit as st

from stance.annotate.agreement import adjudicate, agreement_table, disagreements, item_labels
from stance.annotate.items import DEFAULT_ITEM_TYPES, Item, describe_items, group_neighbours
from stance.annotate.queue import session_queue
from stance.config.settings import Settings
from stance.dashboard.access import Access, current_access
from stance.errors import StanceError
from stance.store import annotations as sa
from stance.store import items as si
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


def analyst_identity(access: Access, prefix: str = "ann", right: str = "annotate",
                     doing: str = "annotate") -> tuple[str, str] | None:
    """(analyst name, 'oidc' | 'local'), or None when this session may not `right` yet: the
    signed-in email in a team deployment, else the name typed in the text box
    `{prefix}_name`."""
    if not access.can(right):
        if not access.local and not access.signed_in:
            st.info(f"Sign in to {doing}: what you do is recorded under your account.")
            st.button("Log in", on_click=st.login, args=(access.provider or None,),
                      key=f"{prefix}_login")
        else:
            st.error(access.reason or f"Your account may view but not {doing}.")
        return None
    if not access.local:
        st.text(f"Signed in as {access.identity} ({access.role.value}): what you do is recorded "
                "under this account.")
        return access.identity, "oidc"
    name = st.text_input("Your name (recorded with every change)", key=f"{prefix}_name").strip()
    if not name:
        st.info(f"Type your name to {doing}.")
        return None
    return name, "local"


def render_annotation(store: Store, settings: Settings, results: Any = None,
                      access: Access | None = None) -> None:
    """The annotation page: identity, session, one item at a time, agreement, adjudication.
    Items come from the store; `results` (the dashboard's current selection) only preselects
    the event when it holds exactly one. `access` defaults to this session's."""
    st.header("Annotate")
    access = access if access is not None else current_access()
    who = analyst_identity(access)
    if who is None:
        return
    name, identity = who
    label_tab, mine_tab, agree_tab = st.tabs(["Label items", "My labels", "Agreement and adjudication"])
    with label_tab:
        try:
            _session_panel(store, settings, name, identity, _selected_event(results))
        except StanceError as exc:
            st.error(str(exc))
    with mine_tab:
        try:
            _my_labels_panel(store, name)
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
    events = si.event_choices(store)
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
    _undo_panel(store, sid, name)
    _note_form(store, sid, name, sess["filter"].get("event_id") or "", events)


def _item_form(store: Store, sid: str, name: str, item: Item) -> None:
    st.subheader(QUESTIONS.get(item.item_type, item.item_type))
    tag = hashlib.sha1(f"{sid}|{item.item_type}|{item.item_id}".encode()).hexdigest()[:10]
    st.text(f"Claim ({item.outlet or 'unknown outlet'}): {item.text}")
    if item.context:
        st.text(CONTEXT_LABEL.get(item.item_type, "") + item.context)
    st.text(f"Model: {item.prediction or '(outlet voice)'} - {item.detail}")
    _group_members(store, item)
    choices = item.labels + (sa.SKIP,)
    clicked = None
    with st.form(key=f"ann_form_{tag}", clear_on_submit=True, enter_to_submit=False):
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
    st.caption("Enter never answers: click an answer, or press Alt+1, Alt+2, ...; Alt+S skips; "
               "Alt+Z undoes your last answer.")
    if clicked is not None:
        if item.item_type == "speaker" and clicked == "correct":
            value = item.prediction
        sa.record_annotation(store, annotator=name, session_id=sid, item_type=item.item_type,
                             item_id=item.item_id, label=clicked,
                             value=item.value if item.item_type == "membership" else value,
                             note=note, prediction=item.prediction)
        st.rerun()


def _group_members(store: Store, item: Item) -> None:
    """The other claims of the group the item's claim is in, so the analyst judges it among
    them (text shown as data, never interpreted)."""
    others = group_neighbours(store, item.item_type, item.item_id)
    if not others:
        st.caption("No other claim is grouped with this one.")
        return
    st.caption(f"Other claims of this group ({len(others)}), representative first")
    st.dataframe(pd.DataFrame({
        "outlet": [r["outlet"] or "unknown outlet" for r in others],
        "claim": [r["claim_text"] for r in others],
        "similarity": [round(float(r["similarity"]), 3) for r in others],
        "representative": [bool(r["is_representative"]) for r in others]}), hide_index=True)


def _undo_panel(store: Store, sid: str, name: str) -> None:
    """Undo of one's own last answer in this session: the item comes back to the queue."""
    last = sa.last_annotation(store, name, sid)
    if last is None:
        return
    text, _ = describe_items(store, [(last.item_type, last.item_id)])[(last.item_type, last.item_id)]
    st.text(f"Your last answer: {_answer(last)} ({last.item_type}) on: {_short(text)}")
    if st.button("Undo my last answer", key="ann_undo", shortcut="Alt+Z"):
        sa.undo_last(store, name, sid)
        st.rerun()


def _answer(a: sa.Annotation) -> str:
    shown = BUTTON_TEXT.get(a.label, a.label)
    return f"{shown} ({a.value or 'outlet voice'})" if a.item_type == "speaker" and a.label == "wrong" \
        else shown


def _short(text: str, n: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n - 1] + "\u2026"


def _my_labels_panel(store: Store, name: str) -> None:
    """One's current answers, newest first, with the claims they are about; pick one to change
    it (the change is a new label in the same session, so the history stays)."""
    mine = sa.own_labels(store, name)
    if not mine:
        st.info("You have not labelled anything yet.")
        return
    keys = [(a.item_type, a.item_id) for a in mine]
    texts = describe_items(store, keys)
    st.dataframe(pd.DataFrame({
        "when": [a.created_at[:19].replace("T", " ") for a in mine],
        "item_type": [a.item_type for a in mine], "answer": [_answer(a) for a in mine],
        "claim": [texts[k][0] for k in keys], "note": [a.note for a in mine]}), hide_index=True)
    pick = st.selectbox("Change an answer", range(len(mine)), key="ann_edit_item",
                        format_func=lambda i: f"{mine[i].item_type}: {_answer(mine[i])} \u2014 "
                                              f"{_short(texts[keys[i]][0], 70)}")
    a = mine[pick]
    text, context = texts[keys[pick]]
    st.text(f"Claim: {text}")
    if context:
        st.text(CONTEXT_LABEL.get(a.item_type, "") + context)
    tag = hashlib.sha1(f"{a.item_type}|{a.item_id}|{a.created_at}".encode()).hexdigest()[:10]
    labels = sa.allowed_labels(a.item_type)
    with st.form(key="ann_edit_form", enter_to_submit=False):
        label = st.radio("Answer", labels, index=labels.index(a.label) if a.label in labels else None,
                         horizontal=True, key=f"ann_edit_label_{tag}",
                         format_func=lambda lab: BUTTON_TEXT.get(lab, lab))
        value = st.text_input("Speaker (for 'wrong')", value=a.value, key=f"ann_edit_value_{tag}") \
            if a.item_type == "speaker" else a.value
        note = st.text_input("Note", value=a.note, key=f"ann_edit_note_{tag}")
        saved = st.form_submit_button("Save the change", key="ann_edit_save")
    if saved and label is not None and (label, value, note) != (a.label, a.value, a.note):
        if a.item_type == "speaker" and label == "correct":
            value = a.prediction
        sa.record_annotation(store, annotator=name, session_id=a.session_id, item_type=a.item_type,
                             item_id=a.item_id, label=label, value=value, note=note,
                             prediction=a.prediction)
        st.rerun()


def _note_form(store: Store, sid: str, name: str, event_id: str,
               events: list[tuple[str, str]]) -> None:
    if not events:
        return
    with st.expander("Add a framing observation"):
        with st.form(key="ann_note_form", clear_on_submit=True, enter_to_submit=False):
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
    keys = list(zip(open_items["item_type"], open_items["item_id"], strict=True))
    texts = describe_items(store, keys)
    shown = open_items.assign(claim=[texts[k][0] for k in keys], against=[texts[k][1] for k in keys])
    st.dataframe(shown[["item_type", "claim", "against", "answers", "prediction", "item_id"]],
                 hide_index=True)
    if not may_adjudicate:
        st.caption("Only admins adjudicate disagreements.")
        return
    pick = st.selectbox("Item", range(len(keys)), key="ann_adj_item",
                        format_func=lambda i: f"{keys[i][0]}: {_short(texts[keys[i]][0], 80)}")
    kind, iid = keys[pick]
    st.text(f"Claim: {texts[keys[pick]][0]}")
    if texts[keys[pick]][1]:
        st.text(CONTEXT_LABEL.get(kind, "Against: ") + texts[keys[pick]][1])
    st.text(f"Answers: {open_items['answers'].iloc[pick]}")
    with st.form(key="ann_adj_form", clear_on_submit=True, enter_to_submit=False):
        label = st.radio("Settled label", sa.LABEL_SETS[kind], index=None, horizontal=True,
                         key="ann_adj_label", format_func=lambda lab: BUTTON_TEXT.get(lab, lab))
        value = st.text_input("Speaker (for 'wrong')", key="ann_adj_value") if kind == "speaker" else ""
        note = st.text_input("Why", key="ann_adj_note")
        saved = st.form_submit_button("Save adjudication", key="ann_adj_save")
    if saved and label is None:
        st.warning("Choose the settled label first: none is preselected.")
    elif saved:
        adjudicate(store, annotator=name, item_type=kind, item_id=iid, label=label,
                   value=value, note=note, identity=identity)
        st.rerun()
