"""The same MiniLM converted once to OpenVINO IR (fp32): about 3x faster than torch on 2 cores."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from stance.config.settings import Settings, ensure_offline
from stance.embed.base import MODEL_NAME, empty_rows, model_path, normalize_rows
from stance.errors import EmbeddingError


def ov_cache_dir(settings: Settings) -> Path:
    import openvino

    version = re.sub(r"[^0-9A-Za-z.]+", "_", openvino.__version__)[:40]
    return Path(settings.cache_dir).expanduser() / "openvino" / f"{MODEL_NAME}-ov{version}"


def convert_openvino(settings: Settings) -> Path:
    """Convert the installed transformer to OpenVINO IR once; reuse the cached IR afterwards.
    The IR lives in the settings' cache folder, never inside site-packages."""
    target = ov_cache_dir(settings)
    xml = target / "model.xml"
    if xml.exists() and (target / "model.bin").exists():
        return xml
    ensure_offline()
    import openvino

    from stance.torch_guard import import_sentence_transformers, import_torch

    torch = import_torch()
    st = import_sentence_transformers()(str(model_path()), device="cpu", local_files_only=True)
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


def load_tokenizer(max_len: int):
    """The model's fast WordPiece tokenizer (its tokenizer.json) set as sentence-transformers
    calls it: truncated to `max_len` tokens, padded to the longest text of the batch. Read with
    the `tokenizers` library alone: importing transformers for it cost about a second per run."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_path() / "tokenizer.json"))
    tok.enable_truncation(max_length=max_len)
    pad = tok.token_to_id("[PAD]")
    tok.enable_padding(pad_id=pad, pad_type_id=0, pad_token="[PAD]")
    return tok


def same_length_batches(lengths: np.ndarray, size: int) -> list[np.ndarray]:
    """Row indices in batches of at most `size` rows of one token length each, longest first
    (stable: equal lengths keep their input order)."""
    order = np.argsort(-lengths, kind="stable")
    if not len(order):
        return []
    cuts = np.flatnonzero(np.diff(lengths[order])) + 1
    return [part[k:k + size] for part in np.split(order, cuts) for k in range(0, len(part), size)]


class OpenVINOEmbedder:
    """The same MiniLM converted to OpenVINO IR (fp32), mean pooling + L2 normalisation as in
    sentence-transformers; about 3x faster than torch on 2 CPU cores."""

    def __init__(self, settings: Settings | None = None, batch_size: int = 64) -> None:
        settings = settings or Settings()
        ensure_offline()
        import openvino

        xml = convert_openvino(settings)
        core = openvino.Core()
        self.compiled = core.compile_model(str(xml), "CPU")
        self._core, self._xml = core, str(xml)
        self._lean = None  # compiled on first use with one thread fewer (`share_cores`)
        self._beside: threading.Event | None = None
        self.input_names = {p.get_any_name() for p in self.compiled.inputs}
        cfg = json.loads((model_path() / "sentence_bert_config.json").read_text())
        self.max_len = int(cfg.get("max_seq_length", 256))
        self.tokenizer = load_tokenizer(self.max_len)
        self.batch_size = batch_size
        self.name = MODEL_NAME  # same embeddings as torch (fidelity-checked), same cache key
        self.dim = 384
        self.calls = 0
        self.batch_independent = True  # a text's vector does not depend on its batch (`encode`)
        self._lock = threading.Lock()  # one infer request at a time per compiled model

    def share_cores(self, beside: threading.Event | None) -> None:
        """While `beside` is set, infer on one thread fewer than the machine has cores: the
        caller runs other work on the core left (`stance.embed.background`). OpenVINO splits each
        inference across its threads, so a thread that loses its core to other work stalls the
        others; one thread fewer keeps them busy (measured on 2 cores: one thread encodes at
        ~0.55x the speed of two, for ~0.9x their CPU seconds)."""
        self._beside = beside

    def _model(self):
        beside = self._beside
        if beside is None or not beside.is_set():
            return self.compiled
        if self._lean is None:
            self._lean = self._compile_lean()
        return self._lean or self.compiled

    def _compile_lean(self):
        """The model on one thread fewer, or False when it would change a vector: it must give
        the same bits as the full model on a probe batch (checked once; different thread counts
        may split the sums differently on some machines), else the full model is used."""
        threads = (os.cpu_count() or 1) - 1
        if threads < 1:
            return False
        lean = self._core.compile_model(self._xml, "CPU", {"INFERENCE_NUM_THREADS": threads})
        rng = np.random.default_rng(0)  # token ids of a probe batch: any valid ids will do
        ids = rng.integers(1000, 20000, size=(8, 40), dtype=np.int64)
        feed = {k: v for k, v in {"input_ids": ids, "attention_mask": np.ones_like(ids),
                                  "token_type_ids": np.zeros_like(ids)}.items() if k in self.input_names}
        same = np.array_equal(lean(feed)[0], self.compiled(feed)[0])
        return lean if same else False

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of `texts` (mean pooling, L2-normalised). Texts are batched by their exact
        token count, so no batch carries padding: on real claims ~25 % fewer tokens go through
        the model than in batches of texts sorted by length, and a text's vector is the same
        bits whatever else is encoded with it (with padding it moved by up to 1e-3 with its
        batch companions, so a run's vectors depended on how its texts were paged, and encoding
        could not be split differently, e.g. beside the claims stage, without changing them)."""
        self.calls += 1
        if not texts:
            return empty_rows(self.dim)
        encs = self.tokenizer.encode_batch(list(texts))
        lens = np.fromiter((sum(e.attention_mask) for e in encs), dtype=np.int64, count=len(encs))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for idx in same_length_batches(lens, self.batch_size):
            n = int(lens[idx[0]])
            ids = np.array([encs[i].ids[:n] for i in idx], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": np.ones_like(ids),
                    "token_type_ids": np.array([encs[i].type_ids[:n] for i in idx], dtype=np.int64)}
            with self._lock:
                hidden = self._model()({k: v for k, v in feed.items() if k in self.input_names})[0]
            out[idx] = hidden.mean(axis=1)
        return normalize_rows(out)
