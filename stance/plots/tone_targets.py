"""Tone toward named targets per outlet, from the framing profile's tone rows."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from stance.plots._common import empty_figure, esc
from stance.schema import Dimension


def tone_targets_figure(framing: pd.DataFrame, dimension: str = Dimension.TONE_TARGET) -> go.Figure:
    """Heatmap outlet x target of the mean tone (-1 hostile .. +1 warm) stored by the framing
    stage under `dimension` (value = target, score = tone)."""
    rows = framing[framing["dimension"] == dimension] if not framing.empty else framing
    if rows.empty:
        return empty_figure("No tone toward targets for this selection")
    pivot = rows.pivot_table(index="outlet", columns="value", values="score", aggfunc="mean")
    z = [[None if pd.isna(v) else float(v) for v in row] for row in pivot.to_numpy()]
    text = [[("" if v is None else f"{v:+.2f}") for v in row] for row in z]
    fig = go.Figure(go.Heatmap(
        z=z, x=[esc(str(c)) for c in pivot.columns], y=[esc(str(i)) for i in pivot.index],
        zmin=-1, zmax=1, colorscale="RdBu", text=text, texttemplate="%{text}",
        hovertemplate="%{y} on %{x}: %{z:+.2f}<extra></extra>", xgap=2, ygap=2,
        colorbar=dict(title="tone", thickness=12),
    ))
    fig.update_layout(title=dict(text="Tone toward targets", x=0),
                      height=max(200, 110 + 34 * len(pivot)), margin=dict(l=10, r=10, t=40, b=10),
                      yaxis=dict(automargin=True))
    return fig
