"""How the bench scripts print a figure: one aligned line, flushed (a long bench shows progress)."""

from __future__ import annotations


def line(label: str, value: str) -> None:
    print(f"  {label:<44} {value}", flush=True)
