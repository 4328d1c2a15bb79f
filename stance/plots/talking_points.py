"""Talking points over time: recurring lines (linked claim groups) by event date and outlet."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from stance.plots._common import PALETTE, empty_figure, esc, outlets, shorten


def talking_points_figure(aligned: pd.DataFrame, events: pd.DataFrame, max_points: int = 30,
                          min_events: int = 2) -> go.Figure:
    """One row per talking point that recurs in at least `min_events` events, one marker per
    (event, outlet) that repeats it, placed at the event's start date; most repeated first."""
    if aligned.empty or "talking_point_id" not in aligned.columns:
        return empty_figure("No talking points for this selection")
    rows = aligned[aligned["talking_point_id"].fillna("").astype(str) != ""]
    if rows.empty:
        return empty_figure("No recurring talking points across events for this selection")
    starts = events.set_index("event_id")["start"] if not events.empty else pd.Series(dtype=object)
    rows = rows.assign(_date=pd.to_datetime(rows["event_id"].map(starts).fillna(rows["published"]),
                                            errors="coerce", format="%Y-%m-%d"),
                       _outlet=outlets(rows))
    reach = rows.groupby("talking_point_id")["event_id"].nunique().sort_values(ascending=False)
    reach = reach[reach >= min_events]
    if reach.empty:
        return empty_figure(f"No line recurs in {min_events} or more events for this selection")
    keep = list(reach.index[:max_points])
    label_of = {}
    for tp in keep:
        sub = rows[rows["talking_point_id"] == tp]
        label_of[tp] = f"{shorten(sub['representative'].iloc[0], 55)} ({reach[tp]} events)"
    fig = go.Figure()
    for i, (outlet, sub) in enumerate(rows[rows["talking_point_id"].isin(keep)].groupby("_outlet")):
        sub = sub.drop_duplicates(["talking_point_id", "event_id"])
        fig.add_trace(go.Scatter(
            x=sub["_date"].dt.strftime("%Y-%m-%d").tolist(), y=[esc(label_of[t]) for t in sub["talking_point_id"]],
            mode="markers", name=esc(outlet),
            marker=dict(size=13, color=PALETTE[i % len(PALETTE)], opacity=0.8),
            text=[esc(f"{e}: {shorten(t, 120)}") for e, t in zip(sub["event_label"], sub["claim_text"], strict=False)],
            hovertemplate="%{text}<extra>%{fullData.name}</extra>",
        ))
    fig.update_layout(
        title=dict(text=f"{len(keep)} talking points repeated across events", x=0),
        height=max(240, 130 + 30 * len(keep)), margin=dict(l=10, r=10, t=40, b=10),
        yaxis=dict(automargin=True, categoryorder="array", categoryarray=[esc(label_of[t]) for t in keep][::-1]),
        xaxis=dict(type="date"), legend=dict(orientation="h", y=-0.2),
    )
    return fig
