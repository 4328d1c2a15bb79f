"""The sentence-transformers (torch, CPU) reference every faster backend is checked against."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from stance.config.settings import ensure_offline
from stance.embed.base import MODEL_NAME, empty_rows, model_path, normalize_rows


class TorchEmbedder:
    """sentence-transformers on CPU: the reference every faster backend is checked against."""

    def __init__(self, batch_size: int = 64) -> None:
        ensure_offline()
        from stance.torch_guard import import_sentence_transformers

        SentenceTransformer = import_sentence_transformers()  # noqa: N806 - the class
        self.model = SentenceTransformer(str(model_path()), device="cpu", local_files_only=True)
        self.batch_size = batch_size
        self.name = MODEL_NAME
        self.dim = int(self.model.get_embedding_dimension() or 384)
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        if not texts:
            return empty_rows(self.dim)
        vecs = self.model.encode(list(texts), batch_size=self.batch_size,
                                 convert_to_numpy=True, normalize_embeddings=True,
                                 show_progress_bar=False)
        return normalize_rows(vecs)
