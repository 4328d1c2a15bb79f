"""Articles in the store: idempotent saves, loads, the articles table as a DataFrame, and the
MinHash signatures that let syndicated copies be linked across runs.

`article_id` is a hash of the normalized body, so saving the same article again is a no-op and
annotations keyed on it survive re-ingestion. Saving links each new article to a stored original
(and re-points stored copies when an earlier original arrives later), in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import pandas as pd

from stance.ingest.syndication import SignatureIndex, from_blob, minhash, shingle_count, to_blob
from stance.schema import ARTICLE_COLUMNS, Article
from stance.store.db import Store

_COLS = [c for c in ARTICLE_COLUMNS if c != "n_chars"] + ["n_chars", "text", "warnings"]
_INSERT = (f"INSERT OR IGNORE INTO articles ({', '.join(_COLS)}, minhash, n_shingles) "
           f"VALUES ({', '.join('?' for _ in _COLS)}, ?, ?)")


def load_signatures(store: Store, threshold: float = 0.6) -> SignatureIndex:
    """Signatures of every stored article, in ingestion order, for duplicate/syndication checks."""
    index = SignatureIndex(threshold=threshold)
    # stream the rows and read a text only when its signature is missing: every chunk saved
    # calls this, so loading all texts each time made memory grow with the store
    rows = store.conn.execute("SELECT article_id, published, syndicated_of, minhash, n_shingles FROM articles "
                              "ORDER BY rowid")
    for r in rows:
        size = r["n_shingles"]
        if r["minhash"]:
            sig = from_blob(r["minhash"])
        else:
            text = store.query("SELECT text FROM articles WHERE article_id = ?", (r["article_id"],))[0]["text"]
            sig, size = minhash(text), shingle_count(text)
        index.add(r["article_id"], sig, r["published"], r["syndicated_of"], size=size)
    return index


def save_articles(store: Store, articles: Iterable[Article], threshold: float = 0.6,
                  index: SignatureIndex | None = None) -> tuple[int, int]:
    """Insert new articles; return (new, duplicates). Already stored ids are left untouched.

    Without `index` the store's signatures are loaded on every call. A streaming run passes the
    index it built once with `load_signatures` (the `known` index given to `iter_ingest`): it is
    reused and kept up to date, so saving chunk after chunk stays linear. Articles the index
    already linked keep that link; copies it re-pointed since the last save are updated here.
    """
    if index is None:
        return _save(store, articles, load_signatures(store, threshold), stored=None)
    return _save(store, articles, index, stored=_stored_ids)


def _stored_ids(store: Store, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(ids), 500):  # stay under SQLite's parameter limit
        part = ids[i:i + 500]
        found.update(r["article_id"] for r in store.query(
            f"SELECT article_id FROM articles WHERE article_id IN ({', '.join('?' for _ in part)})", tuple(part)))
    return found


def _save(store: Store, articles: Iterable[Article], index: SignatureIndex, stored) -> tuple[int, int]:
    """`stored` is None when `index` holds exactly the stored articles (fresh from the store);
    otherwise it looks up which ids are stored, since a shared index also holds this run's."""
    articles = list(articles)
    done = (set() if stored is None else stored(store, [a.article_id for a in articles]))
    new = dups = 0
    with store.transaction() as conn:
        for a in articles:
            if a.article_id in done or (stored is None and a.article_id in index):
                dups += 1
                continue
            done.add(a.article_id)
            if a.article_id in index:  # linked while ingesting: keep that link and signature
                sig, size = index.sigs[a.article_id], index.sizes.get(a.article_id, 0)
            else:
                sig, size = minhash(a.text), shingle_count(a.text)
                index.link(a.article_id, sig, a.published, size=size)
            row = a.row()
            row["syndicated_of"] = index.original.get(a.article_id, "")
            row["text"], row["warnings"] = a.text, json.dumps(list(a.warnings), ensure_ascii=False)
            conn.execute(_INSERT, [row[c] for c in _COLS] + [to_blob(sig), size or shingle_count(a.text)])
            new += 1
        # an earlier original saved now re-points the copies already stored (no-op for unstored ids,
        # which get the index's link when they are inserted)
        relinked = sorted(index.relinked)
        conn.executemany("UPDATE articles SET syndicated_of = ? WHERE article_id = ?",
                         [(index.original.get(i, ""), i) for i in relinked])
    index.relinked.difference_update(relinked)
    return new, dups


