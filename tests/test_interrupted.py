"""A stopped ingest loses nothing: runs killed (SIGKILL) or interrupted (SIGINT, Ctrl-C) at
random points, then run again, give exactly the CSV files of one clean run."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from synthetic import write_corpus

from stance.export import OUTPUT_FILES
from stance.store import open_store
from stance.store.articles import claims_pending

pytestmark = pytest.mark.slow


def _stance(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "stance.cli.main", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _stored(db: str) -> tuple[int, int]:
    """(articles stored, of them with their claims done), read while another process writes."""
    if not Path(db).exists():
        return 0, 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            row = conn.execute("SELECT COUNT(*), COALESCE(SUM(claims_done), 0) FROM articles").fetchone()
        return int(row[0]), int(row[1])
    except sqlite3.OperationalError:  # not created or migrated yet
        return 0, 0


def _stop_when(run: subprocess.Popen, db: str, ready, sig: int) -> bool:
    """Send `sig` once `ready(stored, done)` holds while the run still works; False if it ended first."""
    deadline = time.monotonic() + 600
    while run.poll() is None and time.monotonic() < deadline:
        if ready(*_stored(db)):
            run.send_signal(sig)
            run.wait(timeout=600)
            return True
        time.sleep(0.05)
    run.wait(timeout=600)
    return False


def test_killed_and_interrupted_ingests_resume_to_the_clean_result(tmp_path: Path, seeds_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, seeds_dir, 60, seed=7)
    # small chunks: a run stores articles and then their claims chunk after chunk
    env = {**os.environ, "STANCE_EMBED_BACKEND": "hash", "STANCE_CHUNK_SIZE": "10",
           "PYTHONPATH": str(Path(__file__).parents[1])}
    broken = str(tmp_path / "broken.db")
    rng = random.Random(11)
    second, third = rng.randint(15, 35), rng.randint(36, 55)  # stored articles at which to stop
    stops = [  # (when, how): points inside the run
        (lambda n, done: n > done, signal.SIGKILL),  # articles stored, their claims not yet
        (lambda n, done: n >= second, signal.SIGINT),  # Ctrl-C a few chunks on
        (lambda n, done: n >= third and n > done, signal.SIGKILL),
    ]
    stopped = [_stop_when(_stance("ingest", str(corpus), "--db", broken, env=env), broken, ready, sig)
               for ready, sig in stops]
    assert stopped[0], "the first run ended before it could be stopped"
    n, done = _stored(broken)
    assert 0 < n <= 60 and done < 60  # something stored, not everything finished

    for db, out in ((str(tmp_path / "clean.db"), tmp_path / "out-clean"), (broken, tmp_path / "out-broken")):
        res = _stance("analyze", str(corpus), "--db", db, "--out", str(out), env=env)
        assert res.wait(timeout=600) == 0, res.stderr.read()[-2000:]
    assert not claims_pending(open_store(broken))
    for name in OUTPUT_FILES:
        assert (tmp_path / "out-broken" / name).read_bytes() == (tmp_path / "out-clean" / name).read_bytes(), name


def test_articles_stored_without_claims_get_them_on_the_next_run(tmp_path: Path, seeds_dir: Path) -> None:
    """What a stop between the two writes leaves behind, made on purpose: the next ingest of
    anything extracts the missing claims and says so in one warning line."""
    from stance.config.settings import Settings
    from stance.ingest import ingest_paths
    from stance.pipeline import AnalyzeReport, ingest_into
    from stance.store.articles import save_articles

    store = open_store(str(tmp_path / "s.db"))
    settings = Settings(embed_backend="hash")
    save_articles(store, ingest_paths([seeds_dir], settings).articles)
    assert len(claims_pending(store)) == 5 and not store.query("SELECT COUNT(*) FROM claims")[0][0]
    report = AnalyzeReport()
    ingest_into(store, [seeds_dir], settings, report)  # every input is a duplicate now
    assert not claims_pending(store) and report.n_claims > 40
    assert [w for w in report.warnings if "5 stored article(s) had no claims" in w]
