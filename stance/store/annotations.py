"""All SQL for analysts' labels: annotators, annotation sessions, annotations (with the way
back: undo of one's last label, one's current labels), and the checks of item ids against the
analysis tables (the rows items are built from: `stance.store.items`).

Labels are the project's ground truth, so every write is one short `BEGIN IMMEDIATE`
transaction: several browser sessions or processes can write at once (SQLite serialises them
through the WAL and the busy timeout) and a killed process loses at most the row in flight.

Row meaning: `label` is the analyst's answer, from the allowed set of the item type (`skip`
is allowed everywhere and means "seen, no answer"); `value` carries a free value beside it:
the corrected speaker for `speaker` items, the similarity the model had at the time for
`membership` items; `prediction` is the model's label when the analyst answered.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from stance.errors import AnnotationError
from stance.schema import ANNOTATION_COLUMNS, ATTRIBUTIONS, STANCES
from stance.store.db import Store

SKIP = "skip"
NO_SPEAKER = ""  # a speaker value of "" means the outlet speaks in its own voice

# Allowed labels per item type (skip is added to every set).
LABEL_SETS: dict[str, tuple[str, ...]] = {
    "membership": ("yes", "no", "partly"),
    "stance": STANCES,
    "speaker": ("correct", "wrong"),
    "attribution": ATTRIBUTIONS,
    "discrepancy": ("real", "not_real"),
    "note": ("observation",),
}
ITEM_TYPES: tuple[str, ...] = tuple(LABEL_SETS)


def allowed_labels(item_type: str) -> tuple[str, ...]:
    if item_type not in LABEL_SETS:
        raise AnnotationError(f"unknown item type {item_type!r}",
                              hint=f"Use one of: {', '.join(ITEM_TYPES)}.")
    return LABEL_SETS[item_type] + (SKIP,)


def now_iso() -> str:
    """UTC time with microseconds: part of the uniqueness key of an annotation."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Annotation:
    """One stored label; fields are schema.ANNOTATION_COLUMNS in order."""

    annotator: str
    session_id: str
    item_type: str
    item_id: str
    label: str
    value: str
    note: str
    created_at: str
    prediction: str = ""
    adjudicated: int = 0

    def row(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ANNOTATION_COLUMNS}


assert [f.name for f in fields(Annotation)] == list(ANNOTATION_COLUMNS)

_COLS = ", ".join(ANNOTATION_COLUMNS)
_MARKS = ", ".join("?" for _ in ANNOTATION_COLUMNS)


def _annotation(r: sqlite3.Row) -> Annotation:
    return Annotation(**{k: r[k] for k in ANNOTATION_COLUMNS})


# --- annotators and sessions -------------------------------------------------------------


def ensure_annotator(store: Store, name: str, identity: str = "local") -> str:
    """Register an annotator once. A name registered by a signed-in (OIDC) analyst cannot be
    used from a typed-name session, so nobody writes under another's name; a name first typed
    locally is claimed by the analyst who signs in with it."""
    name = (name or "").strip()
    if not name:
        raise AnnotationError("empty annotator name", hint="Type your name or sign in.")
    with store.transaction() as conn:
        row = conn.execute("SELECT identity FROM annotators WHERE name = ?", (name,)).fetchone()
        if row is None:
            conn.execute("INSERT INTO annotators(name, identity) VALUES (?, ?)", (name, identity))
        elif row["identity"] == "oidc" and identity != "oidc":
            raise AnnotationError(f"annotator {name!r} belongs to a signed-in analyst",
                                  hint="Sign in as that analyst or use another name.")
        elif identity == "oidc" and row["identity"] != "oidc":
            conn.execute("UPDATE annotators SET identity = 'oidc' WHERE name = ?", (name,))
    return name


def _filter_json(filt: dict[str, Any] | None) -> str:
    return json.dumps(filt or {}, sort_keys=True, ensure_ascii=False)


