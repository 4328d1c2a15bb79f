"""The analysis results as DataFrames: what the export, the plots and the dashboard read.

`Results` is assembled from the store by `stance.store.analysis.load_results` and narrowed by
`filter_results`. Column names are the constants of `stance.schema` plus a few display columns
listed below, so every consumer agrees on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

import pandas as pd

from stance.coverage import Source, group_coverage, source_of
from stance.schema import (
    ALIGNED_COLUMNS,
    ARTICLE_COLUMNS,
    DISCREPANCY_COLUMNS,
    EVENT_COLUMNS,
    FRAMING_COLUMNS,
    Article,
)

# How `stance.coverage` sees each article (`source_columns`): the outlet its claims count under
# (a syndicated copy under its original's), its coverage column, and whether it copies an
# article of its own event (then it is no voice of its own).
SOURCE_EXTRA = ["counts_under", "source_label", "is_copy"]
# Extra columns carried beside the export columns (not written to aligned_claims.csv).
ALIGNED_EXTRA = ["is_background", "sentence_index", "quoted_spans", *SOURCE_EXTRA]
ARTICLE_EXTRA = ["event_id", "event_label", *SOURCE_EXTRA]
COVERAGE_COLUMNS = ["event_id", "group_id", "source_label", "counts_under", "is_copy", "status"]
DISCREPANCY_EXTRA = ["article_a", "article_b"]
GROUP_COLUMNS = ["group_id", "event_id", "representative", "representative_claim_id", "n_outlets",
                 "outlets", "talking_point_id"]


@dataclass
class Results:
    articles: pd.DataFrame  # ARTICLE_COLUMNS + ARTICLE_EXTRA
    events: pd.DataFrame  # EVENT_COLUMNS (participants/outlets: schema.join_list; article_ids: join_ids)
    aligned: pd.DataFrame  # ALIGNED_COLUMNS + ALIGNED_EXTRA, one row per claim
    groups: pd.DataFrame  # GROUP_COLUMNS (outlets: schema.join_list)
    framing: pd.DataFrame  # FRAMING_COLUMNS (evidence_claim_ids: schema.join_ids)
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
    aligned = _isin(aligned, "counts_under", outlets)
    articles = _isin(articles, "counts_under", outlets)
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
        shown = set(aligned["claim_id"])  # a discrepancy stays while either of its claims is shown
        disc = disc[disc["claim_a"].isin(shown) | disc["claim_b"].isin(shown)]
    return Results(articles=articles, events=events, aligned=aligned, groups=groups,
                   framing=framing, discrepancies=disc)


def source_columns(articles: pd.DataFrame) -> pd.DataFrame:
    """SOURCE_EXTRA for each row of `articles` (ARTICLE_COLUMNS + event_id, every stored
    article, so the originals of copies are there), by the rule of `stance.coverage`."""
    if articles.empty:
        return pd.DataFrame(columns=SOURCE_EXTRA, index=articles.index)
    frame = articles.fillna({c: "" for c in ("source", "outlet", "publisher", "syndicated_of", "event_id")})
    records = {r.article_id: Article(r.article_id, r.source, "", outlet=r.outlet, publisher=r.publisher,
                                      syndicated_of=r.syndicated_of)
               for r in frame.itertuples(index=False)}
    event_of = dict(zip(frame["article_id"], frame["event_id"], strict=True))
    members: dict[str, set[str]] = {}
    for aid, eid in event_of.items():
        members.setdefault(eid, set()).add(aid)
    rows = [source_of(records[aid], records, members[eid] if eid else ())
            for aid, eid in zip(frame["article_id"], frame["event_id"], strict=True)]
    return pd.DataFrame({"counts_under": [s.outlet for s in rows],
                         "source_label": [s.label for s in rows],
                         "is_copy": [s.is_copy for s in rows]}, index=articles.index)


def coverage_frame(results: Results) -> pd.DataFrame:
    """COVERAGE_COLUMNS: which source column carries each claim group (status
    `stance.coverage.OMITTED` / `COPY` / `CARRIED`), from `stance.coverage.group_coverage`, the
    computation the framing profile's `omits` and `only_here` rows come from. Sources are the
    event's articles under the current filter; an article with no claim in a group omits it."""
    rows: list[tuple] = []
    cols = ["article_id", *SOURCE_EXTRA]
    for eid, aligned in results.aligned.groupby("event_id", sort=False):
        arts = pd.concat([results.articles.loc[results.articles["event_id"] == eid, cols],
                          aligned[cols]]).drop_duplicates("article_id")
        sources = [Source(a, o, lab, bool(cp)) for a, o, lab, cp in arts.itertuples(index=False)]
        kind = {s.label: (s.outlet, s.is_copy) for s in sources}
        members = zip(aligned["group_id"], aligned["claim_id"], aligned["article_id"], strict=True)
        for cov in group_coverage(members, sources):
            rows += [(eid, cov.group_id, label, *kind[label], status) for label, status in cov.status.items()]
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
