"""Corpus view: what was read (articles by outlet and date) and how it was grouped into events."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from stance.dashboard.evidence import EvidencePicker, row_indices
from stance.dashboard.glossary import define
from stance.dashboard.memo import Memo, build_now
from stance.dashboard.text import md_escape, safe_url
from stance.dashboard.url_state import navigate
from stance.plots import timeline_figure
from stance.results import Results


def _copy_of(articles: pd.DataFrame) -> pd.Series:
    """For syndicated copies, the outlet and title of the original (readable, not an id)."""
    by_id = articles.set_index("article_id")
    names = {aid: f"{r['counts_under']}: {r['title']}" for aid, r in by_id.iterrows()}
    return articles["syndicated_of"].fillna("").map(lambda s: names.get(s, s) if s else "")


def render_corpus(results: Results, everything: Results | None = None, memo: Memo = build_now) -> None:
    """`results` spans every event (sidebar filters applied); evidence is looked up in
    `everything`."""
    st.subheader("Corpus", help="What was read, by outlet and date, and how it was grouped into events.")
    arts = results.articles.drop_duplicates("article_id")
    n_copies = int((arts["syndicated_of"].fillna("") != "").sum())
    c = st.columns(4)
    c[0].metric("Articles", len(arts))
    c[1].metric("Outlets", arts["counts_under"].replace("", pd.NA).nunique(), help=define("outlet"))
    c[2].metric("Events", len(results.events), help=define("event"))
    c[3].metric("Syndicated copies", n_copies, help=define("syndicated copy"))
    picker = EvidencePicker("corpus")
    fig = memo("timeline", (), lambda: timeline_figure(results.articles, results.aligned))
    state = st.plotly_chart(fig, key=picker.key("timeline"),
                            on_select="rerun", selection_mode="points")
    picker.chart("timeline", "Article", state)
    st.caption("Click an article for its claims; open markers are syndicated copies.",
               help=define("syndicated copy"))

    st.markdown("**Events**", help=define("event") + " Select a row to open its comparison.")
    events = results.events.reset_index(drop=True)
    picked = st.dataframe(
        events[["label", "start", "place", "n_articles", "outlets"]],
        hide_index=True, key="events_table", on_select="rerun", selection_mode="single-row",
        column_config={"label": "event", "n_articles": st.column_config.NumberColumn("articles")},
    )
    rows = [r for r in row_indices(picked) if r < len(events)]
    if rows:
        ev = events.iloc[rows[0]]
        st.button(f"Open the comparison of {md_escape(ev['label'])}", key="open_event", type="primary",
                  on_click=navigate, args=("event",), kwargs={"event": ev["event_id"]})
    st.markdown("**Articles** (a copy counts once, as its original outlet)")
    table = arts.assign(copy_of=_copy_of(arts), url=arts["url"].fillna("").map(safe_url))
    st.dataframe(
        table[["published", "outlet", "publisher", "title", "event_label", "copy_of", "source", "url"]],
        hide_index=True, key="articles_table",
        column_config={"url": st.column_config.LinkColumn("link"),
                       "outlet": st.column_config.TextColumn("outlet", help=define("outlet")),
                       "publisher": st.column_config.TextColumn("publisher", help=define("publisher")),
                       "copy_of": st.column_config.TextColumn("syndicated copy of", help=define("syndicated copy")),
                       "event_label": "event"},
    )
    picker.open(everything if everything is not None else results)