def start_session(store: Store, annotator: str, filt: dict[str, Any] | None = None,
                  identity: str = "local") -> str:
    """Open a session, or return the annotator's open session with the same filter, so
    reopening the page continues where the analyst stopped."""
    name = ensure_annotator(store, annotator, identity)
    fj = _filter_json(filt)
    with store.transaction() as conn:
        row = conn.execute(
            "SELECT session_id FROM annotation_sessions WHERE annotator = ? AND filter = ? "
            "AND ended_at = '' ORDER BY started_at DESC LIMIT 1", (name, fj)).fetchone()
        if row is not None:
            return row["session_id"]
        sid = "s-" + uuid.uuid4().hex[:16]
        conn.execute("INSERT INTO annotation_sessions(session_id, annotator, filter, started_at) "
                     "VALUES (?, ?, ?, ?)", (sid, name, fj, now_iso()))
    return sid


def end_session(store: Store, session_id: str) -> None:
    with store.transaction() as conn:
        conn.execute("UPDATE annotation_sessions SET ended_at = ? WHERE session_id = ? "
                     "AND ended_at = ''", (now_iso(), session_id))


def get_session(store: Store, session_id: str) -> dict[str, Any]:
    row = store.query("SELECT * FROM annotation_sessions WHERE session_id = ?", (session_id,))
    if not row:
        raise AnnotationError(f"unknown session {session_id!r}", hint="Start a new session.")
    r = row[0]
    return {"session_id": r["session_id"], "annotator": r["annotator"],
            "filter": json.loads(r["filter"] or "{}"), "started_at": r["started_at"],
            "ended_at": r["ended_at"]}


def list_sessions(store: Store) -> list[dict[str, Any]]:
    rows = store.query("SELECT session_id FROM annotation_sessions ORDER BY started_at")
    return [get_session(store, r["session_id"]) for r in rows]


# --- annotations -------------------------------------------------------------------------


def validate_label(item_type: str, label: str) -> None:
    allowed = allowed_labels(item_type)
    if label not in allowed:
        raise AnnotationError(f"label {label!r} is not allowed for {item_type} items",
                              hint=f"Use one of: {', '.join(allowed)}.")


def record_annotation(store: Store, *, annotator: str, session_id: str, item_type: str,
                      item_id: str, label: str, value: str = "", note: str = "",
                      prediction: str = "", adjudicated: bool = False,
                      check_item: bool = True) -> Annotation:
    """Write one label in its own transaction (committed when this returns)."""
    validate_label(item_type, label)
    annotator = (annotator or "").strip()
    if not annotator:
        raise AnnotationError("empty annotator name", hint="Type your name or sign in.")
    if check_item and item_id not in existing_item_ids(store, item_type, [item_id]):
        raise AnnotationError(f"unknown {item_type} item {item_id!r}",
                              hint="Re-run the analysis or pick an item from the queue.")
    ann = Annotation(annotator, session_id, item_type, item_id, label, value or "",
                     note or "", now_iso(), prediction or "", int(bool(adjudicated)))
    with store.transaction() as conn:
        conn.execute("INSERT OR IGNORE INTO annotators(name) VALUES (?)", (annotator,))
        conn.execute(f"INSERT INTO annotations({_COLS}) VALUES ({_MARKS})",
                     tuple(ann.row()[k] for k in ANNOTATION_COLUMNS))
    return ann


@dataclass(frozen=True)
class Inserted:
    """What `insert_annotations` wrote: rows and sessions that were not stored yet."""

    annotations: int
    sessions: int


_FIND_KEY = (f"SELECT {_COLS} FROM annotations WHERE annotator = ? AND session_id = ? "
             "AND item_type = ? AND item_id = ? AND created_at = ?")


