"""Search: claims containing some words, across every event, as a list of results.

Matching is the sidebar text filter's rule (`stance.results.text_hits`: literal, case-insensitive,
in the claim, its speaker or its group's wording); the sidebar's other filters apply. Each
result names its event, outlet, date and speaker, links to the original, and opens its claim
group in the event view.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from stance.dashboard.evidence import row_indices
from stance.dashboard.glossary import ATTRIBUTION_NAMES, define, speaker_label
from stance.dashboard.memo import Memo, build_now
from stance.dashboard.text import md_escape, safe_url
from stance.dashboard.url_state import navigate
from stance.plots._common import plural
from stance.results import Results, filter_results

MAX_ROWS = 500


def event_link(event_id: str, group_id: str) -> str:
    """A relative address opening the event view on this claim group."""
    from urllib.parse import urlencode

    return "?" + urlencode({"view": "event", "event": event_id, "group": group_id})


def search_table(results: Results, query: str) -> pd.DataFrame:
    """The hits of `query` in `results`, oldest meeting first: what the result list shows."""
    hits = filter_results(results, text=query).aligned.drop_duplicates("claim_id")
    starts = results.events.set_index("event_id")["start"] if not results.events.empty else pd.Series(dtype=str)
    hits = hits.assign(_start=hits["event_id"].map(starts).fillna(""))
    hits = hits.sort_values(["_start", "event_id", "published", "counts_under", "position"])
    return pd.DataFrame({
        "event": hits["event_label"], "date": hits["published"].fillna(""),
        "outlet": hits["counts_under"], "speaker": [speaker_label(n, k, w) or "(outlet's own voice)" for n, k, w in zip(
            hits["speaker"].fillna(""), hits["speaker_kind"].fillna(""), hits["speaker_as_written"].fillna(""),
            strict=True)],
        "voice": hits["attribution"].map(lambda a: ATTRIBUTION_NAMES.get(a, a)),
        "claim": hits["claim_text"], "original": hits["url"].fillna("").map(safe_url),
        "open": [event_link(e, g) for e, g in zip(hits["event_id"], hits["group_id"], strict=True)],
        "event_id": hits["event_id"], "group_id": hits["group_id"],
    }).reset_index(drop=True)


def render_search(results: Results, memo: Memo = build_now) -> None:
    """`results` spans every event with the sidebar filters applied."""
    st.subheader("Search all events", help="Lists every claim containing these words, across events, "
                                           "with its event, outlet, date and speaker.")
    query = st.text_input("Words to find", key="search", placeholder="e.g. a name, a place, a phrase",
                          help="Literal and case-insensitive, in the claim, its speaker or its group's wording.")
    query = (query or "").strip()
    if not query:
        st.info("Type words to list every claim that contains them, across all events.")
        return
    table = memo("search", (query,), lambda: search_table(results, query))
    if table.empty:
        st.info(md_escape(f"No claim contains \u201c{query}\u201d under the current filters."))
        return
    st.caption(md_escape(f"{plural(len(table), 'claim')} in {plural(table['event_id'].nunique(), 'event')} "
                         f"from {plural(table['outlet'].nunique(), 'outlet')}")
               + (f" (first {MAX_ROWS} listed)" if len(table) > MAX_ROWS else "")
               + ". Select a row to open it in the event view.")
    shown = table.head(MAX_ROWS)
    state = st.dataframe(
        shown, hide_index=True, key="search_results", on_select="rerun", selection_mode="single-row",
        column_order=["event", "date", "outlet", "speaker", "voice", "claim", "original", "open"],
        column_config={
            "event": st.column_config.TextColumn("event", help=define("event"), width="medium"),
            "claim": st.column_config.TextColumn("claim", width="large"),
            "voice": st.column_config.TextColumn("voice", help=define("direct quote")),
            "original": st.column_config.LinkColumn("original", display_text="original \u2197"),
            "open": st.column_config.LinkColumn("event view", display_text="open \u2197",
                                                help="The claim's group in the event view (new tab)."),
        })
    rows = [r for r in row_indices(state) if r < len(shown)]
    if rows:
        hit = shown.iloc[rows[0]]
        st.button(f"Open in the event view: {md_escape(hit['event'])}", key="search_open", type="primary",
                  on_click=navigate, args=("event",), kwargs={"event": hit["event_id"], "group": hit["group_id"]})
