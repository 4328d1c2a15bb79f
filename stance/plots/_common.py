"""Small display helpers shared by the chart builders."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from stance.results import MIN_EVIDENCE
from stance.schema import join_ids

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
# Categories with many members (20+ outlets, a dozen events): 22 colours readable on light and
# dark backgrounds (no near-black, no near-white), crossed with 5 marker symbols. 22 and 5 share
# no factor, so the first 110 categories each get their own colour-and-symbol pair and
# neighbours always differ in both.
MANY_COLORS = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#ff9da6",
               "#9d755d", "#eeca3b", "#2e91e5", "#e15f99", "#1ca71c", "#da16ff", "#b68100",
               "#eb663b", "#00a08b", "#fb00d1", "#778aae", "#a777f1", "#6c7c32", "#fc0080",
               "#b2828d"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross"]
# Marks a number resting on fewer than MIN_EVIDENCE claims (label suffix; hatched bars).
THIN_MARK = "*"
THIN_NOTE = f"{THIN_MARK} rests on fewer than {MIN_EVIDENCE} claims"
THIN_BARS_NOTE = f"{THIN_MARK} and hatched: rests on fewer than {MIN_EVIDENCE} claims"
THIN_PATTERN = "/"


# a file path: absolute, relative, home or drive, or folders and a file with an extension (a
# record number after #); not a name that merely holds a slash ("Reuters/AFP")
_PATH = re.compile(r"^(/|\./|\.\./|~/|[A-Za-z]:[\\/])|^[^\s:]+[/\\][^\s]*\.\w{1,6}(#\d+)?$")


@dataclass(frozen=True)
class Style:
    color: str
    symbol: str


def distinct_styles(keys: Iterable[str]) -> dict[str, Style]:
    """A colour-and-symbol pair per key, in the order given, distinct for the first 110 keys."""
    return {k: Style(MANY_COLORS[i % len(MANY_COLORS)], SYMBOLS[i % len(SYMBOLS)])
            for i, k in enumerate(dict.fromkeys(keys))}


def is_thin(n: int) -> bool:
    return int(n) < MIN_EVIDENCE


def n_label(name: str, n: int) -> str:
    """An axis label with the number of claims it rests on: "AFP (n=12)", "TASS (n=2)*"."""
    return f"{name} (n={int(n)})" + (THIN_MARK if is_thin(n) else "")


def evidence_ids(ids: Iterable[str]) -> str:
    """The claim ids behind one mark, as one string. A clickable mark's `customdata` is
    [ids, label, base, ...]: its claim ids, what it shows in words ("AFP, contested") and, for
    a share, how many claims the share is of; the dashboard lists the claims on a click."""
    return join_ids(dict.fromkeys(str(i) for i in ids if i))


def wrap_label(text: str, width: int = 16, lines: int = 2) -> str:
    """A column label wrapped onto at most `lines` lines of about `width` characters with <br>
    (plotly does not wrap), escaped; the last line is shortened if needed."""
    words, out, line = " ".join(str(text).split()).split(" "), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    out.append(line)
    if len(out) > lines:
        out = out[:lines - 1] + [shorten(" ".join(out[lines - 1:]), width)]
    return "<br>".join(esc(x) for x in out)


# Margins are computed from the labels instead of plotly's automargin, which lays a chart out
# again and again until its labels fit: 2-3x the drawing time (0.41 -> 0.14 s for a 60 x 28
# coverage matrix in Chromium). CHAR_EM is a generous average glyph width of the dashboard's
# sans-serif, so a label is never cut.
CHAR_EM = 0.55
FIXED = dict(automargin=False)


def text_width(labels: Iterable[str], size: int = 12) -> int:
    """Pixels the longest line of these (escaped, possibly <br>-wrapped) labels needs."""
    longest = max((len(line) for label in labels for line in html.unescape(str(label)).split("<br>")),
                  default=0)
    return int(longest * size * CHAR_EM) + 20


def text_lines(labels: Iterable[str]) -> int:
    return max((str(label).count("<br>") + 1 for label in labels), default=1)


def turned_height(labels: Iterable[str], angle: float, size: int = 12) -> int:
    """Pixels that labels turned by `angle` degrees need across the axis."""
    import math

    labels = list(labels)
    a = math.radians(abs(angle))
    return int(text_width(labels, size) * math.sin(a) + text_lines(labels) * size * 1.3 * math.cos(a)) + 6


def add_click_layer(fig: go.Figure, x: Sequence, y: Sequence, customdata: Sequence,
                    text: Sequence[str], size: int = 22) -> None:
    """Invisible square markers over heatmap cells: plotly reports clicks on points, not on
    heatmap cells, so these carry each cell's hover text and evidence to the dashboard."""
    fig.add_trace(go.Scatter(
        x=list(x), y=list(y), mode="markers", showlegend=False,
        marker=dict(size=size, symbol="square", opacity=0), customdata=list(customdata),
        text=list(text), hovertemplate="%{text}<extra></extra>",
    ))
    fig.update_traces(hoverinfo="skip", hovertemplate=None, selector=dict(type="heatmap"))


def note(fig: go.Figure, text: str, *, y: float = 1.0, x: float = 1.0, xanchor: str = "right",
         yanchor: str = "bottom") -> None:
    """A one-line caption placed relative to the plot area; by default above its top right
    corner, level with a left-aligned title (e.g. THIN_NOTE)."""
    fig.add_annotation(text=esc(text), showarrow=False, x=x, y=y, xref="paper", yref="paper",
                       xanchor=xanchor, yanchor=yanchor, font=dict(size=11))


def display_name(name: str) -> str:
    """A source or outlet name as shown: a web address as is, a file path as its file name
    (an article with no known outlet counts under the file it was read from, and a folder of
    this computer is nobody's business on a shared screen)."""
    name = str(name or "")
    if not _PATH.match(name):
        return name
    return name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def outlets(frame: pd.DataFrame) -> pd.Series:
    """The outlet each row counts under (`counts_under`, the rule of `stance.coverage`), for
    grouping and labels."""
    return frame["counts_under"].fillna("").astype(str).map(display_name).replace("", UNKNOWN_OUTLET)


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


def plural(n: int, word: str, many: str | None = None) -> str:
    """"1 outlet", "2 outlets" (never "1 outlets"); `many` for irregular plurals."""
    n = int(n)
    return f"{n} {word if n == 1 else (many or word + 's')}"
