"""The one loader of calibrated thresholds (alignment, talking points, events).

The calibrated values ship as package data (`stance/data/thresholds.json`, found in a wheel
install as well as in a checkout, written by `stance calibrate data`); the file records what data
each value was fitted on, and `models/README.md` explains the method. Precedence (last wins):

    shipped package data  <  analysts' calibration (`<models_dir>/thresholds.annotations.json`,
    written by `stance calibrate` from their labels)  <  `settings.thresholds_path`
    <  `settings.align_threshold` / `settings.talking_point_threshold`

Every stage that needs a threshold takes a `Thresholds` from here; no stage keeps a default.
Both calibrators write through `write_thresholds`, so the file format has one owner.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

from stance.config.settings import Settings
from stance.errors import SettingsError
from stance.files import write_atomic

SHIPPED_NAME = "thresholds.json"
ANNOTATIONS_NAME = "thresholds.annotations.json"


@dataclass(frozen=True)
class Thresholds:
    """Calibrated cut-offs; `source` names the file they came from."""

    align: float  # cosine two claims of different articles need to share a group
    talking_point: float  # member cosine two groups need to repeat one line
    link_slack: float  # complete linkage: any two members may sit this far below `align`
    mutual_k: int  # a cross-article link needs mutual top-k counterparts (0: off)
    polarity_margin: float  # extra cosine a negated-vs-plain pair needs
    lex_weight: float  # pair score = cosine + lex_weight x shared content words (stance.align.lexical)
    event_with_participant: float  # lede similarity of two dated reports naming a common person
    event_content_only: float  # lede similarity needed with no shared person or no dates
    model: str = ""
    source: str = ""

    def replace(self, **changes: Any) -> Thresholds:
        return dataclasses.replace(self, **changes)


_VALUE_FIELDS = tuple(f.name for f in fields(Thresholds) if f.name not in ("model", "source"))


def shipped_document() -> dict[str, Any]:
    """The shipped calibration file as a dict (values and the notes of how they were fitted)."""
    text = resources.files("stance").joinpath("data", SHIPPED_NAME).read_text(encoding="utf-8")
    return json.loads(text)


def shipped_path() -> Path:
    """The shipped calibration file inside the installed package (in a checkout: the source
    file that `stance calibrate data` rewrites)."""
    return Path(str(resources.files("stance").joinpath("data", SHIPPED_NAME)))


def analysts_path(settings: Settings) -> Path:
    """Where `stance calibrate` writes the analysts' calibration by default."""
    return Path(settings.models_dir) / ANNOTATIONS_NAME


def read_document(path: Path) -> dict[str, Any]:
    """A thresholds file as a dict (values and notes); `SettingsError` when it is unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SettingsError("thresholds file not found", source=str(path),
                            hint="Check thresholds_path or remove it to use the shipped file.") from exc
    except (ValueError, OSError) as exc:
        raise SettingsError(f"thresholds file is not valid JSON ({exc})", source=str(path),
                            hint="Re-run `stance calibrate` or fix the file.") from exc
    if not isinstance(data, dict):
        raise SettingsError("thresholds file must hold a JSON object", source=str(path),
                            hint="Re-run `stance calibrate` or fix the file.")
    return data


def active_file(settings: Settings) -> Path | None:
    """The file whose values override the shipped ones (None: the shipped values alone)."""
    if settings.thresholds_path:
        return Path(settings.thresholds_path)
    mine = analysts_path(settings)
    return mine if mine.exists() else None


def load_thresholds(settings: Settings | None = None) -> Thresholds:
    """Thresholds in effect for `settings` (see the module docstring for the precedence)."""
    settings = settings or Settings()
    doc = shipped_document()
    values: dict[str, Any] = {k: doc[k] for k in _VALUE_FIELDS}
    values["model"], values["source"] = doc.get("model", ""), SHIPPED_NAME
    path = active_file(settings)
    if path is not None:
        data = read_document(path)
        values.update({k: data[k] for k in (*_VALUE_FIELDS, "model") if k in data})
        if "align" in data and "lex_weight" not in data:
            values["lex_weight"] = 0.0  # a file older than the pair score: its align is a cosine
        values["source"] = path.name
    if settings.align_threshold is not None:
        values["align"] = float(settings.align_threshold)
    if settings.talking_point_threshold is not None:
        values["talking_point"] = float(settings.talking_point_threshold)
    try:
        values["mutual_k"] = int(values["mutual_k"])
        for k in _VALUE_FIELDS:
            if k != "mutual_k":
                values[k] = float(values[k])
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"a threshold is not a number ({exc})", source=str(values["source"]),
                            hint="Fix the file or re-run `stance calibrate`.") from exc
    return Thresholds(**values)


def write_thresholds(path: str | Path, values: Mapping[str, Any],
                     base: Mapping[str, Any] | None = None) -> Path:
    """Write `base` updated with `values` as a thresholds file, atomically (a reader, such as a
    running analysis, never sees half a file). `values` carry the fitted numbers and the record
    of what data they were fitted on; keys of `base` not in `values` (other thresholds and
    their notes) are kept."""
    path = Path(path)
    doc = {**(base or {}), **values}
    bad = [k for k in _VALUE_FIELDS if k in doc and not _is_number(doc[k])]
    if bad:  # never write a file that `load_thresholds` would refuse
        raise SettingsError(f"threshold {', '.join(bad)} is not a number", source=str(path),
                            hint="Pass numbers for the fitted values.")
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise SettingsError(f"cannot write the thresholds file ({exc})", source=str(path),
                            hint="Check that the folder is writable or pass another --out.") from exc
    return path


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)
