"""Correct events: merge two events, split chosen articles out into a new event, move an article
to another event, rename an event.

The machine groups articles into events; an analyst who knows better says so here. Each
correction is stored with who made it and when (`stance.store.corrections`), named by article
ids, and applied after the events stage on every analysis (`stance.annotate.corrections`), so
it survives re-analysis. Right after it is recorded (or withdrawn) the stored articles are
re-analysed, so every view shows the corrected events and their claim groups. Settling the
structure is an admin's call, like adjudication: in a team deployment only admins correct
(`stance.dashboard.access`); others see the list. Article text is shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from stance.annotate.corrections import correction_status
from stance.annotate.transfer import corrections_csv_bytes
from stance.config.settings import Settings
from stance.dashboard.access import Access, current_access
from stance.dashboard.annotate_view import analyst_identity
from stance.dashboard.snapshot import write_snapshot
from stance.dashboard.text import md_escape
from stance.errors import StanceError
from stance.results import Results
from stance.schema import Correction, Event, split_ids, split_list
from stance.store import Store
from stance.store.corrections import all_corrections, record_correction, withdraw_correction

CORRECT_RIGHT = "adjudicate"  # the admins' right (`access.RIGHTS`)
KINDS = {"merge": "Merge two events", "split": "Split an event", "move": "Move an article",
         "rename": "Rename an event"}
_RUN_KEY = "cor_last_run"


def stored_events(results: Results) -> list[Event]:
    """The events of the results as records (what corrections are checked against)."""
    ev = results.events
    return [Event(r.event_id, r.label, tuple(split_ids(r.article_ids)), start=r.start, end=r.end,
                  participants=tuple(split_list(r.participants)), place=r.place)
            for r in ev.itertuples(index=False)]


def render_corrections(store: Store, settings: Settings, results: Results,
                       get_embedder: Callable[[], Any], on_stored: Callable[[], None],
                       access: Access | None = None) -> None:
    """The corrections page over all stored `results` (not the sidebar's filter: a correction
    is about the whole corpus). `get_embedder` loads the model for the re-analysis;
    `on_stored` invalidates the dashboard's cached results."""
    st.subheader("Correct events")
    access = access if access is not None else current_access()
    _show_last_run()
    who = analyst_identity(access, prefix="cor", right=CORRECT_RIGHT, doing="correct events")
    corrections = all_corrections(store)
    change: Callable[[], object] | None = None
    if who is not None:
        try:
            change = _form(store, results, *who)
        except StanceError as exc:
            st.error(md_escape(str(exc)))
    withdraw = _listing(store, results, corrections, may_change=who is not None)
    change = change or withdraw
    if change is not None:
        try:
            change()
        except StanceError as exc:
            st.error(md_escape(str(exc)))
            return
        _reanalyse(store, settings, get_embedder)
        write_snapshot(store, settings.cache_dir)  # a rename may keep the data version: rewrite
        on_stored()
        st.rerun()


def _article_names(results: Results) -> dict[str, str]:
    arts = results.articles.drop_duplicates("article_id").fillna("")
    return {r.article_id: f"{r.outlet or r.publisher or r.source} \u00b7 {r.published or 'undated'} \u00b7 "
                          f"{(r.title or r.source)[:80]}"
            for r in arts.itertuples(index=False)}


