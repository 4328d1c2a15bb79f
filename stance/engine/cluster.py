"""Connecting to a Dask cluster, and an Embedder whose `encode` runs on the cluster's workers.

The client process keeps the SQLite store; workers compute and send results back, so a real
cluster needs nothing but the `stance` package installed on each machine.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from stance.errors import SettingsError
from stance.settings import Settings

LOCAL_WORKERS = 2


@contextmanager
def dask_client(settings: Settings, client=None) -> Iterator:
    """The given client; else a client of `settings.scheduler`; else a LocalCluster on
    127.0.0.1 (2 worker processes, 1 thread each). Whatever is opened here is closed here."""
    if client is not None:
        yield client
        return
    from distributed import Client, LocalCluster

    if settings.scheduler:
        try:
            own = Client(settings.scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise SettingsError(f"cannot reach the Dask scheduler ({exc})", source=settings.scheduler,
                                hint="Start it with `dask scheduler` and check the address "
                                     "(tcp://HOST:8786), or leave --scheduler out for a local cluster.") from exc
        try:
            yield own
        finally:
            own.close()
        return
    cluster = LocalCluster(host="127.0.0.1", n_workers=LOCAL_WORKERS, threads_per_worker=1,
                           processes=True, dashboard_address=None)
    try:
        own = Client(cluster)
        try:
            yield own
        finally:
            own.close()
    finally:
        cluster.close()


def n_workers(client) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


class ClusterEmbedder:
    """`Embedder` interface over the cluster: texts are split into batches encoded in parallel,
    each worker with its own model loaded once (see `stance.engine.worker.EmbedderPlugin`).

    Passed to the pipeline in place of a local embedder, so the embedding cache, event grouping
    and alignment use it unchanged."""

    def __init__(self, client, settings: Settings, batch_size: int = 256) -> None:
        from stance.engine.worker import EmbedderPlugin, embedder_info

        self.client = client
        self.batch_size = batch_size
        client.register_plugin(EmbedderPlugin(settings))
        # One worker loads (and, for OpenVINO, converts and caches) the model first, so workers
        # sharing a cache folder never convert it at the same time.
        self.name, self.dim, _ = client.submit(embedder_info, pure=False).result()
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        from stance.engine.worker import encode_batch

        self.calls += 1
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        size = max(1, min(self.batch_size, -(-len(texts) // (2 * n_workers(self.client)))))
        batches = [texts[i:i + size] for i in range(0, len(texts), size)]
        futures = self.client.map(encode_batch, batches, pure=False)
        parts = self.client.gather(futures)
        return np.concatenate(parts).astype(np.float32, copy=False)

    def model_loads(self) -> dict[str, int]:
        """Worker address -> model loads (1 each once it has encoded anything)."""
        from stance.engine.worker import model_loads

        return self.client.run(model_loads)
