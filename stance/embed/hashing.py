"""A deterministic hash embedder: the test double for fast tests (no model, no randomness)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from stance.embed.base import normalize_rows

_WORD = re.compile(r"[a-z0-9]+")


class HashEmbedder:
    """Deterministic test double: hashed word unigrams/bigrams and char 4-grams, signed, in
    `dim` buckets. Texts sharing words get similar vectors; no model, no randomness."""

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim
        self.name = f"hash-{dim}"
        self.calls = 0  # number of encode() calls, so tests can check caching
        self.batch_independent = True  # each text hashed on its own

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
        return normalize_rows(out)
