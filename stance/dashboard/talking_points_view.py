"""Talking points over time: lines that recur across events, and which outlets repeat them."""

from __future__ import annotations

import streamlit as st

from stance.plots import talking_points_figure
from stance.results import Results
from stance.schema import join_list


def render_talking_points(results: Results) -> None:
    """`results` spans every event (the sidebar's other filters applied)."""
    st.subheader("Talking points over time")
    within = st.toggle("Include lines repeated within a single event", key="tp_within")
    min_events = 1 if within else 2
    st.plotly_chart(talking_points_figure(results.aligned, results.events, min_events=min_events),
                    key="talking_points")
    rows = results.aligned[results.aligned["talking_point_id"].fillna("") != ""]
    if rows.empty:
        st.info("No line recurs across events in this selection.")
        return
    reach = rows.groupby("talking_point_id").agg(events=("event_id", "nunique"),
                                                 outlets=("counts_under", lambda s: join_list(sorted(set(s)))),
                                                 line=("representative", "first"))
    reach = reach[reach["events"] >= min_events].sort_values("events", ascending=False).reset_index()
    if reach.empty:
        st.info("No line recurs across events in this selection.")
        return
    st.dataframe(reach[["line", "events", "outlets"]], hide_index=True, key="tp_table")
    lines = dict(zip(reach["talking_point_id"], reach["line"], strict=True))
    if st.session_state.get("tp_pick") not in lines:
        st.session_state.pop("tp_pick", None)
    tp = st.selectbox("Show the wording of", list(reach["talking_point_id"]), key="tp_pick",
                      format_func=lambda t: lines.get(t, t))
    st.dataframe(rows[rows["talking_point_id"] == tp][["published", "event_label", "outlet", "speaker", "claim_text"]]
                 .sort_values("published"), hide_index=True, key="tp_rows")
