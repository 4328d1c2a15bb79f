"""`stance` command line: one Typer app; every command is a thin wrapper over a library function.

    stance ingest PATH... [--db DB]                  ingest without re-aligning
    stance analyze PATH... [--db DB] [--out DIR]     ingest, then analyze everything stored
    stance export --out DIR [--db DB]                CSV files from a database
    stance annotations export --out FILE.csv | import FILE.csv
    stance agreement | evaluate [--db DB]            analysts' agreement; pipeline vs analysts
    stance calibrate [--db DB] [--out FILE.json]     alignment threshold from analysts' labels
    stance calibrate data --claimdiff DIR --gold FILE --seeds DIR [--out FILE.json]

Exit codes, the same for every command (`stance.cli.common`):
    0  done (skipped inputs are reported on stderr);
    1  the command ran but nothing could be done with the inputs (no input could be ingested);
    2  bad usage or settings, or a library error (`stance.errors.StanceError`: a missing or
       unreadable database, too few labels to calibrate, ...), printed as one line on stderr.
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
        typer.echo(f"wrote CSV files to {out_dir}")


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
        fail("nothing could be ingested: fix the inputs named above and run again.",
             EXIT_NOTHING_DONE)


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
    """Ingest PATHS, then run claims, embeddings, events, alignment and framing; write CSVs."""
    from stance.export import write_outputs

    settings = settings_from(db, config, engine=engine, scheduler=scheduler, embed_backend=backend)
    if settings.engine == "dask":
        from stance.engine import analyze_dask as analyze_paths
    elif settings.engine == "local":
        from stance.pipeline import analyze as analyze_paths
    else:
        fail(f"E011 unknown engine {settings.engine!r}. Use --engine local or --engine dask.")
    store = open_store(settings, must_exist=False)
    t0 = time.perf_counter()
    with _progress_bar(sys.stderr.isatty()) as progress:
        report = run(lambda: analyze_paths(paths, store, settings, progress=progress))
    if out is not None:
        run(lambda: write_outputs(store, out))
    _report(report, out)
    typer.echo(f"total: {time.perf_counter() - t0:.1f}s")
    if report.n_inputs_ok == 0:
        fail("nothing could be ingested: fix the inputs named above and run again.",
             EXIT_NOTHING_DONE)


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", help="Folder for the CSV files.")],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Write articles, claims, events, aligned claims, framing and discrepancies as CSV."""
    from stance.export import write_outputs

    store = open_store(settings_from(db, config))
    paths = run(lambda: write_outputs(store, out))
    typer.echo(f"wrote {len(paths)} files to {out}")


app.add_typer(annotations_app, name="annotations")
app.command("agreement")(agreement_cmd)
app.command("evaluate")(evaluate_cmd)
app.add_typer(calibrate_app, name="calibrate")


def main() -> None:
    ensure_offline()
    app()


if __name__ == "__main__":
    main()
