"""What the tests that drive app.py with streamlit's AppTest share: the app's path, its views,
the fixtures (a made-up analysed store, a guard against loading the model, what a download
serves) and small helpers to run a view and read what it drew.

A test module imports the fixtures it uses by name (`from tests.app_helpers import db, ...`),
and `served_on_this_computer` with them: it is autouse, so importing it applies it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from tests.dashboard_db import build_seed_store, build_store

APP = Path(__file__).resolve().parents[1] / "app.py"
VIEWS = ["event", "corpus", "framing", "discrepancies", "talking_points", "speaker", "search", "help", "add",
         "export", "annotate"]


@pytest.fixture(autouse=True)
def served_on_this_computer():
    """The app as `.streamlit/config.toml` starts it (127.0.0.1), whatever folder pytest runs
    from: on an open address without sign-in it would hide upload and annotation."""
    with patch_config_options({"server.address": "127.0.0.1"}):
        yield


def use_db(path: Path, monkeypatch, source: Path | None = None) -> Path:
    """Point the app at the database `path` (a copy of `source` when given, so a test that
    writes cannot leak into the others), with the hash embedder and a cache folder beside it
    (the results snapshot, stance.dashboard.snapshot, is never written to the home folder)."""
    if source is not None:
        shutil.copy(source, path)
    monkeypatch.setenv("STANCE_DB_PATH", str(path))
    monkeypatch.setenv("STANCE_EMBED_BACKEND", "hash")
    monkeypatch.setenv("STANCE_CACHE_DIR", str(path.parent / "cache"))
    return path


def restart_snapshot(path: Path) -> Path:
    """The results snapshot folder a server started now would read for the database `path`
    (set up by `use_db`), once the write-ahead log is folded into the file as when the app's
    connection closes; fails when there is none."""
    from stance.dashboard.snapshot import DONE, snapshot_dir
    from stance.store import Store
    from stance.store.analysis import data_version

    store = Store(path)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    folder = snapshot_dir(path.parent / "cache", str(path), data_version(store))
    store.close()
    assert (folder / DONE).is_file(), "no current results snapshot"
    return folder


def analysed_seeds(path: Path, seeds_dir: Path) -> Path:
    """The seeds analysed by the real pipeline (hash embedder) into the database `path`."""
    store, report = build_seed_store(path, seeds_dir)
    assert report.n_articles == 5, report.problems
    store.close()
    return path


@pytest.fixture()
def db(tmp_path, monkeypatch) -> Path:
    """The made-up analysed store of tests/dashboard_db.py."""
    path = tmp_path / "dash.db"
    build_store(path).close()
    return use_db(path, monkeypatch)


@pytest.fixture()
def no_model(monkeypatch):
    """Loading the embedder during a render is a bug (first render must not load models)."""
    import stance.embed

    def boom(*a, **k):
        raise AssertionError("the embedding model was loaded during a render")

    monkeypatch.setattr(stance.embed, "get_embedder", boom)


class Served(dict):
    """File name -> what its download button serves. A button whose file is built on click
    (a data function) is clicked here when its file is read, as Streamlit would."""

    def __getitem__(self, name: str) -> bytes:
        value = super().__getitem__(name)
        return value() if callable(value) else value


@pytest.fixture()
def downloads(monkeypatch) -> Served:
    """Capture what each download button would serve (by file name), bytes given at render or
    a function called on click."""
    served = Served()
    real = MemoryMediaFileStorage.load_and_get_id
    real_deferred = MediaFileManager.add_deferred

    def spy(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes) and filename:
            served[filename] = path_or_data
        return real(self, path_or_data, mimetype, kind, filename)

    def spy_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        if file_name:
            served[file_name] = data_callable
        return real_deferred(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    monkeypatch.setattr(MediaFileManager, "add_deferred", spy_deferred)
    return served


def run(view: str, timeout: float = 60, **state) -> AppTest:
    """A fresh session of the app opened on `view`, with `state` preset."""
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.session_state["view"] = view
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


def html_bodies(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.html)


def group_box(at: AppTest):
    return next(s for s in at.selectbox if s.label.startswith("Claim group"))


def group_options(at: AppTest) -> list[str]:
    return list(group_box(at).options)


def open_group(at: AppTest, words: str) -> str:
    """Select the claim group whose label holds `words`, rerun, and return the drawn HTML."""
    box = group_box(at)
    box.select_index(next(i for i, o in enumerate(box.options) if words in o))
    at.run()
    return html_bodies(at)
