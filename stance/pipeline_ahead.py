"""Step 1 of `stance.pipeline.analyze_store`: every stored claim text without a vector is encoded
by the background encoder (`stance.embed.background`) while this thread does the work that needs
no vector ahead: discrepancy facts (`stance.framing.ahead.FactsAhead`), article profiles
(`stance.events.grouping.ProfilesAhead`) and each claim's framing (`FramingsAhead`)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # stance.pipeline imports this module when a run reaches step 1
    from stance.config.settings import Settings
    from stance.pipeline import AnalyzeReport
    from stance.store.db import Store

_END = object()
ENCODE_PAGE = 4096  # claim rows read per encoding step (a few thousand texts: full batches)
PROFILES_PAGE = 32  # articles profiled per step of the work done beside the encoder


def encode_stored(store: Store, encoder, report: AnalyzeReport, settings: Settings, lexicon):
    """Encode every stored claim text that has no vector yet (the texts handed over during
    ingestion are already on their way), doing work ahead meanwhile: discrepancy facts of the
    claim texts, article profiles, each claim's framing (`stance.framing.ahead`,
    `stance.events.grouping.ProfilesAhead`). Returns them: ((FactsAhead, FramingsAhead) for the
    event batches, ProfilesAhead for the events)."""
    from itertools import chain

    from stance.events.grouping import ProfilesAhead
    from stance.framing.ahead import FactsAhead, FramingsAhead
    from stance.store.articles import iter_articles_by_day
    from stance.store.claims import iter_claim_article_ids, iter_claim_texts, load_claims

    facts, profiles, framings = FactsAhead(), ProfilesAhead(settings), FramingsAhead(lexicon)
    work = chain(facts.steps(iter_claim_texts(store, ENCODE_PAGE)),
                 profiles.steps(iter_articles_by_day(store, PROFILES_PAGE)),
                 framings.steps(iter_claim_article_ids(store, ENCODE_PAGE), lambda ids: load_claims(store, ids)))
    spent = [0.0, 0.0]

    def steps():  # each step timed: it is framing work, done while the encoder works
        while True:
            t0, c0 = time.perf_counter(), time.process_time()
            done = next(work, _END) is _END
            spent[0] += time.perf_counter() - t0
            spent[1] += time.process_time() - c0
            if done:
                return
            yield

    t0, c0 = time.perf_counter(), time.process_time()
    encoder.finish(store, iter_claim_texts(store, ENCODE_PAGE), meanwhile=steps())
    report.add_time("embed", time.perf_counter() - t0 - spent[0], time.process_time() - c0 - spent[1])
    report.add_time("framing_ahead", spent[0], spent[1])
    report.encoded += encoder.written
    report.background.update(model_load=encoder.load_seconds, encode=encoder.encode_seconds,
                             idle=encoder.idle_seconds)
    return (facts, framings), profiles


__all__ = ["ENCODE_PAGE", "PROFILES_PAGE", "encode_stored"]
