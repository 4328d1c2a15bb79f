"""Who each outlet quotes, by side: claims attributed to a speaker, counted per speaker side."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from stance.plots._common import category_colors, empty_figure, esc, outlets, voices


def quoted_sides_figure(aligned: pd.DataFrame) -> go.Figure:
    """Grouped bars: per outlet, the number of claims attributed to speakers of each side.
    Claims in the outlet's own voice are not quotes and are left out. Sides are the ones the
    data names (`speaker_side`, from the actors data), most quoted first, "unknown" last."""
    if aligned.empty:
        return empty_figure("No claims for this selection")
    frame = voices(aligned)
    frame = frame[frame["attribution"].fillna("outlet_voice") != "outlet_voice"]
    frame = frame[frame["speaker"].fillna("").astype(str) != ""]
    if frame.empty:
        return empty_figure("No attributed claims for this selection")
    frame = frame.assign(side=frame["speaker_side"].fillna("").replace("", "unknown"),
                         outlet=outlets(frame))
    counts = frame.groupby(["outlet", "side"]).size().unstack("side", fill_value=0)
    speakers = frame.groupby(["outlet", "side"])["speaker"].agg(lambda s: ", ".join(sorted(set(s))))
    totals = counts.sum()
    order = sorted(counts.columns, key=lambda s: (s == "unknown", -totals[s], s))
    colors = category_colors(order)
    fig = go.Figure()
    for side in order:
        names = [esc(speakers.get((o, side), "")) for o in counts.index]
        fig.add_trace(go.Bar(
            x=[esc(o) for o in counts.index], y=counts[side].tolist(), name=side,
            marker_color=colors[side], customdata=names,
            hovertemplate="%{x}: %{y} claims<br>%{customdata}<extra>" + side + "</extra>",
        ))
    fig.update_layout(
        barmode="group", title=dict(text="Who is quoted, by side", x=0),
        yaxis=dict(title="attributed claims"), height=320, margin=dict(l=10, r=10, t=40, b=10),
        legend=dict(orientation="h", y=-0.2),
    )
    return fig
