"""A stopped ingest loses nothing: runs killed (SIGKILL) or interrupted (SIGINT, Ctrl-C) at
random points, then run again, give exactly the CSV files of one clean run."""

from __future__ import annotations

import os
import random
import signal
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


def test_killed_and_interrupted_ingests_resume_to_the_clean_result(tmp_path: Path, seeds_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, seeds_dir, 60, seed=7)
    env = {**os.environ, "STANCE_EMBED_BACKEND": "hash", "PYTHONPATH": str(Path(__file__).parents[1])}

    t0 = time.perf_counter()
    clean = _stance("ingest", str(corpus), "--db", str(tmp_path / "clean.db"), env=env)
    assert clean.wait(timeout=600) == 0, clean.stderr.read()[-2000:]
    duration = time.perf_counter() - t0

    broken = str(tmp_path / "broken.db")
    rng = random.Random(11)
    stopped = 0
    for sig in (signal.SIGKILL, signal.SIGINT, signal.SIGKILL):
        run = _stance("ingest", str(corpus), "--db", broken, env=env)
        time.sleep(rng.uniform(0.45, 0.9) * duration)  # past start-up, into the chunks
        if run.poll() is None:
            run.send_signal(sig)
            stopped += 1
        run.wait(timeout=600)
    assert stopped, "no run was stopped: the corpus is too small for this machine"

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
