"""`analyze_dask`: the pipeline with ingestion, claims and encoding on a Dask cluster.

The client reads the input files (so workers need no shared file system) and keeps the only
connection to the SQLite store. Workers do the CPU work: cleaning pages and detecting provenance,
extracting claims, encoding claim texts (one model load per worker). The client links duplicates
and syndicated copies in input order and writes every result with the pipeline's own save
functions, in the same chunks, so the store ends exactly as `stance.pipeline.analyze` leaves it.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from stance.config.settings import Settings, ensure_offline
from stance.engine.cluster import ClusterAligner, ClusterEmbedder, dask_client, n_workers
from stance.pipeline import (
    AnalyzeReport,
    Progress,
    analyze_store,
    load_registry_for,
    no_progress,
    record_problems,
    resume_pending_claims,
)
from stance.pipeline_runtime import run_gc
from stance.store.db import Store

DOCS_PER_TASK = 25  # raw documents per build task: big enough to amortize, small enough to balance


@run_gc()
def analyze_dask(paths: Iterable[str | Path], store: Store, settings: Settings,
                 progress: Progress | None = None, client=None) -> AnalyzeReport:
    """Ingest `paths` and (re)analyze everything stored, computing on a Dask cluster.

    `client`: an existing `distributed.Client`; otherwise `settings.scheduler` is connected to,
    or a LocalCluster on 127.0.0.1 is started (and closed again) for this run."""
    ensure_offline()
    progress = progress or no_progress
    report = AnalyzeReport()
    registry = load_registry_for(settings)
    progress("cluster", 0.0)
    with dask_client(settings, client) as c:
        ingest_on_cluster(c, paths, store, settings, report, progress, registry)
        t0 = time.perf_counter()
        embedder = ClusterEmbedder(c, settings)
        report.add_time("model_load", time.perf_counter() - t0)
        analyze_store(store, settings, report, embedder=embedder, progress=progress,
                      registry=registry, align_events=ClusterAligner(c))
    progress("done", 1.0)
    return report


def _batches(items: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(items, size)):
        yield batch


class _ClusterIngest:
    """Client side of distributed ingestion: a bounded window of build tasks in flight, results
    consumed in input order, claims extracted remotely per stored chunk."""

    def __init__(self, client, store: Store, settings: Settings, report: AnalyzeReport,
                 registry) -> None:
        from stance.ingest import Linker
        from stance.ingest.results import IngestResult
        from stance.store.articles import load_signatures

        self.client, self.store, self.settings, self.report = client, store, settings, report
        self.workers = n_workers(client)
        from stance.claims.actors import load_actors

        self.registry = client.scatter(registry, broadcast=True)
        self.actors = client.scatter(load_actors(settings.actors_path), broadcast=True)
        self.linker = Linker(settings, load_signatures(store, settings.syndication_threshold))
        self.out = IngestResult()
        self.pending_claims: deque = deque()  # (futures) of chunks whose articles are stored
        self.claimed: set[str] = set()  # article ids whose claims are already requested

    # -- building articles ---------------------------------------------------------------------
    def run(self, paths: list[str], progress: Progress) -> None:
        from stance.engine.worker import build_articles
        from stance.ingest.readers import RawDoc, iter_docs

        window: deque = deque()
        done = 0
        for batch in _batches(iter(iter_docs(paths, self.settings.max_file_mb)), DOCS_PER_TASK):
            docs = [d for d in batch if isinstance(d, RawDoc)]
            fut = self.client.submit(build_articles, docs, self.registry, pure=False) if docs else None
            window.append((batch, fut))
            while len(window) > 2 * self.workers:
                done += self._consume(*window.popleft())
                progress("ingest", min(0.5, 0.05 + 0.45 * done / (done + 50)))
        while window:
            self._consume(*window.popleft())
        self._flush(final=True)

    def _consume(self, batch: list, fut) -> int:
        """Feed one batch's results to the linker in input order (as `iter_ingest` does)."""
        from stance.errors import IngestError
        from stance.ingest import Problem, problem_message

        t0 = time.perf_counter()
        built = iter(fut.result() if fut is not None else ())
        self.report.add_time("ingest", time.perf_counter() - t0)
        for item in batch:
            if isinstance(item, IngestError):
                self.out.problems.append(Problem(item.source, problem_message(item)))
            else:
                res = next(built)
                if isinstance(res, Problem):
                    self.out.problems.append(res)
                else:
                    self.linker.accept(res, self.out)
            if len(self.out.articles) >= self.settings.chunk_size:
                self._flush()
        return len(batch)

    # -- storing chunks and their claims -------------------------------------------------------
    def _flush(self, final: bool = False) -> None:
        from stance.engine.worker import extract_claims_batch
        from stance.ingest.results import IngestResult
        from stance.store.articles import claims_pending, save_articles

        chunk, self.out = self.out, IngestResult()
        rep = self.report
        if chunk.articles or chunk.problems:
            record_problems(rep, chunk)
            t0 = time.perf_counter()
            new, dup = save_articles(self.store, chunk.articles, self.settings.syndication_threshold,
                                     index=self.linker.index)
            rep.n_articles += new
            rep.n_duplicates += dup
            pending = set(claims_pending(self.store, (a.article_id for a in chunk.articles)))
            rep.add_time("store", time.perf_counter() - t0)
            todo = [a for a in chunk.articles if a.article_id in pending and a.article_id not in self.claimed]
            self.claimed.update(a.article_id for a in todo)
            if todo:
                size = -(-len(todo) // self.workers)
                parts = [todo[i:i + size] for i in range(0, len(todo), size)]
                self.pending_claims.append(
                    [([a.article_id for a in p], self.client.submit(extract_claims_batch, p, self.registry, self.actors,
                                                                    self.settings.lede_paragraphs, pure=False))
                     for p in parts])
        # keep one chunk of claims in flight while the next chunk is built; drain at the end
        while self.pending_claims and (final or len(self.pending_claims) > 1):
            self._store_claims(self.pending_claims.popleft())

    def _store_claims(self, parts: list) -> None:
        """Save each part's claims with the mark that its articles are done, in one transaction
        (a stopped run leaves the rest pending for the next run)."""
        from stance.store.articles import mark_claims_done
        from stance.store.claims import save_claims

        t0 = time.perf_counter()
        results = [(ids, f.result()) for ids, f in parts]
        self.report.add_time("claims", time.perf_counter() - t0)
        t0 = time.perf_counter()
        for ids, res in results:
            self.report.warnings.extend(res.warnings)
            with self.store.transaction():
                save_claims(self.store, res.claims)
                mark_claims_done(self.store, ids)
            self.report.n_claims += len(res.claims)
        self.report.add_time("store", time.perf_counter() - t0)


def ingest_on_cluster(client, paths: Iterable[str | Path], store: Store, settings: Settings,
                      report: AnalyzeReport, progress: Progress = no_progress, registry=None) -> None:
    """Distributed counterpart of `stance.pipeline.ingest_into` (same chunks, same records)."""
    _ClusterIngest(client, store, settings, report, registry).run([str(p) for p in paths], progress)
    resume_pending_claims(store, report, registry, settings)
