"""The results snapshot a fresh dashboard process reads instead of rebuilding them: the tables
read back are exactly those load_results gives, a new analysis or a damaged file never serves
old tables, and an unwritable cache folder only costs speed."""

from __future__ import annotations

from dataclasses import fields

import pandas as pd
import pytest

from stance.dashboard.snapshot import DONE, cached_results, snapshot_dir
from stance.results import Results
from stance.store import Store
from stance.store.analysis import data_version, load_results
from tests.dashboard_db import build_store


@pytest.fixture()
def store(tmp_path) -> Store:
    s = build_store(tmp_path / "dash.db")
    yield s
    s.close()


def assert_same(a: Results, b: Results) -> None:
    for f in fields(Results):
        pd.testing.assert_frame_equal(getattr(a, f.name), getattr(b, f.name), check_exact=True)


def test_the_snapshot_reads_back_exactly_the_stored_results(store, tmp_path, monkeypatch):
    import stance.dashboard.snapshot as snapshot

    cache = tmp_path / "cache"
    version = data_version(store)
    cached_results(store, cache, version)  # loads and writes the snapshot
    assert (snapshot_dir(cache, store.path, version) / DONE).is_file()

    def no_database(_store):
        raise AssertionError("the database was read although the snapshot is current")

    monkeypatch.setattr(snapshot, "load_results", no_database)
    again = cached_results(store, cache, version)  # from the files alone
    assert_same(again, load_results(store))
    assert not again.aligned.empty and not again.discrepancies.empty


def test_a_new_analysis_gets_a_new_snapshot_and_the_old_one_goes(store, tmp_path):
    cache = tmp_path / "cache"
    before = data_version(store)
    cached_results(store, cache, before)
    with store.transaction() as conn:
        conn.execute("INSERT INTO articles(article_id, source, outlet, published, n_chars, text) "
                     "VALUES (?, ?, ?, ?, ?, ?)", ("a-late", "late.txt", "Gull Bay Radio", "2024-06-12", 5, "text."))
    after = data_version(store)
    assert snapshot_dir(cache, store.path, after) != snapshot_dir(cache, store.path, before)
    results = cached_results(store, cache, after)
    assert "a-late" in set(results.articles["article_id"])
    assert not snapshot_dir(cache, store.path, before).exists()


def test_a_damaged_snapshot_is_rebuilt_from_the_database(store, tmp_path):
    cache = tmp_path / "cache"
    version = data_version(store)
    cached_results(store, cache, version)
    (snapshot_dir(cache, store.path, version) / "aligned.arrow").write_bytes(b"not arrow")
    assert_same(cached_results(store, cache, version), load_results(store))


def test_an_unwritable_cache_folder_still_gives_the_results(store, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert_same(cached_results(store, blocked, data_version(store)), load_results(store))
