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
    Dimension,
    split_ids,
)

# How `stance.coverage` sees each article (`source_columns`): the outlet its claims count under
# (a syndicated copy under its original's), its coverage column, and whether it copies an
# article of its own event (then it is no voice of its own).
SOURCE_EXTRA = ["counts_under", "source_label", "is_copy"]
# Extra columns carried beside the export columns (not written to aligned_claims.csv).
ALIGNED_EXTRA = ["is_background", "sentence_index", "quoted_spans", *SOURCE_EXTRA]
ARTICLE_EXTRA = ["event_id", "event_label", *SOURCE_EXTRA]
COVERAGE_COLUMNS = ["event_id", "group_id", "source_label", "counts_under", "is_copy", "status"]
DISCREPANCY_EXTRA = ["article_a", "article_b", "event_label_a", "event_label_b"]
GROUP_COLUMNS = ["group_id", "event_id", "representative", "representative_claim_id", "n_outlets",
                 "outlets", "talking_point_id"]

# A number resting on fewer claims than this is marked as thin wherever it is shown (charts,
# profile tables, the evidence list): one share of one claim reads like a finding but is not.
MIN_EVIDENCE = 3
# The column the speaker view groups claims by. The claims stage's normalised speaker today;
# when a canonical speaker record (canonical name, kind) is stored, point this at its column.
SPEAKER_COLUMN = "speaker"
# What a reader needs to check one claim behind a figure: where, when, who, in which voice.
EVIDENCE_COLUMNS = ["claim_id", "event_id", "event_label", "group_id", "published", "counts_under",
                    "publisher", "title", "speaker", "speaker_kind", "speaker_as_written", "attribution",
                    "reporting_verb", "stance",
                    "claim_text", "url", "source"]
# Registry metadata rows of a framing profile: descriptions of the outlet, not figures.
META_DIMENSIONS = (Dimension.OUTLET_TYPE, Dimension.OUTLET_COUNTRY, Dimension.STATE_AFFILIATED)
# A share's number rests on all the claims it is a share of: the evidence of every row of this
# dimension for the same outlet and event (a background share is a share of all framed claims,
# which the outlet's `tone` row lists).
SHARE_BASE = {Dimension.STANCE_SHARE: Dimension.STANCE_SHARE,
              Dimension.QUOTED_SIDE: Dimension.QUOTED_SIDE,
              Dimension.BACKGROUND_SHARE: Dimension.TONE}


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


def text_hits(aligned: pd.DataFrame, text: str) -> pd.Series:
    """Which claim rows contain `text`: case-insensitive and literal (not a regex), in the claim,
    its speaker or its group's representative wording. The one rule of the sidebar filter and
    the search view."""
    needle = (text or "").strip()
    hit = pd.Series(False, index=aligned.index)
    for col in ("claim_text", "speaker", "representative"):
        hit |= aligned[col].fillna("").astype(str).str.contains(needle, case=False, regex=False)
    return hit


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
    if text and text.strip():
        aligned = aligned[text_hits(aligned, text)]
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


def evidence_frame(results: Results, claim_ids: Iterable[str]) -> pd.DataFrame:
    """EVIDENCE_COLUMNS for the claims of `claim_ids` that `results` holds (each once), dated
    first and in date order, then by outlet and position: the sentences behind a figure."""
    ids = list(dict.fromkeys(str(c) for c in claim_ids if c))
    rows = results.aligned[results.aligned["claim_id"].isin(ids)].drop_duplicates("claim_id")
    titles = results.articles.drop_duplicates("article_id").set_index("article_id")["title"]
    rows = rows.assign(title=rows["article_id"].map(titles).fillna(""),
                       _undated=rows["published"].fillna("").astype(str) == "")
    rows = rows.sort_values(["_undated", "published", "counts_under", "position"])
    return rows.reindex(columns=EVIDENCE_COLUMNS).fillna("").reset_index(drop=True)


def framing_support(framing: pd.DataFrame) -> pd.DataFrame:
    """`framing` with how many claims each number rests on: `n` (claims in its evidence),
    `base` (for a share, the claims it is a share of, see SHARE_BASE; otherwise n) and `thin`
    (base below MIN_EVIDENCE; never for registry metadata rows, which are no figures)."""
    out = framing.assign(n=framing["evidence_claim_ids"].map(lambda s: len(split_ids(s))).astype(int))
    base = out["n"].copy()
    for dim, of in SHARE_BASE.items():
        pool = out[out["dimension"] == of]
        if pool.empty:
            continue
        totals = pool.groupby(["event_id", "outlet"])["evidence_claim_ids"].agg(
            lambda cells: len({i for c in cells for i in split_ids(c)}))
        rows = out["dimension"] == dim
        keys = list(zip(out.loc[rows, "event_id"], out.loc[rows, "outlet"], strict=True))
        base[rows] = [int(totals.get(k, n)) for k, n in zip(keys, out.loc[rows, "n"], strict=True)]
    out["base"] = base.astype(int)
    out["thin"] = (out["base"] < MIN_EVIDENCE) & ~out["dimension"].isin(META_DIMENSIONS)
    return out


