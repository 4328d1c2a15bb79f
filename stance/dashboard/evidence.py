"""Evidence on click: any figure, bar, cell or table row opens the claims it rests on.

Chart builders put the claim ids behind each mark first in its `customdata`
(`stance.plots._common.evidence_ids`); tables keep them in a column. A view registers each
clickable element with an `EvidencePicker`, which notices which one the analyst clicked last
and opens a side drawer listing those claims with outlet, date, speaker, voice, verb, the
event and a link to the original (`stance.results.evidence_frame`), flagged when fewer than
MIN_EVIDENCE claims carry the number.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from stance.dashboard.cards import CARD_CSS, evidence_item_html
from stance.dashboard.glossary import define
from stance.dashboard.text import md_escape
from stance.plots._common import plural
from stance.results import MIN_EVIDENCE, Results, evidence_frame
from stance.schema import split_ids

SHOWN = 40  # claims listed at once; the rest behind "show all"


@dataclass(frozen=True)
class Pick:
    """What the analyst clicked (`title`, e.g. "Tone toward targets: TASS on West") and the
    claims behind it; `base` is how many claims the number rests on when that is more than the
    ones listed (a share of 2 out of 40 claims lists 2 and rests on 40)."""

    title: str
    ids: tuple[str, ...]
    base: int | None = None


def _get(obj: object, key: str) -> object:
    if isinstance(obj, Mapping):
        return obj.get(key)
    return getattr(obj, key, None)


def point_ids(state: object) -> tuple[str, ...]:
    """Claim ids of the selected points of a plotly chart's selection state (first element of
    each point's `customdata`), in order, each once."""
    points = _get(_get(state, "selection") or {}, "points") or []
    ids: list[str] = []
    for p in points:
        data = _get(p, "customdata")
        if isinstance(data, (list, tuple)):
            data = data[0] if data else ""
        ids += split_ids(data) if isinstance(data, str) else []
    return tuple(dict.fromkeys(ids))


def _first_data(state: object) -> list:
    points = _get(_get(state, "selection") or {}, "points") or []
    data = _get(points[0], "customdata") if points else None
    return list(data) if isinstance(data, (list, tuple)) else []


def point_label(state: object) -> str:
    """What the first selected point shows, in words (second element of its `customdata`,
    unescaped: it is rendered as Markdown-escaped text, not HTML)."""
    data = _first_data(state)
    return html.unescape(str(data[1])) if len(data) > 1 else ""


def point_base(state: object) -> int | None:
    """How many claims the first selected point's number rests on, when the chart says (third
    element of its `customdata`: the claims a share is of); else None (= the claims listed)."""
    data = _first_data(state)
    return int(data[2]) if len(data) > 2 and isinstance(data[2], (int, float)) else None


def row_indices(state: object) -> list[int]:
    """Selected row positions of a dataframe's selection state."""
    rows = _get(_get(state, "selection") or {}, "rows") or []
    return [int(r) for r in rows]


def selected_cells(state: object) -> list[tuple[int, str]]:
    """Selected cells (row position, column name) of a dataframe's selection state."""
    cells = _get(_get(state, "selection") or {}, "cells") or []
    return [(int(c[0]), str(c[1])) for c in cells if isinstance(c, (list, tuple)) and len(c) == 2]


class EvidencePicker:
    """Tracks, for one view, which registered figure or table was clicked last, and opens the
    evidence drawer when a new click arrives. Element keys carry a generation number that moves
    when the drawer is closed, so clicking the same bar again opens it again."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self._seen_key = f"_ev_seen_{scope}"
        self._gen_key = f"_ev_gen_{scope}"
        self.pick: Pick | None = None

    def key(self, name: str) -> str:
        """The widget key of element `name` in this view (stable until its drawer is closed)."""
        return f"{name}~{st.session_state.get(self._gen_key, {}).get(name, 0)}"

    def offer(self, name: str, pick: Pick | None) -> None:
        """Register what element `name` has selected now; a changed, non-empty selection
        becomes the view's pick."""
        seen = st.session_state.setdefault(self._seen_key, {})
        sig = pick.ids if pick else ()
        if seen.get(self.key(name)) != sig:
            seen[self.key(name)] = sig
            if pick and pick.ids:
                self.pick = pick
                self._source = name

    def chart(self, name: str, title: str, state: object) -> None:
        """Register a plotly chart's selection state (`st.plotly_chart(..., on_select="rerun")`)."""
        ids = point_ids(state)
        label = point_label(state)
        self.offer(name, Pick(f"{title}: {label}" if label else title, ids, point_base(state)) if ids else None)

    def table(self, name: str, title: str, state: object, frame: pd.DataFrame,
              ids_column: str = "evidence_claim_ids", label_column: str | None = None,
              base_column: str | None = None) -> None:
        """Register a dataframe's row selection; the row's `ids_column` holds its claim ids."""
        rows = [r for r in row_indices(state) if 0 <= r < len(frame)]
        if not rows:
            self.offer(name, None)
            return
        row = frame.iloc[rows[0]]
        label = f": {row[label_column]}" if label_column else ""
        base = int(row[base_column]) if base_column else None
        self.offer(name, Pick(f"{title}{label}", tuple(split_ids(row[ids_column])), base))

    def cells(self, name: str, title: str, state: object,
              evidence: Mapping[tuple[int, str], Pick]) -> None:
        """Register a dataframe's cell selection; `evidence` maps (row position, column) to the
        pick of that cell (cells without evidence are not clickable)."""
        picked = [evidence[c] for c in selected_cells(state) if c in evidence]
        self.offer(name, Pick(f"{title}: {picked[0].title}", picked[0].ids, picked[0].base) if picked else None)

    def _closed(self, name: str) -> None:
        gens = dict(st.session_state.get(self._gen_key, {}))
        gens[name] = gens.get(name, 0) + 1
        st.session_state[self._gen_key] = gens

    def open(self, results: Results) -> None:
        """Open the drawer for a click that arrived in this run (call once, after every
        element of the view is registered)."""
        if self.pick is None:
            return
        pick, source = self.pick, self._source

        def body() -> None:
            render_evidence(results, pick)

        st.dialog("Evidence", width="large", position="right",
                  on_dismiss=lambda: self._closed(source))(body)()


def render_evidence(results: Results, pick: Pick) -> None:
    """The claims behind `pick`, newest meeting last, each with outlet, date, speaker (voice,
    verb), event and a link to the original."""
    rows = evidence_frame(results, pick.ids)
    base = pick.base if pick.base is not None else len(rows)
    st.markdown(f"**{md_escape(pick.title)}**")
    st.caption(f"n = {plural(base, 'claim')}" + (f" ({len(rows)} listed)" if base != len(rows) else "")
               + " \u00b7 " + define("n"))
    st.html(CARD_CSS)
    if base < MIN_EVIDENCE:
        st.html(f"<div class='stance-thin'>Thin evidence: this number rests on "
                f"{plural(base, 'claim')}, fewer than {MIN_EVIDENCE}.</div>")
    if rows.empty:
        st.info("None of these claims is in the current results (a filter may hide them).")
        return
    with_event = rows["event_id"].nunique() > 1
    st.html("".join(evidence_item_html(r, with_event) for _, r in rows.head(SHOWN).iterrows()))
    if len(rows) > SHOWN:
        with st.expander(f"Show all {len(rows)} claims"):
            st.html("".join(evidence_item_html(r, with_event) for _, r in rows.iloc[SHOWN:].iterrows()))

