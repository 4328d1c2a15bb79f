"""The dashboard's results kept on disk between server starts, so a fresh process draws its
first view without rebuilding them.

`load_results` rebuilds every table from SQLite (on 50k claims about 0.7 s of CPU, most of a
cold first load); reading the same tables back from Arrow files takes about 0.1 s. An analysis
writes them as it finishes (`write_snapshot`, called by `stance analyze` and the dashboard's
upload and correction pages), so even the first dashboard load of a new analysis reads Arrow;
a load that finds none writes them too. They live under the cache folder
(`Settings.cache_dir`, in `dashboard/`), named by the database's path, its data version
(`data_version`) and the file's size and modification time, so any new analysis, CLI run or
checkpoint of the file makes a new name and the old files are removed. The writer folds the
write-ahead log into the file first, so closing the database afterwards does not move its
size or time and orphan the snapshot. Arrow files hold data only (no code runs when they are
read), and the tables read back are exactly the ones stored (a test compares every frame);
a table whose columns are not the ones `Results` has (a damaged file, one an older version
wrote) is not used. Anything that goes wrong with the cache (unwritable folder, a column
Arrow cannot hold, a damaged file) falls back to `load_results`: the cache can make a load
faster, never different.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import fields
from pathlib import Path

import pandas as pd

from stance.results import Results
from stance.store import Store
from stance.store.analysis import data_version, load_results

FOLDER = "dashboard"
DONE = "complete"  # written last: a snapshot without it is ignored
TABLES = tuple(f.name for f in fields(Results))
_EMPTY = Results.empty()
COLUMNS = {name: list(getattr(_EMPTY, name).columns) for name in TABLES}  # what each table must have


def _db_key(db_path: str) -> str:
    return hashlib.sha256(str(Path(db_path).resolve()).encode("utf-8")).hexdigest()[:16]


def snapshot_dir(cache_dir: str | Path, db_path: str, version: tuple) -> Path:
    """Where the results of `db_path` at `version` are kept: `<db key>-<version key>`."""
    try:
        st = os.stat(db_path)
        file_state = (st.st_size, st.st_mtime_ns)
    except OSError:
        file_state = None
    version_key = hashlib.sha256(repr((version, file_state)).encode("utf-8")).hexdigest()[:16]
    return Path(cache_dir) / FOLDER / f"{_db_key(db_path)}-{version_key}"


def _read(folder: Path) -> Results | None:
    if not (folder / DONE).is_file():
        return None
    try:
        tables = {name: pd.read_feather(folder / f"{name}.arrow") for name in TABLES}
    except Exception:  # noqa: BLE001 - a damaged or foreign file: rebuild from the database
        return None
    if any(list(df.columns) != COLUMNS[name] for name, df in tables.items()):
        return None  # another layout (an older version's, a foreign file): rebuild
    return Results(**tables)


def _write(folder: Path, results: Results, db_path: str) -> None:
    """Write the tables beside `folder`, then move them into place at once, and drop the older
    snapshots of the same database and those of databases no longer there (temporary ones).
    A concurrent writer of the same snapshot simply wins."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
    try:
        for name in TABLES:
            getattr(results, name).to_feather(tmp / f"{name}.arrow")
        (tmp / DONE).write_text(db_path, encoding="utf-8")
        if folder.exists():  # a damaged or foreign one that was not read: replace it
            shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)
    except Exception:  # noqa: BLE001 - no snapshot this time (disk full, an object column Arrow refuses)
        shutil.rmtree(tmp, ignore_errors=True)
        return
    prefix = folder.name.split("-", 1)[0] + "-"
    for old in folder.parent.iterdir():
        if old != folder and (old.name.startswith(prefix) or _orphan(old)):
            shutil.rmtree(old, ignore_errors=True)


def _orphan(folder: Path) -> bool:
    """Whether `folder` is a finished snapshot of a database file that is gone."""
    try:
        db = (folder / DONE).read_text(encoding="utf-8").strip()
    except OSError:
        return False  # being written, or not a snapshot
    return bool(db) and not Path(db).exists()


def cached_results(store: Store, cache_dir: str | Path, version: tuple) -> Results:
    """The results of `store` at `version`: read from the snapshot when one is there, else
    loaded from the database and kept for the next process."""
    folder = snapshot_dir(cache_dir, store.path, version)
    results = _read(folder)
    if results is None:
        results = load_results(store)
        try:
            _write(folder, results, str(Path(store.path).resolve()))
        except OSError:
            pass
    return results


def _settle(store: Store) -> None:
    """Fold the write-ahead log into the database file, so its size and time (part of the
    snapshot's name) stay as they are when the last connection closes. PASSIVE never waits for
    other connections: what a busy reader holds back only means the next process rebuilds the
    snapshot."""
    try:
        store.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    except Exception:  # noqa: BLE001 - an in-memory or read-only database, or a busy one
        pass


def write_snapshot(store: Store, cache_dir: str | Path) -> Path | None:
    """Write the snapshot of `store`'s present analysis as an analysis finishes, so the next
    dashboard process reads it instead of the database. Always written anew, even under a name
    already there: a re-analysis that only renames an event may leave the data version as it
    was. Returns its folder, or None when it could not be written (the dashboard then loads
    from SQLite, as before)."""
    if store.path == ":memory:":
        return None
    _settle(store)
    conn = store.conn
    began = not conn.in_transaction
    try:
        if began:
            conn.execute("BEGIN")  # one read view: the tables are those of the version named
        try:
            folder = snapshot_dir(cache_dir, store.path, data_version(store))
            results = load_results(store)
        finally:
            if began:
                conn.execute("COMMIT")
        _write(folder, results, str(Path(store.path).resolve()))
    except Exception:  # noqa: BLE001 - the analysis is stored; only the dashboard's shortcut is lost
        return None
    return folder if (folder / DONE).is_file() else None
