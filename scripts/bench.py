"""`make bench`: speed measured on real text first, then the synthetic corpus for scale.

Real text (read in place, evaluation only; skipped with one line when absent): the BASIL dev
articles (`<shared>/data/basil`, records {url, title, date, text}) and the dev pages
(`<shared>/dev/articles`, records {url, text} with the header dropped, as the dev scorer feeds
them), run through `stance.pipeline.analyze` as `stance analyze` runs them (fresh store, models
loaded inside the run). Printed: end-to-end claims/s, each stage's seconds and share (encoding
runs in its own thread beside the stages: "embed" is only the time the run waited for it, its
own seconds are printed beside, and a stage's CPU seconds include the encoder's meanwhile), the
bare encoder (same backend, freshly loaded, warmed up) on the distinct claim texts of that run,
and peak RSS. `<shared>` is the `shared` folder beside the checkout unless --shared names another.

Synthetic, for scale only (`scripts/synthetic.py`, seed copies with under 10 % repeated claim
texts; the share is printed): the streaming pipeline end to end, alignment plus talking-point
linking of 100k claims through the product's streaming path, and on a 50k-claim database what a
dashboard user waits for (`scripts/bench_dashboard.py`, app.py under streamlit's AppTest in a
fresh process, wall and CPU seconds): the first page of a new analysis (results read from the
snapshot the analysis wrote as it finished, event view drawn; the writing timed too) on a
server started as `make run` starts it (app.py's imports done before it listens) and on a bare
`streamlit run app.py` (the first visitor imports them), the same after a server restart, the
first page with no snapshot (bare start, results loaded from SQLite), and a cached event filter
change.

The last lines are for scripts:
  real_encoder_ratio: X   bare encoding of the real run's distinct claim texts / its wall time
  then the synthetic figures (align_100k_s, dashboard_first_load_s (restart, wall),
  dashboard_first_load_cpu_s, dashboard_first_load_new_analysis_s (and _cpu_s, _plain_s),
  dashboard_first_load_no_snapshot_s, dashboard_snapshot_write_s, dashboard_filter_ms,
  encoder_ratio_distinct, encoder_ratio) and fidelity (OpenVINO vs torch cosine) last.

Usage: python scripts/bench.py [--quick] [--backend auto|openvino|torch|hash] [--profile]
                               [--shared DIR] [--articles N] [--align-claims N] [--dashboard-claims N]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

from bench_dash_runs import bench_dashboard
from bench_data import link_as_pipeline, seed_sentences, synthetic_events
from bench_out import line as _line
from synthetic import write_corpus

from stance.config.settings import ensure_offline, load_settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


# -- real text ----------------------------------------------------------------------------------


def shared_folder(arg: str | None) -> Path:
    """The folder holding data/basil and dev/articles (evaluation data, never shipped)."""
    return Path(arg or os.environ.get("STANCE_SHARED") or ROOT.parent / "shared")


def basil_records(shared: Path) -> list[dict]:
    """BASIL dev articles as input records, or [] (with a line saying so) when absent."""
    from stance.errors import StanceError
    from stance.eval.basil_data import load_basil

    folder = shared / "data" / "basil"
    if not (folder / "articles").is_dir():
        print(f"real text: no BASIL articles in {folder}; skipped (--shared names the folder)")
        return []
    try:
        arts = load_basil(folder)
    except StanceError as exc:
        print(f"real text: BASIL skipped: {exc}")
        return []
    return [{"url": a.url, "title": a.title, "date": a.date, "text": a.body_text} for a in arts]


def dev_page_records(shared: Path) -> list[dict]:
    """Dev pages as the dev scorer feeds them ({url, text}, header dropped), or []."""
    folder = shared / "dev" / "articles"
    pages = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not pages:
        print(f"real text: no dev pages in {folder}; skipped (--shared names the folder)")
        return []
    out = []
    for path in pages:
        head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        out.append({"url": meta.get("url", ""), "text": body})
    return out


def bench_real(folder: Path, shared: Path, backend: str, profile: bool) -> dict | None:
    """analyze() on the real corpora from a fresh store, the encoder and spaCy loaded inside the
    run as `stance analyze` loads them; None when no corpus is present."""
    from stance.pipeline import analyze
    from stance.store import Store

    corpora = {"basil": basil_records(shared), "dev_pages": dev_page_records(shared)}
    inputs = []
    for name, records in corpora.items():
        if records:
            path = folder / "real-input" / f"{name}.jsonl"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
            inputs.append(path)
    if not inputs:
        return None
    settings = load_settings(None, db_path=str(folder / "real.db"), embed_backend=backend)
    store = Store(settings.db_path)
    prof = cProfile.Profile() if profile else None
    t0, c0 = time.perf_counter(), time.process_time()
    if prof:
        prof.enable()
    report = analyze(inputs, store, settings)
    if prof:
        prof.disable()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    snapshot = _snapshot_cost(store, folder / "real-cache")
    texts = [r["claim_text"] for r in store.query("SELECT claim_text FROM claims ORDER BY rowid")]
    store.close()
    return {"report": report, "wall": wall, "cpu": cpu, "texts": texts, "settings": settings, "profile": prof,
            "sizes": {k: len(v) for k, v in corpora.items() if v}, "snapshot": snapshot}


def _snapshot_cost(store, cache: Path) -> tuple[float, float]:
    """Wall and CPU seconds of writing the dashboard's results snapshot, as `stance analyze`
    does when the analysis is done (not part of the analysis' own timings)."""
    from stance.dashboard.snapshot import write_snapshot

    t0, c0 = time.perf_counter(), time.process_time()
    write_snapshot(store, cache)
    return time.perf_counter() - t0, time.process_time() - c0


def print_real(run: dict) -> float:
    """Print the real run's figures; returns real_encoder_ratio."""
    rep, wall, texts = run["report"], run["wall"], run["texts"]
    distinct = list(dict.fromkeys(texts))
    sizes = ", ".join(f"{k} {v}" for k, v in run["sizes"].items())
    print(f"\nreal text end to end ({sizes} records; backend {run['settings'].embed_backend}; "
          "models loaded inside the run, as `stance analyze` does)")
    _line("articles stored / claims", f"{rep.n_articles} / {len(texts)} ({len(distinct)} distinct texts, "
          f"{100 * (1 - len(distinct) / max(len(texts), 1)):.1f} % repeated)")
    _line("events / claim groups", f"{rep.n_events} / {rep.n_groups}")
    _line("wall time", f"{wall:.1f}s")
    _line("end-to-end claims/s", f"{len(texts) / max(wall, 1e-9):.1f}")
    _print_stages(rep.timings, wall, rep.cpu_timings, run["cpu"])
    bg = getattr(rep, "background", {})
    if bg:  # the encoder's thread: its seconds overlap the stages above, whose CPU includes its own
        _line("  beside them, in the encoder's thread", ", ".join(f"{k} {v:.2f}s" for k, v in bg.items()))
    c0 = time.process_time()
    enc_cps, enc_s, name, enc_cpu = bench_encoder(run["settings"], distinct, with_cpu=True)
    load_cpu = time.process_time() - c0 - enc_cpu
    _line(f"bare encoder ({name}) on the distinct texts", f"{enc_s:.1f}s ({enc_cps:.0f} texts/s)")
    # CPU seconds of this process: less sensitive than wall time to other jobs on a shared machine
    _line("CPU seconds: run / bare encoder", f"{run['cpu']:.1f} / {enc_cpu:.1f} (+{load_cpu:.1f} load and "
          f"warm-up; real_encoder_ratio in CPU seconds {enc_cpu / max(run['cpu'], 1e-9):.3f})")
    # encoding overlaps the other stages: what they add to the wall time is the wall time beyond
    # what encoding alone takes
    _line("wall time beyond the bare encoder / bare encoder", f"{(wall - enc_s) / max(enc_s, 1e-9):.2f} "
          "(target <= 0.67)")
    _line("then the dashboard's results snapshot", "{:.2f}s / {:.2f}s CPU".format(*run["snapshot"]))
    _line("peak RSS of this process", f"{_peak_rss_mb():.0f} MB")
    if run["profile"] is not None:
        _print_profile(run["profile"])
    return enc_s / max(wall, 1e-9)


def _print_stages(timings: dict[str, float], wall: float, cpu: dict[str, float] | None = None,
                  cpu_total: float = 0.0) -> None:
    """Each stage's wall seconds and share of the wall time; with `cpu`, its CPU seconds (every
    thread of the process) and share of the run's CPU seconds too."""
    total = sum(timings.values())
    print(f"  stages (share of the wall time; untimed glue {max(0.0, wall - total):.1f}s"
          + ("; then CPU seconds and share of the run's CPU seconds" if cpu else "") + "):")
    for stage, secs in sorted(timings.items(), key=lambda kv: -kv[1]):
        cpu_part = (f"   cpu {cpu.get(stage, 0.0):7.2f}s  {100 * cpu.get(stage, 0.0) / max(cpu_total, 1e-9):5.1f}%"
                    if cpu else "")
        _line(f"  {stage}", f"{secs:7.2f}s  {100 * secs / max(wall, 1e-9):5.1f}%{cpu_part}")


def bench_encoder(settings, texts: list[str], with_cpu: bool = False):
    """(texts/s, seconds, backend name) of a freshly loaded embedder (no cache) on `texts`;
    `with_cpu` adds the CPU seconds of the encoding (load and warm-up excluded)."""
    from stance.embed import get_embedder

    emb = get_embedder(settings)
    emb.encode(texts[:8])  # warm-up: first inference compiles kernels
    t0, c0 = time.perf_counter(), time.process_time()
    emb.encode(texts)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    out = (len(texts) / max(secs, 1e-9), secs, emb.name)
    return (*out, cpu) if with_cpu else out


# -- synthetic, for scale -----------------------------------------------------------------------


def bench_synthetic(folder: Path, n_articles: int, backend: str) -> dict:
    """The streaming pipeline end to end on a fresh synthetic corpus and store."""
    from stance.embed import get_embedder
    from stance.pipeline import analyze
    from stance.store import Store

    corpus = folder / "corpus"
    write_corpus(corpus, SEEDS, n_articles, jsonl_every=5)
    settings = load_settings(None, db_path=str(folder / "bench.db"), embed_backend=backend)
    embedder = get_embedder(settings)
    store = Store(settings.db_path)
    t0 = time.perf_counter()
    report = analyze([corpus], store, settings, embedder=embedder)
    wall = time.perf_counter() - t0
    texts = [r["claim_text"] for r in store.query("SELECT claim_text FROM claims ORDER BY rowid")]
    store.close()
    distinct = list(dict.fromkeys(texts))
    print(f"\nsynthetic end to end ({n_articles} seed copies, {embedder.name}, model load not counted)")
    _line("articles stored / claims", f"{report.n_articles} / {len(texts)} ({len(distinct)} distinct texts, "
          f"{100 * (1 - len(distinct) / max(len(texts), 1)):.1f} % repeated)")
    _line("wall time / claims/s", f"{wall:.1f}s / {len(texts) / max(wall, 1e-9):.1f}")
    _print_stages(report.timings, wall)
    enc_cps, enc_s, _ = bench_encoder(settings, texts)
    _, dist_s, _ = bench_encoder(settings, distinct)
    ratio = len(texts) / max(wall, 1e-9) / max(enc_cps, 1e-9)
    _line("bare encoder claims/s (all texts, no cache)", f"{enc_cps:.1f} ({enc_s:.1f}s)")
    _line("bare encoder on the distinct texts only", f"{dist_s:.1f}s ({len(distinct)} texts)")
    return {"ratio": ratio, "strict": dist_s / max(wall, 1e-9), "texts": distinct}


def bench_alignment(n_claims: int) -> float:
    """Seconds to align `n_claims` synthetic claims event by event and link their talking points
    as the pipeline does (`TalkingPointIndex.link`, batch by batch in date order)."""
    from stance.align.groups import align_event
    from stance.config.thresholds import load_thresholds

    settings = load_settings(None)
    thresholds = load_thresholds(settings)
    events = list(synthetic_events(SEEDS, n_claims))
    t0 = time.perf_counter()
    per_event, vec_of, text_of = [], {}, {}
    for event, claims, vecs, articles in events:
        per_event.append((event, align_event(event, claims, vecs, articles, thresholds)))
        vec_of.update({c.claim_id: vecs[i] for i, c in enumerate(claims)})
        text_of.update({c.claim_id: c.claim_text for c in claims})
    t_align = time.perf_counter() - t0
    t0 = time.perf_counter()
    linked = link_as_pipeline(per_event, vec_of, text_of, thresholds, settings)
    t_tp = time.perf_counter() - t0
    print(f"\nalignment of {n_claims} synthetic claims through the streaming path ({len(linked)} groups, "
          f"{len({g.talking_point_id for g in linked})} talking points)")
    _line("align_event, event by event", f"{t_align:.1f}s")
    _line("talking points (TalkingPointIndex.link)", f"{t_tp:.1f}s")
    _line("total (target < 60 s for 100k)", f"{t_align + t_tp:.1f}s")
    return t_align + t_tp


def bench_fidelity(n: int, corpus_texts: list[str]) -> float:
    """Mean cosine of OpenVINO to torch on n distinct sentences (claims first, then seeds)."""
    from stance.embed import OpenVINOEmbedder, TorchEmbedder, fidelity

    texts = list(dict.fromkeys(corpus_texts + seed_sentences(SEEDS)))[:n]
    return fidelity(OpenVINOEmbedder(load_settings(None)), TorchEmbedder(), texts)


def _print_profile(prof: cProfile.Profile, top: int = 30) -> None:
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(order).print_stats(top)
        print(f"\nprofile of the real run, by {order}")
        print("\n".join(out.getvalue().splitlines()[:top + 12]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small synthetic sizes: a smoke test of every figure")
    ap.add_argument("--backend", default="auto", help="encoder backend (default auto = fastest passing fidelity)")
    ap.add_argument("--profile", action="store_true", help="profile the real-text run with cProfile")
    ap.add_argument("--shared", default=None, help="folder with data/basil and dev/articles (default ../shared)")
    ap.add_argument("--articles", type=int, default=None, help="synthetic articles (default 300; quick 30)")
    ap.add_argument("--align-claims", type=int, default=None, help="claims for the alignment timing (100000)")
    ap.add_argument("--dashboard-claims", type=int, default=None, help="claims in the dashboard DB (50000)")
    args = ap.parse_args(argv)
    ensure_offline()
    n_articles = args.articles or (30 if args.quick else 300)
    n_align = args.align_claims or (5000 if args.quick else 100_000)
    n_dash = args.dashboard_claims or (3000 if args.quick else 50_000)
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="stance-bench-") as tmp:
        folder = Path(tmp)
        real = bench_real(folder, shared_folder(args.shared), args.backend, args.profile)
        real_ratio = print_real(real) if real else float("nan")
        syn = bench_synthetic(folder, n_articles, args.backend)
        align_s = bench_alignment(n_align)
        dash = bench_dashboard(folder, n_dash)
        n_fid = 100 if args.quick else 500
        fid = bench_fidelity(n_fid, (real["texts"] if real else []) + syn["texts"])
        print(f"\nfidelity of OpenVINO to torch on {n_fid} sentences: {fid:.5f} (needs >= 0.999)")
        print(f"peak RSS of this process: {_peak_rss_mb():.0f} MB; bench total {time.perf_counter() - t_start:.0f}s")
    print(f"real_encoder_ratio: {real_ratio:.3f}")
    print(f"align_{n_align // 1000}k_s: {align_s:.1f}")
    print(f"dashboard_first_load_s: {dash['first_load_s']:.2f}")
    print(f"dashboard_first_load_cpu_s: {dash['first_load_cpu_s']:.2f}")
    print(f"dashboard_first_load_new_analysis_s: {dash['new_analysis_s']:.2f}")
    print(f"dashboard_first_load_new_analysis_cpu_s: {dash['new_analysis_cpu_s']:.2f}")
    print(f"dashboard_first_load_new_analysis_plain_s: {dash['new_analysis_plain_s']:.2f}")
    print(f"dashboard_first_load_no_snapshot_s: {dash['no_snapshot_s']:.2f}")
    print(f"dashboard_snapshot_write_s: {dash['snapshot_write_s']:.2f}")
    print(f"dashboard_filter_ms: {dash['filter_ms']:.0f}")
    print(f"encoder_ratio_distinct: {syn['strict']:.3f}")
    print(f"encoder_ratio: {syn['ratio']:.3f}")
    print(f"fidelity: {fid:.5f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
