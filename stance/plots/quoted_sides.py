"""Who each outlet quotes, by side: claims attributed to a speaker, counted per speaker side."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from stance.plots._common import (
    FIXED,
    THIN_BARS_NOTE,
    THIN_PATTERN,
    category_colors,
    empty_figure,
    esc,
    evidence_ids,
    is_thin,
    n_label,
    note,
    outlets,
    turned_height,
    voices,
    wrap_label,
)


def quoted_sides_figure(aligned: pd.DataFrame) -> go.Figure:
    """Grouped bars: per outlet, the number of claims attributed to speakers of each side.
    Claims in the outlet's own voice are not quotes and are left out. Sides are the ones the
    data names (`speaker_side`, from the actors data), most quoted first, "unknown" last; the
    legend names them (also for a single side). Outlets are labelled with the number of
    attributed claims; those with fewer than MIN_EVIDENCE have hatched bars; a bar's
    `customdata` starts with its claim ids."""
    if aligned.empty:
        return empty_figure("No claims for this selection")
    frame = voices(aligned).drop_duplicates("claim_id")
    frame = frame[frame["attribution"].fillna("outlet_voice") != "outlet_voice"]
    frame = frame[frame["speaker"].fillna("").astype(str) != ""]
    if frame.empty:
        return empty_figure("No attributed claims for this selection")
    frame = frame.assign(side=frame["speaker_side"].fillna("").replace("", "unknown"),
                         outlet=outlets(frame))
    grouped = frame.groupby(["outlet", "side"])["claim_id"].agg(list)
    counts = grouped.map(len).unstack("side", fill_value=0)
    ids = grouped.to_dict()
    speakers = frame.groupby(["outlet", "side"])["speaker"].agg(lambda s: ", ".join(sorted(set(s)))).to_dict()
    totals = counts.sum()
    per_outlet = counts.sum(axis=1)
    order = sorted(counts.columns, key=lambda s: (s == "unknown", -totals[s], s))
    colors = category_colors(order)
    xs = [wrap_label(n_label(o, per_outlet[o]), 16, 3) for o in counts.index]
    thin = [is_thin(per_outlet[o]) for o in counts.index]
    fig = go.Figure()
    for side in order:
        fig.add_trace(go.Bar(
            x=xs, y=counts[side].tolist(), name=esc(side),
            marker=dict(color=colors[side], pattern=dict(shape=[THIN_PATTERN if t else "" for t in thin])),
            customdata=[[evidence_ids(ids.get((o, side), [])), esc(f"{o} quoting {side}"), int(per_outlet[o]),
                         esc(speakers.get((o, side), ""))] for o in counts.index],
            hovertemplate="%{x}: %{y} claims<br>%{customdata[3]}<br>click for the claims<extra>"
                          + esc(side) + "</extra>",
        ))
    angle = -45 if len(xs) > 6 else 0
    bottom = turned_height(xs, angle) + 10
    fig.update_layout(
        barmode="group", title=dict(text="Who is quoted, by side", x=0),
        yaxis=dict(title="attributed claims", **FIXED), height=380 + bottom,
        margin=dict(l=60, r=10, t=50, b=bottom),
        showlegend=True, legend=dict(title=dict(text="speaker side"), orientation="v", x=1.01, y=1),
        xaxis=dict(tickangle=angle, **FIXED),
    )
    if any(thin):
        note(fig, THIN_BARS_NOTE)
    return fig
