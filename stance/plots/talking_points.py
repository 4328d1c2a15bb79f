"""Talking points over time: recurring lines (linked claim groups) by event date and outlet."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from stance.plots._common import (
    FIXED,
    distinct_styles,
    empty_figure,
    esc,
    evidence_ids,
    outlets,
    plural,
    shorten,
    text_width,
)


def talking_points_figure(aligned: pd.DataFrame, events: pd.DataFrame, max_points: int = 30,
                          min_events: int = 2) -> go.Figure:
    """One row per talking point that recurs in at least `min_events` events, one marker per
    (event, outlet) that repeats it, placed at the event's start date; most repeated first.
    Each outlet has its own colour-and-symbol pair (kept apart beyond 20 outlets); a marker's
    `customdata` starts with the claim ids of that outlet's wording at that event."""
    if aligned.empty or "talking_point_id" not in aligned.columns:
        return empty_figure("No talking points for this selection")
    rows = aligned[aligned["talking_point_id"].fillna("").astype(str) != ""]
    if rows.empty:
        return empty_figure("No recurring talking points across events for this selection")
    reach = rows.groupby("talking_point_id")["event_id"].nunique().sort_values(ascending=False, kind="stable")
    reach = reach[reach >= min_events]
    if reach.empty:
        return empty_figure(f"No line recurs in {min_events} or more events for this selection")
    keep = list(reach.index[:max_points])
    rows = rows[rows["talking_point_id"].isin(keep)]
    starts = events.set_index("event_id")["start"] if not events.empty else pd.Series(dtype=object)
    date = pd.to_datetime(rows["event_id"].map(starts).fillna(rows["published"]), errors="coerce",
                          format="%Y-%m-%d")
    rows = rows.assign(_date=date, _outlet=outlets(rows))
    first = rows.drop_duplicates("talking_point_id").set_index("talking_point_id")["representative"]
    label_of = {tp: esc(f"{shorten(first[tp], 55)} ({plural(reach[tp], 'event')})") for tp in keep}
    marks = rows.groupby(["_outlet", "talking_point_id", "event_id"], sort=True).agg(
        date=("_date", "first"), event=("event_label", "first"), text=("claim_text", "first"),
        ids=("claim_id", list)).reset_index()
    marks["x"] = _dodged(marks)
    styles = distinct_styles(sorted(marks["_outlet"].unique()))
    fig = go.Figure()
    for outlet, sub in marks.groupby("_outlet", sort=True):
        style = styles[outlet]
        fig.add_trace(go.Scatter(
            x=sub["x"].tolist(), y=[label_of[t] for t in sub["talking_point_id"]],
            mode="markers", name=esc(shorten(outlet, 26)),
            marker=dict(size=12, color=style.color, symbol=style.symbol, opacity=0.85,
                        line=dict(width=1, color="rgba(0,0,0,0.35)")),
            customdata=[[evidence_ids(i), esc(f"{outlet} at {e}")] for i, e in zip(sub["ids"], sub["event"], strict=True)],
            text=[esc(f"{e}: {shorten(t, 120)}") for e, t in zip(sub["event"], sub["text"], strict=True)],
            hovertemplate="%{text}<br>click for the claims<extra>" + esc(outlet) + "</extra>",
        ))
    legend_rows = -(-len(styles) // LEGEND_COLUMNS)
    fig.update_layout(
        title=dict(text=f"{plural(len(keep), 'talking point')} repeated across events", x=0),
        height=130 + 30 * len(keep) + 60 + 21 * legend_rows,
        margin=dict(l=text_width(label_of.values()), r=10, t=40, b=60 + 21 * legend_rows),
        yaxis=dict(categoryorder="array", categoryarray=[label_of[t] for t in keep][::-1], **FIXED),
        xaxis=dict(type="date", **FIXED),
        legend=dict(orientation="h", y=-0.02 - 40 / (30 * len(keep) + 1), yanchor="top",
                    title=dict(text="outlet"), entrywidth=1 / LEGEND_COLUMNS, entrywidthmode="fraction"),
    )
    return fig


LEGEND_COLUMNS = 4


def _dodged(marks: pd.DataFrame) -> list[str]:
    """Marker dates spread apart when several outlets repeat one line at one event, so each
    stays visible and clickable (a small offset around the event date, in outlet order)."""
    span = (marks["date"].max() - marks["date"].min()) if marks["date"].notna().any() else pd.Timedelta(0)
    step = max(pd.Timedelta(days=1), span / 300)
    rank = marks.groupby(["talking_point_id", "event_id"]).cumcount()
    size = marks.groupby(["talking_point_id", "event_id"])["_outlet"].transform("size")
    shifted = marks["date"] + (rank - (size - 1) / 2) * step
    return shifted.dt.strftime("%Y-%m-%d %H:%M").fillna("").tolist()
