"""`stance` command line: one Typer app; every command is a thin wrapper over a library function.

    stance ingest PATH... [--db DB]                  ingest without re-aligning
    stance analyze PATH... [--db DB] [--out DIR]     ingest, then analyze everything stored
    stance export --out DIR [--db DB]                CSV files from a database
    stance annotations export --out FILE.csv | import FILE.csv
    stance agreement | evaluate [--db DB]            analysts' agreement; pipeline vs analysts
    stance calibrate [--db DB] [--out FILE.json]     alignment threshold from analysts' labels
    stance calibrate data --claimdiff DIR --gold FILE --seeds DIR [--out FILE.json]

Exit codes, the same for every command (`stance.cli.common`):
    0  done (skipped inputs, duplicates and warnings are reported on stderr, one line each);
    1  the command ran but nothing could be done with the inputs (no input could be ingested);
    2  bad usage or settings, or a library error (`stance.errors.StanceError`: a missing or
       unreadable database, an --out that is a file, too few labels to calibrate, ...),
       printed as one line on stderr;
    130  interrupted (Ctrl-C): what was stored is kept, and running the same command again
       finishes the work (articles stored without their claims get them then).

`analyze --out` and `export` write `manifest.json` beside the CSV files (`stance.manifest`).
`analyze` also leaves the results snapshot the dashboard's next first load reads instead of the
database, in the cache folder (`stance.dashboard.snapshot`; its seconds are on the timings line).
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from stance.cli.annotations import agreement_cmd, annotations_app, evaluate_cmd
from stance.cli.calibrate import calibrate_app
from stance.cli.common import (
    EXIT_NOTHING_DONE,
    ConfigOpt,
    DbOpt,
    echo_err,
    fail,
    open_store,
    run,
    settings_from,
)
from stance.config.settings import ensure_offline
from stance.manifest import MANIFEST_NAME

app = typer.Typer(
    help="Compare how news outlets report the same diplomatic meeting, claim by claim. Offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@contextmanager
def _progress_bar(enabled: bool):
    """A rich progress bar on a terminal; silent when output is piped or in CI."""
    if not enabled:
        yield lambda stage, fraction: None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description:<10}"), BarColumn(), TimeElapsedColumn(),
                  transient=True, console=None) as bar:
        task = bar.add_task("starting", total=1.0)

        def update(stage: str, fraction: float) -> None:
            bar.update(task, description=stage, completed=fraction)

        yield update


def _report(report, out_dir: Path | None) -> None:
    for p in report.problems:
        echo_err(f"skipped {p}")
    for d in report.duplicates:
        echo_err(f"duplicate {d}")
    for w in report.warnings:
        echo_err(f"warning {w}")
    t = " ".join(f"{k}={v:.2f}s" for k, v in sorted(report.timings.items()))
    typer.echo(
        f"inputs read: {report.n_inputs_ok}, new articles: {report.n_articles}, duplicates: "
        f"{report.n_duplicates}, new claims: {report.n_claims}, encoded: {report.encoded}, "
        f"events: {report.n_events}, claim groups: {report.n_groups}"
    )
    if t:
        typer.echo(f"timings: {t}")
    if out_dir is not None:
        typer.echo(f"wrote CSV files and {MANIFEST_NAME} to {out_dir}")


def _nothing_ingested(paths: list[Path]) -> None:
    """Exit 1 with one line naming the inputs given (the reasons are on the lines above)."""
    named = ", ".join(str(p) for p in paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
    fail(f"nothing could be ingested from {named}: fix the inputs named above and run again.",
         EXIT_NOTHING_DONE)


def _write_manifest(command: str, options: dict, store, settings, out: Path, started: str,
                    written: list[Path], inputs: list[Path] | None = None, report=None,
                    backend: str = "") -> None:
    """`manifest.json` beside the CSV files written by this command (`stance.manifest`)."""
    from stance import manifest as mf

    doc = mf.store_manifest(store, settings, command=f"stance {command}", options=options,
                            started_at=started, written=written, inputs=inputs, report=report,
                            backend=backend)
    mf.write_manifest(out, doc)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .html, .json, .jsonl, .csv).")],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Ingest articles (clean text, provenance, syndication, claims) without re-aligning."""
    from stance.pipeline import AnalyzeReport, ingest_into

    settings = settings_from(db, config)
    store = open_store(settings, must_exist=False)
    report = AnalyzeReport()
    with _progress_bar(sys.stderr.isatty()) as progress:
        # the registry comes from settings.registry_path inside ingestion
        run(lambda: ingest_into(store, paths, settings, report, progress))
    _report(report, None)
    if report.n_inputs_ok == 0:
        _nothing_ingested(paths)


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest, then analyze everything stored.")],
    db: DbOpt = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write the CSV files to this folder.")] = None,
    engine: Annotated[str, typer.Option("--engine", help="local, or dask for a Dask cluster.")] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address (default: a LocalCluster on 127.0.0.1).")] = None,
    backend: Annotated[str | None, typer.Option("--backend", help="Encoder: auto, torch, openvino or hash.")] = None,
    config: ConfigOpt = None,
) -> None:
    """Ingest PATHS, then run claims, embeddings, events, alignment and framing; write the CSVs
    and manifest.json to --out."""
    from stance.export import prepare_out_dir, write_outputs
    from stance.manifest import TrackedEmbedder, utc_now

    started = utc_now()
    settings = settings_from(db, config, engine=engine, scheduler=scheduler, embed_backend=backend)
    if settings.engine not in ("local", "dask"):
        fail(f"E011 unknown engine {settings.engine!r}. Use --engine local or --engine dask.")
    if out is not None:  # a bad --out is refused now, not after the whole analysis
        run(lambda: prepare_out_dir(out))
    store = open_store(settings, must_exist=False)
    embedder = TrackedEmbedder(settings)
    t0 = time.perf_counter()
    with _progress_bar(sys.stderr.isatty()) as progress:
        if settings.engine == "dask":
            from stance.engine import analyze_dask

            report = run(lambda: analyze_dask(paths, store, settings, progress=progress))
        else:
            from stance.pipeline import analyze as analyze_local

            report = run(lambda: analyze_local(paths, store, settings, embedder=embedder,
                                               progress=progress))
    if out is not None:
        written = run(lambda: write_outputs(store, out))
        options = {"paths": paths, "db": db, "out": out, "engine": engine, "scheduler": scheduler,
                   "backend": backend, "config": config}
        run(lambda: _write_manifest("analyze", options, store, settings, out, started, written,
                                    paths, report, embedder.backend))
    _keep_for_dashboard(store, settings, report)
    _report(report, out)
    typer.echo(f"total: {time.perf_counter() - t0:.1f}s")
    if report.n_inputs_ok == 0:
        _nothing_ingested(paths)


