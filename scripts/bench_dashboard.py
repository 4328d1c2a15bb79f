"""What a dashboard user waits for, timed in a fresh Python process (run by `scripts/bench.py`).

    python scripts/bench_dashboard.py DB CACHE_DIR [--changes N] [--plain]

One process is one server start: Streamlit itself is imported and its runtime started first
(an empty script under AppTest: the server's start-up, before anyone opens the page, timed
apart as `server_start`), with the modules app.py imports at its top imported too, as `make run`
starts the server (`stance.dashboard.serve`); `--plain` leaves them to the first visitor, as a
bare `streamlit run app.py` does. Then `app.py` runs under AppTest as a visitor's first page does:
the app's own imports, loading the results (or reading the snapshot the analysis or an earlier
process left in CACHE_DIR, `stance.dashboard.snapshot`) and drawing the event view (`first_load`). Then the
event filter changes N times (default 3), each reading the cached results (`filter_changes`).
Wall and CPU seconds of each are printed as one JSON object on the last line. The machine may be
shared: CPU seconds are the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> dict[str, float]:
    wall, cpu = _clock()
    return {"wall": wall - start[0], "cpu": cpu - start[1]}


def measure(db: str, cache_dir: str, changes: int = 3, plain: bool = False) -> dict:
    os.environ["STANCE_DB_PATH"] = db
    os.environ["STANCE_CACHE_DIR"] = cache_dir
    start = _clock()
    from streamlit.testing.v1 import AppTest

    if not plain:
        from stance.dashboard.serve import preload

        preload(ROOT / "app.py")
    AppTest.from_string("pass").run()
    out: dict = {"server_start": _since(start)}
    start = _clock()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    out["first_load"] = _since(start)
    problems = [str(e.value) for e in at.exception]
    events = at.sidebar.selectbox(key="event").options if not problems else []
    out["filter_changes"] = []
    for option in events[1:1 + changes]:
        start = _clock()
        at.sidebar.selectbox(key="event").select(option).run()
        out["filter_changes"].append(_since(start))
        problems += [str(e.value) for e in at.exception]
    out["problems"] = problems
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db")
    ap.add_argument("cache_dir")
    ap.add_argument("--changes", type=int, default=3)
    ap.add_argument("--plain", action="store_true", help="start as a bare `streamlit run app.py` (no preload)")
    args = ap.parse_args(argv)
    if not Path(args.db).is_file():
        print(f"{args.db}: no such database; give a file `stance analyze --db` wrote", file=sys.stderr)
        return 2
    print(json.dumps(measure(args.db, args.cache_dir, args.changes, args.plain)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
