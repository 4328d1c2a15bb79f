"""The store: named migrations recorded once, WAL mode, transactions that roll back whole."""

from __future__ import annotations

import sqlite3

import pytest

from stance.errors import StoreError
from stance.store import Store
from stance.store.migrations import MIGRATIONS


def test_migrations_applied_once_and_recorded(tmp_db):
    s = Store(tmp_db)
    names = [n for n, _ in MIGRATIONS]
    assert s.applied_migrations() == sorted(names)
    s.close()
    s2 = Store(tmp_db)
    assert s2.migrate() == []  # nothing pending on reopen
    assert s2.applied_migrations() == sorted(names)


def test_wal_mode_and_foreign_keys(tmp_db):
    s = Store(tmp_db)
    assert s.query("PRAGMA journal_mode")[0][0] == "wal"
    assert s.query("PRAGMA foreign_keys")[0][0] == 1


def test_transaction_rolls_back_on_error(tmp_db):
    s = Store(tmp_db)
    with s.transaction() as c:
        c.execute("INSERT INTO articles(article_id, source, n_chars, text) VALUES (?, ?, ?, ?)",
                  ("a1", "x.txt", 3, "abc"))
    with pytest.raises(RuntimeError):
        with s.transaction() as c:
            c.execute("INSERT INTO articles(article_id, source, n_chars, text) VALUES (?, ?, ?, ?)",
                      ("a2", "y.txt", 3, "def"))
            raise RuntimeError("boom")
    ids = [r["article_id"] for r in s.query("SELECT article_id FROM articles ORDER BY article_id")]
    assert ids == ["a1"]


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError) as err:
        Store(bad)
    assert "notes.db" in str(err.value) and "--db" in str(err.value)


def test_sql_is_parameterized_against_injection(tmp_db):
    s = Store(tmp_db)
    evil = "x'); DROP TABLE articles; --"
    with s.transaction() as c:
        c.execute("INSERT INTO articles(article_id, source, n_chars, text) VALUES (?, ?, ?, ?)",
                  (evil, evil, 1, evil))
    assert s.query("SELECT source FROM articles")[0][0] == evil
    with pytest.raises(sqlite3.IntegrityError):
        with s.transaction() as c:
            c.execute("INSERT INTO articles(article_id, source, n_chars, text) VALUES (?, ?, ?, ?)",
                      (evil, evil, 1, evil))
