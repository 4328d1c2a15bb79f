"""Claims in the store: replace an article's claims idempotently, load them back, and the claims
table as a DataFrame in `schema.CLAIM_COLUMNS` order.

Re-running extraction on the same article gives the same `claim_id`s (hash of article, sentence,
sub-index and text), so a save upserts those rows in place (keeping group memberships and
framing that reference them) and deletes only claims the new run no longer produces.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator

import pandas as pd

from stance.errors import StoreError
from stance.schema import CLAIM_COLUMNS, Claim
from stance.store.db import Store

_COLS = CLAIM_COLUMNS
_UPSERT = (f"INSERT INTO claims ({', '.join(_COLS)}) VALUES ({', '.join('?' for _ in _COLS)}) "
           f"ON CONFLICT(claim_id) DO UPDATE SET "
           + ", ".join(f"{c} = excluded.{c}" for c in _COLS if c != "claim_id"))


def _row(c: Claim) -> list:
    d = {k: getattr(c, k) for k in _COLS}
    d["is_lede"] = int(bool(c.is_lede))
    d["quoted_spans"] = json.dumps(list(c.quoted_spans), ensure_ascii=False)
    return [d[k] for k in _COLS]


def save_claims(store: Store, claims: Iterable[Claim]) -> int:
    """Make the stored claims of every article in `claims` equal to the given ones (one
    transaction). Returns the number of claims written. Articles must be saved first."""
    by_article: dict[str, list[Claim]] = {}
    for c in claims:
        by_article.setdefault(c.article_id, []).append(c)
    n = 0
    try:
        with store.transaction() as conn:
            for article_id, items in by_article.items():
                keep = [c.claim_id for c in items]
                stale = [r["claim_id"] for r in conn.execute(
                    "SELECT claim_id FROM claims WHERE article_id = ?", (article_id,)).fetchall()
                    if r["claim_id"] not in set(keep)]
                conn.executemany("DELETE FROM claims WHERE claim_id = ?", [(cid,) for cid in stale])
                conn.executemany(_UPSERT, [_row(c) for c in items])
                n += len(items)
    except sqlite3.IntegrityError as exc:
        raise StoreError(f"claims refer to an article that is not stored ({exc})", source=store.path,
                         hint="Save the articles (stance.store.articles.save_articles) before their claims.") from exc
    return n


def _claim(r: sqlite3.Row) -> Claim:
    try:
        spans = tuple(json.loads(r["quoted_spans"] or "[]"))
    except ValueError:
        spans = ()
    return Claim(claim_id=r["claim_id"], article_id=r["article_id"], paragraph=r["paragraph"],
                 sentence_index=r["sentence_index"], position=r["position"], is_lede=bool(r["is_lede"]),
                 claim_text=r["claim_text"], sentence_text=r["sentence_text"], sub_index=r["sub_index"],
                 speaker=r["speaker"], speaker_side=r["speaker_side"], attribution=r["attribution"],
                 reporting_verb=r["reporting_verb"], quoted_spans=spans,
                 attribution_cue=r["attribution_cue"], speaker_kind=r["speaker_kind"],
                 speaker_as_written=r["speaker_as_written"])


def load_claims(store: Store, article_ids: Iterable[str] | None = None) -> list[Claim]:
    """Claims in article order (by article, then sentence and sub-index)."""
    sql = f"SELECT {', '.join(_COLS)} FROM claims"
    params: tuple = ()
    if article_ids is not None:
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return []
        out: list[Claim] = []
        for i in range(0, len(ids), 500):  # stay under SQLite's parameter limit
            chunk = ids[i:i + 500]
            rows = store.query(f"{sql} WHERE article_id IN ({', '.join('?' for _ in chunk)}) "
                               "ORDER BY article_id, sentence_index, sub_index", tuple(chunk))
            out.extend(_claim(r) for r in rows)
        order = {a: k for k, a in enumerate(ids)}
        out.sort(key=lambda c: (order[c.article_id], c.sentence_index, c.sub_index))
        return out
    rows = store.query(sql + " ORDER BY article_id, sentence_index, sub_index", params)
    return [_claim(r) for r in rows]


def iter_claim_texts(store: Store, size: int) -> Iterator[list[str]]:
    """Every stored claim text in pages of `size` (storage order, repeats within a page
    dropped), for encoding a store of any size with flat memory."""
    size = max(1, int(size))
    last = 0
    while page := store.query("SELECT rowid, claim_text FROM claims WHERE rowid > ? ORDER BY rowid LIMIT ?",
                              (last, size)):
        yield list(dict.fromkeys(r["claim_text"] for r in page))
        last = page[-1]["rowid"]


def iter_claim_article_ids(store: Store, size: int) -> Iterator[list[str]]:
    """Ids of the articles that have claims, in pages of `size` (id order): flat memory."""
    size, last = max(1, int(size)), ""
    while page := [r[0] for r in store.query(
            "SELECT DISTINCT article_id FROM claims WHERE article_id > ? ORDER BY article_id LIMIT ?", (last, size))]:
        yield page
        last = page[-1]


def claims_frame(store: Store) -> pd.DataFrame:
    """All claims as a DataFrame with CLAIM_COLUMNS (quoted_spans joined by ' | ', as in CSV)."""
    rows = [c.row() for c in load_claims(store)]
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


def articles_with_claims(store: Store, article_ids: Iterable[str]) -> set[str]:
    """Which of `article_ids` already have claims stored (one indexed lookup per batch of ids,
    so a streaming run does not rescan the whole table for every chunk)."""
    ids = list(dict.fromkeys(article_ids))
    found: set[str] = set()
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        marks = ",".join("?" for _ in part)
        found.update(r[0] for r in store.query(
            f"SELECT DISTINCT article_id FROM claims WHERE article_id IN ({marks})", tuple(part)))
    return found
