"""Articles by outlet and date, one colour-and-symbol per event, syndicated copies drawn open."""

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


def timeline_figure(articles: pd.DataFrame, aligned: pd.DataFrame | None = None) -> go.Figure:
    """One marker per article (x = published date, y = outlet); undated articles are counted in
    the title instead of being placed at an invented date. Events keep apart by colour and
    symbol (a dozen events never share a colour). With `aligned`, a marker's `customdata`
    starts with the article's claim ids, so a click lists what the article says."""
    if articles.empty:
        return empty_figure("No articles for this selection")
    frame = articles.drop_duplicates("article_id").copy()
    frame["_date"] = pd.to_datetime(frame["published"].fillna(""), errors="coerce", format="%Y-%m-%d")
    undated = int(frame["_date"].isna().sum())
    frame = frame.dropna(subset=["_date"])
    if frame.empty:
        return empty_figure(f"{plural(undated, 'article')}, none with a known date")
    frame["_outlet"] = outlets(frame)  # a copy sits on its original's row, drawn open
    frame["_event"] = frame["event_label"].fillna("").replace("", "no event")
    frame["_copy"] = frame["syndicated_of"].fillna("").astype(str) != ""
    claims = (aligned.groupby("article_id")["claim_id"].agg(list) if aligned is not None and not aligned.empty
              else pd.Series(dtype=object))
    styles = distinct_styles(sorted(frame["_event"].unique()))
    fig = go.Figure()
    for i, (event, sub) in enumerate(frame.groupby("_event", sort=True)):
        style = styles[event]
        for is_copy, part in sub.groupby("_copy"):
            hover = [
                f"<b>{esc(str(o))}</b> {d:%Y-%m-%d}<br>{esc(shorten(t, 90))}"
                + (f"<br>copy carried by {esc(str(p))}" if is_copy else "")
                + f"<br>{plural(len(claims.get(a, [])), 'claim')}, click to list them"
                for o, d, t, p, a in zip(part["_outlet"], part["_date"], part["title"].fillna(""),
                                         part["publisher"].fillna(""), part["article_id"], strict=False)
            ]
            fig.add_trace(go.Scatter(
                x=part["_date"].dt.strftime("%Y-%m-%d").tolist(), y=[esc(o) for o in part["_outlet"]],
                mode="markers", name=esc(shorten(event, 50)) + (" (copies)" if is_copy else ""),
                legendgroup=str(i),
                marker=dict(size=14, color=style.color,
                            symbol=f"{style.symbol}-open" if is_copy else style.symbol,
                            line=dict(width=2, color=style.color)),
                customdata=[[evidence_ids(claims.get(a, [])), esc(f"{o}: {shorten(t, 80)}")]
                            for a, o, t in zip(part["article_id"], part["_outlet"], part["title"].fillna(""),
                                               strict=True)],
                text=hover, hovertemplate="%{text}<extra></extra>",
            ))
    title = f"{plural(len(frame), 'article')} by outlet and date"
    if undated:
        title += f" ({undated} undated not shown)"
    n_outlets = frame["_outlet"].nunique()
    fig.update_layout(
        title=dict(text=title, x=0), height=max(260, 140 + 30 * n_outlets + 18 * (len(styles) // 3)),
        margin=dict(l=text_width(esc(o) for o in frame["_outlet"]), r=10, t=40, b=40),
        legend=dict(orientation="h", y=-0.1, yanchor="top", title=dict(text="event")),
        yaxis=dict(categoryorder="category descending", **FIXED),
        xaxis=dict(type="date", **FIXED),
    )
    return fig
