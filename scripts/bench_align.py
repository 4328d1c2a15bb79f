"""Benchmark: embedding vs alignment throughput, and how alignment time grows with the corpus.

    python scripts/bench_align.py [--copies 200] [--backend auto]

Corpus: the seed claims repeated `copies` times with small perturbations (a word dropped, a
word repeated, a number appended), each copy its own set of events, as a real corpus of many
meetings would be. Prints claims/s for encoding and for alignment (events + talking points),
then alignment time from 1k to 20k claims (blocked by event; and inside a single event) so the
growth can be read: roughly linear across events, never quadratic over the whole corpus.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from bench_data import link_as_pipeline

from stance.align.groups import align_event
from stance.calibrate.align import seed_records
from stance.config.settings import ensure_offline, load_settings
from stance.config.thresholds import load_thresholds
from stance.embed import get_embedder
from stance.schema import Claim, Event, stable_hash

ROOT = Path(__file__).resolve().parents[1]


def perturb(text: str, rng: random.Random) -> str:
    words = text.split()
    if len(words) > 4:
        k = rng.randrange(len(words))
        op = rng.randrange(3)
        if op == 0:
            del words[k]
        elif op == 1:
            words.insert(k, words[k])
        else:
            words.append(str(rng.randrange(100)))
    return " ".join(words)


def build_corpus(copies: int, seed: int = 0):
    """(events, claims, articles) of `copies` perturbed copies of the seeds."""
    import json

    gold_path = ROOT.parent / "shared" / "gold" / "seeds.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8")) if gold_path.exists() else {}
    articles, claims = seed_records(ROOT / "seeds", gold)
    rng = random.Random(seed)
    arts, cls, events = {}, [], []
    for c in range(copies):
        ids = {}
        for a in articles:
            aid = stable_hash(a.article_id, str(c))
            ids[a.article_id] = aid
            arts[aid] = replace(a, article_id=aid)
        for cl in claims:
            text = perturb(cl.claim_text, rng)
            cls.append(replace(cl, claim_id=stable_hash(cl.claim_id, str(c)),
                               article_id=ids[cl.article_id], claim_text=text))
        # one event per seed article copy pair; grouping is benchmarked elsewhere
        events.append(Event(event_id=stable_hash("ev", str(c)), label=f"copy {c}",
                            article_ids=tuple(ids.values())))
    return events, cls, arts


def run_alignment(events, claims, vecs, arts, th, settings):
    """Claim groups per event, then talking points linked as the pipeline links them."""
    by_event: dict[str, list[int]] = {}
    art_event = {a: e.event_id for e in events for a in e.article_ids}
    for i, c in enumerate(claims):
        by_event.setdefault(art_event[c.article_id], []).append(i)
    ev = {e.event_id: e for e in events}
    per_event = [(ev[eid], align_event(ev[eid], [claims[i] for i in idx], vecs[idx], arts, th))
                 for eid, idx in by_event.items()]
    vbc = {c.claim_id: v for c, v in zip(claims, vecs, strict=False)}
    return link_as_pipeline(per_event, vbc, {c.claim_id: c.claim_text for c in claims}, th, settings)


def main() -> None:
    ensure_offline()
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=200)
    ap.add_argument("--backend", default=None)
    args = ap.parse_args()
    settings = load_settings(embed_backend=args.backend)
    th = load_thresholds(settings)
    events, claims, arts = build_corpus(args.copies)
    emb = get_embedder(settings)
    texts = [c.claim_text for c in claims]
    emb.encode(texts[:64])  # warm-up
    t0 = time.perf_counter()
    vecs = emb.encode(texts)
    t_enc = time.perf_counter() - t0
    t0 = time.perf_counter()
    groups = run_alignment(events, claims, vecs, arts, th, settings)
    t_align = time.perf_counter() - t0
    n = len(claims)
    print(f"corpus: {args.copies} perturbed copies of the seeds, {n} claims, {len(events)} events")
    print(f"embedding ({type(emb).__name__}): {n / t_enc:,.0f} claims/s")
    print(f"alignment (events + talking points): {n / t_align:,.0f} claims/s, {len(groups)} groups")
    print(f"alignment_to_encoding_cost: {t_align / t_enc:.3f}")

    rng = np.random.default_rng(0)
    print("\nscaling (vectors of the corpus, repeated with small noise)")
    print(f"{'claims':>8} {'blocked by event s':>20} {'one event s':>13}")
    per_event = max(1, n // len(events))
    for target in (1000, 2000, 5000, 10000, 20000):
        reps = -(-target // n)
        big_v = np.concatenate([vecs + 0.02 * rng.standard_normal(vecs.shape).astype(np.float32)
                                for _ in range(reps)])[:target]
        big_v /= np.linalg.norm(big_v, axis=1, keepdims=True)
        big_c: list[Claim] = []
        big_e: list[Event] = []
        for r in range(reps):
            for e in events:
                big_e.append(Event(f"{e.event_id}-{r}", e.label, tuple(f"{a}-{r}" for a in e.article_ids)))
            big_c += [replace(c, claim_id=f"{c.claim_id}-{r}", article_id=f"{c.article_id}-{r}")
                      for c in claims]
        big_c = big_c[:target]
        big_a = {f"{a}-{r}": replace(v, article_id=f"{a}-{r}") for r in range(reps)
                 for a, v in arts.items()}
        used = {c.article_id for c in big_c}
        big_e = [e for e in big_e if set(e.article_ids) & used]
        t0 = time.perf_counter()
        run_alignment(big_e, big_c, big_v, big_a, th, settings)
        t_blocked = time.perf_counter() - t0
        one = Event("one", "one", tuple(used))
        t0 = time.perf_counter()
        align_event(one, big_c, big_v, big_a, th)
        t_one = time.perf_counter() - t0
        print(f"{target:>8} {t_blocked:>20.2f} {t_one:>13.2f}")
    print(f"(about {per_event} claims per event in the blocked runs)")


if __name__ == "__main__":
    main()
