"""Small display helpers shared by the chart builders."""

from __future__ import annotations

import html

import plotly.graph_objects as go

STANCE_COLORS = {
    "asserted": "#4c78a8",
    "attributed": "#72b7b2",
    "distanced": "#f58518",
    "contested": "#e45756",
    "": "#bab0ac",
}
SIDE_COLORS = {
    "China": "#d62728",
    "Russia": "#1f77b4",
    "West": "#2ca02c",
    "Ukraine": "#e7ba52",
    "other": "#7f7f7f",
    "": "#c7c7c7",
}


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
