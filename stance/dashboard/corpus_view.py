"""Corpus view: what was read (articles by outlet and date) and how it was grouped into events."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from stance.dashboard.text import safe_url
from stance.plots import timeline_figure
from stance.results import Results


def _copy_of(articles: pd.DataFrame) -> pd.Series:
    """For syndicated copies, the outlet and title of the original (readable, not an id)."""
    by_id = articles.set_index("article_id")
    names = {aid: f"{r['counts_under']}: {r['title']}" for aid, r in by_id.iterrows()}
    return articles["syndicated_of"].fillna("").map(lambda s: names.get(s, s) if s else "")


def render_corpus(results: Results) -> None:
    st.subheader("Corpus")
    arts = results.articles.drop_duplicates("article_id")
    n_copies = int((arts["syndicated_of"].fillna("") != "").sum())
    c = st.columns(4)
    c[0].metric("Articles", len(arts))
    c[1].metric("Outlets", arts["counts_under"].replace("", pd.NA).nunique())
    c[2].metric("Events", len(results.events))
    c[3].metric("Syndicated copies", n_copies)
    st.plotly_chart(timeline_figure(results.articles), key="timeline")

    st.markdown("**Events**")
    st.dataframe(
        results.events[["label", "start", "place", "n_articles", "outlets"]],
        hide_index=True, key="events_table",
        column_config={"label": "event", "n_articles": st.column_config.NumberColumn("articles")},
    )
    st.markdown("**Articles** (a copy counts once, as its original outlet)")
    table = arts.assign(copy_of=_copy_of(arts), url=arts["url"].fillna("").map(safe_url))
    st.dataframe(
        table[["published", "outlet", "publisher", "title", "event_label", "copy_of", "source", "url"]],
        hide_index=True, key="articles_table",
        column_config={"url": st.column_config.LinkColumn("link"),
                       "copy_of": "syndicated copy of", "event_label": "event"},
    )
