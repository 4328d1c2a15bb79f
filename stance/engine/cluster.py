"""Connecting to a Dask cluster, and an Embedder whose `encode` runs on the cluster's workers.

The client process keeps the SQLite store; workers compute and send results back, so a real
cluster needs nothing but the `stance` package installed on each machine.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from stance.config.settings import Settings
from stance.errors import SettingsError

LOCAL_WORKERS = 2
# The scheduler always serves a small HTTP endpoint; without an address it tries port 8787 and
# warns when taken. A random local port keeps it quiet and never reachable from outside.
QUIET_HTTP = {"dashboard_address": "127.0.0.1:0"}


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
            own = Client(settings.scheduler, timeout="10s")
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
                           processes=True, dashboard_address=None,
                           scheduler_kwargs=QUIET_HTTP)
    try:
        own = Client(cluster)
        try:
            yield own
        finally:
            own.close()
    finally:
        _quiet_close(cluster)


def _quiet_close(cluster) -> None:
    """Close a LocalCluster without shutdown noise ("still alive after 4 s, killing", heartbeats
    to a scheduler that already left): killing workers is what we want at the end of a run."""
    logs = [logging.getLogger(n) for n in ("distributed", "distributed.nanny", "distributed.core")]
    levels = [log.level for log in logs]
    for log in logs:
        log.setLevel(logging.CRITICAL)
    try:
        cluster.close()
    finally:
        for log, level in zip(logs, levels, strict=True):
            log.setLevel(level)


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


def _event_articles(claims, articles_by_id) -> dict:
    """The articles alignment reads for one event (its own and their syndication originals),
    without their text: alignment only needs outlets and links, and tasks stay small."""
    from dataclasses import replace

    out = {}
    for aid in dict.fromkeys(c.article_id for c in claims):
        a = articles_by_id.get(aid)
        if a is None:
            continue
        out[aid] = replace(a, text="")
        orig = articles_by_id.get(a.syndicated_of) if a.syndicated_of else None
        if orig is not None:
            out[orig.article_id] = replace(orig, text="")
    return out


class ClusterAligner:
    """Aligns events in parallel on the cluster: `(jobs, articles_by_id, thresholds)` with jobs
    of (event, claims, vectors) -> one list of ClaimGroup per job, in job order.

    Events are packed into tasks of about `claims_per_task` claims, so thousands of small
    events do not become thousands of tiny tasks, and a huge event is a task of its own."""

    def __init__(self, client, claims_per_task: int = 5000) -> None:
        self.client = client
        self.claims_per_task = claims_per_task

    def __call__(self, jobs, articles_by_id, thresholds) -> list:
        from stance.engine.worker import align_batch

        th = self.client.scatter(thresholds, broadcast=True)
        futures, batch, size = [], [], 0
        for ev, claims, vecs in jobs:
            batch.append((ev, list(claims), vecs, _event_articles(claims, articles_by_id)))
            size += len(claims)
            if size >= self.claims_per_task:
                futures.append(self.client.submit(align_batch, batch, th, pure=False))
                batch, size = [], 0
        if batch:
            futures.append(self.client.submit(align_batch, batch, th, pure=False))
        return [groups for part in self.client.gather(futures) for groups in part]
