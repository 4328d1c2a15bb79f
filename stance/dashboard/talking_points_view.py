"""Talking points over time: lines that recur across events, and which outlets repeat them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from stance.dashboard.evidence import EvidencePicker
from stance.dashboard.glossary import define
from stance.dashboard.memo import Memo, build_now
from stance.plots import talking_points_figure
from stance.plots._common import display_name
from stance.results import Results
from stance.schema import join_ids, join_list


def reach_table(results: Results, min_events: int) -> pd.DataFrame:
    """One row per talking point repeated in at least `min_events` events: its line, events,
    outlets, claims and their ids, most repeated first. The line is the wording of a claim that
    carries it (a talking point is per claim: the claim's group representative may state
    another proposition of the same meeting)."""
    rows = results.aligned[results.aligned["talking_point_id"].fillna("") != ""]
    if rows.empty:
        return pd.DataFrame(columns=["talking_point_id", "events", "outlets", "n", "line", "evidence_claim_ids"])
    reach = rows.groupby("talking_point_id").agg(
        events=("event_id", "nunique"),
        outlets=("counts_under", lambda s: join_list(sorted({display_name(x) for x in s}))),
        n=("claim_id", "nunique"), line=("claim_text", "first"),
        evidence_claim_ids=("claim_id", lambda s: join_ids(dict.fromkeys(s))))
    return reach[reach["events"] >= min_events].sort_values("events", ascending=False).reset_index()


def render_talking_points(results: Results, everything: Results | None = None, memo: Memo = build_now) -> None:
    """`results` spans every event (the sidebar's other filters applied); evidence is looked up
    in `everything`."""
    st.subheader("Talking points over time", help=define("talking point"))
    within = st.toggle("Include lines repeated within a single event", key="tp_within")
    min_events = 1 if within else 2
    picker = EvidencePicker("talking_points")
    fig, reach = memo("talking_points", (min_events,), lambda: (
        talking_points_figure(results.aligned, results.events, min_events=min_events),
        reach_table(results, min_events)))
    state = st.plotly_chart(fig, key=picker.key("tp_chart"), on_select="rerun", selection_mode="points")
    picker.chart("tp_chart", "Talking point", state)
    if reach.empty:
        st.info("No line recurs across events in this selection.")
        return
    st.caption("Click a marker, or a row below, for every wording of the line with its event, "
               "outlet, date and speaker.")
    table = st.dataframe(
        reach, hide_index=True, key=picker.key("tp_table"), on_select="rerun", selection_mode="single-row",
        column_order=["line", "events", "outlets", "n"],
        column_config={"line": st.column_config.TextColumn("line", help=define("talking point")),
                       "n": st.column_config.NumberColumn("claims", help=define("n"))})
    picker.table("tp_table", "Talking point", table, reach, label_column="line")
    picker.open(everything if everything is not None else results)
