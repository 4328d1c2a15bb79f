"""How long the dashboard takes to show its first view, measured without a browser.

    from stance.dashboard.timing import first_load
    seconds = first_load("stance.db")

`first_load` does what a fresh dashboard session does before the event view (the first view)
can be drawn, with the same functions `app.py` calls: open the database on a new connection,
read its data version, load the stored results, pick the default event, narrow the results to
it and build the event view's coverage matrix (its table and figure). Streamlit's caches are
not involved. Without `cache_dir` the results are loaded from SQLite: the cold path when no
snapshot is there. With `cache_dir`, they come through the snapshot kept there
(`stance.dashboard.snapshot`), which `stance analyze` writes as it finishes: what the first
visitor after a new analysis, or after a restart, waits for. Imports are not timed; the
benchmark times a whole fresh process with `scripts/bench_dashboard.py`.
"""

from __future__ import annotations

import time
from pathlib import Path

from stance.dashboard.event_view import first_view
from stance.dashboard.filters import Selection, default_event
from stance.dashboard.snapshot import cached_results
from stance.store import Store
from stance.store.analysis import data_version, load_results


def first_load(db_path: str | Path, *, stages: dict[str, float] | None = None,
               cache_dir: str | Path | None = None) -> float:
    """Seconds from opening `db_path` to the event view's first matrix being built. Pass a
    dict as `stages` to get the seconds of each step (load, narrow, matrix) as well, and
    `cache_dir` to read (or first write) the results snapshot there."""
    if not Path(db_path).is_file():  # Store() would create an empty database and time that
        raise FileNotFoundError(f"{db_path}: no such database; give the file `stance analyze --db` wrote")
    t0 = time.perf_counter()
    marks = {}
    store = Store(db_path)
    try:
        version = data_version(store)
        results = cached_results(store, cache_dir, version) if cache_dir is not None else load_results(store)
        marks["load"] = time.perf_counter()
        in_event = Selection(event_id=default_event(results.events)).narrow(results)
        marks["narrow"] = time.perf_counter()
        first_view(in_event)
        marks["matrix"] = time.perf_counter()
    finally:
        store.close()
    if stages is not None:
        last = t0
        for name, at in marks.items():
            stages[name] = at - last
            last = at
    return time.perf_counter() - t0
