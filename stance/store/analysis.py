"""Events, claim groups, framing and discrepancies: written per event, read as `Results`."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager

import numpy as np
import pandas as pd

from stance.results import (
    ALIGNED_EXTRA,
    ARTICLE_EXTRA,
    DISCREPANCY_EXTRA,
    GROUP_COLUMNS,
    SOURCE_EXTRA,
    Results,
    source_columns,
)
from stance.schema import (
    ALIGNED_COLUMNS,
    ARTICLE_COLUMNS,
    DISCREPANCY_COLUMNS,
    EVENT_COLUMNS,
    FRAMING_COLUMNS,
    ClaimFraming,
    ClaimGroup,
    Discrepancy,
    Event,
    FramingRow,
    join_ids,
    join_list,
)
from stance.store.db import Store
from stance.text.sources import source_name


def stored_event_ids(store: Store) -> set[str]:
    return {r[0] for r in store.query("SELECT event_id FROM events")}


def rename_talking_points(store: Store, renames: Mapping[str, str]) -> None:
    """Stored groups of talking point `old` join talking point `new` (a streaming run found
    that a later claim repeats the lines of both)."""
    if renames:
        with store.transaction() as conn:
            pairs = [(new, old) for old, new in renames.items()]
            conn.executemany("UPDATE claim_groups SET talking_point_id = ? WHERE talking_point_id = ?", pairs)
            conn.executemany("UPDATE group_members SET talking_point_id = ? WHERE talking_point_id = ?", pairs)


def delete_events(store: Store, event_ids: Iterable[str]) -> None:
    ids = list(event_ids)
    if not ids:
        return
    with store.transaction() as conn:
        for eid in ids:
            _delete_event_rows(conn, eid)
            conn.execute("DELETE FROM events WHERE event_id = ?", (eid,))


def _delete_event_rows(conn, event_id: str) -> None:
    conn.execute(
        "DELETE FROM discrepancies WHERE event_id = ? "
        "OR group_id IN (SELECT group_id FROM claim_groups WHERE event_id = ?)",
        (event_id, event_id),
    )
    conn.execute(
        "DELETE FROM claim_framing WHERE claim_id IN (SELECT m.claim_id FROM group_members m "
        "JOIN claim_groups g ON g.group_id = m.group_id WHERE g.event_id = ?)",
        (event_id,),
    )
    conn.execute("DELETE FROM claim_groups WHERE event_id = ?", (event_id,))  # cascades members
    conn.execute("DELETE FROM framing WHERE event_id = ?", (event_id,))
    conn.execute("DELETE FROM event_articles WHERE event_id = ?", (event_id,))


def save_event_analysis(
    store: Store,
    event: Event,
    groups: Sequence[ClaimGroup],
    framings: Mapping[str, ClaimFraming],
    framing_rows: Sequence[FramingRow],
    discrepancies: Sequence[Discrepancy],
) -> None:
    """Replace everything stored for this event in one transaction, and any earlier event
    that holds one of its articles (an article belongs to one event at a time)."""
    with store.transaction() as conn:
        _delete_event_rows(conn, event.event_id)
        for i in range(0, len(event.article_ids), 500):  # stay under SQLite's parameter limit
            part = event.article_ids[i:i + 500]
            older = [r[0] for r in conn.execute(
                f"SELECT DISTINCT event_id FROM event_articles WHERE article_id IN ({','.join('?' * len(part))}) "
                "AND event_id != ?", (*part, event.event_id))]
            for eid in older:
                _delete_event_rows(conn, eid)
                conn.execute("DELETE FROM events WHERE event_id = ?", (eid,))
        conn.execute(
            'INSERT OR REPLACE INTO events(event_id, label, start, "end", place, participants, unassigned) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (event.event_id, event.label, event.start, event.end, event.place,
             json.dumps(list(event.participants)), int(event.unassigned)),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO event_articles(event_id, article_id) VALUES (?, ?)",
            [(event.event_id, aid) for aid in event.article_ids],
        )
        conn.executemany(
            "INSERT INTO claim_groups(group_id, event_id, representative_claim_id, representative, "
            "outlets, n_outlets, talking_point_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(g.group_id, g.event_id, g.representative_claim_id, g.representative,
              json.dumps(list(g.outlets)), g.n_outlets, g.talking_point_id) for g in groups],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO group_members(group_id, claim_id, similarity, talking_point_id) "
            "VALUES (?, ?, ?, ?)",
            [(g.group_id, m.claim_id, float(m.similarity), m.talking_point_id) for g in groups for m in g.members],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO claim_framing(claim_id, stance, stance_cue, tone, target_tones, "
            "terms, is_background, background_cue) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(f.claim_id, f.stance, f.stance_cue, float(f.tone), json.dumps(f.target_tones),
              json.dumps(f.terms), int(f.is_background), f.background_cue) for f in framings.values()],
        )
        conn.executemany(
            "INSERT INTO framing(event_id, outlet, dimension, value, score, evidence_claim_ids) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(r.event_id, r.outlet, r.dimension, r.value, float(r.score),
              json.dumps(list(r.evidence_claim_ids))) for r in framing_rows],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO discrepancies(event_id, group_id, claim_a, claim_b, kind, slot, value_a, "
            "value_b) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(d.event_id or event.event_id, d.group_id, d.claim_a, d.claim_b, d.kind, d.slot, d.value_a,
              d.value_b) for d in discrepancies],
        )


# -- reading ----------------------------------------------------------------------------------

# Counts, newest row ids and sums move whenever an analysis is stored, replaced or extended,
# also when another process (the CLI) writes to the same file; annotations do not touch them.
_VERSION_SQL = """
SELECT (SELECT COUNT(*) FROM articles), (SELECT MAX(rowid) FROM articles),
       (SELECT COUNT(*) FROM claims), (SELECT COUNT(*) FROM events),
       (SELECT COUNT(*) FROM claim_groups), (SELECT MAX(rowid) FROM claim_groups),
       (SELECT TOTAL(similarity) FROM group_members), (SELECT TOTAL(tone) FROM claim_framing),
       (SELECT COUNT(*) FROM claim_framing), (SELECT TOTAL(score) FROM framing),
       (SELECT MAX(rowid) FROM framing), (SELECT COUNT(*) FROM discrepancies)