def insert_annotations(store: Store, anns: Sequence[Annotation],
                       sessions: Iterable[tuple[str, str, str, str]] = ()) -> Inserted:
    """Insert many rows (and any missing annotators/sessions) in ONE transaction: all or none.
    `sessions` holds (session_id, annotator, started_at, ended_at) to create when absent.

    Idempotent under concurrency: inside the write lock each row is looked up by its natural
    key (annotator, session, item, time); an identical stored row is skipped (another import of
    the same file got there first), a different one raises AnnotationError and nothing is
    written."""
    rows = [tuple(a.row()[k] for k in ANNOTATION_COLUMNS) for a in anns]
    with store.transaction() as conn:
        todo = []
        for a, row in zip(anns, rows, strict=True):
            old = conn.execute(_FIND_KEY, (a.annotator, a.session_id, a.item_type, a.item_id,
                                           a.created_at)).fetchone()
            if old is None:
                todo.append(row)
            elif _annotation(old) != a:
                raise AnnotationError(
                    f"a stored {a.item_type} label of {a.annotator!r} on {a.item_id!r} at "
                    f"{a.created_at} differs from the one imported",
                    hint="Export the database's labels and compare before importing again.")
        for name in sorted({a.annotator for a in anns}):
            conn.execute("INSERT OR IGNORE INTO annotators(name) VALUES (?)", (name,))
        created = 0
        for sid, name, start, end in sessions:
            created += conn.execute(
                "INSERT OR IGNORE INTO annotation_sessions(session_id, annotator, filter, "
                "started_at, ended_at) VALUES (?, ?, '{\"imported\": true}', ?, ?)",
                (sid, name, start, end)).rowcount
        conn.executemany(f"INSERT INTO annotations({_COLS}) VALUES ({_MARKS})", todo)
    return Inserted(len(todo), created)


def all_annotations(store: Store, item_type: str | None = None) -> list[Annotation]:
    """Every stored row in write order (annotation_id)."""
    if item_type:
        rows = store.query(f"SELECT {_COLS} FROM annotations WHERE item_type = ? "
                           "ORDER BY annotation_id", (item_type,))
    else:
        rows = store.query(f"SELECT {_COLS} FROM annotations ORDER BY annotation_id")
    return [_annotation(r) for r in rows]


def existing_keys(store: Store) -> dict[tuple[str, str, str, str, str], Annotation]:
    """Stored rows by (annotator, session_id, item_type, item_id, created_at)."""
    return {(a.annotator, a.session_id, a.item_type, a.item_id, a.created_at): a
            for a in all_annotations(store)}


def session_done(store: Store, session_id: str) -> set[tuple[str, str]]:
    """(item_type, item_id) pairs already answered or skipped in a session."""
    rows = store.query("SELECT DISTINCT item_type, item_id FROM annotations WHERE session_id = ?",
                       (session_id,))
    return {(r["item_type"], r["item_id"]) for r in rows}


def count_annotations(store: Store) -> int:
    return int(store.query("SELECT COUNT(*) AS n FROM annotations")[0]["n"])


# --- the way back: one's own last label, one's labels ------------------------------------

_LAST_SQL = (f"SELECT annotation_id, {_COLS} FROM annotations WHERE annotator = ? "
             "AND session_id = ? AND adjudicated = 0 ORDER BY annotation_id DESC LIMIT 1")


def last_annotation(store: Store, annotator: str, session_id: str) -> Annotation | None:
    """The annotator's newest label in a session (what `undo_last` would remove)."""
    rows = store.query(_LAST_SQL, (annotator, session_id))
    return _annotation(rows[0]) if rows else None


def undo_last(store: Store, annotator: str, session_id: str) -> Annotation | None:
    """Remove the annotator's newest label in a session and return it (None when there is
    none). Only one's own rows: the query names the annotator, so nobody undoes another's
    label; the item goes back into the session's queue. Adjudications are not undone here."""
    with store.transaction() as conn:
        row = conn.execute(_LAST_SQL, (annotator, session_id)).fetchone()
        if row is None:
            return None
        conn.execute("DELETE FROM annotations WHERE annotation_id = ?", (row["annotation_id"],))
    return _annotation(row)