def set_dates(store: Store, dated: dict[str, tuple[str, str]]) -> None:
    """Record dates found after ingestion ({article_id: (ISO date, how it was found)}); only
    articles still undated are touched, so a page's own date is never overwritten."""
    if not dated:
        return
    with store.transaction() as conn:
        conn.executemany(
            "UPDATE articles SET published = ?, date_source = ? WHERE article_id = ? AND published = ''",
            [(when, how, aid) for aid, (when, how) in dated.items()])


def mark_claims_done(store: Store, article_ids: Iterable[str]) -> None:
    """Record that these articles' claims are stored (zero claims counts: a page in another
    language has none). Call it in the transaction that saves the claims."""
    with store.transaction() as conn:
        conn.executemany("UPDATE articles SET claims_done = 1 WHERE article_id = ?", [(a,) for a in article_ids])


def claims_pending(store: Store, article_ids: Iterable[str] | None = None) -> list[str]:
    """Stored articles whose claims were never stored (of `article_ids`, or all), in ingestion
    order: a run stopped between saving an article and its claims leaves them."""
    if article_ids is None:
        return [r[0] for r in store.query("SELECT article_id FROM articles WHERE claims_done = 0 ORDER BY rowid")]
    ids = list(dict.fromkeys(article_ids))
    found: set[str] = set()
    for i in range(0, len(ids), 500):  # stay under SQLite's parameter limit
        part = ids[i:i + 500]
        found.update(r[0] for r in store.query(
            f"SELECT article_id FROM articles WHERE claims_done = 0 AND article_id IN ({', '.join('?' for _ in part)})",
            tuple(part)))
    return [a for a in ids if a in found]


def _article(r) -> Article:
    return Article(article_id=r["article_id"], source=r["source"], text=r["text"], url=r["url"],
                   outlet=r["outlet"], publisher=r["publisher"], published=r["published"],
                   date_source=r["date_source"], title=r["title"],
                   dateline=r["dateline"], language=r["language"], syndicated_of=r["syndicated_of"],
                   warnings=tuple(json.loads(r["warnings"] or "[]")))


def load_articles(store: Store, article_ids: Iterable[str] | None = None) -> list[Article]:
    """Stored articles in ingestion order (all, or those with the given ids)."""
    sql = ("SELECT article_id, source, text, url, outlet, publisher, published, date_source, title, dateline, language, "
           "syndicated_of, warnings FROM articles")
    if article_ids is None:
        return [_article(r) for r in store.query(sql + " ORDER BY rowid")]
    ids = list(dict.fromkeys(article_ids))
    out: list[Article] = []
    for i in range(0, len(ids), 500):  # stay under SQLite's parameter limit
        part = ids[i:i + 500]
        out.extend(_article(r) for r in store.query(
            sql + f" WHERE article_id IN ({', '.join('?' for _ in part)}) ORDER BY rowid", tuple(part)))
    return out


_ISO_DAY = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*"


def iter_articles_by_day(store: Store, size: int) -> Iterator[list[Article]]:
    """All stored articles in pages of `size`: the undated ones first (by id), then the dated
    ones by (published day, id). Keyset paging: each page is one indexed query, and memory
    holds one page whatever the corpus size."""
    sql = ("SELECT article_id, source, text, url, outlet, publisher, published, date_source, title, dateline, language, "
           "syndicated_of, warnings FROM articles")
    size = max(1, int(size))
    last = ""
    while page := store.query(sql + " WHERE published NOT GLOB ? AND article_id > ? "
                              "ORDER BY article_id LIMIT ?", (_ISO_DAY, last, size)):
        yield [_article(r) for r in page]
        last = page[-1]["article_id"]
    day, last = "", ""
    while page := store.query(sql + " WHERE published GLOB ? AND (published, article_id) > (?, ?) "
                              "ORDER BY published, article_id LIMIT ?", (_ISO_DAY, day, last, size)):
        yield [_article(r) for r in page]
        day, last = page[-1]["published"], page[-1]["article_id"]


def articles_frame(store: Store) -> pd.DataFrame:
    """The articles table with the columns of `articles.csv` (schema.ARTICLE_COLUMNS)."""
    rows = store.query(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles ORDER BY rowid")
    return pd.DataFrame([dict(r) for r in rows], columns=ARTICLE_COLUMNS)


def count_articles(store: Store) -> int:
    return int(store.query("SELECT COUNT(*) AS n FROM articles")[0]["n"])
