"""Claims + attribution throughput on the seed articles repeated N times (default 100).

Each copy gets its own article id and a changed first sentence, so nothing is served from a
per-article cache; the full pipeline (segmentation, quotations, cues, NER where needed,
cross-sentence resolution) runs on every copy. The spaCy model load is timed separately.

    python scripts/bench_claims.py [--repeat 100] [--no-ner]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from stance.claims import extract_claims
from stance.config.settings import Settings, ensure_offline
from stance.ingest import ingest_paths
from stance.schema import stable_hash


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=100)
    ap.add_argument("--seeds", default=str(Path(__file__).resolve().parents[1] / "seeds"))
    ap.add_argument("--no-ner", action="store_true", help="skip spaCy NER (entity list and rules only)")
    args = ap.parse_args()
    ensure_offline()
    base = ingest_paths([args.seeds], Settings()).articles
    articles = []
    for i in range(args.repeat):
        for a in base:
            text = f"Copy {i} of this report was filed on day {i}.\n\n{a.text}"
            articles.append(replace(a, article_id=stable_hash(text, str(i)), text=text))
    t0 = time.perf_counter()
    extract_claims(base[:1], use_ner=not args.no_ner)  # warm-up
    if not args.no_ner:
        from stance.claims import _ner_pipeline

        _ner_pipeline()  # load the spaCy model once, outside the timed part
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = extract_claims(articles, use_ner=not args.no_ner)
    dt = time.perf_counter() - t0
    n = len(res.claims)
    print(f"articles: {len(articles)}  claims: {n}  warnings: {len(res.warnings)}")
    print(f"model load + warm-up: {load:.2f} s")
    print(f"claims + attribution: {dt:.2f} s  ->  {n / dt:,.0f} claims/s, {len(articles) / dt:,.0f} articles/s"
          f"{'  (no NER)' if args.no_ner else ''}")


if __name__ == "__main__":
    main()
