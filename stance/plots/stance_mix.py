"""Stance mix per outlet: how much of what it says is in its own voice, attributed, distanced
or contested (counts of claim labels, shown as shares with the counts on hover)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from stance.plots._common import (
    FIXED,
    STANCE_COLORS,
    THIN_BARS_NOTE,
    THIN_PATTERN,
    empty_figure,
    esc,
    evidence_ids,
    is_thin,
    n_label,
    note,
    outlets,
    text_width,
    voices,
)
from stance.schema import STANCES


def stance_mix_figure(aligned: pd.DataFrame) -> go.Figure:
    """Horizontal 100% stacked bars, one per outlet, from the per-claim `stance` labels
    (copies of an article of the same event left out, as in the framing profiles). Each outlet
    is labelled with the number of claims its bar rests on; bars on fewer than MIN_EVIDENCE
    claims are hatched; a segment's `customdata` starts with its claim ids."""
    if aligned.empty:
        return empty_figure("No claims for this selection")
    frame = voices(aligned)
    if frame.empty:
        return empty_figure("No claims for this selection")
    frame = frame.drop_duplicates("claim_id")
    frame = frame.assign(stance=frame["stance"].fillna("").astype(str), outlet=outlets(frame))
    grouped = frame.groupby(["outlet", "stance"])["claim_id"].agg(list)
    counts = grouped.map(len).unstack("stance", fill_value=0)
    ids = grouped.to_dict()
    order = [s for s in STANCES if s in counts.columns] + [c for c in counts.columns if c not in STANCES]
    counts = counts[order]
    totals = counts.sum(axis=1)
    labels = [esc(n_label(o, totals[o])) for o in counts.index]
    thin = [is_thin(totals[o]) for o in counts.index]
    fig = go.Figure()
    for stance in order:
        share = counts[stance] / totals
        name = stance or "unlabelled"
        fig.add_trace(go.Bar(
            y=labels, x=share.tolist(), orientation="h", name=name,
            marker=dict(color=STANCE_COLORS.get(stance, "#bab0ac"),
                        pattern=dict(shape=[THIN_PATTERN if t else "" for t in thin])),
            customdata=[[evidence_ids(ids.get((o, stance), [])), esc(f"{o}, {name}"), int(totals[o]),
                         int(counts.at[o, stance])] for o in counts.index],
            hovertemplate="%{y}: %{customdata[3]} of %{customdata[2]} claims (%{x:.0%})"
                          "<br>click for the claims<extra>" + name + "</extra>",
        ))
    fig.update_layout(
        barmode="stack", title=dict(text="Stance toward its claims", x=0),
        xaxis=dict(tickformat=".0%", range=[0, 1], **FIXED), yaxis=dict(**FIXED),
        height=max(240, 120 + 34 * len(counts)), margin=dict(l=text_width(labels), r=10, t=50, b=30),
        legend=dict(title=dict(text="stance"), orientation="v", x=1.01, y=1), showlegend=True,
    )
    if any(thin):
        note(fig, THIN_BARS_NOTE)
    return fig
