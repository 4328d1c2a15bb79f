"""Seed articles and claims for alignment tests.

Uses the real stages (`stance.ingest`, `stance.claims`) when they are importable; until then a
stand-in splits each seed paragraph into sentences with pysbd and takes outlet/date from the
gold, so alignment can be tested on real seed sentences either way."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from stance.schema import Article, Claim, make_claim_id, normalize_text, stable_hash

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def _gold() -> dict:
    from tests.conftest import GOLD_PATH

    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


def _stand_in() -> tuple[list[Article], list[Claim]]:
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False)
    gold = _gold()["articles"]
    articles, claims = [], []
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        # crude boilerplate filter: body paragraphs are long and end like sentences
        paras = [normalize_text(p) for p in raw.splitlines()
                 if len(p.split()) >= 10 and normalize_text(p)[-1:] in ".\")"]
        text = "\n\n".join(paras)
        g = gold.get(path.name, {})
        pub = g.get("published", "")
        pub = pub[0] if isinstance(pub, list) else pub
        art = Article(article_id=stable_hash(text), source=path.name, text=text,
                      outlet=g.get("outlet", [""])[0], published=pub,
                      title="")
        articles.append(art)
        sents = [(pi, s.strip()) for pi, p in enumerate(paras) for s in seg.segment(p) if s.strip()]
        for si, (pi, s) in enumerate(sents):
            claims.append(Claim(claim_id=make_claim_id(art.article_id, si, 0, s),
                                article_id=art.article_id, paragraph=pi, sentence_index=si,
                                position=si / max(1, len(sents) - 1), is_lede=pi <= 1,
                                claim_text=s, sentence_text=s))
    return articles, claims


@lru_cache(maxsize=1)
def seed_records() -> tuple[tuple[Article, ...], tuple[Claim, ...]]:
    """(articles, claims) of the five seeds, from the real stages when they exist."""
    try:
        from stance.claims import extract_claims
        from stance.ingest import ingest_paths
        from stance.settings import Settings
    except ImportError:
        arts, cls = _stand_in()
        return tuple(arts), tuple(cls)
    arts = ingest_paths([str(SEEDS)], Settings()).articles
    cls = extract_claims(arts).claims
    return tuple(arts), tuple(cls)


def find_claim(claims, articles, source: str, needle: str) -> Claim:
    """The claim of seed file `source` whose text contains `needle` (gold matching rule)."""
    from tests.conftest import norm

    ids = {a.article_id for a in articles if Path(a.source).name == source or a.source.endswith(source)}
    for c in claims:
        if c.article_id in ids and norm(needle) in norm(c.claim_text):
            return c
    raise LookupError(f"no claim in {source} contains {needle!r}")
