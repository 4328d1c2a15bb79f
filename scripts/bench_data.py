"""Synthetic inputs for the alignment and dashboard parts of `scripts/bench.py`.

Claims are made from real sentences of the seed pages (so the lexical pair guards of the
aligner do their real work); vectors are clustered around "propositions" so alignment forms
real multi-outlet groups instead of singletons.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from stance.schema import (
    Article,
    Claim,
    ClaimFraming,
    ClaimGroup,
    Dimension,
    Event,
    FramingRow,
    make_claim_id,
    stable_hash,
)

_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])")
OUTLETS = ["Reuters", "AFP", "AP", "Xinhua", "TASS", "CGTN", "RIA Novosti", "BBC", "CNN",
           "The Guardian", "Al Jazeera", "Global Times", "Kyiv Independent", "Politico"]


def seed_sentences(seeds_dir: str | Path) -> list[str]:
    """Sentences of 8-60 words from the seed pages: realistic claim texts."""
    out: list[str] = []
    for p in sorted(Path(seeds_dir).glob("*.txt")):
        for line in p.read_text(encoding="utf-8", errors="replace").splitlines():
            for s in _SENT.split(line.strip()):
                if 8 <= len(s.split()) <= 60:
                    out.append(s)
    return list(dict.fromkeys(out))


def synthetic_events(seeds_dir: str | Path, n_claims: int, claims_per_article: int = 25,
                     articles_per_event: int = 20, props_per_event: int = 80, dim: int = 384,
                     seed: int = 0):
    """Events with claims, per-event vectors and articles: `n_claims` claims in events of
    articles_per_event x claims_per_article claims. Yields (event, claims, vectors, articles)."""
    rng = np.random.default_rng(seed)
    sents = seed_sentences(seeds_dir)
    per_event = claims_per_article * articles_per_event
    n_events = max(1, -(-n_claims // per_event))
    made = 0
    for e in range(n_events):
        day = f"2023-{1 + e % 12:02d}-{1 + e % 27:02d}"
        centers = rng.standard_normal((props_per_event, dim)).astype(np.float32)
        centers /= np.linalg.norm(centers, axis=1, keepdims=True)
        prop_text = [sents[(e * 7 + k) % len(sents)] for k in range(props_per_event)]
        articles, claims, vecs = {}, [], []
        for a in range(articles_per_event):
            if made >= n_claims:
                break
            outlet = OUTLETS[(e + a) % len(OUTLETS)]
            aid = stable_hash("bench-article", str(e), str(a))
            articles[aid] = Article(article_id=aid, source=f"bench/{e}/{a}.txt", text="",
                                    outlet=outlet, published=day)
            props = rng.choice(props_per_event, size=claims_per_article, replace=False)
            for s, k in enumerate(props):
                if made >= n_claims:
                    break
                text = prop_text[k] if rng.random() < 0.7 else sents[rng.integers(len(sents))]
                noise = rng.standard_normal(dim).astype(np.float32)
                v = centers[k] + noise / np.linalg.norm(noise) * 0.6
                vecs.append(v / np.linalg.norm(v))
                claims.append(Claim(claim_id=make_claim_id(aid, s, 0, text), article_id=aid,
                                    paragraph=s, sentence_index=s, position=s / claims_per_article,
                                    is_lede=s == 0, claim_text=text, sentence_text=text))
                made += 1
        if not claims:
            break
        event = Event(event_id=stable_hash("bench-event", str(e)), label=f"Bench event {e}",
                      article_ids=tuple(articles), start=day, end=day)
        yield event, claims, np.stack(vecs).astype(np.float32), articles


def link_as_pipeline(per_event, vectors_by_claim, texts_by_claim, thresholds, settings):
    """Talking points linked the way `stance.pipeline` links them: `TalkingPointIndex.link` on
    events in date order, in batches of about `settings.chunk_size` articles, each batch with
    its last day (`batch_day`) so the `talking_point_days` horizon applies. `per_event`:
    (event, its claim groups). Returns every group with its talking_point_id."""
    from stance.align.talking_points import TalkingPointIndex, batch_day

    index = TalkingPointIndex(thresholds, settings.talking_point_days)
    linked, batch, n_articles = [], [], 0

    def flush():
        groups = [g for _, gs in batch for g in gs]
        linked.extend(index.link(groups, vectors_by_claim, texts_by_claim,
                                 day=batch_day([ev for ev, _ in batch]))[0])

    for ev, groups in sorted(per_event, key=lambda eg: (eg[0].start or "9999", eg[0].event_id)):
        batch.append((ev, groups))
        n_articles += len(ev.article_ids)
        if n_articles >= settings.chunk_size:
            flush()
            batch, n_articles = [], 0
    if batch:
        flush()
    return linked


def build_dashboard_db(store, seeds_dir: str | Path, n_claims: int, seed: int = 0) -> int:
    """Fill `store` with `n_claims` claims, their events, groups, framing and profiles, through
    the same save functions the pipeline uses. Returns the number of claims stored."""
    from stance.align.groups import align_event
    from stance.config.thresholds import load_thresholds
    from stance.store.analysis import save_event_analysis
    from stance.store.articles import save_articles
    from stance.store.claims import save_claims

    thresholds = load_thresholds()
    total = 0
    rng = np.random.default_rng(seed)
    stances = ["asserted", "attributed", "distanced", "contested"]
    for event, claims, vecs, articles in synthetic_events(seeds_dir, n_claims, seed=seed):
        arts = [Article(**{**a.__dict__, "text": " ".join(c.claim_text for c in claims
                                                          if c.article_id == a.article_id)})
                for a in articles.values()]
        save_articles(store, arts)
        save_claims(store, claims)
        groups: list[ClaimGroup] = align_event(event, claims, vecs, articles, thresholds)
        framings = {c.claim_id: ClaimFraming(claim_id=c.claim_id, stance=stances[rng.integers(4)],
                                             stance_cue="bench", tone=float(rng.uniform(-1, 1)),
                                             terms={"war_in_ukraine": "conflict"} if rng.random() < .1 else {})
                    for c in claims}
        rows = [FramingRow(event.event_id, a.outlet, Dimension.STANCE_SHARE, s, float(rng.random()))
                for a in articles.values() for s in stances]
        save_event_analysis(store, event, groups, framings, rows, [])
        total += len(claims)
    return total

