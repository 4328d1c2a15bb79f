"""Sidebar filters (event, outlet, speaker side, stance, text search) and the default event."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from stance.results import Results, filter_results
from stance.schema import STANCES, split_list


@dataclass
class Selection:
    """What the analyst narrowed the results to."""

    event_id: str = ""
    outlets: list[str] = field(default_factory=list)
    sides: list[str] = field(default_factory=list)
    stances: list[str] = field(default_factory=list)
    text: str = ""

    def as_dict(self) -> dict[str, object]:
        """The selection as plain values (recorded in a download's manifest)."""
        return dataclasses.asdict(self)

    def narrow(self, results: Results, *, by_event: bool = True) -> Results:
        """The results under this selection; `by_event=False` keeps every event (corpus, talking
        points, export of all events)."""
        return filter_results(results, event_id=self.event_id if by_event else None,
                              outlets=self.outlets, sides=self.sides, stances=self.stances,
                              text=self.text or None)


def event_outlet_counts(events: pd.DataFrame) -> pd.Series:
    """event_id -> number of distinct outlets covering it (syndicated copies are one voice)."""
    if events.empty:
        return pd.Series(dtype=int)
    return events.set_index("event_id")["outlets"].map(lambda s: len(split_list(s)))


def speaker_sides(results: Results) -> list[str]:
    """The speaker sides the results name (from the actors data), sorted."""
    return sorted({s for s in results.aligned["speaker_side"].dropna().astype(str) if s})


def default_event(events: pd.DataFrame) -> str:
    """The event with the most outlets (then most articles, then the latest): the richest
    comparison is the one an analyst opens first."""
    if events.empty:
        return ""
    ranked = events.assign(_n=events["event_id"].map(event_outlet_counts(events)))
    ranked = ranked.sort_values(["_n", "n_articles", "start", "event_id"],
                                ascending=[False, False, False, True])
    return str(ranked["event_id"].iloc[0])


def event_label(events: pd.DataFrame, event_id: str) -> str:
    row = events[events["event_id"] == event_id]
    if row.empty:
        return event_id
    r = row.iloc[0]
    return f"{r['label']} ({event_outlet_counts(row).iloc[0]} outlets)"


def render_filters(results: Results) -> Selection:
    """Draw the sidebar filters and return the selection. The event follows the URL
    (`?event=<event_id>`) so a link opens the same comparison."""
    events = results.events
    st.sidebar.header("Filters")
    event_id = ""
    if not events.empty:
        ids = list(events.sort_values(["start", "event_id"], ascending=[False, True])["event_id"])
        default = default_event(events)
        if "event" not in st.session_state and st.query_params.get("event") in ids:
            st.session_state["event"] = st.query_params["event"]
        if st.session_state.get("event") not in (None, *ids):
            del st.session_state["event"]  # the event vanished after a re-analysis
        event_id = st.sidebar.selectbox(
            "Event", ids, index=ids.index(default), key="event",
            format_func=lambda e: event_label(events, e),
        ) or default
        st.query_params["event"] = event_id
    outlets = sorted({o for o in results.articles["counts_under"].dropna() if o})
    picked_outlets = st.sidebar.multiselect("Outlets", outlets, key="f_outlets",
                                            placeholder="all outlets")
    sides = st.sidebar.multiselect("Speaker side", speaker_sides(results), key="f_sides",
                                   placeholder="any side")
    stances = st.sidebar.multiselect("Stance", list(STANCES), key="f_stances", placeholder="any stance")
    text = st.sidebar.text_input("Search claims", key="f_text",
                                 placeholder="words in a claim, speaker or group")
    return Selection(event_id=event_id, outlets=picked_outlets, sides=sides, stances=stances,
                     text=text.strip())
