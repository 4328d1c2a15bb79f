"""`stance` command line: thin wrappers over plain functions; errors become one-line messages."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from stance.config.settings import Settings, ensure_offline, load_settings
from stance.errors import StanceError

app = typer.Typer(
    help="Compare how news outlets report the same diplomatic meeting, claim by claim. Offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOpt = Annotated[str | None, typer.Option("--db", help="SQLite database file (default: settings db_path, stance.db).")]
ConfigOpt = Annotated[str | None, typer.Option("--config", help="Settings TOML file.")]


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


def _settings(db: str | None, config: str | None, **overrides) -> Settings:
    try:
        return load_settings(config, db_path=db, **overrides)
    except StanceError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc


def _store(settings: Settings):
    from stance.store import Store

    try:
        return Store(settings.db_path)
    except StanceError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc


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
        _err(f"skipped {p}")
    for w in report.warnings:
        _err(f"warning {w}")
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
    from stance.pipeline import AnalyzeReport, _registry, ingest_into

    settings = _settings(db, config)
    store = _store(settings)
    report = AnalyzeReport()
    try:
        with _progress_bar(sys.stderr.isatty()) as progress:
            ingest_into(store, paths, settings, report, progress, _registry(settings))
    except StanceError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    _report(report, None)
    if report.n_inputs_ok == 0:
        _err("nothing could be ingested: fix the inputs named above and run again.")
        raise typer.Exit(1)


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

    settings = _settings(db, config, engine=engine, scheduler=scheduler, embed_backend=backend)
    store = _store(settings)
    t0 = time.perf_counter()
    try:
        with _progress_bar(sys.stderr.isatty()) as progress:
            if settings.engine == "dask":
                from stance.engine import analyze_dask

                report = analyze_dask(paths, store, settings, progress=progress)
            elif settings.engine == "local":
                from stance.pipeline import analyze as run

                report = run(paths, store, settings, progress=progress)
            else:
                _err(f"E011 unknown engine {settings.engine!r}. Use --engine local or --engine dask.")
                raise typer.Exit(2)
        if out is not None:
            write_outputs(store, out)
    except StanceError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    _report(report, out)
    typer.echo(f"total: {time.perf_counter() - t0:.1f}s")
    if report.n_inputs_ok == 0:
        _err("nothing could be ingested: fix the inputs named above and run again.")
        raise typer.Exit(1)


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", help="Folder for the CSV files.")],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Write articles, claims, events, aligned claims, framing and discrepancies as CSV."""
    from stance.export import write_outputs

    settings = _settings(db, config)
    if not Path(settings.db_path).exists():
        _err(f"E501 {settings.db_path}: no such database. Run `stance analyze PATH --db {settings.db_path}` first.")
        raise typer.Exit(2)
    store = _store(settings)
    paths = write_outputs(store, out)
    typer.echo(f"wrote {len(paths)} files to {out}")


def _register_subcommands() -> None:
    from stance.cli.annotations import register

    register(app)


def main() -> None:
    ensure_offline()
    _register_subcommands()
    app()


if __name__ == "__main__":
    main()
