"""Streaming: ingesting a corpus 4x larger must not need 4x the memory, and the benchmark's
smoke run prints its machine-readable last lines."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from synthetic import shift_dates, synthetic_articles, write_corpus

from stance.config.settings import load_settings
from stance.embed import FIDELITY_MIN

ROOT = Path(__file__).resolve().parents[1]


def _ingest_peak(corpus: Path, db: Path, chunk_size: int) -> tuple[int, int, int]:
    """(peak traced bytes, articles stored, claims stored) of the pipeline's streaming ingestion."""
    from stance.pipeline import AnalyzeReport, ingest_into, load_registry_for
    from stance.store import Store

    settings = load_settings(None, db_path=str(db), embed_backend="hash", chunk_size=chunk_size)
    store = Store(db)
    report = AnalyzeReport()
    registry = load_registry_for(settings)
    tracemalloc.start()
    try:
        ingest_into(store, [corpus], settings, report, registry=registry)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    n_claims = store.query("SELECT COUNT(*) AS n FROM claims")[0]["n"]
    store.close()
    return peak, report.n_articles, n_claims


@pytest.mark.slow
def test_memory_stays_flat_as_the_corpus_grows(tmp_path: Path, seeds_dir: Path) -> None:
    n = 40
    small, large = tmp_path / "small", tmp_path / "large"
    write_corpus(small, seeds_dir, n, seed=1)
    write_corpus(large, seeds_dir, 4 * n, seed=2)
    # warm-up: models, lexicons and regexes load once per process and must not count
    _ingest_peak(small, tmp_path / "warm.db", chunk_size=10)
    peak_n, arts_n, claims_n = _ingest_peak(small, tmp_path / "n.db", chunk_size=10)
    peak_4n, arts_4n, claims_4n = _ingest_peak(large, tmp_path / "4n.db", chunk_size=10)
    assert arts_n >= 0.9 * n and arts_4n >= 0.9 * 4 * n  # the copies are distinct articles
    assert claims_4n > 3 * claims_n
    assert peak_4n < 2 * peak_n, f"peak {peak_4n / 2**20:.1f} MB for 4N vs {peak_n / 2**20:.1f} MB for N"


def test_synthetic_copies_differ_from_their_seed_and_shift_dates(seeds_dir: Path) -> None:
    arts = list(synthetic_articles(seeds_dir, 20, seed=3, copies_per_event=2))
    seeds = {p.name: p.read_text(encoding="utf-8") for p in seeds_dir.glob("*.txt")}
    assert len({a.text for a in arts}) == 20
    assert all(a.text != seeds[a.seed] for a in arts)
    assert {a.event_offset_days // 9 for a in arts} == {0, 1}  # 2 copies x 5 seeds per event
    assert shift_dates("On February 27, 2023 and 2023-02-27 and 27 February 2023", 3) == \
        "On March 2, 2023 and 2023-03-02 and 2 March 2023"


@pytest.mark.slow
def test_bench_quick_prints_ratio_and_fidelity_last() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--quick"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT, env=env)  # this checkout
    assert proc.returncode == 0, proc.stderr[-2000:]
    last = proc.stdout.strip().splitlines()[-3:]
    m0 = re.fullmatch(r"encoder_ratio_distinct: (\d+\.\d+)", last[0])
    m1 = re.fullmatch(r"encoder_ratio: (\d+\.\d+)", last[1])
    m2 = re.fullmatch(r"fidelity: (\d+\.\d+)", last[2])
    assert m0 and m1 and m2, last
    # the two ratios time two encoder runs, so with under 10 % repeated texts their order is noise;
    # what must hold is that the distinct figure encodes the distinct texts and that the synthetic
    # corpus keeps its repeats under the 10 % the issue allows
    assert 0 < float(m0.group(1)) < 10 and 0 < float(m1.group(1)) < 10
    m = re.search(r"(\d+) / (\d+) \((\d+) distinct texts, (\d+\.\d) % repeated\)", proc.stdout)
    assert m, "synthetic corpus line missing"
    claims, distinct, repeated = int(m.group(2)), int(m.group(3)), float(m.group(4))
    assert 0 < distinct <= claims and repeated < 10
    assert abs(repeated - 100 * (1 - distinct / claims)) < 0.1
    assert FIDELITY_MIN <= float(m2.group(1)) <= 1.0001
    for needle in ("end-to-end claims/s", "bare encoder claims/s", "peak RSS", "align_event",
                   "cached call", "distinct texts only", "wall time beyond the bare encoder",
                   "in the encoder's thread"):
        assert needle in proc.stdout


def _analyze_peak(corpus: Path, db: Path, **overrides) -> tuple[int, int, int]:
    """(peak traced bytes of re-analyzing what is stored, events, claim groups). Ingestion and
    a first analysis run unmeasured: they fill the process's bounded text caches (normalized
    texts, tone scores), which would otherwise be counted as growth."""
    from stance.embed import HashEmbedder
    from stance.pipeline import AnalyzeReport, analyze_store, ingest_into, load_registry_for
    from stance.store import Store

    settings = load_settings(None, db_path=str(db), embed_backend="hash", **overrides)
    store = Store(db)
    registry = load_registry_for(settings)
    ingest_into(store, [corpus], settings, AnalyzeReport(), registry=registry)
    analyze_store(store, settings, AnalyzeReport(), embedder=HashEmbedder(), registry=registry)
    report = AnalyzeReport()
    tracemalloc.start()
    try:
        analyze_store(store, settings, report, embedder=HashEmbedder(), registry=registry)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    n_events = store.query("SELECT COUNT(*) AS n FROM events")[0]["n"]
    store.close()
    return peak, n_events, report.n_groups


@pytest.mark.slow
def test_analysis_memory_stays_flat_as_the_corpus_grows(tmp_path: Path, seeds_dir: Path) -> None:
    """Events, alignment, talking points and framing stream through the store: analyzing a
    corpus 4x longer (4x the meetings, in time order) must not need 4x the memory."""
    n = 60
    small, large = tmp_path / "small", tmp_path / "large"
    opts = {"copies_per_event": 2, "days_between_events": 60}
    write_corpus(small, seeds_dir, n, seed=1, **opts)
    write_corpus(large, seeds_dir, 4 * n, seed=2, **opts)
    settings = {"chunk_size": 10, "talking_point_days": 90}  # the meetings are 60 days apart
    peak_n, events_n, groups_n = _analyze_peak(small, tmp_path / "n.db", **settings)
    peak_4n, events_4n, groups_4n = _analyze_peak(large, tmp_path / "4n.db", **settings)
    assert events_4n > 3 * events_n and groups_4n > 3 * groups_n
    growth = (peak_4n - peak_n) / 2**20
    assert peak_4n < 1.5 * peak_n, f"peak {peak_4n / 2**20:.1f} MB for 4N vs {peak_n / 2**20:.1f} MB for N"
    # holding every article, claim and vector at once grew by 26 MB here (111 -> 137 MB)
    assert growth < 10, f"peak grew by {growth:.1f} MB from N to 4N articles"
