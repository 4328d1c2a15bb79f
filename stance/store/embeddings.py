"""Embedding cache: vectors keyed by (hash of the normalized text, model name), so re-analysis
and repeated sentences (syndicated copies, boilerplate lines) are never encoded twice."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from stance.embed import Embedder
from stance.schema import stable_hash
from stance.store.db import Store

_CHUNK = 500  # parameters per IN (...) query, well under SQLite's limit


def text_key(text: str) -> str:
    return stable_hash(text, length=24)


def load_cached(store: Store, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
    """Vectors already stored for these text keys under this model."""
    found: dict[str, np.ndarray] = {}
    uniq = list(dict.fromkeys(keys))
    for start in range(0, len(uniq), _CHUNK):
        part = uniq[start:start + _CHUNK]
        marks = ",".join("?" * len(part))
        rows = store.conn.execute(
            f"SELECT text_hash, dim, vector FROM embeddings WHERE model = ? AND text_hash IN ({marks})",
            (model, *part),
        ).fetchall()
        for r in rows:
            vec = np.frombuffer(r["vector"], dtype=np.float32)
            if vec.shape[0] == r["dim"]:
                found[r["text_hash"]] = vec
    return found


def stored_keys(store: Store, model: str, keys: Sequence[str]) -> set[str]:
    """Which text keys already have a vector under this model (no vector is read)."""
    found: set[str] = set()
    uniq = list(dict.fromkeys(keys))
    for start in range(0, len(uniq), _CHUNK):
        part = uniq[start:start + _CHUNK]
        marks = ",".join("?" * len(part))
        found.update(r[0] for r in store.conn.execute(
            f"SELECT text_hash FROM embeddings WHERE model = ? AND text_hash IN ({marks})", (model, *part)))
    return found


def save_vectors(store: Store, model: str, keys: Sequence[str], vectors: np.ndarray) -> dict[str, np.ndarray]:
    """Store one vector per text key (one transaction); returns key -> vector as stored."""
    out: dict[str, np.ndarray] = {}
    rows = []
    for k, vec in zip(keys, vectors, strict=True):
        vec = out[k] = np.ascontiguousarray(vec, dtype=np.float32)
        rows.append((k, model, int(vec.shape[0]), vec.tobytes()))
    with store.transaction() as conn:
        conn.executemany("INSERT OR REPLACE INTO embeddings(text_hash, model, dim, vector) VALUES (?, ?, ?, ?)",
                         rows)
    return out


def encode_cached(store: Store, embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """Rows for `texts` (same order), encoding only texts whose vectors are not stored yet."""
    texts = list(texts)
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    keys = [text_key(t) for t in texts]
    cached = load_cached(store, embedder.name, keys)
    missing: dict[str, str] = {}
    for k, t in zip(keys, texts, strict=False):
        if k not in cached and k not in missing:
            missing[k] = t
    if missing:
        new = embedder.encode(list(missing.values()))
        cached.update(save_vectors(store, embedder.name, list(missing), new))
    return np.stack([cached[k] for k in keys]).astype(np.float32, copy=False)
