"""Shared fixtures. Tests run offline, on temporary SQLite files, with the hash test-double
embedder unless marked `slow` (real model, still run in CI)."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from stance.config.settings import ensure_offline
from stance.text.normalize import normalize_text

ensure_offline()

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = Path(os.environ.get("STANCE_SHARED", ROOT.parent / "shared"))
GOLD_PATH = SHARED / "gold" / "seeds.json"
DATA = SHARED / "data"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def gold() -> dict:
    if not GOLD_PATH.exists():
        pytest.skip("gold annotations (../shared/gold/seeds.json) not present")
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not DATA.exists():
        pytest.skip("../shared/data not present")
    return DATA


def norm(s: str) -> str:
    """Gold matching rule: ASCII quotes/dashes, collapsed whitespace, case-folded."""
    return normalize_text(s).casefold()


@pytest.fixture(autouse=True)
def _cache_outside_home(request, tmp_path_factory, monkeypatch) -> None:
    """Fast tests keep their cache (the results snapshot `stance analyze` leaves for the
    dashboard) in a temporary folder, never the home folder. Slow tests keep the usual one,
    where the converted model is reused between runs."""
    if "slow" not in request.keywords and "STANCE_CACHE_DIR" not in os.environ:
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))  # the default's base


@pytest.fixture()
def tmp_db(tmp_path: Path) -> Path:
    return tmp_path / "stance.db"


def database_before(path: Path, migration: str) -> sqlite3.Connection:
    """An open connection to a new database at `path` as an older version left it: every
    migration before `migration` applied and recorded, that one and the later ones not yet."""
    from stance.store.migrations import MIGRATIONS

    names = [name for name, _ in MIGRATIONS]
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT '')")
    for name, sql in MIGRATIONS[:names.index(migration)]:
        conn.executescript(sql)
        conn.execute("INSERT INTO _migrations(name) VALUES (?)", (name,))
    return conn


def record_fact_parses(monkeypatch) -> list[str]:
    """Texts the discrepancy check parses from now on (`stance.framing.event_facts`), in order;
    they are still parsed for real."""
    from stance.framing import event_facts

    seen: list[str] = []
    real = event_facts._pipeline

    class Recording:
        def pipe(self, texts, **kw):
            texts = list(texts)
            seen.extend(texts)
            return real().pipe(texts, **kw)

    monkeypatch.setattr(event_facts, "_pipeline", lambda: Recording())
    return seen
