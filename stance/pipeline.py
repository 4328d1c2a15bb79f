"""The one place where the stages are wired together.

ingest -> claims -> embed -> events/align -> framing -> store. Every stage reads what the
previous one stored, so an analysis can be resumed, extended by new articles (only new articles
are segmented, only new claim texts are encoded) and re-run after a threshold change.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from stance.schema import Article, Claim, ClaimGroup, Event
from stance.settings import Settings, ensure_offline
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
    timings: dict[str, float] = field(default_factory=dict)
    encoded: int = 0  # claim texts encoded (not found in the embedding cache)

    def add_time(self, stage: str, seconds: float) -> None:
        self.timings[stage] = self.timings.get(stage, 0.0) + seconds


def _noop(stage: str, fraction: float) -> None:
    return None


class _Timer:
    def __init__(self, report: AnalyzeReport, stage: str) -> None:
        self.report, self.stage = report, stage

    def __enter__(self) -> _Timer:
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.report.add_time(self.stage, time.perf_counter() - self.t0)


# -- stage 1+2: ingestion and claims, chunk by chunk ---------------------------------------------


def _store_chunk(store: Store, articles: Sequence[Article], report: AnalyzeReport, registry,
                 settings: Settings, index=None) -> None:
    from stance.claims import extract_claims
    from stance.claims.actors import load_actors
    from stance.store.articles import save_articles
    from stance.store.claims import articles_with_claims, save_claims

    with _Timer(report, "store"):
        new, dup = save_articles(store, articles, settings.syndication_threshold, index=index)
    report.n_articles += new
    report.n_duplicates += dup
    existing = articles_with_claims(store, (a.article_id for a in articles))
    todo = [a for a in articles if a.article_id not in existing]
    if not todo:
        return
    with _Timer(report, "claims"):
        res = extract_claims(todo, registry=registry, actors=load_actors(settings.actors_path),
                             lede_paragraphs=settings.lede_paragraphs)
    report.warnings.extend(res.warnings)
    with _Timer(report, "store"):
        save_claims(store, res.claims)
    report.n_claims += len(res.claims)


def _record_problems(report: AnalyzeReport, result) -> None:
    """Skipped inputs are problems; caveats are warnings; a re-read duplicate is a success."""
    report.n_inputs_ok += len(result.articles)
    for p in result.problems:
        line = f"{p.source}: {p.message}"
        if p.level == "error":
            report.problems.append(line)
        elif p.message.startswith("duplicate of"):
            report.n_duplicates += 1
            report.n_inputs_ok += 1
        else:
            report.warnings.append(line)


def ingest_into(store: Store, paths: Iterable[str | Path], settings: Settings,
                report: AnalyzeReport, progress: Progress = _noop, registry=None) -> None:
    """Read inputs in chunks (flat memory), store articles and their claims."""
    from stance.ingest import iter_ingest
    from stance.store.articles import load_signatures

    paths = [str(p) for p in paths]
    done = 0
    t0 = time.perf_counter()
    known = load_signatures(store, settings.syndication_threshold)
    for chunk in iter_ingest(paths, settings, registry=registry, chunk_size=settings.chunk_size,
                             known=known):
        report.add_time("ingest", time.perf_counter() - t0)
        _record_problems(report, chunk)
        _store_chunk(store, chunk.articles, report, registry, settings, index=known)
        done += len(chunk.articles) + len(chunk.problems)
        progress("ingest", min(0.5, 0.05 + done / max(done + 1, 1) * 0.45))
        t0 = time.perf_counter()


# -- stage 3-5: events, alignment, talking points, framing ---------------------------------------


def align_events_local(jobs, articles_by_id, thresholds) -> list[list[ClaimGroup]]:
    """Align each (event, claims, vectors) job in turn; the Dask engine passes a parallel one."""
    from stance.align import align_event

    return [align_event(ev, claims, vecs, articles_by_id, thresholds) for ev, claims, vecs in jobs]


def analyze_store(store: Store, settings: Settings, report: AnalyzeReport,
                  embedder=None, progress: Progress = _noop, registry=None,
                  align_events=None) -> None:
    """(Re)compute events, claim groups, talking points and framing over everything stored.
    `align_events(jobs, articles_by_id, thresholds)` replaces `align_events_local` (same
    contract: one list of groups per (event, claims, vectors) job, in job order)."""
    from stance.align import link_talking_points, load_thresholds
    from stance.embed import get_embedder
    from stance.events import group_events
    from stance.framing import build_profiles, find_discrepancies, frame_claims, load_lexicon
    from stance.store.analysis import delete_events, save_event_analysis, stored_event_articles
    from stance.store.articles import load_articles
    from stance.store.claims import load_claims
    from stance.store.embeddings import encode_cached

    with _Timer(report, "load"):
        articles = load_articles(store)
        claims = load_claims(store)
    if not articles:
        return
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_article[c.article_id].append(c)
    for lst in by_article.values():
        lst.sort(key=lambda c: (c.sentence_index, c.sub_index))
    articles_by_id = {a.article_id: a for a in articles}

    if embedder is None:
        with _Timer(report, "model_load"):
            embedder = get_embedder(settings)
    progress("embed", 0.55)
    texts = sorted({c.claim_text for c in claims})
    with _Timer(report, "embed"):
        before = _count_cached(store, embedder)
        mat = encode_cached(store, embedder, texts) if texts else np.zeros((0, 1), np.float32)
        report.encoded += max(0, _count_cached(store, embedder) - before)
    row_of = {t: i for i, t in enumerate(texts)}
    vec_of_claim = {c.claim_id: mat[row_of[c.claim_text]] for c in claims}

    progress("events", 0.7)
    with _Timer(report, "events"):
        events: list[Event] = group_events(articles, claims, embedder, settings,
                                           vectors_by_claim=vec_of_claim)
    thresholds = load_thresholds(settings)

    progress("align", 0.75)
    dim = mat.shape[1] if mat.size else 1

    def jobs():  # lazily: one event's vectors at a time
        for ev in events:
            ev_claims = [c for aid in ev.article_ids for c in by_article.get(aid, [])]
            vecs = (np.stack([vec_of_claim[c.claim_id] for c in ev_claims])
                    if ev_claims else np.zeros((0, dim), np.float32))
            yield ev, ev_claims, vecs

    with _Timer(report, "align"):
        per_event = (align_events or align_events_local)(jobs(), articles_by_id, thresholds)
        all_groups = [g for gs in per_event for g in gs]
        linked = link_talking_points(all_groups, vec_of_claim, thresholds.talking_point,
                                     slack=thresholds.link_slack, margin=thresholds.polarity_margin,
                                     texts_by_claim={c.claim_id: c.claim_text for c in claims})
        groups_by_event = defaultdict(list)
        for g in linked:
            groups_by_event[g.event_id].append(g)

    progress("framing", 0.85)
    lexicon = load_lexicon(settings.lexicon_path)
    claims_by_id = {c.claim_id: c for c in claims}
    stale = set(stored_event_articles(store)) - {e.event_id for e in events}
    delete_events(store, stale)
    parse_cache: dict = {}  # claim text -> discrepancy Facts, shared by the events of this run
    for i, ev in enumerate(events):
        ev_claims = [c for aid in ev.article_ids for c in by_article.get(aid, [])]
        groups = groups_by_event.get(ev.event_id, [])
        with _Timer(report, "framing"):
            context = {aid: by_article.get(aid, []) for aid in ev.article_ids}
            framings = {f.claim_id: f for f in frame_claims(ev_claims, lexicon, context=context)}
            discrepancies = find_discrepancies(groups, claims_by_id, parse_cache=parse_cache)
            rows = build_profiles([ev], groups, claims_by_id, framings, articles_by_id, registry)
        with _Timer(report, "store"):
            save_event_analysis(store, ev, groups, framings, rows, discrepancies)
        progress("framing", 0.85 + 0.15 * (i + 1) / max(len(events), 1))
    report.n_events = len(events)
    report.n_groups = sum(len(g) for g in groups_by_event.values())


def _count_cached(store: Store, embedder) -> int:
    row = store.query("SELECT COUNT(*) AS n FROM embeddings WHERE model = ?", (embedder.name,))
    return int(row[0]["n"])


def _registry(settings: Settings):
    from stance.registry import load_registry

    return load_registry(settings.registry_path)


def analyze(paths: Iterable[str | Path], store: Store, settings: Settings, embedder=None,
            progress: Progress | None = None) -> AnalyzeReport:
    """Ingest `paths` into `store` and (re)analyze everything stored."""
    ensure_offline()
    progress = progress or _noop
    report = AnalyzeReport()
    registry = _registry(settings)
    progress("ingest", 0.0)
    ingest_into(store, paths, settings, report, progress, registry)
    analyze_store(store, settings, report, embedder, progress, registry)
    progress("done", 1.0)
    return report


def analyze_uploads(files: Sequence[tuple[str, bytes]], store: Store, settings: Settings,
                    embedder=None, progress: Progress | None = None) -> AnalyzeReport:
    """The dashboard's path: files uploaded or text pasted, given as (name, bytes)."""
    from stance.ingest import ingest_bytes
    from stance.store.articles import load_signatures

    ensure_offline()
    progress = progress or _noop
    report = AnalyzeReport()
    registry = _registry(settings)
    known = load_signatures(store, settings.syndication_threshold)  # once per batch of uploads
    for i, (name, data) in enumerate(files):
        with _Timer(report, "ingest"):
            res = ingest_bytes(data, name, settings, registry=registry, known=known)
        _record_problems(report, res)
        _store_chunk(store, res.articles, report, registry, settings, index=known)
        progress("ingest", 0.5 * (i + 1) / max(len(files), 1))
    if report.n_inputs_ok:
        analyze_store(store, settings, report, embedder, progress, registry)
    progress("done", 1.0)
    return report
