"""What every `stance` command shares: the --db/--config options, settings and store opening,
the exit codes, and turning library errors into one line on stderr."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from stance.config.settings import Settings, load_settings
from stance.errors import StanceError, StoreError

# Exit codes (the convention is written in `stance.cli.main` and README's "Command line").
EXIT_OK = 0
EXIT_NOTHING_DONE = 1  # the command ran, but nothing could be done with the inputs given
EXIT_ERROR = 2  # bad usage, bad settings, or a library error (`stance.errors.StanceError`)
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT): what is stored stays; the same command finishes it

T = TypeVar("T")

DbOpt = Annotated[str | None, typer.Option(
    "--db", help="SQLite database file (default: settings db_path, stance.db).")]
ConfigOpt = Annotated[str | None, typer.Option("--config", help="Settings TOML file.")]
MinAnnotatorsOpt = Annotated[int, typer.Option(
    "--min-annotators", help="Annotators that must agree when no adjudication exists.")]


def echo_err(msg: str) -> None:
    typer.echo(msg, err=True)


def fail(msg: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print one line on stderr and leave with `code`."""
    echo_err(msg)
    raise typer.Exit(code)


def run(fn: Callable[[], T]) -> T:
    """Call a library function; a `StanceError` becomes its one-line message and exit 2."""
    try:
        return fn()
    except StanceError as exc:
        echo_err(str(exc))
        raise typer.Exit(EXIT_ERROR) from exc
    except KeyboardInterrupt as exc:  # every write is a transaction: nothing half-stored
        echo_err("interrupted: what was stored is kept; run the same command again to finish "
                 "(articles stored without their claims get them then)")
        raise typer.Exit(EXIT_INTERRUPTED) from exc


def settings_from(db: str | None, config: str | None, **overrides: Any) -> Settings:
    """Settings from --config, the environment and the command's options."""
    return run(lambda: load_settings(config, db_path=db, **overrides))


def open_store(settings: Settings, must_exist: bool = True):
    """The store at `settings.db_path`; with `must_exist`, a missing file is an error rather
    than a new empty database."""
    from stance.store import Store

    def open_() -> Store:
        if must_exist and settings.db_path != ":memory:" and not Path(settings.db_path).exists():
            raise StoreError("no such database", source=settings.db_path,
                             hint=f"Run `stance analyze PATH --db {settings.db_path}` first "
                                  "or pass --db.")
        return Store(settings.db_path)

    return run(open_)


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return "-" if math.isnan(v) else f"{v:.3f}"
    return str(v)


def print_table(df, title: str) -> None:
    """A DataFrame as a rich table on stdout (NaN shown as "-")."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for c in df.columns:
        table.add_column(str(c))
    for row in df.itertuples(index=False):
        table.add_row(*[_cell(v) for v in row])
    Console(width=max(100, 20 * len(df.columns))).print(table)