def own_labels(store: Store, annotator: str) -> list[Annotation]:
    """The annotator's current answer to each item they labelled, newest first: the list an
    analyst reviews and edits. As agreement counts it (`stance.annotate.agreement.collect`),
    the answer is the latest label that is not a skip; an item only skipped shows its latest
    skip. Adjudications and free notes are left out. An edit is a new row: the history stays."""
    rows = store.query(f"SELECT {_COLS} FROM annotations WHERE annotator = ? AND adjudicated = 0 "
                       "AND item_type != 'note' ORDER BY created_at, annotation_id", (annotator,))
    latest: dict[tuple[str, str], Annotation] = {}
    for a in map(_annotation, rows):
        old = latest.get((a.item_type, a.item_id))
        if a.label != SKIP or old is None or old.label == SKIP:
            latest[(a.item_type, a.item_id)] = a
    return sorted(latest.values(), key=lambda a: a.created_at, reverse=True)


# --- read-only views of the analysis tables ----------------------------------------------

_ITEM_ID_SQL: dict[str, str] = {
    "stance": "SELECT claim_id AS id FROM claim_framing",
    "speaker": "SELECT claim_id AS id FROM claims",
    "attribution": "SELECT claim_id AS id FROM claims",
    "discrepancy": "SELECT group_id || ':' || claim_a || ':' || claim_b || ':' || kind AS id "
                   "FROM discrepancies",
    "note": "SELECT event_id AS id FROM events UNION SELECT group_id FROM claim_groups "
            "UNION SELECT claim_id FROM claims",
}
# A membership question may be about a member or about a near miss: any claim of the group's
# event (different article from the representative is not required here).
_MEMBERSHIP_SQL = ("SELECT 1 FROM claim_groups g JOIN event_articles ea ON ea.event_id = "
                   "g.event_id JOIN claims c ON c.article_id = ea.article_id "
                   "WHERE g.group_id = ? AND c.claim_id = ? LIMIT 1")


def existing_item_ids(store: Store, item_type: str, ids: Iterable[str]) -> set[str]:
    """The subset of `ids` that name an item of `item_type` in the current analysis."""
    allowed_labels(item_type)
    wanted = set(ids)
    if not wanted:
        return set()
    if item_type == "membership":
        members = {r["id"] for r in store.query(
            "SELECT group_id || ':' || claim_id AS id FROM group_members")} if len(wanted) > 50 \
            else set()
        out = set()
        for iid in wanted:
            if iid in members:
                out.add(iid)
                continue
            gid, _, cid = iid.partition(":")
            if cid and store.query(_MEMBERSHIP_SQL, (gid, cid)):
                out.add(iid)
        return out
    if len(wanted) <= 50:
        marks = ", ".join("?" for _ in wanted)
        rows = store.query(f"SELECT id FROM ({_ITEM_ID_SQL[item_type]}) WHERE id IN ({marks})",
                           tuple(wanted))
    else:
        rows = store.query(_ITEM_ID_SQL[item_type])
    return {r["id"] for r in rows} & wanted


def member_similarities(store: Store) -> dict[str, float]:
    """Current similarity of every group member, by membership item id."""
    return {r["id"]: float(r["similarity"]) for r in store.query(
        "SELECT group_id || ':' || claim_id AS id, similarity FROM group_members")}


def representative_ids(store: Store) -> set[str]:
    return {r["representative_claim_id"]
            for r in store.query("SELECT representative_claim_id FROM claim_groups")}


def main_embedding_model(store: Store) -> str:
    """The model most vectors in the cache belong to ("" when there are none)."""
    rows = store.query("SELECT model, COUNT(*) AS n FROM embeddings GROUP BY model "
                       "ORDER BY n DESC, model LIMIT 1")
    return rows[0]["model"] if rows else ""
