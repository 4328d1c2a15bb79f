"""The one place where the stages are wired together.

ingest -> claims -> embed -> events/align -> framing -> store. Every stage reads what the
previous one stored, so an analysis can be resumed, extended by new articles (only new articles
are segmented, only new claim texts are encoded) and re-run after a threshold change.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stance.config.settings import Settings, ensure_offline
from stance.ingest.registry import Registry, load_registry
from stance.ingest.results import DUPLICATE, IngestResult
from stance.pipeline_runtime import run_gc  # fewer garbage collections while a run works
from stance.schema import Article, Claim, ClaimGroup, Event
from stance.store.db import Store

Progress = Callable[[str, float], None]


@dataclass
class AnalyzeReport:
    """What a run did: counts, one-line problems (inputs skipped) and warnings (kept, but odd)."""

    n_inputs_ok: int = 0
    n_articles: int = 0  # new articles stored by this run
    n_duplicates: int = 0
    n_claims: int = 0  # new claims stored by this run
    n_events: int = 0
    n_groups: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # one line per input skipped as a duplicate
    timings: dict[str, float] = field(default_factory=dict)  # wall seconds per stage
    # CPU seconds of the process (every thread) per stage: the work itself, which a shared
    # machine's other jobs do not inflate as they do the wall time (stages timed by `StageTimer`)
    cpu_timings: dict[str, float] = field(default_factory=dict)
    encoded: int = 0  # claim texts encoded (not found in the embedding cache)
    # the background encoder's thread, beside the stages above: wall seconds of its work
    # (model_load, encode) and of waiting for texts once loaded (idle)
    background: dict[str, float] = field(default_factory=dict)

    def add_time(self, stage: str, seconds: float, cpu_seconds: float | None = None) -> None:
        self.timings[stage] = self.timings.get(stage, 0.0) + seconds
        if cpu_seconds is not None:
            self.cpu_timings[stage] = self.cpu_timings.get(stage, 0.0) + cpu_seconds


def no_progress(stage: str, fraction: float) -> None:
    """The default `Progress`: reports nothing."""
    return None


class StageTimer:
    def __init__(self, report: AnalyzeReport, stage: str) -> None:
        self.report, self.stage = report, stage

    def __enter__(self) -> StageTimer:
        self.t0, self.c0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.report.add_time(self.stage, time.perf_counter() - self.t0, time.process_time() - self.c0)


# -- stage 1+2: ingestion and claims, chunk by chunk ---------------------------------------------


def _store_chunk(store: Store, articles: Sequence[Article], report: AnalyzeReport, registry,
                 settings: Settings, index=None, encoder=None) -> None:
    from stance.store.articles import claims_pending, save_articles

    with StageTimer(report, "store"):
        new, dup = save_articles(store, articles, settings.syndication_threshold, index=index)
    report.n_articles += new
    report.n_duplicates += dup
    pending = set(claims_pending(store, (a.article_id for a in articles)))
    extract_and_store_claims(store, [a for a in articles if a.article_id in pending], report, registry, settings,
                             encoder)


# articles whose claims are extracted and handed to the background encoder together: large
# enough for full spaCy batches, small enough that the encoder never waits long for texts
CLAIMS_BATCH = 32
# the run's first batch, smaller: the encoder has nothing to do until its texts come (on the
# real-text bench it got its first texts about a second sooner than with CLAIMS_BATCH)
FIRST_CLAIMS_BATCH = 8


def extract_and_store_claims(store: Store, articles: Sequence[Article], report: AnalyzeReport, registry,
                             settings: Settings, encoder=None) -> None:
    """Claims of stored `articles`, saved with the mark that they are done in one transaction,
    so a run stopped at any point leaves every article either with its claims or pending. With
    a background `encoder` (`stance.embed.background`), articles go CLAIMS_BATCH at a time (the
    run's first batch FIRST_CLAIMS_BATCH) and each batch's claim texts are handed to it as soon
    as they are stored."""
    if encoder is not None:
        i = 0
        while i < len(articles):
            n = CLAIMS_BATCH if encoder.handovers else FIRST_CLAIMS_BATCH
            with encoder.working():
                claims = _extract_and_store(store, articles[i:i + n], report, registry, settings)
            encoder.submit(store, [c.claim_text for c in claims])
            encoder.write(store)
            i += n
        return
    _extract_and_store(store, articles, report, registry, settings)


def _extract_and_store(store: Store, articles: Sequence[Article], report: AnalyzeReport, registry,
                       settings: Settings) -> list[Claim]:
    from stance.claims import extract_claims
    from stance.claims.actors import load_actors
    from stance.store.articles import mark_claims_done
    from stance.store.claims import save_claims

    if not articles:
        return []
    actors = load_actors(settings.actors_path)

    def extract(batch: Sequence[Article]):
        return extract_claims(batch, registry=registry, actors=actors, lede_paragraphs=settings.lede_paragraphs)

    with StageTimer(report, "claims"):
        try:
            claims, warnings = _claims_of(extract(articles))
        except Exception:  # noqa: BLE001 - a batch-level failure: find the article behind it
            claims, warnings = [], []
            for art in articles:
                try:
                    got, warns = _claims_of(extract([art]))
                except Exception as exc:  # noqa: BLE001 - any parser error: skip this article only
                    warns = [f"{art.source or 'article'} [{art.article_id}]: claims could not be extracted "
                             f"({type(exc).__name__}: {exc}); the article stays stored without claims. "
                             "Check its text and analyse a corrected copy."]
                    got = []
                claims += got
                warnings += warns
    report.warnings.extend(warnings)
    with StageTimer(report, "store"), store.transaction():
        save_claims(store, claims)
        mark_claims_done(store, [a.article_id for a in articles])
    report.n_claims += len(claims)
    return claims


def _claims_of(result) -> tuple[list, list[str]]:
    return list(result.claims), list(result.warnings)


def resume_pending_claims(store: Store, report: AnalyzeReport, registry, settings: Settings,
                          encoder=None) -> None:
    """Extract the claims of articles an earlier run stored but was stopped before their claims
    (Ctrl-C, a killed process), page by page; one warning line says how many."""
    from stance.store.articles import claims_pending, load_articles

    pending = claims_pending(store)
    if not pending:
        return
    report.warnings.append(f"{store.path}: {len(pending)} stored article(s) had no claims (an earlier run "
                           "was stopped); their claims were extracted now")
    for i in range(0, len(pending), settings.chunk_size):
        extract_and_store_claims(store, load_articles(store, pending[i:i + settings.chunk_size]),
                                 report, registry, settings, encoder)


def record_problems(report: AnalyzeReport, result: IngestResult) -> None:
    """Count an ingestion result into `report`: skipped inputs are problems, caveats are
    warnings, a re-read duplicate (`stance.ingest.DUPLICATE`) is a success. Every ingestion
    path (`ingest_into`, `analyze_uploads`, the Dask engine) reports through this."""
    report.n_inputs_ok += len(result.articles)
    for p in result.problems:
        line = f"{p.source}: {p.message}"
        if p.level == "error":
            report.problems.append(line)
        elif p.kind == DUPLICATE:
            report.n_duplicates += 1
            report.n_inputs_ok += 1
            report.duplicates.append(line)
        else:
            report.warnings.append(line)


@run_gc()
def ingest_into(store: Store, paths: Iterable[str | Path], settings: Settings,
                report: AnalyzeReport, progress: Progress = no_progress, registry=None, encoder=None) -> None:
    """Read inputs in chunks (flat memory), store articles and their claims (handed to the
    background `encoder`, when given, as they are stored)."""
    from stance.ingest import iter_ingest
    from stance.store.articles import load_signatures

    paths = [str(p) for p in paths]
    done = 0
    t0 = time.perf_counter()
    known = load_signatures(store, settings.syndication_threshold)
    c0 = time.process_time()
    for chunk in iter_ingest(paths, settings, registry=registry, chunk_size=settings.chunk_size,
                             known=known):
        report.add_time("ingest", time.perf_counter() - t0, time.process_time() - c0)
        record_problems(report, chunk)
        _store_chunk(store, chunk.articles, report, registry, settings, index=known, encoder=encoder)
        done += len(chunk.articles) + len(chunk.problems)
        progress("ingest", min(0.5, 0.05 + done / max(done + 1, 1) * 0.45))
        t0, c0 = time.perf_counter(), time.process_time()
    resume_pending_claims(store, report, registry, settings, encoder)


# -- stage 3-5: events, alignment, talking points, framing ---------------------------------------


def align_events_local(jobs, articles_by_id, thresholds) -> list[list[ClaimGroup]]:
    """Align each (event, claims, vectors) job in turn; the Dask engine passes a parallel one."""
    from stance.align.groups import align_event

    return [align_event(ev, claims, vecs, articles_by_id, thresholds) for ev, claims, vecs in jobs]


@run_gc()
def analyze_store(store: Store, settings: Settings, report: AnalyzeReport,
                  embedder=None, progress: Progress = no_progress, registry=None,
                  align_events=None, encoder=None) -> None:
    """(Re)compute events, claim groups, talking points and framing over everything stored,
    streaming: memory holds a chunk of articles, the events still open and the talking points
    of the last `settings.talking_point_days`, never the whole store.

    1. every stored claim text without a vector is encoded, page by page, by the background
       `encoder` (`stance.embed.background`; one is started when none is given), while this
       thread does the work that needs no vector ahead (`stance.pipeline_ahead.encode_stored`);
    2. articles are read in date order and grouped into events by one sweep
       (`stance.events.iter_events`), which hands over each event once no later article can
       join it;
    3. closed events are analyzed in batches of about `settings.chunk_size` articles: aligned
       (`align_events(jobs, articles_by_id, thresholds)` replaces `align_events_local`, same
       contract: one list of groups per (event, claims, vectors) job, in job order), linked to
       earlier talking points (`stance.align.talking_points.TalkingPointIndex`), framed and stored."""
    from stance.align.talking_points import TalkingPointIndex
    from stance.annotate.corrections import corrected_batches
    from stance.config.thresholds import load_thresholds
    from stance.events.grouping import iter_events
    from stance.framing import load_lexicon
    from stance.pipeline_ahead import encode_stored
    from stance.store.analysis import delete_events, stored_event_ids
    from stance.store.articles import count_articles

    n_articles = count_articles(store)
    if not n_articles:
        return
    if registry is None:  # the profiles' outlet metadata comes from the run's registry
        registry = load_registry_for(settings)
    progress("embed", 0.55)
    own = encoder is None
    if own:
        encoder = start_encoder(settings, embedder)
    lexicon = load_lexicon(settings.lexicon_path)
    try:
        ahead, profiles_ahead = encode_stored(store, encoder, report, settings, lexicon)
    finally:
        if own:
            encoder.close()
    embedder = encoder.embedder

    progress("events", 0.7)
    thresholds = load_thresholds(settings)
    from stance.pipeline_batches import EventBatches

    run = EventBatches(store, report, embedder, registry, align_events, thresholds, ahead,
                        talking=TalkingPointIndex(thresholds, settings.talking_point_days),
                        window=settings.event_window_days)
    before = stored_event_ids(store)
    batch: list[Event] = []
    n_batch = 0
    events = iter_events(_event_chunks(store, embedder, settings), settings, embedder, thresholds, profiles_ahead)
    # analysts' corrections of the events (merge, split, move, rename), kept across runs
    for closed in _timed(corrected_batches(store, events, report.warnings), report, "events"):
        batch += closed
        n_batch += sum(len(e.article_ids) for e in closed)
        if n_batch >= settings.chunk_size:
            run.analyze(batch)
            batch, n_batch = [], 0
            progress("framing", 0.7 + 0.3 * min(1.0, run.n_articles / n_articles))
    run.analyze(batch)
    with StageTimer(report, "store"):
        delete_events(store, before - run.event_ids)
    # counted in the store: an event handed over again with undated articles replaced its first version
    report.n_events = int(store.query("SELECT COUNT(*) FROM events")[0][0])
    report.n_groups = int(store.query("SELECT COUNT(*) FROM claim_groups")[0][0])


def start_encoder(settings: Settings, embedder=None):
    """A background encoder for one run: `embedder`, or the one `settings` name, loaded in its
    thread (model loading overlaps the first claims)."""
    from stance.embed import get_embedder
    from stance.embed.background import BackgroundEncoder

    return BackgroundEncoder(lambda: embedder if embedder is not None else get_embedder(settings))


def _timed(items: Iterable, report: AnalyzeReport, stage: str) -> Iterable:
    """`items`, with the time spent producing them added to `stage`."""
    it = iter(items)
    while True:
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            item = next(it)
        except StopIteration:
            report.add_time(stage, time.perf_counter() - t0, time.process_time() - c0)
            return
        report.add_time(stage, time.perf_counter() - t0, time.process_time() - c0)
        yield item


def _event_chunks(store: Store, embedder, settings: Settings):
    """(articles, their lede claims, claim_id -> vector) pages in the order `iter_events` wants."""
    from stance.events.grouping import is_lede_claim
    from stance.store.articles import iter_articles_by_day
    from stance.store.claims import load_claims
    from stance.store.embeddings import load_cached, text_key

    for articles in iter_articles_by_day(store, settings.chunk_size):
        claims = [c for c in load_claims(store, [a.article_id for a in articles]) if is_lede_claim(c)]
        keys = {c.claim_id: text_key(c.claim_text) for c in claims}
        vecs = load_cached(store, embedder.name, list(keys.values()))
        yield articles, claims, {cid: vecs[k] for cid, k in keys.items() if k in vecs}


def load_registry_for(settings: Settings) -> Registry:
    """The outlet registry a run uses: the shipped one extended by `settings.registry_path`."""
    return load_registry(settings.registry_path, settings.actors_path)



@run_gc()
def analyze(paths: Iterable[str | Path], store: Store, settings: Settings, embedder=None,
            progress: Progress | None = None) -> AnalyzeReport:
    """Ingest `paths` into `store` and (re)analyze everything stored."""
    ensure_offline()
    progress = progress or no_progress
    report = AnalyzeReport()
    registry = load_registry_for(settings)
    progress("ingest", 0.0)
    with start_encoder(settings, embedder) as encoder:  # encodes claims as they are stored
        ingest_into(store, paths, settings, report, progress, registry, encoder)
        analyze_store(store, settings, report, embedder, progress, registry, encoder=encoder)
    progress("done", 1.0)
    return report


@run_gc()
def analyze_uploads(files: Sequence[tuple[str, bytes]], store: Store, settings: Settings,
                    embedder=None, progress: Progress | None = None) -> AnalyzeReport:
    """The dashboard's path: files uploaded or text pasted, given as (name, bytes)."""
    from stance.ingest import ingest_bytes
    from stance.store.articles import load_signatures

    ensure_offline()
    progress = progress or no_progress
    report = AnalyzeReport()
    registry = load_registry_for(settings)
    known = load_signatures(store, settings.syndication_threshold)  # once per batch of uploads
    with start_encoder(settings, embedder) as encoder:  # encodes claims as they are stored
        for i, (name, data) in enumerate(files):
            with StageTimer(report, "ingest"):
                res = ingest_bytes(data, name, settings, registry=registry, known=known)
            record_problems(report, res)
            _store_chunk(store, res.articles, report, registry, settings, index=known, encoder=encoder)
            progress("ingest", 0.5 * (i + 1) / max(len(files), 1))
        resume_pending_claims(store, report, registry, settings, encoder)
        if report.n_inputs_ok:
            analyze_store(store, settings, report, embedder, progress, registry, encoder=encoder)
    progress("done", 1.0)
    return report
