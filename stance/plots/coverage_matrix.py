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
from stance.plots._common import (
    add_click_layer,
    display_name,
    empty_figure,
    esc,
    plural,
    shorten,
    text_lines,
    text_width,
    turned_height,
    wrap_label,
)

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
    """(group_id, source) -> escaped wording of that source's claims, for the hover label
    (the first two, then how many more: the side-by-side below the matrix shows them all)."""
    out: dict[tuple[str, str], str] = {}
    for (gid, src), texts in aligned.groupby(["group_id", "source_label"])["claim_text"]:
        texts = [esc(shorten(t, 160)) for t in texts.astype(str)]
        more = f"<br>\u2026 and {len(texts) - 2} more" if len(texts) > 2 else ""
        out[(gid, src)] = "<br>".join(texts[:2]) + more
    return out


# Up to this many columns the outlet names stand upright, wrapped on two lines; beyond it they
# are turned (one line each, shortened) so neighbours cannot overlap however many there are.
UPRIGHT_MAX = 7
TURNED_WIDTH = 30
TURNED_ANGLE = -65


def coverage_figure(coverage: pd.DataFrame, groups: pd.DataFrame, aligned: pd.DataFrame,
                    sort: str = "outlets", max_rows: int = 60) -> go.Figure:
    """Plotly heatmap of `coverage_table`; hover shows each outlet's wording of the claim and
    the number of outlets carrying it; a click reports the row's group_id (`customdata`)."""
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
    many = len(sources) > UPRIGHT_MAX
    names = [display_name(s) for s in sources]
    xs = [esc(shorten(s, TURNED_WIDTH)) if many else wrap_label(s, 18) for s in names]
    if len(set(xs)) < len(xs):  # two long names shortened to the same label: keep them apart
        xs = [f"{x} #{i + 1}" if xs.count(x) > 1 else x for i, x in enumerate(xs)]
    hover = _hover(aligned)
    z = shown[sources].to_numpy().tolist()
    text = [[f"<b>{esc(names[c])}</b>: {STATUS_NAMES[z[r][c]]} \u00b7 carried by {plural(n, 'outlet')}<br>"
             + hover.get((gid, src), "")
             for c, src in enumerate(sources)]
            for r, (gid, n) in enumerate(zip(shown["group_id"], shown["n_outlets"], strict=True))]
    colorscale = [[0.0, "#d9d9d9"], [0.333, "#d9d9d9"], [0.333, "#f2b447"], [0.666, "#f2b447"],
                  [0.666, "#2b6cb0"], [1.0, "#2b6cb0"]]
    # Cells sit at numeric positions, named by the axes' tick labels: the click layer repeats
    # each cell's position, and numbers keep it small (a label repeated per cell is not).
    cols, rows = list(range(len(xs))), list(range(len(labels)))
    fig = go.Figure(go.Heatmap(
        z=z, x=cols, y=rows, zmin=0, zmax=2, colorscale=colorscale, xgap=2, ygap=2,
        colorbar=dict(tickvals=[0.33, 1.0, 1.67], ticktext=[STATUS_NAMES[k] for k in (0, 1, 2)],
                      thickness=12, lenmode="pixels", len=140, yanchor="top", y=1),
    ))
    # a click on a row selects that claim group in the dashboard
    add_click_layer(fig, [x for _ in rows for x in cols], [y for y in rows for _ in cols],
                    [gid for gid in shown["group_id"] for _ in cols], [t for row in text for t in row])
    top = 44 + (turned_height(xs, TURNED_ANGLE, 11) if many else text_lines(xs) * 15 + 6)  # title + labels
    fig.update_layout(
        height=max(260, top + 20 + 24 * len(shown)),
        margin=dict(l=text_width(labels), r=10, t=top, b=10),
        title=dict(text=f"Coverage of {plural(len(table), 'claim group')}"
                   + (f" (top {len(shown)} shown)" if len(shown) < len(table) else ""), x=0,
                   y=1, yanchor="top", yref="container", pad=dict(t=8)),
        xaxis=dict(side="top", tickangle=TURNED_ANGLE if many else 0, automargin=False, tickfont=dict(size=11),
                   tickmode="array", tickvals=cols, ticktext=xs, showgrid=False, zeroline=False),
        yaxis=dict(autorange="reversed", automargin=False, tickmode="array", tickvals=rows, ticktext=labels,
                   showgrid=False, zeroline=False),
    )
    return fig
