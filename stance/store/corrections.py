"""All SQL for analysts' corrections of the events (`schema.Correction`), stored like labels:
who, when, what, one short transaction per write.

A correction names events by their article ids (JSON lists), never by event id, so it still
applies when a re-analysis gives the events new ids (`stance.annotate.corrections`). Rows are
never edited: a correction is recorded or withdrawn (deleted), and the natural key (analyst,
created_at, kind) makes re-importing a file harmless.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from stance.errors import AnnotationError
from stance.schema import CORRECTION_KINDS, Correction
from stance.store.annotations import ensure_annotator, now_iso
from stance.store.db import Store

_COLS = "analyst, created_at, kind, article_ids, target_ids, label, note"


def _correction(r: sqlite3.Row) -> Correction:
    return Correction(r["analyst"], r["created_at"], r["kind"], tuple(json.loads(r["article_ids"])),
                      tuple(json.loads(r["target_ids"])), r["label"], r["note"])


def _values(c: Correction) -> tuple:
    return (c.analyst, c.created_at, c.kind, json.dumps(list(c.article_ids)),
            json.dumps(list(c.target_ids)), c.label, c.note)


def check_correction(c: Correction) -> str:
    """What is wrong with a correction ("" when nothing): the rule `apply_corrections` relies on."""
    if c.kind not in CORRECTION_KINDS:
        return f"unknown kind {c.kind!r} (use one of: {', '.join(CORRECTION_KINDS)})"
    if not c.analyst.strip():
        return "empty analyst name"
    if not c.article_ids:
        return "names no article"
    if c.kind in ("merge", "move") and not c.target_ids:
        return f"a {c.kind} needs the articles of the event it goes into"
    if c.kind == "rename" and not c.label.strip():
        return "a rename needs the new name"
    if set(c.article_ids) & set(c.target_ids):
        return "an article is named on both sides"
    return ""


def record_correction(store: Store, *, analyst: str, kind: str, article_ids: Sequence[str],
                      target_ids: Sequence[str] = (), label: str = "", note: str = "",
                      identity: str = "local") -> Correction:
    """Store one correction now, under `analyst` (a signed-in analyst's name cannot be used
    from a typed-name session: `ensure_annotator`)."""
    name = ensure_annotator(store, analyst, identity)
    c = Correction(name, now_iso(), kind, tuple(dict.fromkeys(article_ids)),
                   tuple(dict.fromkeys(target_ids)), label.strip(), note.strip())
    problem = check_correction(c)
    if problem:
        raise AnnotationError(f"correction not recorded: {problem}",
                              hint="Pick the events and articles again.")
    with store.transaction() as conn:
        conn.execute(f"INSERT INTO event_corrections({_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)", _values(c))
    return c


def all_corrections(store: Store) -> list[Correction]:
    """Every stored correction in the order they are applied (when made)."""
    rows = store.query(f"SELECT {_COLS} FROM event_corrections ORDER BY created_at, correction_id")
    return [_correction(r) for r in rows]


def withdraw_correction(store: Store, c: Correction) -> bool:
    """Delete a stored correction (it stops applying at the next analysis); True if it was there."""
    with store.transaction() as conn:
        n = conn.execute("DELETE FROM event_corrections WHERE analyst = ? AND created_at = ? AND kind = ?",
                         (c.analyst, c.created_at, c.kind)).rowcount
    return n > 0


def insert_corrections(store: Store, corrections: Sequence[Correction]) -> int:
    """Insert imported corrections in ONE transaction: all or none. A stored row with the same
    key and content is skipped; one with the same key and other content raises
    AnnotationError and nothing is written. Returns how many rows were new."""
    with store.transaction() as conn:
        todo = []
        for c in corrections:
            old = conn.execute(f"SELECT {_COLS} FROM event_corrections WHERE analyst = ? AND "
                               "created_at = ? AND kind = ?", (c.analyst, c.created_at, c.kind)).fetchone()
            if old is None:
                todo.append(c)
            elif _correction(old) != c:
                raise AnnotationError(f"a stored {c.kind} of {c.analyst!r} at {c.created_at} differs "
                                      "from the one imported",
                                      hint="Export the database's corrections and compare first.")
        for name in sorted({c.analyst for c in todo}):
            conn.execute("INSERT OR IGNORE INTO annotators(name) VALUES (?)", (name,))
        conn.executemany(f"INSERT INTO event_corrections({_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [_values(c) for c in todo])
    return len(todo)


def known_articles(store: Store, article_ids: Iterable[str]) -> dict[str, str]:
    """article_id -> published date ("" when undated) for the ids stored."""
    ids = list(dict.fromkeys(article_ids))
    out: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        rows = store.query(f"SELECT article_id, published FROM articles WHERE article_id IN "
                           f"({', '.join('?' for _ in part)})", tuple(part))
        out.update({r["article_id"]: r["published"] for r in rows})
    return out
