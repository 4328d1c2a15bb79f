"""Discrepancies: aligned claims that disagree on a checkable detail, both claims shown."""

from __future__ import annotations

import html

import streamlit as st

from stance.dashboard.text import mark_value_html
from stance.results import Results


def render_discrepancies(results: Results) -> None:
    st.subheader("Discrepancies")
    disc = results.discrepancies
    if disc.empty:
        st.info("No discrepancies found for this selection.")
        return
    st.caption(f"{len(disc)} aligned claim pairs disagree on a place, date, number, negation or actor.")
    kinds = sorted(set(disc["kind"]))
    picked = st.multiselect("Kinds", kinds, default=kinds, key="disc_kinds")
    for _, d in disc[disc["kind"].isin(picked)].iterrows():
        with st.container(border=True):
            st.html(f"<b>{html.escape(str(d['kind']))}</b>: "
                    f"{html.escape(str(d['value_a']))} vs {html.escape(str(d['value_b']))}")
            a, b = st.columns(2)
            a.html(f"<b>{html.escape(str(d['outlet_a']))}</b><br>{mark_value_html(str(d['text_a']), str(d['value_a']))}")
            b.html(f"<b>{html.escape(str(d['outlet_b']))}</b><br>{mark_value_html(str(d['text_b']), str(d['value_b']))}")
