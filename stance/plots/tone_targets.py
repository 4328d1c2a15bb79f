"""Tone toward named targets per outlet, from the framing profile's tone rows."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from stance.plots._common import (
    FIXED,
    THIN_MARK,
    THIN_NOTE,
    add_click_layer,
    empty_figure,
    esc,
    evidence_ids,
    is_thin,
    note,
    text_width,
    turned_height,
)
from stance.schema import Dimension, split_ids


def tone_targets_figure(framing: pd.DataFrame, dimension: str = Dimension.TONE_TARGET) -> go.Figure:
    """Heatmap outlet x target of the mean tone (-1 hostile .. +1 warm) stored by the framing
    stage under `dimension` (value = target, score = tone). Each cell shows its tone and the
    number of claims the mean rests on (starred below MIN_EVIDENCE); a click on a cell reports
    its evidence claim ids (`customdata` of the click layer)."""
    rows = framing[framing["dimension"] == dimension] if not framing.empty else framing
    if rows.empty:
        return empty_figure("No tone toward targets for this selection")
    rows = rows.assign(_ids=rows["evidence_claim_ids"].map(split_ids))
    cells = rows.groupby(["outlet", "value"]).agg(score=("score", "mean"),
                                                  ids=("_ids", lambda s: [i for ids in s for i in ids]))
    pivot = cells["score"].unstack("value")
    outlets_, targets = list(pivot.index), list(pivot.columns)
    z = [[None if pd.isna(v) else float(v) for v in row] for row in pivot.to_numpy()]
    ids = [[cells["ids"].get((o, t), []) for t in targets] for o in outlets_]
    text = [["" if z[r][c] is None else
             f"{z[r][c]:+.2f}{THIN_MARK if is_thin(len(ids[r][c])) else ''}<br>n={len(ids[r][c])}"
             for c in range(len(targets))] for r in range(len(outlets_))]
    xs, ys = [esc(str(c)) for c in targets], [esc(str(i)) for i in outlets_]
    fig = go.Figure(go.Heatmap(
        z=z, x=xs, y=ys, zmin=-1, zmax=1, colorscale="RdBu", text=text, texttemplate="%{text}",
        xgap=2, ygap=2, colorbar=dict(title="tone", thickness=12),
    ))
    filled = [(r, c) for r in range(len(outlets_)) for c in range(len(targets)) if z[r][c] is not None]
    add_click_layer(
        fig, [xs[c] for _, c in filled], [ys[r] for r, _ in filled],
        [[evidence_ids(ids[r][c]), f"{ys[r]} on {xs[c]}"] for r, c in filled],
        [f"{ys[r]} on {xs[c]}: {z[r][c]:+.2f} over {len(ids[r][c])} claims<br>click for the claims"
         for r, c in filled], size=28,
    )
    bottom = turned_height(xs, 0) + 10
    fig.update_layout(title=dict(text="Tone toward targets", x=0),
                      height=max(220, 110 + bottom + 40 * len(pivot)),
                      margin=dict(l=text_width(ys), r=10, t=50, b=bottom),
                      yaxis=dict(**FIXED), xaxis=dict(**FIXED))
    if any(is_thin(len(ids[r][c])) for r, c in filled):
        note(fig, THIN_NOTE)
    return fig
