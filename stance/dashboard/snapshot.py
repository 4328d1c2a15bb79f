"""The dashboard's results kept on disk between server starts, so a fresh process draws its
first view without rebuilding them.

`load_results` rebuilds every table from SQLite (on 50k claims about 0.7 s of CPU, most of a
cold first load); reading the same tables back from Arrow files takes about 0.1 s. The first
load of an analysis writes them under the cache folder (`Settings.cache_dir`, in
`dashboard/`), named by the database's path, its data version (`data_version`) and the file's
size and modification time, so any new analysis, CLI run or checkpoint of the file makes a new
name and the old files are removed. Arrow files hold data only (no code runs when they are
read), and the tables read back are exactly the ones stored (a test compares every frame).
Anything that goes wrong with the cache (unwritable folder, a column Arrow cannot hold, a
damaged file) falls back to `load_results`: the cache can make a load faster, never different.
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
from stance.store.analysis import load_results

FOLDER = "dashboard"
DONE = "complete"  # written last: a snapshot without it is ignored
TABLES = tuple(f.name for f in fields(Results))


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
        return Results(**{name: pd.read_feather(folder / f"{name}.arrow") for name in TABLES})
    except Exception:  # noqa: BLE001 - a damaged or foreign file: rebuild from the database
        return None


def _write(folder: Path, results: Results) -> None:
    """Write the tables beside `folder`, then move them into place at once, and drop the older
    snapshots of the same database. A concurrent writer of the same snapshot simply wins."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
    try:
        for name in TABLES:
            getattr(results, name).to_feather(tmp / f"{name}.arrow")
        (tmp / DONE).write_text("", encoding="utf-8")
        os.replace(tmp, folder)
    except Exception:  # noqa: BLE001 - no snapshot this time (disk full, an object column Arrow refuses)
        shutil.rmtree(tmp, ignore_errors=True)
        return
    prefix = folder.name.split("-", 1)[0] + "-"
    for old in folder.parent.glob(prefix + "*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)


def cached_results(store: Store, cache_dir: str | Path, version: tuple) -> Results:
    """The results of `store` at `version`: read from the snapshot when one is there, else
    loaded from the database and kept for the next process."""
    folder = snapshot_dir(cache_dir, store.path, version)
    results = _read(folder)
    if results is None:
        results = load_results(store)
        try:
            _write(folder, results)
        except OSError:
            pass
    return results
