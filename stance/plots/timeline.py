"""Articles by outlet and date, coloured by event, syndicated copies drawn as open markers."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from stance.plots._common import PALETTE, empty_figure, esc, outlets, shorten


def timeline_figure(articles: pd.DataFrame) -> go.Figure:
    """One marker per article (x = published date, y = outlet); undated articles are counted in
    the title instead of being placed at an invented date."""
    if articles.empty:
        return empty_figure("No articles for this selection")
    frame = articles.copy()
    frame["_date"] = pd.to_datetime(frame["published"].fillna(""), errors="coerce", format="%Y-%m-%d")
    undated = int(frame["_date"].isna().sum())
    frame = frame.dropna(subset=["_date"])
    if frame.empty:
        return empty_figure(f"{undated} articles, none with a known date")
    frame["_outlet"] = outlets(frame)  # a copy sits on its original's row, drawn open
    frame["_event"] = frame["event_label"].fillna("").replace("", "no event")
    frame["_copy"] = frame["syndicated_of"].fillna("").astype(str) != ""
    fig = go.Figure()
    for i, (event, sub) in enumerate(frame.groupby("_event", sort=True)):
        color = PALETTE[i % len(PALETTE)]
        for is_copy, part in sub.groupby("_copy"):
            hover = [
                f"<b>{esc(str(o))}</b> {d:%Y-%m-%d}<br>{esc(shorten(t, 90))}"
                + (f"<br>copy carried by {esc(str(p))}" if is_copy else "")
                for o, d, t, p in zip(part["_outlet"], part["_date"], part["title"].fillna(""),
                                      part["publisher"].fillna(""), strict=False)
            ]
            fig.add_trace(go.Scatter(
                x=part["_date"].dt.strftime("%Y-%m-%d").tolist(), y=[esc(o) for o in part["_outlet"]], mode="markers",
                name=esc(shorten(event, 50)) + (" (copies)" if is_copy else ""),
                legendgroup=str(i),
                marker=dict(size=14, color=color, symbol="circle-open" if is_copy else "circle",
                            line=dict(width=2, color=color)),
                text=hover, hovertemplate="%{text}<extra></extra>",
            ))
    title = f"{len(frame)} articles by outlet and date"
    if undated:
        title += f" ({undated} undated not shown)"
    n_outlets = frame["_outlet"].nunique()
    fig.update_layout(
        title=dict(text=title, x=0), height=max(240, 120 + 36 * n_outlets),
        margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.2),
        yaxis=dict(automargin=True, categoryorder="category descending"),
        xaxis=dict(type="date"),
    )
    return fig
