"""Helpers shared by the claims tests: build Articles from text, run extraction once on the
seeds (through the real ingestion stage), find the claim holding a gold substring."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from stance.claims import extract_claims
from stance.schema import Article, Claim, stable_hash
from stance.text.normalize import normalize_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STANCE_SHARED", ROOT.parent / "shared"))
GOLD_PATH = SHARED / "gold" / "seeds.json"


def norm(s: str) -> str:
    return normalize_text(s).casefold()


def article(text: str, source: str = "test.txt", **kw) -> Article:
    return Article(article_id=stable_hash(text, source), source=source, text=text, **kw)


def claims_of(text: str, **kw) -> list[Claim]:
    res = extract_claims([article(text)], **kw)
    return res.claims


def find(claims: list[Claim], needle: str) -> Claim:
    hits = [c for c in claims if norm(needle) in norm(c.claim_text)]
    assert hits, f"no claim contains {needle!r}; claims: {[c.claim_text[:60] for c in claims]}"
    return hits[0]


@lru_cache(maxsize=1)
def seed_result():
    """(articles, ClaimsResult) for the seed files, ingested by the real ingestion stage."""
    from stance.config.settings import Settings
    from stance.ingest import ingest_paths

    articles = ingest_paths([str(ROOT / "seeds")], Settings()).articles
    return articles, extract_claims(articles)


def seed_claims(file_name: str) -> list[Claim]:
    articles, res = seed_result()
    ids = {a.article_id for a in articles if Path(a.source).name == file_name}
    assert ids, f"seed {file_name} was not ingested"
    return [c for c in res.claims if c.article_id in ids]


def gold() -> dict | None:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8")) if GOLD_PATH.exists() else None
