"""Ingestion speed on the seed dumps repeated N times (default 100), each copy perturbed so ids
differ, written to a temporary folder and ingested as files, then saved to a temporary store.

    python scripts/bench_ingest.py [--repeat 100]

Prints articles/s (wall clock, and per core from CPU time, which a busy machine disturbs less)
for ingestion (read, clean, provenance, duplicate and syndication checks) and
for saving to SQLite. Copies of one seed are near-duplicates, so this also exercises the
syndication index on many links.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from stance.config.settings import Settings, ensure_offline
from stance.ingest import ingest_paths
from stance.ingest.registry import load_registry
from stance.store import open_store
from stance.store.articles import save_articles

ROOT = Path(__file__).resolve().parents[1]


def perturb(text: str, i: int) -> str:
    """Mark every long line of the copy so it gets its own article_id (and stays a near-copy)."""
    return "\n".join(line + f" Copy {i}." if len(line.split()) > 12 else line for line in text.split("\n"))


def main() -> None:
    ensure_offline()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=100)
    args = ap.parse_args()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    settings = Settings()
    load_registry()  # cached; not part of the timing
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for i in range(args.repeat):
            for s in seeds:
                (folder / f"{i:04d}_{s.name}").write_text(perturb(s.read_text(encoding="utf-8"), i), encoding="utf-8")
        n_files = args.repeat * len(seeds)
        t0, c0 = time.perf_counter(), time.process_time()
        result = ingest_paths([folder], settings)
        t1, c1 = time.perf_counter(), time.process_time()
        store = open_store(Path(tmp) / "bench.db")
        t2 = time.perf_counter()
        new, dups = save_articles(store, result.articles)
        t3 = time.perf_counter()
    errors = [p for p in result.problems if p.level == "error"]
    linked = sum(1 for a in result.articles if a.syndicated_of)
    print(f"files: {n_files}  articles: {len(result.articles)}  errors: {len(errors)}  "
          f"syndicated copies linked: {linked}")
    print(f"ingest: {t1 - t0:.2f} s wall -> {len(result.articles) / (t1 - t0):.0f} articles/s; "
          f"{c1 - c0:.2f} s CPU -> {len(result.articles) / (c1 - c0):.0f} articles/s per core")
    print(f"save:   {t3 - t2:.2f} s  -> {new / max(t3 - t2, 1e-9):.0f} articles/s ({new} new, {dups} duplicates)")


if __name__ == "__main__":
    main()
