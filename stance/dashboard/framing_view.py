"""Outlet framing profiles for one event, two or more outlets side by side.

Everything shown comes from the framing stage's profile rows (`framing` table: dimension,
value, score, evidence claims) and the per-claim labels; nothing is recomputed here.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from stance.dashboard.text import md_escape
from stance.plots import quoted_sides_figure, stance_mix_figure, tone_targets_figure
from stance.results import Results
from stance.schema import Dimension, split_ids

META_DIMENSIONS = (Dimension.OUTLET_TYPE, Dimension.OUTLET_COUNTRY, Dimension.STATE_AFFILIATED)
# dimension -> heading of the list of claims it names (value = the claim's text)
CLAIM_LISTS = {Dimension.LEDE: "Leads with", Dimension.ONLY_HERE: "Only this outlet says",
               Dimension.OMITS: "Omits (carried by other outlets)"}
TABLES = {Dimension.TERM: "Terms chosen", Dimension.TERM_OWN_VOICE: "Terms in its own voice",
          Dimension.QUOTED_SPEAKER: "Who it quotes (claims)"}


def _rows(framing: pd.DataFrame, outlet: str, dimension: str) -> pd.DataFrame:
    return framing[(framing["outlet"] == outlet) & (framing["dimension"] == dimension)]


def _metadata(framing: pd.DataFrame, outlet: str) -> str:
    parts = []
    for dim in META_DIMENSIONS:
        rows = _rows(framing, outlet, dim)
        if not rows.empty:
            parts.append(f"{dim.replace('outlet_', '').replace('_', ' ')}: {rows['value'].iloc[0]}")
    return " \u00b7 ".join(parts)


def _evidence(rows: pd.DataFrame) -> pd.Series:
    return rows["evidence_claim_ids"].map(lambda s: len(split_ids(s)))


def _render_outlet(framing: pd.DataFrame, outlet: str) -> None:
    st.markdown(f"#### {md_escape(outlet)}")
    meta = _metadata(framing, outlet)
    if meta:
        st.caption(md_escape(meta))
    for dim, heading in CLAIM_LISTS.items():
        rows = _rows(framing, outlet, dim)
        st.markdown(f"**{heading}** ({len(rows)})")
        if not rows.empty:
            st.dataframe(rows[["value"]].rename(columns={"value": "claim"}), hide_index=True)
    for dim, heading in TABLES.items():
        rows = _rows(framing, outlet, dim)
        if rows.empty:
            continue
        st.markdown(f"**{heading}**")
        st.dataframe(rows.assign(evidence=_evidence(rows))[["value", "score", "evidence"]], hide_index=True)
    shown = set(META_DIMENSIONS) | set(CLAIM_LISTS) | set(TABLES)
    rest = framing[(framing["outlet"] == outlet) & ~framing["dimension"].isin(shown)]
    if not rest.empty:
        st.markdown("**Shares and tone** (score; evidence = claims behind it)")
        st.dataframe(rest.assign(evidence=_evidence(rest))[["dimension", "value", "score", "evidence"]],
                     hide_index=True)


def render_framing(results: Results) -> None:
    """`results` is narrowed to one event and the sidebar filters."""
    st.subheader("Outlet framing profiles")
    outlets = sorted({o for o in results.aligned["counts_under"].dropna() if o}
                     | {o for o in results.framing["outlet"].dropna() if o})
    if not outlets:
        st.info("No claims for this event under the current filter.")
        return
    picked = st.multiselect("Outlets to compare", outlets, default=outlets[:4], key="framing_outlets")
    if not picked:
        st.info("Pick at least one outlet.")
        return
    aligned = results.aligned[results.aligned["counts_under"].isin(picked)]
    framing = results.framing[results.framing["outlet"].isin(picked)]
    left, right = st.columns(2)
    left.plotly_chart(stance_mix_figure(aligned), key="stance_mix")
    right.plotly_chart(quoted_sides_figure(aligned), key="quoted_sides")
    st.plotly_chart(tone_targets_figure(framing, Dimension.TONE_TARGET), key="tone_targets")
    for col, outlet in zip(st.columns(len(picked)), picked, strict=True):
        with col:
            _render_outlet(framing, outlet)
