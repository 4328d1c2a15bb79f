"""The dashboard part of `make bench` (`scripts/bench.py`): what a dashboard user waits for on a
database of n synthetic claims, each page load in a fresh process of
`scripts/bench_dashboard.py` (app.py under streamlit's AppTest)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from bench_data import build_dashboard_db
from bench_out import line as _line

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def _dashboard_process(db: Path, cache: Path, plain: bool = False) -> dict:
    """One fresh process of `scripts/bench_dashboard.py` on `db` (its JSON); `plain` starts it
    as a bare `streamlit run app.py`, else as `make run` does (`stance.dashboard.serve`)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_dashboard.py"), str(db), str(cache),
                           *(["--plain"] if plain else [])],
                          capture_output=True, text=True, timeout=900, cwd=ROOT, env=env)
    if proc.returncode != 0:
        return {"problems": [proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "no output"]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _mtimes(folder: Path | None) -> dict[str, int]:
    """The files of a snapshot folder and their modification times (empty when there is none)."""
    if folder is None or not folder.is_dir():
        return {}
    return {f.name: f.stat().st_mtime_ns for f in folder.iterdir()}


def bench_dashboard(folder: Path, n_claims: int) -> dict[str, float]:
    """What a dashboard user waits for on an n-claim database, each in a fresh process running
    app.py under streamlit's AppTest (`scripts/bench_dashboard.py`): the first page of a server
    start (its results, the event view drawn; the app's imports too under a bare `streamlit run`,
    at server start under `make run`). First the results snapshot is written as `stance analyze`
    writes it when it finishes (`write_snapshot`, timed); then the first page of that new
    analysis (read from the snapshot) as `make run` serves it and under a bare `streamlit run`,
    the same after a restart, and, apart, the first page with no snapshot at all (bare start,
    loaded from SQLite, as before the analysis wrote one, or when it could not); then the event
    filter changing 3 times, reading the cached results."""
    from stance.dashboard.snapshot import write_snapshot
    from stance.store import Store

    db = folder / "dash.db"
    store = Store(db)
    t0 = time.perf_counter()
    stored = build_dashboard_db(store, SEEDS, n_claims)
    build_s = time.perf_counter() - t0
    cache = folder / "dash-cache"
    t0, c0 = time.perf_counter(), time.process_time()
    written = write_snapshot(store, cache)
    snap = {"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0}
    store.close()
    kept = _mtimes(written)
    new, plain = _dashboard_process(db, cache), _dashboard_process(db, cache, plain=True)
    restart = _dashboard_process(db, cache)
    bare = _dashboard_process(db, folder / "dash-cache-none", plain=True)
    print(f"\ndashboard on a {stored}-claim database (built in {build_s:.0f}s), app.py under AppTest, "
          "each in a fresh process (wall s / CPU s)")
    problems = [p for run in (new, plain, restart, bare) for p in run.get("problems", [])]
    if written is None or _mtimes(written) != kept:
        problems.insert(0, "the first load did not read the snapshot the analysis wrote")
    if problems:
        print(f"  problem: {problems[0]}")
    nan = {"wall": float("nan"), "cpu": float("nan")}

    def ws(t: dict) -> str:
        return f"{t['wall']:.2f}s / {t['cpu']:.2f}s"

    _line("results snapshot written by the analysis", ws(snap))
    _line("server start as make run (app imports done)", ws(new.get("server_start", nan)))
    _line("server start, bare `streamlit run`", ws(plain.get("server_start", nan)))
    _line("first load of a new analysis (target < 1 s)", ws(new.get("first_load", nan)))
    _line("  the same, bare `streamlit run`", ws(plain.get("first_load", nan)))
    _line("first load after a restart", ws(restart.get("first_load", nan)))
    _line("first load, no snapshot (SQLite), bare", ws(bare.get("first_load", nan)))
    changes = restart.get("filter_changes", [])
    cached = {k: float(np.mean([c[k] for c in changes])) if changes else float("nan") for k in ("wall", "cpu")}
    _line("cached call: event filter change", f"{1000 * cached['wall']:.0f} ms / {1000 * cached['cpu']:.0f} ms "
          f"CPU, mean of {len(changes)} (target < 300 ms)")
    return {"first_load_s": restart.get("first_load", nan)["wall"],
            "first_load_cpu_s": restart.get("first_load", nan)["cpu"],
            "new_analysis_s": new.get("first_load", nan)["wall"],
            "new_analysis_cpu_s": new.get("first_load", nan)["cpu"],
            "new_analysis_plain_s": plain.get("first_load", nan)["wall"],
            "new_analysis_plain_cpu_s": plain.get("first_load", nan)["cpu"],
            "no_snapshot_s": bare.get("first_load", nan)["wall"],
            "snapshot_write_s": snap["wall"], "filter_ms": 1000 * cached["wall"]}
