"""The speaker record (canonical name, the page's words, kind, side) travels from extraction
through the store to the CSV columns; an older database gains the two new columns."""

from __future__ import annotations

import sqlite3

from claims_helpers import article

from stance.claims import extract_claims
from stance.claims.speaker import SPEAKER_KINDS
from stance.schema import ALIGNED_COLUMNS, CLAIM_COLUMNS
from stance.store import open_store
from stance.store.articles import save_articles
from stance.store.claims import claims_frame, load_claims, save_claims
from stance.store.migrations import MIGRATIONS

TEXT = ("A senior Ruritanian official said the border would reopen in May.\n\n"
        "\u201cWe are ready,\u201d said Defence Minister Anna Kowal.\n\n"
        "The talks were useful, the joint statement said.")


def test_record_is_stored_and_loaded_back(tmp_db):
    store = open_store(tmp_db)
    a = article(TEXT, source="record.txt")
    save_articles(store, [a])
    claims = extract_claims([a]).claims
    save_claims(store, claims)
    back = load_claims(store, [a.article_id])
    assert back == claims
    kinds = [(c.speaker, c.speaker_kind, c.speaker_as_written) for c in back]
    assert kinds[0] == ("senior Ruritanian official", "anonymous", "A senior Ruritanian official")
    assert kinds[1] == ("Anna Kowal", "person", "Defence Minister Anna Kowal")
    assert kinds[2] == ("joint statement", "document", "the joint statement")
    assert {k for _, k, _ in kinds} <= set(SPEAKER_KINDS)
    frame = claims_frame(store)
    assert list(frame.columns) == CLAIM_COLUMNS
    assert frame.loc[0, "speaker_kind"] == "anonymous"


def test_columns_of_both_csv_files_carry_the_record():
    for cols in (CLAIM_COLUMNS, ALIGNED_COLUMNS):
        i = cols.index("speaker")
        assert cols[i + 1:i + 3] in (["speaker_side", "speaker_kind"], ["speaker_kind", "speaker_as_written"])
        assert "speaker_kind" in cols and "speaker_as_written" in cols


def test_outlet_voice_has_an_empty_record():
    c = extract_claims([article("The border reopened on a cold Monday morning.")]).claims[0]
    assert (c.speaker, c.speaker_kind, c.speaker_as_written) == ("", "", "")


def test_database_from_before_the_record_gains_its_columns(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT '')")
    for name, sql in MIGRATIONS:
        if name.startswith("0009"):
            break
        for stmt in (s for s in sql.split(";") if s.strip()):
            conn.execute(stmt)
        conn.execute("INSERT INTO _migrations(name) VALUES (?)", (name,))
    conn.commit()
    conn.close()
    store = open_store(path)
    cols = {r["name"] for r in store.query("PRAGMA table_info(claims)")}
    assert {"speaker_kind", "speaker_as_written"} <= cols
    assert any(n.startswith("0009") for n in store.applied_migrations())
