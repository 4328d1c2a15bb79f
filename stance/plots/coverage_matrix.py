"""Claims x outlets coverage matrix: which outlet carries each claim group of one event.

A cell is `carried` (the outlet's own article has a claim in the group), `carried-as-copy`
(only a syndicated copy carries it, so it is not an independent voice) or `omitted` (the outlet
covers the event but says nothing of the kind). Rows are claim groups, most widely carried
first, so consensus lines sit on top and what only one outlet says sits at the bottom.

The statuses come from `stance.results.coverage_frame` (the computation behind the framing
profile's `omits` rows); this module only pivots, sorts and draws them.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from stance.coverage import CARRIED, COPY, OMITTED, STATUS_NAMES
from stance.plots._common import empty_figure, esc, shorten

__all__ = ["CARRIED", "COPY", "OMITTED", "SORT_KEYS", "STATUS_NAMES", "coverage_figure",
           "coverage_table"]

SORT_KEYS = ("outlets", "position")
LEAD = ["group_id", "representative", "n_outlets", "first_position"]


def coverage_table(coverage: pd.DataFrame, groups: pd.DataFrame, aligned: pd.DataFrame,
                   sort: str = "outlets") -> pd.DataFrame:
    """`stance.results.coverage_frame` pivoted: one row per claim group, one status column per
    source (0 omitted, 1 copy, 2 carried), after the leading columns group_id, representative,
    n_outlets, first_position (earliest position of its claims in `aligned`)."""
    if sort not in SORT_KEYS:
        raise ValueError(f"sort must be one of {SORT_KEYS}, not {sort!r}")
    if coverage.empty or groups.empty or aligned.empty:
        return pd.DataFrame(columns=LEAD)
    sources = list(dict.fromkeys(coverage["source_label"]))
    status = coverage.pivot(index="group_id", columns="source_label", values="status")
    status = status.reindex(columns=sources).fillna(OMITTED).astype(int)
    first = aligned.groupby("group_id")["position"].min().rename("first_position")
    meta = groups.set_index("group_id")[["representative", "n_outlets"]]
    table = meta.join(first, how="inner").join(status, how="inner").reset_index()
    table["n_outlets"] = table["n_outlets"].astype(int)
    if sort == "outlets":
        table = table.sort_values(["n_outlets", "first_position", "group_id"], ascending=[False, True, True])
    else:
        table = table.sort_values(["first_position", "group_id"])
    # Outlets that carry the most groups first, copies after originals.
    counts = (table[sources] == CARRIED).sum() + 0.5 * (table[sources] == COPY).sum()
    ordered = sorted(sources, key=lambda s: (-counts[s], s))
    return table[LEAD + ordered].reset_index(drop=True)


def _hover(aligned: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(group_id, source) -> escaped wording of that source's claims, for the hover label."""
    out: dict[tuple[str, str], str] = {}
    for (gid, src), sub in aligned.groupby(["group_id", "source_label"]):
        texts = [esc(shorten(t, 160)) for t in sub["claim_text"].astype(str)]
        out[(gid, src)] = "<br>".join(texts[:3]) + ("<br>\u2026" if len(texts) > 3 else "")
    return out


def coverage_figure(coverage: pd.DataFrame, groups: pd.DataFrame, aligned: pd.DataFrame,
                    sort: str = "outlets", max_rows: int = 60) -> go.Figure:
    """Plotly heatmap of `coverage_table`; hover shows each outlet's wording of the claim."""
    table = coverage_table(coverage, groups, aligned, sort=sort)
    if table.empty:
        return empty_figure("No claim groups for this selection")
    shown = table.head(max_rows)
    sources = [c for c in table.columns if c not in LEAD]
    labels, seen = [], set()
    for i, (rep, n) in enumerate(zip(shown["representative"], shown["n_outlets"], strict=False)):
        label = f"[{n}] {esc(shorten(rep, 60))}"
        if label in seen:
            label = f"{label} #{i + 1}"
        seen.add(label)
        labels.append(label)
    hover = _hover(aligned)
    z = shown[sources].to_numpy().tolist()
    text = [[f"<b>{esc(src)}</b>: {STATUS_NAMES[z[r][c]]}<br>"
             + hover.get((gid, src), "")
             for c, src in enumerate(sources)]
            for r, gid in enumerate(shown["group_id"])]
    custom = [[gid] * len(sources) for gid in shown["group_id"]]
    colorscale = [[0.0, "#ececec"], [0.333, "#ececec"], [0.333, "#f2b447"], [0.666, "#f2b447"],
                  [0.666, "#2b6cb0"], [1.0, "#2b6cb0"]]
    fig = go.Figure(go.Heatmap(
        z=z, x=[esc(s) for s in sources], y=labels, zmin=0, zmax=2, colorscale=colorscale,
        xgap=2, ygap=2, text=text, customdata=custom, hovertemplate="%{text}<extra></extra>",
        colorbar=dict(tickvals=[0.33, 1.0, 1.67], ticktext=[STATUS_NAMES[k] for k in (0, 1, 2)],
                      thickness=12, len=min(1.0, 0.3 + 0.02 * len(shown))),
    ))
    # Invisible markers over the cells: plotly reports clicks on points (not on heatmap cells),
    # so a click on a row can select that claim group in the dashboard.
    xs = [esc(s) for s in sources]
    fig.add_trace(go.Scatter(
        x=[x for _ in labels for x in xs], y=[y for y in labels for _ in xs], mode="markers",
        marker=dict(size=22, symbol="square", opacity=0), showlegend=False,
        customdata=[gid for gid in shown["group_id"] for _ in xs],
        text=[t for row in text for t in row], hovertemplate="%{text}<extra></extra>",
    ))
    fig.update_traces(hoverinfo="skip", hovertemplate=None, selector=dict(type="heatmap"))
    fig.update_layout(
        height=max(260, 120 + 24 * len(shown)),
        margin=dict(l=10, r=10, t=40, b=10),
        title=dict(text=f"Coverage of {len(table)} claim groups"
                   + (f" (top {len(shown)} shown)" if len(shown) < len(table) else ""), x=0),
        xaxis=dict(side="top", tickangle=0),
        yaxis=dict(autorange="reversed", automargin=True),
    )
    return fig
