"""Stance mix per outlet: how much of what it says is in its own voice, attributed, distanced
or contested (counts of claim labels, shown as shares with the counts on hover)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from stance.plots._common import STANCE_COLORS, empty_figure, esc, outlets, voices
from stance.schema import STANCES


def stance_mix_figure(aligned: pd.DataFrame) -> go.Figure:
    """Horizontal 100% stacked bars, one per outlet, from the per-claim `stance` labels
    (copies of an article of the same event left out, as in the framing profiles)."""
    if aligned.empty:
        return empty_figure("No claims for this selection")
    frame = voices(aligned)
    if frame.empty:
        return empty_figure("No claims for this selection")
    frame = frame.assign(stance=frame["stance"].fillna("").astype(str), outlet=outlets(frame))
    counts = frame.groupby(["outlet", "stance"]).size().unstack("stance", fill_value=0)
    order = [s for s in STANCES if s in counts.columns] + [c for c in counts.columns if c not in STANCES]
    counts = counts[order]
    totals = counts.sum(axis=1)
    fig = go.Figure()
    for stance in order:
        share = counts[stance] / totals
        fig.add_trace(go.Bar(
            y=[esc(o) for o in counts.index], x=share.tolist(), orientation="h",
            name=stance or "unlabelled", marker_color=STANCE_COLORS.get(stance, "#bab0ac"),
            customdata=counts[stance].tolist(),
            hovertemplate="%{y}: %{customdata} claims (%{x:.0%})<extra>" + (stance or "unlabelled") + "</extra>",
        ))
    fig.update_layout(
        barmode="stack", title=dict(text="Stance toward its claims", x=0),
        xaxis=dict(tickformat=".0%", range=[0, 1]), yaxis=dict(automargin=True),
        height=max(200, 110 + 34 * len(counts)), margin=dict(l=10, r=10, t=40, b=10),
        legend=dict(orientation="h", y=-0.25),
    )
    return fig
