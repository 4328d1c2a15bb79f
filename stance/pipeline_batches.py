"""Stages 4-5 of a run (`stance.pipeline.analyze_store`) for batches of closed events: dated,
aligned, linked to earlier talking points, framed and stored, one batch at a time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from stance.pipeline import AnalyzeReport, StageTimer, align_events_local
from stance.schema import Claim, Event
from stance.store.db import Store


class EventBatches:
    """Aligns, links, frames and stores batches of closed events."""

    def __init__(self, store: Store, report: AnalyzeReport, embedder, registry, align_events,
                 thresholds, ahead, talking, window: int) -> None:
        self.store, self.report = store, report
        self.embedder, self.registry = embedder, registry
        self.align_events = align_events or align_events_local
        self.thresholds, self.talking = thresholds, talking
        self.facts_ahead, self.framings_ahead = ahead  # framing work done while the encoder worked
        self.window = window  # event window (days): how far from its event a named day may fall
        self.event_ids: set[str] = set()
        self.n_articles = 0

    def analyze(self, events: Sequence[Event]) -> None:
        from stance.align.talking_points import batch_day
        from stance.events.dating import date_undated
        from stance.framing import build_profiles, find_discrepancies
        from stance.store.analysis import rename_talking_points, save_event_analysis
        from stance.store.articles import load_articles, set_dates
        from stance.store.claims import load_claims
        from stance.store.embeddings import encode_cached

        if not events:
            return
        report, store = self.report, self.store
        ids = [aid for ev in events for aid in ev.article_ids]
        with StageTimer(report, "load"):
            articles = load_articles(store, ids)
            originals = {a.syndicated_of for a in articles if a.syndicated_of} - set(ids)
            articles += load_articles(store, originals)  # outlets of syndicated copies
            claims = load_claims(store, ids)
        by_article: dict[str, list[Claim]] = defaultdict(list)
        for c in claims:
            by_article[c.article_id].append(c)
        with StageTimer(report, "events"):  # "on Friday" in an undated report, read against its event
            dated = date_undated(events, {a.article_id: a for a in articles}, self.window)
            set_dates(store, dated)
            articles = [replace(a, published=dated[a.article_id][0], date_source=dated[a.article_id][1])
                        if a.article_id in dated else a for a in articles]
        articles_by_id = {a.article_id: a for a in articles}
        with StageTimer(report, "embed"):  # stored in step 1: read back, or encoded if missing
            texts = sorted({c.claim_text for c in claims})
            mat = encode_cached(store, self.embedder, texts)
        row_of = {t: i for i, t in enumerate(texts)}
        vec_of_claim = {c.claim_id: mat[row_of[c.claim_text]] for c in claims}
        dim = mat.shape[1] if mat.size else 1

        def jobs():  # lazily: one event's vectors at a time
            for ev in events:
                ev_claims = [c for aid in ev.article_ids for c in by_article.get(aid, [])]
                vecs = (np.stack([vec_of_claim[c.claim_id] for c in ev_claims])
                        if ev_claims else np.zeros((0, dim), np.float32))
                yield ev, ev_claims, vecs

        with StageTimer(report, "align"):
            per_event = self.align_events(jobs(), articles_by_id, self.thresholds)
            linked, renames = self.talking.link(
                [g for gs in per_event for g in gs], vec_of_claim,
                {c.claim_id: c.claim_text for c in claims}, day=batch_day(events))
            groups_by_event = defaultdict(list)
            for g in linked:
                groups_by_event[g.event_id].append(g)
        with StageTimer(report, "store"):
            rename_talking_points(store, renames)
        claims_by_id = {c.claim_id: c for c in claims}
        with StageTimer(report, "framing"):  # one call for the batch: its texts are parsed in big batches
            disc_of: dict[str, list] = defaultdict(list)
            for d in find_discrepancies(linked, claims_by_id, articles_by_id, ahead=self.facts_ahead):
                disc_of[d.event_id].append(d)
        for ev in events:
            ev_claims = [c for aid in ev.article_ids for c in by_article.get(aid, [])]
            groups = groups_by_event.get(ev.event_id, [])
            with StageTimer(report, "framing"):
                context = {aid: by_article.get(aid, []) for aid in ev.article_ids}
                framings = self.framings_ahead.frame(ev_claims, context)
                discrepancies = disc_of.get(ev.event_id, [])
                rows = build_profiles([ev], groups, claims_by_id, framings, articles_by_id, self.registry)
            with StageTimer(report, "store"):
                save_event_analysis(store, ev, groups, framings, rows, discrepancies)
            self.event_ids.add(ev.event_id)
        self.n_articles += len(ids)


__all__ = ["EventBatches"]
