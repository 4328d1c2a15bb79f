"""Small display helpers shared by the chart builders."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

STANCE_COLORS = {
    "asserted": "#4c78a8",
    "attributed": "#72b7b2",
    "distanced": "#f58518",
    "contested": "#e45756",
    "": "#bab0ac",
}
PALETTE = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#ff9da6",
           "#9d755d", "#eeca3b", "#bab0ac"]
UNKNOWN_COLOR = "#c7c7c7"
UNKNOWN_OUTLET = "unknown outlet"


def outlets(frame: pd.DataFrame) -> pd.Series:
    """The outlet each row counts under (`counts_under`, the rule of `stance.coverage`), for
    grouping and labels."""
    return frame["counts_under"].fillna("").astype(str).replace("", UNKNOWN_OUTLET)


def voices(aligned: pd.DataFrame) -> pd.DataFrame:
    """Claim rows that speak for an outlet: a copy of an article of the same event is left out,
    as in the framing profiles, so a story carried by three sites counts once."""
    return aligned[~aligned["is_copy"].fillna(False).astype(bool)]


def category_colors(values: list[str], unknown: str = "unknown") -> dict[str, str]:
    """A colour per value in the order given (the data's own categories, e.g. speaker sides);
    `unknown` is grey."""
    colors, k = {}, 0
    for v in values:
        if v == unknown or v == "":
            colors[v] = UNKNOWN_COLOR
        else:
            colors[v] = PALETTE[k % len(PALETTE)]
            k += 1
    return colors


def esc(text: object) -> str:
    """Escape untrusted text for plotly labels and hover text, which accept a few HTML tags
    (<b>, <br>, <a href>): article text must never supply its own markup."""
    return html.escape(str(text), quote=False)


def shorten(text: str, width: int = 70) -> str:
    """One-line label of at most `width` characters (plotly axis labels do not wrap)."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def empty_figure(message: str) -> go.Figure:
    """A blank figure that says why it is blank, so an empty filter never looks like a bug."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=200, margin=dict(l=10, r=10, t=10, b=10))
    return fig