def _form(store: Store, results: Results, name: str, identity: str) -> Callable[[], object] | None:
    """The correction the analyst is making; returns the action that records it, once the
    button is pressed with a valid choice."""
    events = stored_events(results)
    if not events:
        st.info("No events to correct yet.")
        return None
    label = {e.event_id: f"{e.label} ({len(e.article_ids)} articles)" for e in events}
    by_id = {e.event_id: e for e in events}
    ids = list(by_id)
    titles = _article_names(results)
    kind = st.radio("Correction", list(KINDS), format_func=KINDS.get, horizontal=True, key="cor_kind")
    record: dict[str, Any] = {}
    if kind == "merge":
        a = st.selectbox("Merge this event", ids, format_func=label.get, key="cor_merge_from")
        b = st.selectbox("into this event", [e for e in ids if e != a], format_func=label.get,
                         key="cor_merge_into")
        new = st.text_input("Name of the merged event (empty: keep the second one's)", key="cor_merge_label")
        if b:
            record = dict(article_ids=by_id[a].article_ids, target_ids=by_id[b].article_ids, label=new)
    elif kind == "split":
        e = st.selectbox("Event", ids, format_func=label.get, key="cor_split_event")
        arts = st.multiselect("Articles that leave it for a new event", list(by_id[e].article_ids),
                              format_func=lambda x: titles.get(x, x), key="cor_split_articles")
        new = st.text_input("Name of the new event", key="cor_split_label")
        if len(arts) == len(by_id[e].article_ids):
            st.caption("Leave at least one article in the event (to give the whole event a new name, "
                       "rename it).")
        elif arts:
            record = dict(article_ids=arts, label=new)
    elif kind == "move":
        event_of = {x: e.event_id for e in events for x in e.article_ids}
        art = st.selectbox("Article", list(event_of), key="cor_move_article",
                           format_func=lambda x: f"{titles.get(x, x)} (in: {by_id[event_of[x]].label})")
        into = st.selectbox("into this event", [e for e in ids if e != event_of.get(art)],
                            format_func=label.get, key="cor_move_into")
        if art and into:
            record = dict(article_ids=[art], target_ids=by_id[into].article_ids)
    else:
        e = st.selectbox("Event", ids, format_func=label.get, key="cor_rename_event")
        new = st.text_input("New name", key="cor_rename_label")
        if new.strip():
            record = dict(article_ids=by_id[e].article_ids, label=new)
    note = st.text_input("Why (optional)", key="cor_note")
    pressed = st.button(f"{KINDS[kind]} and re-analyse", key="cor_save", type="primary",
                        disabled=not record)
    if not pressed or not record:
        return None
    return lambda: record_correction(store, analyst=name, kind=kind, note=note, identity=identity, **record)


def _listing(store: Store, results: Results, corrections: list[Correction],
             may_change: bool) -> Callable[[], object] | None:
    """Every stored correction with whether it applies to the events shown; an admin may
    withdraw one (returns that action)."""
    st.markdown("**Corrections made** (applied on every analysis, in this order)")
    if not corrections:
        st.caption("None yet.")
        return None
    titles = _article_names(results)
    status = correction_status(stored_events(results), corrections)

    def names(ids: tuple[str, ...]) -> str:
        return "; ".join(titles.get(a, f"{a} (no longer stored)") for a in ids)

    st.dataframe(pd.DataFrame({
        "when": [c.created_at[:19].replace("T", " ") for c in corrections],
        "analyst": [c.analyst for c in corrections], "kind": [c.kind for c in corrections],
        "articles": [names(c.article_ids) for c in corrections],
        "into": [names(c.target_ids) for c in corrections], "name": [c.label for c in corrections],
        "note": [c.note for c in corrections], "status": [s or "applied" for s in status]}), hide_index=True)
    st.download_button("corrections.csv", corrections_csv_bytes(store), file_name="corrections.csv",
                       mime="text/csv", key="cor_download", on_click="ignore",
                       help="The file `stance annotations import` reads on another install.")
    if not may_change:
        return None
    pick = st.selectbox("Withdraw a correction", range(len(corrections)), key="cor_withdraw_pick",
                        format_func=lambda i: f"{corrections[i].kind} by {corrections[i].analyst} at "
                                              f"{corrections[i].created_at[:19].replace('T', ' ')}")
    if st.button("Withdraw and re-analyse", key="cor_withdraw"):
        return lambda: withdraw_correction(store, corrections[pick])
    return None


def _reanalyse(store: Store, settings: Settings, get_embedder: Callable[[], Any]) -> None:
    """Re-run events, alignment and framing over the stored articles (the corrections apply
    after the events stage); what it reports is shown after the page reloads."""
    from stance.pipeline import AnalyzeReport, analyze_store  # the pipeline loads on demand

    report = AnalyzeReport()
    with st.spinner("Re-analysing the stored articles with the corrections\u2026"):
        analyze_store(store, settings, report, embedder=get_embedder())
    st.session_state[_RUN_KEY] = {"n_events": report.n_events, "warnings": list(report.warnings)}


def _show_last_run() -> None:
    run = st.session_state.pop(_RUN_KEY, None)
    if run is None:
        return
    st.success(f"Re-analysed: {run['n_events']} events now. Every view shows the corrected events.")
    for line in run["warnings"]:
        st.warning(md_escape(line))
