"""Annotation commands, mounted on the main app by `register(app)`:

    stance annotations export --out FILE.csv [--db DB]
    stance annotations import FILE.csv [--db DB]
    stance agreement [--db DB]
    stance evaluate [--db DB]
    stance calibrate [--db DB] [--out FILE.json]

Each command is a thin wrapper over a plain function; library errors become one line on
stderr and a non-zero exit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from stance.config.settings import Settings, load_settings
from stance.errors import StanceError

DbOpt = Annotated[str | None, typer.Option("--db", help="SQLite database file (default: settings db_path).")]
ConfigOpt = Annotated[str | None, typer.Option("--config", help="Settings TOML file.")]


def _run(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except StanceError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc


def _settings(db: str | None, config: str | None) -> Settings:
    return _run(lambda: load_settings(config, db_path=db))


def _store(settings: Settings, must_exist: bool = True):
    from stance.errors import StoreError
    from stance.store import Store

    def open_() -> Store:
        if must_exist and settings.db_path != ":memory:" and not Path(settings.db_path).exists():
            raise StoreError("no such database", source=settings.db_path,
                             hint="Run `stance analyze PATH --db ...` first or pass --db.")
        return Store(settings.db_path)

    return _run(open_)


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return "-" if math.isnan(v) else f"{v:.3f}"
    return str(v)


def print_table(df: pd.DataFrame, title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for c in df.columns:
        table.add_column(str(c))
    for row in df.itertuples(index=False):
        table.add_row(*[_cell(v) for v in row])
    Console(width=max(100, 20 * len(df.columns))).print(table)


def export_cmd(out: Annotated[Path, typer.Option("--out", help="CSV file to write.")],
               db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Write every annotation to a CSV file (the columns `annotations import` reads)."""
    from stance.annotate.transfer import export_csv

    store = _store(_settings(db, config))
    n = _run(lambda: export_csv(store, out))
    typer.echo(f"wrote {n} annotations to {out}")


def import_cmd(file: Annotated[Path, typer.Argument(help="CSV written by `annotations export`.")],
               db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Import annotations from a CSV file: all rows or none."""
    from stance.annotate.transfer import import_csv

    store = _store(_settings(db, config))
    rep = _run(lambda: import_csv(store, file))
    typer.echo(f"imported {rep.inserted} annotations ({rep.already_present} already present, "
               f"{rep.sessions_created} sessions created)")


def agreement_cmd(db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Inter-annotator agreement per label kind, and the items still to adjudicate."""
    from stance.annotate.agreement import agreement_table, disagreements, item_labels

    store = _store(_settings(db, config))
    labels = _run(lambda: item_labels(store))
    table = agreement_table(labels)
    if table.empty:
        typer.echo("no annotations yet")
        return
    for kind, sub in table.groupby("item_type", sort=True):
        print_table(sub.drop(columns=["item_type"]), f"agreement: {kind}")
    open_items = disagreements(labels)
    if not open_items.empty:
        print_table(open_items, f"to adjudicate ({len(open_items)})")


def evaluate_cmd(db: DbOpt = None, config: ConfigOpt = None,
                 min_annotators: Annotated[int, typer.Option(
                     help="Annotators that must agree when no adjudication exists.")] = 1) -> None:
    """Pipeline precision/recall/accuracy against adjudicated or agreed labels."""
    from stance.annotate.feedback import evaluate

    settings = _settings(db, config)
    store = _store(settings)
    table = _run(lambda: evaluate(store, settings, min_annotators))
    if table.empty:
        typer.echo("no resolved annotations yet: annotate, or adjudicate disagreements")
        return
    print_table(table, "pipeline vs analysts")


def calibrate_cmd(db: DbOpt = None, config: ConfigOpt = None,
                  out: Annotated[Path | None, typer.Option(
                      "--out", help="Thresholds JSON to write.")] = None,
                  min_annotators: Annotated[int, typer.Option(
                      help="Annotators that must agree when no adjudication exists.")] = 1) -> None:
    """Re-fit the alignment threshold from membership labels and write it to models/."""
    from stance.annotate.feedback import calibrate

    settings = _settings(db, config)
    store = _store(settings)
    res = _run(lambda: calibrate(store, settings, out, min_annotators))
    typer.echo(f"alignment threshold {res['previous_threshold']:.4f} -> {res['threshold']:.4f} "
               f"from {res['n_labels']} labels ({res['n_yes']} yes, {res['n_no']} no; "
               f"annotators: {', '.join(res['annotators'])}); accuracy on the labels "
               f"{res['accuracy_on_labels_before']:.3f} -> {res['accuracy_on_labels_after']:.3f}")
    from stance.annotate.queue import alignment_threshold

    if abs(alignment_threshold(settings) - res["threshold"]) < 1e-9:
        typer.echo(f"wrote {res['path']}; alignment uses it from the next `stance analyze`")
    else:
        typer.echo(f"wrote {res['path']}; to use it, set STANCE_THRESHOLDS_PATH={res['path']} "
                   "(or thresholds_path in stance.toml) and re-run `stance analyze`")


def register(app: typer.Typer) -> None:
    """Mount the annotation commands on the main `stance` app."""
    annotations = typer.Typer(help="Move analysts' annotations between installs (CSV).",
                              no_args_is_help=True)
    annotations.command("export")(export_cmd)
    annotations.command("import")(import_cmd)
    app.add_typer(annotations, name="annotations")
    app.command("agreement")(agreement_cmd)
    app.command("evaluate")(evaluate_cmd)
    app.command("calibrate")(calibrate_cmd)