def _commonest_kind(rows: pd.DataFrame) -> pd.Series:
    """Per canonical speaker, the speaker_kind most of their claims carry."""
    kinds = rows.drop_duplicates("claim_id")
    kinds = kinds[kinds["speaker_kind"].fillna("").astype(str) != ""]
    counts = kinds.groupby([SPEAKER_COLUMN, "speaker_kind"]).size().reset_index(name="n")
    counts = counts.sort_values(["n", "speaker_kind"], ascending=[False, True]).drop_duplicates(SPEAKER_COLUMN)
    return counts.set_index(SPEAKER_COLUMN)["speaker_kind"]


def speaker_words_key(words: object) -> str:
    """What two names of a speaker are compared by: case, spacing and a leading "the" aside
    ("the Chinese Foreign Ministry" is written as named "Chinese foreign ministry"); the one rule
    for whether the page's words differ from the canonical name."""
    key = " ".join(str(words or "").split()).casefold()
    return key[4:] if key.startswith("the ") else key


def _written_forms(rows: pd.DataFrame) -> dict[str, list[tuple[str, int]]]:
    """Per canonical speaker, [(the article's words, claims)] for the ways it was written other
    than its name, commonest first."""
    once = rows.drop_duplicates("claim_id")
    written = once["speaker_as_written"].fillna("").astype(str).str.strip()
    differs = (written != "") & (written.map(speaker_words_key) != once[SPEAKER_COLUMN].map(speaker_words_key))
    forms = (once[differs].assign(_w=written[differs], _k=written[differs].map(speaker_words_key))
             .groupby([SPEAKER_COLUMN, "_k", "_w"]).size().reset_index(name="n"))
    # one entry per wording ("He" and "he" together), spelled as most claims spell it
    spelled = forms.sort_values(["n", "_w"], ascending=[False, True]).drop_duplicates([SPEAKER_COLUMN, "_k"])
    totals = forms.groupby([SPEAKER_COLUMN, "_k"], as_index=False)["n"].sum()
    counts = spelled.drop(columns="n").merge(totals, on=[SPEAKER_COLUMN, "_k"])
    counts = counts.sort_values(["n", "_w"], ascending=[False, True])
    forms: dict[str, list[tuple[str, int]]] = {}
    for name, words, n in zip(counts[SPEAKER_COLUMN], counts["_w"], counts["n"], strict=True):
        forms.setdefault(name, []).append((words, int(n)))
    return forms


def speakers(results: Results) -> pd.DataFrame:
    """speaker (SPEAKER_COLUMN, the canonical name), claims, meetings, outlets, kind (the
    commonest speaker_kind of their claims), written (the article's other words for them,
    [(words, claims)] commonest first): everyone the claims name as speaking, most often
    reported first."""
    columns = ["speaker", "claims", "meetings", "outlets", "kind", "written"]
    rows = results.aligned[results.aligned[SPEAKER_COLUMN].fillna("").astype(str) != ""]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    table = rows.groupby(SPEAKER_COLUMN).agg(claims=("claim_id", "nunique"), meetings=("event_id", "nunique"),
                                             outlets=("counts_under", "nunique"))
    table["kind"] = table.index.map(_commonest_kind(rows)).fillna("")
    forms = _written_forms(rows)
    table["written"] = [forms.get(name, []) for name in table.index]
    table = table.reset_index().rename(columns={SPEAKER_COLUMN: "speaker"}).reindex(columns=columns)
    return table.sort_values(["claims", "meetings", "speaker"], ascending=[False, False, True],
                             ignore_index=True)


def speaker_statements(results: Results, speaker: str) -> pd.DataFrame:
    """What `speaker` is reported to have said: every claim of each claim group in which at
    least one outlet attributes a claim to them, so the other outlets' versions of the same
    statement (another speaker, another voice, the outlet's own voice) sit beside it. Adds
    `by_speaker` (this claim is attributed to them) and `event_start`; sorted by meeting,
    statement and outlet."""
    aligned = results.aligned
    said = aligned[SPEAKER_COLUMN].fillna("").astype(str) == speaker
    groups = set(aligned.loc[said, "group_id"])
    rows = aligned[aligned["group_id"].isin(groups)]
    starts = results.events.set_index("event_id")["start"] if not results.events.empty else pd.Series(dtype=str)
    rows = rows.assign(by_speaker=said[rows.index],
                       event_start=rows["event_id"].map(starts).fillna(rows["published"]).fillna(""))
    return rows.sort_values(["event_start", "event_id", "n_outlets_in_group", "group_id", "by_speaker",
                             "counts_under", "position"],
                            ascending=[True, True, False, True, False, True, True], ignore_index=True)
