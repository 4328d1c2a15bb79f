"""The analysis results as DataFrames: what the export, the plots and the dashboard read.

`Results` is assembled from the store by `stance.store.analysis.load_results` and narrowed by
`filter_results`. Column names are the constants of `stance.schema` plus a few display columns
listed below, so every consumer agrees on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

import pandas as pd

from stance.schema import (
    ALIGNED_COLUMNS,
    ARTICLE_COLUMNS,
    DISCREPANCY_COLUMNS,
    EVENT_COLUMNS,
    FRAMING_COLUMNS,
)

# Extra columns carried beside the export columns (not written to aligned_claims.csv).
ALIGNED_EXTRA = ["speaker_side", "stance_cue", "is_background", "is_lede", "sentence_index",
                 "url", "representative", "quoted_spans"]
ARTICLE_EXTRA = ["event_id", "event_label"]
DISCREPANCY_EXTRA = ["event_id", "text_a", "text_b", "outlet_a", "outlet_b"]
GROUP_COLUMNS = ["group_id", "event_id", "representative", "representative_claim_id", "n_outlets",
                 "outlets", "talking_point_id"]


@dataclass
class Results:
    articles: pd.DataFrame  # ARTICLE_COLUMNS + ARTICLE_EXTRA
    events: pd.DataFrame  # EVENT_COLUMNS (participants/outlets/article_ids as "; "-joined text)
    aligned: pd.DataFrame  # ALIGNED_COLUMNS + ALIGNED_EXTRA, one row per claim
    groups: pd.DataFrame  # GROUP_COLUMNS (outlets "; "-joined)
    framing: pd.DataFrame  # FRAMING_COLUMNS (evidence_claim_ids space-separated)
    discrepancies: pd.DataFrame  # DISCREPANCY_COLUMNS + DISCREPANCY_EXTRA

    @classmethod
    def empty(cls) -> Results:
        return cls(
            articles=pd.DataFrame(columns=ARTICLE_COLUMNS + ARTICLE_EXTRA),
            events=pd.DataFrame(columns=EVENT_COLUMNS),
            aligned=pd.DataFrame(columns=ALIGNED_COLUMNS + ALIGNED_EXTRA),
            groups=pd.DataFrame(columns=GROUP_COLUMNS),
            framing=pd.DataFrame(columns=FRAMING_COLUMNS),
            discrepancies=pd.DataFrame(columns=DISCREPANCY_COLUMNS + DISCREPANCY_EXTRA),
        )

    def is_empty(self) -> bool:
        return self.aligned.empty and self.articles.empty

    def counts(self) -> dict[str, int]:
        return {f.name: len(getattr(self, f.name)) for f in fields(self)}


def _isin(df: pd.DataFrame, col: str, values: Iterable[str] | None) -> pd.DataFrame:
    values = [v for v in (values or []) if v]
    if not values or col not in df.columns:
        return df
    return df[df[col].isin(values)]


def filter_results(
    results: Results,
    *,
    event_id: str | None = None,
    outlets: Iterable[str] | None = None,
    sides: Iterable[str] | None = None,
    stances: Iterable[str] | None = None,
    text: str | None = None,
) -> Results:
    """Narrow every table to the analyst's filter. Text search is case-insensitive and literal
    (not a regex), over claim text, speaker and the group's representative."""
    aligned = results.aligned
    articles = results.articles
    events = results.events
    framing = results.framing
    disc = results.discrepancies
    groups = results.groups
    if event_id:
        aligned = aligned[aligned["event_id"] == event_id]
        articles = articles[articles["event_id"] == event_id]
        events = events[events["event_id"] == event_id]
        framing = framing[framing["event_id"] == event_id]
        disc = disc[disc["event_id"] == event_id]
        groups = groups[groups["event_id"] == event_id]
    aligned = _isin(aligned, "outlet", outlets)
    articles = _isin(articles, "outlet", outlets)
    framing = _isin(framing, "outlet", outlets)
    aligned = _isin(aligned, "speaker_side", sides)
    aligned = _isin(aligned, "stance", stances)
    if text:
        needle = text.strip()
        hit = None
        for col in ("claim_text", "speaker", "representative"):
            m = aligned[col].fillna("").str.contains(needle, case=False, regex=False)
            hit = m if hit is None else hit | m
        aligned = aligned[hit]
    if outlets or sides or stances or text:
        keep = set(aligned["group_id"])
        groups = groups[groups["group_id"].isin(keep)]
        disc = disc[disc["group_id"].isin(keep)]
    return Results(articles=articles, events=events, aligned=aligned, groups=groups,
                   framing=framing, discrepancies=disc)