"""


def data_version(store: Store) -> tuple:
    """A tuple that changes when the analysis in `store` changes (one fast read query)."""
    row = store.query(_VERSION_SQL)[0]
    return tuple(row)


# An aligned row is a group member with its claim, the claim's framing, its group and event and
# its article. Each table is read on its own, in storage order, and the rows are matched by id
# in pandas (`_aligned_frame`): one SQL join sorted by SQLite copied every article's url and
# title into each of its claims' rows and looked each claim up out of order, most of the time
# the dashboard's first load took.
# a member's own talking point; '' (stored before migration 0014) reads its group's
_MEMBERS_SQL = "SELECT group_id, claim_id, similarity, talking_point_id AS claim_line FROM group_members"
_CLAIMS_SQL = """
SELECT claim_id, article_id, paragraph, position, claim_text, speaker, speaker_kind, speaker_as_written,
       attribution, reporting_verb, speaker_side, is_lede, sentence_index, quoted_spans
FROM claims
"""
_CLAIM_FRAMING_SQL = """
SELECT claim_id, stance, tone, terms, stance_cue, is_background, target_tones FROM claim_framing
"""
# what a claim without a framing row shows
_NO_FRAMING = {"stance": "", "tone": 0.0, "terms": "{}", "stance_cue": "", "is_background": 0, "target_tones": "{}"}
_GROUP_EVENT_SQL = """
SELECT g.group_id, g.event_id, g.talking_point_id, g.n_outlets AS n_outlets_in_group, g.representative,
       e.label AS event_label, e.start
