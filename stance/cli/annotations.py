"""Annotation commands: `annotations export|import` (a sub-app), `agreement` and `evaluate`.

Each is a thin wrapper over a function of `stance.annotate`; `stance.cli.main` mounts them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stance.cli.common import (
    ConfigOpt,
    DbOpt,
    MinAnnotatorsOpt,
    open_store,
    print_table,
    run,
    settings_from,
)

annotations_app = typer.Typer(help="Move analysts' annotations and corrections of events "
                              "between installs (CSV).",
                              no_args_is_help=True)


@annotations_app.command("export")
def export_cmd(out: Annotated[Path, typer.Option("--out", help="CSV file to write.")],
               corrections: Annotated[Path | None, typer.Option(
                   "--corrections", help="Also write the analysts' corrections of the events "
                   "(merges, splits, moves, renames) to this CSV file.")] = None,
               db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Write every annotation to a CSV file (the columns `annotations import` reads)."""
    from stance.annotate.transfer import export_corrections_csv, export_csv

    store = open_store(settings_from(db, config))
    n = run(lambda: export_csv(store, out))
    typer.echo(f"wrote {n} annotations to {out}")
    if corrections is not None:
        k = run(lambda: export_corrections_csv(store, corrections))
        typer.echo(f"wrote {k} corrections of events to {corrections}")


@annotations_app.command("import")
def import_cmd(file: Annotated[Path, typer.Argument(
                   help="CSV written by `annotations export` (its --out or its --corrections file).")],
               db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Import annotations, or corrections of events, from a CSV file: all rows or none."""
    from stance.annotate.transfer import import_corrections_csv, import_csv, is_corrections_file

    store = open_store(settings_from(db, config))
    if run(lambda: is_corrections_file(file)):
        rep = run(lambda: import_corrections_csv(store, file))
        typer.echo(f"imported {rep.inserted} corrections of events ({rep.already_present} already "
                   "present); they apply from the next analysis")
        return
    rep = run(lambda: import_csv(store, file))
    typer.echo(f"imported {rep.inserted} annotations ({rep.already_present} already present, "
               f"{rep.sessions_created} sessions created)")


def agreement_cmd(db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Inter-annotator agreement per label kind, and the items still to adjudicate."""
    from stance.annotate.agreement import agreement_table, disagreements, item_labels

    store = open_store(settings_from(db, config))
    labels = run(lambda: item_labels(store))
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
                 min_annotators: MinAnnotatorsOpt = 1) -> None:
    """Pipeline precision/recall/accuracy against adjudicated or agreed labels."""
    from stance.annotate.feedback import evaluate

    settings = settings_from(db, config)
    store = open_store(settings)
    table = run(lambda: evaluate(store, settings, min_annotators))
    if table.empty:
        typer.echo("no resolved annotations yet: annotate, or adjudicate disagreements")
        return
    print_table(table, "pipeline vs analysts")
