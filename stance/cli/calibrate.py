"""`stance calibrate`: re-fit thresholds and write them where `stance.config.thresholds` reads
them. Without a sub-command, from analysts' labels (`stance.calibrate.labels`); `calibrate data`
re-fits the shipped values from ClaimDiff and the seeds gold (`stance.calibrate.align`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stance.cli.common import ConfigOpt, DbOpt, MinAnnotatorsOpt, open_store, run, settings_from

calibrate_app = typer.Typer(
    help="Re-fit the alignment threshold. Alone: from analysts' membership labels, written to "
         "<models_dir>/thresholds.annotations.json. `calibrate data`: the shipped values from "
         "ClaimDiff and the seeds gold.",
    short_help="Re-fit the alignment threshold from labels (`calibrate data`: from data).",
    invoke_without_command=True, no_args_is_help=False)


@calibrate_app.callback()
def from_labels(ctx: typer.Context, db: DbOpt = None, config: ConfigOpt = None,
                out: Annotated[Path | None, typer.Option(
                    "--out", help="Thresholds JSON to write (default: "
                                  "<models_dir>/thresholds.annotations.json).")] = None,
                min_annotators: MinAnnotatorsOpt = 1) -> None:
    """Re-fit the alignment threshold from membership labels and write it to models/."""
    if ctx.invoked_subcommand is not None:
        return
    from stance.calibrate.labels import calibrate

    settings = settings_from(db, config)
    store = open_store(settings)
    res = run(lambda: calibrate(store, settings, out, min_annotators))
    typer.echo(f"alignment threshold {res['previous_threshold']:.4f} -> {res['threshold']:.4f} "
               f"from {res['n_labels']} labels ({res['n_yes']} yes, {res['n_no']} no; "
               f"annotators: {', '.join(res['annotators'])}); accuracy on the labels "
               f"{res['accuracy_on_labels_before']:.3f} -> {res['accuracy_on_labels_after']:.3f}")
    if res["in_effect"]:
        typer.echo(f"wrote {res['path']}; alignment uses it from the next `stance analyze`")
    else:
        typer.echo(f"wrote {res['path']}; to use it, set STANCE_THRESHOLDS_PATH={res['path']} "
                   "(or thresholds_path in stance.toml) and re-run `stance analyze`")


@calibrate_app.command("data")
def from_data(
    claimdiff: Annotated[Path, typer.Option(
        "--claimdiff", help="ClaimDiff folder (holding ClaimDiff-S and ClaimDiff-W).")],
    gold: Annotated[Path, typer.Option("--gold", help="Seeds gold JSON.")],
    seeds: Annotated[Path, typer.Option("--seeds", help="Folder of seed pages.")],
    out: Annotated[Path | None, typer.Option(
        "--out", help="Thresholds JSON to write (default: the shipped package data).")] = None,
    backend: Annotated[str | None, typer.Option(
        "--backend", help="Encoder: auto, torch, openvino or hash.")] = None,
    config: ConfigOpt = None,
) -> None:
    """Fit the shipped align, talking_point and polarity_margin on ClaimDiff and the seeds gold.

    Written over --out (default: the package data), keeping its other values and notes.
    """
    import json

    from stance.calibrate.align import calibrate

    settings = settings_from(None, config, embed_backend=backend)
    res = run(lambda: calibrate(claimdiff, gold, seeds, settings, out))
    typer.echo(json.dumps(res, indent=2))
