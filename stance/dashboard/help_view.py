"""Help: what each view shows and a one-sentence definition of every label and figure (the
glossary, `stance.dashboard.glossary`, which the tooltips read too)."""

from __future__ import annotations

import streamlit as st

from stance.dashboard.glossary import SECTIONS
from stance.dashboard.text import md_escape

VIEW_HELP = {
    "Event comparison": "One meeting: which outlet carries which claim (the coverage matrix) and, for one "
                        "claim group, each outlet's wording side by side with the differing words marked.",
    "Corpus": "Every article by outlet and date, the events they were grouped into, and which are copies.",
    "Outlet framing": "Per outlet, for one meeting: stances, whom it quotes, tone toward each party, the "
                      "terms it chooses, what it leads with, says alone or omits.",
    "Discrepancies": "Pairs of claims from different outlets that give a checkable detail different values.",
    "Talking points": "Lines that recur across meetings, and which outlets repeat them when.",
    "Speakers": "For one person or body: each statement, how every outlet reports it (voice and verb).",
    "Search": "Every claim containing some words, across all meetings, each opening its event view.",
}
HOW_TO = (
    "Every number says how many claims it rests on (n); a number resting on fewer than three is starred "
    "or hatched. Click a bar, a cell, a marker or a table row to read the claims behind it, with outlet, "
    "date, speaker and a link to the original. The address bar holds the view, the event and every "
    "filter: copy it to share exactly what you see."
)


def render_help() -> None:
    st.subheader("Help")
    st.markdown(HOW_TO)
    st.markdown("#### Views")
    st.markdown("\n".join(f"- **{name}**: {md_escape(text)}" for name, text in VIEW_HELP.items()))
    for section, entries in SECTIONS.items():
        st.markdown(f"#### {section}")
        st.markdown("\n".join(f"- **{md_escape(e.term)}**: {md_escape(e.definition)}" for e in entries))
