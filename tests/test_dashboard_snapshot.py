"""The results snapshot a fresh dashboard process reads instead of rebuilding them: the tables
read back are exactly those load_results gives, a new analysis or a damaged file never serves
old tables, and an unwritable cache folder only costs speed."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

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


def _read_without_the_database(store, cache) -> Results:
    """The results a fresh dashboard process gets for `store` now, failing if they would come
    from the database rather than the snapshot."""
    import stance.dashboard.snapshot as snapshot

    def no_database(_store):
        raise AssertionError("the database was read: no current snapshot")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(snapshot, "load_results", no_database)
        return cached_results(store, cache, data_version(store))


def test_stance_analyze_leaves_the_snapshot_the_next_dashboard_reads(tmp_path, monkeypatch):
    """`stance analyze` writes the snapshot as it finishes; analysing more replaces it, and a
    fresh process (a new connection after the CLI closed its own) reads the new one."""
    from typer.testing import CliRunner

    from stance.cli.main import app

    pages = Path(__file__).parent / "fixtures" / "pages"
    cache, db = tmp_path / "cache", tmp_path / "cli.db"
    monkeypatch.setenv("STANCE_EMBED_BACKEND", "hash")
    monkeypatch.setenv("STANCE_CACHE_DIR", str(cache))
    first = CliRunner().invoke(app, ["analyze", str(pages / "northwind_dispatch.txt"), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "dashboard_snapshot=" in first.output
    (old,) = (cache / "dashboard").iterdir()
    store = Store(db)
    assert snapshot_dir(cache, str(db), data_version(store)) == old
    assert_same(_read_without_the_database(store, cache), load_results(store))
    store.close()

    more = CliRunner().invoke(app, ["analyze", str(pages / "state_wire_native.txt"), "--db", str(db)])
    assert more.exit_code == 0, more.output
    store = Store(db)
    (new,) = (cache / "dashboard").iterdir()
    assert new != old and new == snapshot_dir(cache, str(db), data_version(store))
    results = _read_without_the_database(store, cache)
    assert len(results.articles.drop_duplicates("article_id")) == 2
    assert_same(results, load_results(store))
    store.close()


def test_a_written_snapshot_still_matches_after_the_writer_closes(store, tmp_path):
    """The writer folds the write-ahead log into the file first: closing the last connection
    afterwards must not move the file's size or time, which name the snapshot."""
    from stance.dashboard.snapshot import write_snapshot

    with store.transaction() as conn:  # frames in the write-ahead log, not yet in the file
        conn.execute("INSERT INTO articles(article_id, source, outlet, published, n_chars, text) "
                     "VALUES (?, ?, ?, ?, ?, ?)", ("a-wal", "wal.txt", "Gull Bay Radio", "2024-06-13", 5, "text."))
    cache = tmp_path / "cache"
    folder = write_snapshot(store, cache)
    store.close()
    reopened = Store(store.path)
    assert folder == snapshot_dir(cache, reopened.path, data_version(reopened))
    reopened.close()


def test_writing_again_replaces_the_snapshot_even_under_the_same_name(store, tmp_path):
    """After a re-analysis the data version may be unchanged (an event renamed): the snapshot
    is written anew, not kept."""
    from stance.dashboard.snapshot import write_snapshot

    cache = tmp_path / "cache"
    folder = write_snapshot(store, cache)
    stale = load_results(store).events.assign(label="an old name")
    stale.to_feather(folder / "events.arrow")
    assert write_snapshot(store, cache) == folder
    assert_same(_read_without_the_database(store, cache), load_results(store))


@pytest.mark.parametrize("damage", ["truncated", "other columns", "missing table"])
def test_a_bad_snapshot_file_falls_back_to_the_database_and_is_repaired(store, tmp_path, damage):
    cache = tmp_path / "cache"
    version = data_version(store)
    cached_results(store, cache, version)
    target = snapshot_dir(cache, store.path, version) / "aligned.arrow"
    if damage == "truncated":
        target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    elif damage == "other columns":
        pd.DataFrame({"claim_id": ["c-1"], "note": ["not ours"]}).to_feather(target)
    else:
        target.unlink()
    assert_same(cached_results(store, cache, version), load_results(store))  # no crash, same tables
    assert_same(_read_without_the_database(store, cache), load_results(store))  # rewritten


def test_snapshots_of_databases_that_are_gone_are_removed(tmp_path):
    from stance.dashboard.snapshot import write_snapshot

    cache = tmp_path / "cache"
    gone = build_store(tmp_path / "gone.db")
    old = write_snapshot(gone, cache)
    gone.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp_path / 'gone.db'}{suffix}").unlink(missing_ok=True)
    kept = build_store(tmp_path / "kept.db")
    new = write_snapshot(kept, cache)
    kept.close()
    assert old is not None and not old.exists()
    assert [p.name for p in (cache / "dashboard").iterdir()] == [new.name]


def test_a_running_dashboard_reads_the_snapshot_another_process_wrote(store, tmp_path):
    """A dashboard left open (its own connection) while `stance analyze` adds articles through
    another one: its next load of the new version comes from the analysis' snapshot."""
    from stance.dashboard.snapshot import write_snapshot

    cache = tmp_path / "cache"
    cached_results(store, cache, data_version(store))  # the dashboard's first load
    analysis = Store(store.path)
    with analysis.transaction() as conn:
        conn.execute("INSERT INTO articles(article_id, source, outlet, published, n_chars, text) "
                     "VALUES (?, ?, ?, ?, ?, ?)", ("a-cli", "cli.txt", "Gull Bay Radio", "2024-06-14", 5, "text."))
    assert write_snapshot(analysis, cache) is not None
    analysis.close()
    results = _read_without_the_database(store, cache)
    assert "a-cli" in set(results.articles["article_id"])


def test_an_unwritable_cache_folder_is_one_warning_after_a_stored_analysis(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from stance.cli.main import app

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("STANCE_EMBED_BACKEND", "hash")
    monkeypatch.setenv("STANCE_CACHE_DIR", str(blocked))
    page = Path(__file__).parent / "fixtures" / "pages" / "northwind_dispatch.txt"
    res = CliRunner().invoke(app, ["analyze", str(page), "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 0, res.output
    [line] = [ln for ln in res.output.splitlines() if "results snapshot could not be written" in ln]
    assert line.startswith("warning ") and str(blocked) in line and "STANCE_CACHE_DIR" in line
    assert load_results(Store(tmp_path / "x.db")).articles.shape[0] == 1  # the analysis is stored
