"""Outlet framing profiles for one event, two or more outlets side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from stance.dashboard.text import md_escape
from stance.plots import quoted_sides_figure, stance_mix_figure, tone_targets_figure
from stance.results import Results

TONE_DIMENSION = "tone_target"


def _only_here(results: Results, outlet: str) -> pd.DataFrame:
    """Claims of groups that this outlet alone carries (copies do not count as other voices)."""
    solo = results.groups[results.groups["n_outlets"].astype(int) == 1]
    solo = solo[solo["outlets"].fillna("") == outlet]
    rows = results.aligned[results.aligned["group_id"].isin(solo["group_id"])
                           & (results.aligned["outlet"] == outlet)
                           & (results.aligned["syndicated_of"].fillna("") == "")]
    return rows.drop_duplicates("claim_id")[["claim_text", "speaker", "stance"]]


def _lede(results: Results, outlet: str) -> pd.DataFrame:
    rows = results.aligned[(results.aligned["outlet"] == outlet) & results.aligned["is_lede"].astype(bool)
                           & (results.aligned["syndicated_of"].fillna("") == "")]
    return rows.drop_duplicates("claim_id").sort_values("position")[["claim_text", "speaker"]]


def _profile_rows(results: Results, outlet: str) -> pd.DataFrame:
    """Every framing-profile row the framing stage stored for this outlet (terms, shares,
    background, ...), with the claims that are its evidence counted."""
    rows = results.framing[results.framing["outlet"] == outlet]
    return rows.assign(evidence=rows["evidence_claim_ids"].fillna("").map(lambda s: len(s.split())))[
        ["dimension", "value", "score", "evidence"]]


def render_framing(results: Results) -> None:
    """`results` is narrowed to one event and the sidebar filters."""
    st.subheader("Outlet framing profiles")
    outlets = sorted({o for o in results.aligned["outlet"].dropna() if o})
    if not outlets:
        st.info("No claims for this event under the current filter.")
        return
    picked = st.multiselect("Outlets to compare", outlets, default=outlets[:4], key="framing_outlets")
    if not picked:
        st.info("Pick at least one outlet.")
        return
    aligned = results.aligned[results.aligned["outlet"].isin(picked)]
    framing = results.framing[results.framing["outlet"].isin(picked)]
    left, right = st.columns(2)
    left.plotly_chart(stance_mix_figure(aligned), key="stance_mix")
    right.plotly_chart(quoted_sides_figure(aligned), key="quoted_sides")
    st.plotly_chart(tone_targets_figure(framing, TONE_DIMENSION), key="tone_targets")
    for col, outlet in zip(st.columns(len(picked)), picked, strict=True):
        with col:
            st.markdown(f"#### {md_escape(outlet)}")
            st.markdown("**Leads with**")
            st.dataframe(_lede(results, outlet), hide_index=True, key=f"lede_{outlet}")
            st.markdown("**Only this outlet says**")
            st.dataframe(_only_here(results, outlet), hide_index=True, key=f"only_{outlet}")
            st.markdown("**Profile** (terms chosen, shares, tone; evidence = claims behind it)")
            st.dataframe(_profile_rows(results, outlet), hide_index=True, key=f"profile_{outlet}")
