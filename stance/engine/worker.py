"""What runs inside a Dask worker: the per-worker embedder and the task functions.

A worker process loads the sentence model once and keeps it for every encoding task it runs
(the plugin holds it, so no module-level state and a new plugin replaces the old model). The
task functions are plain top-level functions so they pickle by reference; workers only need
the `stance` package installed, never the client's files or database.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
from distributed import WorkerPlugin

from stance.config.settings import Settings, default_cache_dir

PLUGIN_NAME = "stance-embedder"


class EmbedderPlugin(WorkerPlugin):
    """Dask WorkerPlugin holding this worker's embedder, loaded lazily on first use.

    Lazy, so registering the plugin is cheap and a worker that never encodes never loads the
    model; the lock keeps two task threads of one worker from loading it twice."""

    name = PLUGIN_NAME
    def __init__(self, settings: Settings, client_cache_dir: str | None = None) -> None:
        self.settings = settings
        # the client's default cache folder means "the default": on a worker machine that is
        # the worker's own folder (the client's home may not exist there)
        self.client_cache_dir = client_cache_dir or str(default_cache_dir())
        self._embedder = None
        self._lock = threading.Lock()

    def setup(self, worker) -> None:  # noqa: ANN001 - distributed.Worker
        self._embedder = None
        self.loads = 0

    def teardown(self, worker) -> None:  # noqa: ANN001
        self._embedder = None

    def __getstate__(self) -> dict:
        return {"settings": self.settings, "client_cache_dir": self.client_cache_dir}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["settings"], state["client_cache_dir"])

    def worker_settings(self) -> Settings:
        if self.settings.cache_dir == self.client_cache_dir:
            return self.settings.replace(cache_dir=str(default_cache_dir()))
        return self.settings

    def embedder(self):
        with self._lock:
            if self._embedder is None:
                from stance.embed import get_embedder

                self._embedder = get_embedder(self.worker_settings())
                self.loads = getattr(self, "loads", 0) + 1
            return self._embedder


def _plugin() -> EmbedderPlugin:
    from distributed import get_worker

    plugin = get_worker().plugins.get(PLUGIN_NAME)
    if plugin is None:  # pragma: no cover - the engine always registers it first
        raise RuntimeError("the stance embedder plugin is not registered on this worker")
    return plugin


def embedder_info() -> tuple[str, int, int]:
    """(model name, dimension, model loads so far) of this worker's embedder."""
    plugin = _plugin()
    emb = plugin.embedder()
    return emb.name, int(emb.dim), plugin.loads


def encode_batch(texts: Sequence[str]) -> np.ndarray:
    """Encode one batch with this worker's (cached) model."""
    return _plugin().embedder().encode(list(texts))


def model_loads(dask_worker) -> int:  # noqa: ANN001 - called through Client.run
    """How many times this worker loaded its model (1 after any encoding: checked by tests)."""
    plugin = dask_worker.plugins.get(PLUGIN_NAME)
    return getattr(plugin, "loads", 0) if plugin is not None else 0


# --- ingestion and claims tasks -------------------------------------------------------------


def build_articles(docs: Sequence, registry) -> list:
    """Clean and describe raw documents (the CPU-heavy part of ingestion). Returns, in input
    order, an `Article` or the `Problem` that made the document unusable (a Problem rather than
    the exception: exceptions lose their source and hint when pickled back to the client)."""
    from stance.errors import IngestError
    from stance.ingest import Problem, problem_message
    from stance.ingest.build import build_article

    out: list = []
    for doc in docs:
        try:
            out.append(build_article(doc, registry))
        except IngestError as err:
            out.append(Problem(err.source or doc.source, problem_message(err)))
    return out


def extract_claims_batch(articles: Sequence, registry, actors, lede_paragraphs: int):
    """Claims of a batch of articles (spaCy loads once per worker process). The client sends the
    registry and actor list it loaded, so analysts' own files need not exist on the workers."""
    from stance.claims import extract_claims

    return extract_claims(list(articles), registry=registry, actors=actors,
                          lede_paragraphs=lede_paragraphs)


def align_batch(jobs: Sequence, thresholds) -> list:
    """Claim groups of several events: [(event, claims, vectors, articles)] -> [[ClaimGroup]]."""
    from stance.align.groups import align_event

    return [align_event(ev, claims, vecs, articles, thresholds) for ev, claims, vecs, articles in jobs]