FROM claim_groups g JOIN events e ON e.event_id = g.event_id
"""

# what an aligned row takes from its article, and the order of the aligned rows: by event
# (start, id), larger groups first, then outlet and place in the article
_ARTICLE_OF_CLAIM = ["article_id", "source", "outlet", "publisher", "published", "syndicated_of", "url", "title"]
_ALIGNED_ORDER = {"start": True, "event_id": True, "n_outlets_in_group": False, "group_id": True,
                  "outlet": True, "position": True}


# the event of a row stored before migration 0011 is its group's; event_label_a/_b: the event each
# claim's article is in (a standing fact compares claims across events)
_DISCREPANCY_SQL = """
SELECT COALESCE(NULLIF(d.event_id, ''), g.event_id, '') AS event_id, COALESCE(e.label, '') AS event_label,
       d.kind, d.slot, d.value_a, d.value_b, d.claim_a, d.claim_b, d.group_id,
       ca.claim_text AS text_a, cb.claim_text AS text_b, ca.article_id AS article_a,
       cb.article_id AS article_b, aa.url AS url_a, ab.url AS url_b,
       (SELECT e2.label FROM event_articles x JOIN events e2 ON e2.event_id = x.event_id
        WHERE x.article_id = ca.article_id ORDER BY e2.event_id LIMIT 1) AS event_label_a,
       (SELECT e2.label FROM event_articles x JOIN events e2 ON e2.event_id = x.event_id
        WHERE x.article_id = cb.article_id ORDER BY e2.event_id LIMIT 1) AS event_label_b
FROM discrepancies d
LEFT JOIN claim_groups g ON g.group_id = d.group_id
JOIN claims ca ON ca.claim_id = d.claim_a JOIN claims cb ON cb.claim_id = d.claim_b
JOIN articles aa ON aa.article_id = ca.article_id JOIN articles ab ON ab.article_id = cb.article_id
LEFT JOIN events e ON e.event_id = COALESCE(NULLIF(d.event_id, ''), g.event_id)
ORDER BY e.start, event_id, d.kind, d.slot, d.value_a, d.value_b, d.claim_a, d.claim_b
"""


def _pairs_text(raw: str, value=str) -> str:
    """A stored JSON object as one cell of `key=value` pairs in key order ("" when unreadable):
    contested terms ("ukraine_war=conflict"), tone per target ("China=-0.34; West=0.1")."""
    try:
        d = json.loads(raw or "{}")
    except json.JSONDecodeError:
        return ""
    return join_list(f"{k}={value(v)}" for k, v in sorted(d.items()))


def _tone(v: object) -> float:
    return round(float(v), 4)  # type: ignore[arg-type]


def _json_list(raw: str) -> list[str]:
    try:
        return [str(x) for x in json.loads(raw or "[]")]
    except json.JSONDecodeError:
        return [raw] if raw else []


def _map_distinct(values: pd.Series, fn) -> pd.Series:
    """`values.map(fn)` with `fn` called once per distinct value: most cells of a stored JSON
    column repeat ('{}', '[]', one source per article), so 50k rows take a few thousand calls.
    The distinct results are mapped by `Series.map` itself, so the dtype is the one it infers."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return pd.Series(uniques).map(fn).take(codes).set_axis(values.index).rename(values.name)


def _rows_of(keys: pd.Series, ids: pd.Series) -> np.ndarray:
    """The row of `keys` (unique ids) holding each of `ids`, -1 where none does."""
    return pd.Index(keys).get_indexer(ids)


def _framing_rows(conn, claim_ids: pd.Series) -> pd.DataFrame:
    """The framing columns of each claim in `claim_ids`, `_NO_FRAMING` where it has none."""
    framing = pd.read_sql_query(_CLAIM_FRAMING_SQL, conn)
    values = framing.drop(columns="claim_id")
    if framing.empty:  # the types the stored columns have
        values = values.astype({k: type(v) for k, v in _NO_FRAMING.items()})
    values = pd.concat([values, pd.DataFrame([_NO_FRAMING])], ignore_index=True)
    rows = _rows_of(framing["claim_id"], claim_ids)
    return values.take(np.where(rows < 0, len(framing), rows)).reset_index(drop=True)


