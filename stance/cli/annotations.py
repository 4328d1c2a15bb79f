"""Annotation commands: `annotations export|import` (a sub-app), `agreement`, `evaluate` and
`calibrate`.

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

annotations_app = typer.Typer(help="Move analysts' annotations between installs (CSV).",
                              no_args_is_help=True)


@annotations_app.command("export")
def export_cmd(out: Annotated[Path, typer.Option("--out", help="CSV file to write.")],
               db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Write every annotation to a CSV file (the columns `annotations import` reads)."""
    from stance.annotate.transfer import export_csv

    store = open_store(settings_from(db, config))
    n = run(lambda: export_csv(store, out))
    typer.echo(f"wrote {n} annotations to {out}")


@annotations_app.command("import")
def import_cmd(file: Annotated[Path, typer.Argument(help="CSV written by `annotations export`.")],
               db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Import annotations from a CSV file: all rows or none."""
    from stance.annotate.transfer import import_csv

    store = open_store(settings_from(db, config))
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


def calibrate_cmd(db: DbOpt = None, config: ConfigOpt = None,
                  out: Annotated[Path | None, typer.Option(
                      "--out", help="Thresholds JSON to write.")] = None,
                  min_annotators: MinAnnotatorsOpt = 1) -> None:
    """Re-fit the alignment threshold from membership labels and write it to models/."""
    from stance.annotate.feedback import calibrate
    from stance.annotate.queue import alignment_threshold

    settings = settings_from(db, config)
    store = open_store(settings)
    res = run(lambda: calibrate(store, settings, out, min_annotators))
    typer.echo(f"alignment threshold {res['previous_threshold']:.4f} -> {res['threshold']:.4f} "
               f"from {res['n_labels']} labels ({res['n_yes']} yes, {res['n_no']} no; "
               f"annotators: {', '.join(res['annotators'])}); accuracy on the labels "
               f"{res['accuracy_on_labels_before']:.3f} -> {res['accuracy_on_labels_after']:.3f}")
    if abs(alignment_threshold(settings) - res["threshold"]) < 1e-9:
        typer.echo(f"wrote {res['path']}; alignment uses it from the next `stance analyze`")
    else:
        typer.echo(f"wrote {res['path']}; to use it, set STANCE_THRESHOLDS_PATH={res['path']} "
                   "(or thresholds_path in stance.toml) and re-run `stance analyze`")
