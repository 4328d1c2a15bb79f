"""Sidebar filters (event, outlet, speaker side, stance, text) and the default event.

Every filter is in the address (`stance.dashboard.url_state`), so a shared link reproduces it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from stance.dashboard.glossary import define, help_for
from stance.dashboard.url_state import keep_valid
from stance.plots._common import display_name, plural
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


def event_labels(events: pd.DataFrame) -> dict[str, str]:
    """event_id -> "label (n outlets)" for every event."""
    counts = event_outlet_counts(events)
    return {eid: f"{label} ({plural(counts[eid], 'outlet')})"
            for eid, label in zip(events["event_id"], events["label"], strict=True)}


def event_label(events: pd.DataFrame, event_id: str) -> str:
    row = events[events["event_id"] == event_id]
    if row.empty:
        return event_id
    r = row.iloc[0]
    return f"{r['label']} ({plural(event_outlet_counts(row).iloc[0], 'outlet')})"


def render_filters(results: Results) -> Selection:
    """Draw the sidebar filters and return the selection. Values come from the address on a
    session's first run (`?event=<event_id>&outlet=AFP&...`), and a value that no longer
    exists is dropped rather than failing."""
    events = results.events
    st.sidebar.header("Filters")
    event_id = ""
    if not events.empty:
        ids = list(events.sort_values(["start", "event_id"], ascending=[False, True])["event_id"])
        keep_valid("event", ids)  # the event vanished after a re-analysis
        st.session_state.setdefault("event", default_event(events))
        labels = event_labels(events)
        event_id = st.sidebar.selectbox(
            "Event", ids, key="event", format_func=lambda e: labels.get(e, e), help=define("event"),
        ) or default_event(events)
    outlets = sorted({o for o in results.articles["counts_under"].dropna() if o})
    keep_valid("f_outlets", outlets)
    picked_outlets = st.sidebar.multiselect("Outlets", outlets, key="f_outlets", format_func=display_name,
                                            placeholder="all outlets", help=define("outlet"))
    sides = speaker_sides(results)
    keep_valid("f_sides", sides)
    picked_sides = st.sidebar.multiselect("Speaker side", sides, key="f_sides",
                                          placeholder="any side", help=define("speaker side"))
    keep_valid("f_stances", STANCES)
    stances = st.sidebar.multiselect("Stance", list(STANCES), key="f_stances", placeholder="any stance",
                                     help=help_for(*STANCES))
    text = st.sidebar.text_input("Only claims containing", key="f_text",
                                 placeholder="words in a claim, speaker or group",
                                 help="Keeps only claims with these words (in the claim, its speaker or its "
                                      "group's wording) in every view; the Search view lists them across events.")
    return Selection(event_id=event_id, outlets=picked_outlets, sides=picked_sides, stances=stances,
                     text=(text or "").strip())
