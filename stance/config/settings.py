"""All defaults in one place, overridable by a TOML file, the environment, or arguments.

Precedence (last wins): defaults < `stance.toml` (or the file named by `STANCE_SETTINGS`)
< environment variables `STANCE_<FIELD>` < keyword overrides passed by the CLI or the app.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from stance.errors import SettingsError

OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}


def ensure_offline() -> None:
    """Make sure no library tries a model hub. Called by the CLI, the app and the tests."""
    for k, v in OFFLINE_ENV.items():
        os.environ.setdefault(k, v)


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "stance"


@dataclass(frozen=True)
class Settings:
    db_path: str = "stance.db"
    # ingestion
    max_file_mb: float = 20.0  # larger inputs are refused with a message (split them first)
    syndication_threshold: float = 0.6  # MinHash-estimated Jaccard over word 5-shingles
    registry_path: str = ""  # extra outlet registry (TOML) merged over the shipped one
    # claims
    lede_paragraphs: int = 1
    actors_path: str = ""  # extra actor list (TOML) merged over the shipped one
    # embeddings
    embed_backend: str = "auto"  # auto | torch | openvino | hash
    embed_batch_size: int = 64
    cache_dir: str = field(default_factory=lambda: str(default_cache_dir()))
    # events and alignment
    event_window_days: int = 4
    places_path: str = ""  # extra places gazetteer (TOML) merged over the shipped stance/data/places.toml
    # calibrated thresholds: shipped as package data (stance/data/thresholds.json); the
    # analysts' calibration in models_dir overrides them, thresholds_path overrides both
    models_dir: str = "models"
    thresholds_path: str = ""
    align_threshold: float | None = None  # overrides the calibrated value when set
    talking_point_threshold: float | None = None
    # a talking point not repeated for this many days is no longer linked to new claims, so a
    # streaming run holds the lines of the last months, not of the whole corpus (0: keep all)
    talking_point_days: int = 365
    # framing
    lexicon_path: str = ""  # extra/overriding lexicon (TOML) merged over the shipped one
    # engine
    engine: str = "local"  # local | dask
    scheduler: str = ""  # dask scheduler address; empty starts a LocalCluster on 127.0.0.1
    chunk_size: int = 500  # articles per streaming chunk

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(name: str, raw: Any, default: Any, source: str) -> Any:
    target = type(default) if default is not None else None
    if name in ("align_threshold", "talking_point_threshold"):
        target = float
    try:
        if target is bool and isinstance(raw, str):
            return raw.strip().lower() in ("1", "true", "yes", "on")
        return target(raw) if target is not None else raw
    except (TypeError, ValueError) as exc:
        raise SettingsError(
            f"setting {name!r} has value {raw!r}, which is not a {target.__name__}",
            source=source,
            hint="Fix the value or remove the line to use the default.",
        ) from exc


def load_settings(path: str | os.PathLike | None = None, **overrides: Any) -> Settings:
    """Build Settings from defaults, a TOML file, `STANCE_*` variables and explicit overrides."""
    base = Settings()
    known = {f.name: getattr(base, f.name) for f in fields(Settings)}
    values: dict[str, Any] = {}
    toml_path = path or os.environ.get("STANCE_SETTINGS") or ("stance.toml" if Path("stance.toml").exists() else None)
    if toml_path:
        p = Path(toml_path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise SettingsError("settings file not found", source=str(p), hint="Check the path.") from exc
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"settings file is not valid TOML ({exc})", source=str(p),
                                hint="Fix the line named above.") from exc
        data = data.get("stance", data)
        for k, v in data.items():
            if k not in known:
                raise SettingsError(f"unknown setting {k!r}", source=str(p),
                                    hint=f"Known settings: {', '.join(sorted(known))}.")
            values[k] = _coerce(k, v, known[k], str(p))
    for k, default in known.items():
        env = os.environ.get(f"STANCE_{k.upper()}")
        if env is not None and env != "":
            values[k] = _coerce(k, env, default, f"STANCE_{k.upper()}")
    for k, v in overrides.items():
        if v is None:
            continue
        if k not in known:
            raise SettingsError(f"unknown setting {k!r}", hint=f"Known settings: {', '.join(sorted(known))}.")
        values[k] = v
    return dataclasses.replace(base, **values)