def _keep_for_dashboard(store, settings, report) -> None:
    """Write the results snapshot the dashboard's next first load reads instead of the
    database (`stance.dashboard.snapshot`); its seconds join the timings line."""
    from stance.dashboard.snapshot import write_snapshot

    t0, c0 = time.perf_counter(), time.process_time()
    if write_snapshot(store, settings.cache_dir) is None:
        report.warnings.append(f"the dashboard's results snapshot could not be written under "
                               f"{settings.cache_dir}: the dashboard loads from the database instead "
                               "(slower first view); make that folder writable or set STANCE_CACHE_DIR")
    report.add_time("dashboard_snapshot", time.perf_counter() - t0, time.process_time() - c0)


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", help="Folder for the CSV files.")],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Write articles, claims, events, aligned claims, framing and discrepancies as CSV, and
    manifest.json beside them."""
    from stance.export import prepare_out_dir, write_outputs
    from stance.manifest import utc_now

    started = utc_now()
    settings = settings_from(db, config)
    store = open_store(settings)
    run(lambda: prepare_out_dir(out))
    paths = run(lambda: write_outputs(store, out))
    run(lambda: _write_manifest("export", {"out": out, "db": db, "config": config}, store,
                                settings, out, started, paths))
    typer.echo(f"wrote {len(paths)} files and {MANIFEST_NAME} to {out}")


app.add_typer(annotations_app, name="annotations")
app.command("agreement")(agreement_cmd)
app.command("evaluate")(evaluate_cmd)
app.add_typer(calibrate_app, name="calibrate")


def main() -> None:
    ensure_offline()
    app()


if __name__ == "__main__":
    main()