def _aligned_frame(conn, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per group member (ALIGNED_COLUMNS + ALIGNED_EXTRA) in `_ALIGNED_ORDER`: each
    member with its claim, framing, group, event and article (`articles`: one row per stored
    article, `source` already a name). Members whose claim, group, event or article is missing
    are left out, as the inner joins of SQL did. Rows are matched and sorted by row numbers, so
    each column is copied into its final order once."""
    members = pd.read_sql_query(_MEMBERS_SQL, conn)
    if members.empty:  # as an empty query of every column gave it: the columns read are objects
        read = [c for c in ALIGNED_COLUMNS + ALIGNED_EXTRA if c not in SOURCE_EXTRA]
        return pd.DataFrame(columns=read, dtype=object).reindex(columns=ALIGNED_COLUMNS + ALIGNED_EXTRA)
    claims = pd.read_sql_query(_CLAIMS_SQL, conn)
    groups = pd.read_sql_query(_GROUP_EVENT_SQL, conn)
    per_article = articles.drop_duplicates("article_id")[_ARTICLE_OF_CLAIM + SOURCE_EXTRA]
    claim_row = _rows_of(claims["claim_id"], members["claim_id"])
    group_row = _rows_of(groups["group_id"], members["group_id"])
    article_row = np.append(_rows_of(per_article["article_id"], claims["article_id"]), -1)[claim_row]
    kept = np.flatnonzero((claim_row >= 0) & (group_row >= 0) & (article_row >= 0))
    keys = pd.DataFrame({
        "start": groups["start"].take(group_row[kept]).to_numpy(),
        "event_id": groups["event_id"].take(group_row[kept]).to_numpy(),
        "n_outlets_in_group": groups["n_outlets_in_group"].take(group_row[kept]).to_numpy(),
        "group_id": members["group_id"].take(kept).to_numpy(),
        "outlet": per_article["outlet"].take(article_row[kept]).to_numpy(),
        "position": claims["position"].take(claim_row[kept]).to_numpy(),
    })
    # stable: rows equal on every key keep their storage order; SQLite sorts NULLs first
    order = kept[keys.sort_values(list(_ALIGNED_ORDER), ascending=list(_ALIGNED_ORDER.values()),
                                  kind="stable", na_position="first").index.to_numpy()]
    aligned = pd.concat([
        members.take(order).reset_index(drop=True),
        claims.drop(columns="claim_id").take(claim_row[order]).reset_index(drop=True),
        _framing_rows(conn, members["claim_id"].take(order)),
        groups.drop(columns="group_id").take(group_row[order]).reset_index(drop=True),
        per_article.drop(columns="article_id").take(article_row[order]).reset_index(drop=True),
    ], axis=1)
    own = aligned.pop("claim_line").fillna("").astype(str)
    aligned["talking_point_id"] = own.where(own != "", aligned["talking_point_id"])
    aligned["terms"] = _map_distinct(aligned["terms"], _pairs_text)
    aligned["target_tones"] = _map_distinct(aligned["target_tones"], lambda r: _pairs_text(r, _tone))
    aligned["quoted_spans"] = _map_distinct(aligned["quoted_spans"], lambda s: " | ".join(_json_list(s)))
    aligned["is_background"] = aligned["is_background"].astype(bool)
    aligned["is_lede"] = aligned["is_lede"].astype(bool)
    aligned["similarity"] = aligned["similarity"].round(4)
    aligned["tone"] = aligned["tone"].round(4)
    return aligned.reindex(columns=ALIGNED_COLUMNS + ALIGNED_EXTRA)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold Python's cycle collector while rows are read. A load makes about a million objects
    (a tuple per row, a str per cell) and none of them form cycles, but every few hundred new
    tuples start a collection, and the larger ones walk every object in the process: in the
    dashboard, all of Streamlit's and plotly's, which made a 50k-claim load 0.15-0.3 s slower.
    The collector is switched back on only if it was on (another thread may hold it too)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def load_results(store: Store) -> Results:
    """Everything the export and the dashboard show, in a handful of queries."""
    with _collector_paused():
        return _load_results(store.conn)


def _load_results(conn) -> Results:
    articles = pd.read_sql_query(
        "SELECT a.article_id, a.source, a.url, a.outlet, a.publisher, a.published, a.date_source, a.title, "
        "a.dateline, a.language, a.syndicated_of, a.n_chars, "
        "COALESCE(ea.event_id, '') AS event_id, COALESCE(e.label, '') AS event_label "
        "FROM articles a LEFT JOIN event_articles ea ON ea.article_id = a.article_id "
        "LEFT JOIN events e ON e.event_id = ea.event_id ORDER BY a.published, a.outlet",
        conn,
    )
    articles["source"] = _map_distinct(articles["source"], source_name)  # never a local path in results or files
    articles[SOURCE_EXTRA] = source_columns(articles)
    articles = articles.reindex(columns=ARTICLE_COLUMNS + ARTICLE_EXTRA)
    by_article = articles.drop_duplicates("article_id").set_index("article_id")[SOURCE_EXTRA]

    aligned = _aligned_frame(conn, articles)

    ev = pd.read_sql_query(
        'SELECT e.event_id, e.label, e.start, e."end" AS "end", e.place, e.participants, '
        "e.unassigned, a.article_id FROM events e JOIN event_articles ea ON ea.event_id = e.event_id "
        "JOIN articles a ON a.article_id = ea.article_id ORDER BY e.start, e.event_id",
        conn,
    ).join(by_article["counts_under"], on="article_id")
    rows = []
    for eid, sub in ev.groupby("event_id", sort=False):
        first = sub.iloc[0]
        rows.append({
            "event_id": eid, "label": first["label"], "start": first["start"], "end": first["end"],
            "place": first["place"], "participants": join_list(_json_list(first["participants"])),
            "n_articles": len(sub), "outlets": join_list(sorted(set(sub["counts_under"]) - {""})),
            "article_ids": join_ids(sub["article_id"]), "unassigned": bool(first["unassigned"]),
        })
    events = pd.DataFrame(rows, columns=EVENT_COLUMNS)

    groups = pd.read_sql_query(
        "SELECT group_id, event_id, representative, representative_claim_id, n_outlets, outlets, "
        "talking_point_id FROM claim_groups ORDER BY event_id, n_outlets DESC, group_id",
        conn,
    )
    if not groups.empty:
        groups["outlets"] = _map_distinct(groups["outlets"], lambda s: join_list(_json_list(s)))
    groups = groups.reindex(columns=GROUP_COLUMNS)

    framing = pd.read_sql_query(
        "SELECT event_id, outlet, dimension, value, score, evidence_claim_ids FROM framing "
        "ORDER BY event_id, outlet, dimension, value",
        conn,
    )
    if not framing.empty:
        framing["evidence_claim_ids"] = _map_distinct(framing["evidence_claim_ids"],
                                                   lambda s: join_ids(_json_list(s)))
    framing = framing.reindex(columns=FRAMING_COLUMNS)

    disc = pd.read_sql_query(_DISCREPANCY_SQL, conn)
    for side in ("a", "b"):  # the outlet each claim counts under, or the site of a copy
        disc[f"outlet_{side}"] = disc[f"article_{side}"].map(by_article["source_label"])
    disc = disc.reindex(columns=DISCREPANCY_COLUMNS + DISCREPANCY_EXTRA)

    return Results(articles=articles, events=events, aligned=aligned, groups=groups,
                   framing=framing, discrepancies=disc)
