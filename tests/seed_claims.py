"""Seed articles and claims for alignment tests: the real ingest and claims stages when they
are importable, else the sentence stand-in of `stance.calibrate.align` (same as calibration)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from stance.calibrate.align import find
from stance.calibrate.align import seed_records as _seed_records
from stance.schema import Article, Claim

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

__all__ = ["find_claim", "seed_records"]


@lru_cache(maxsize=1)
def seed_records() -> tuple[tuple[Article, ...], tuple[Claim, ...]]:
    from tests.conftest import GOLD_PATH

    gold = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    arts, claims = _seed_records(SEEDS, gold)
    return tuple(arts), tuple(claims)


def find_claim(claims, articles, source: str, needle: str) -> Claim:
    """The claim of seed file `source` whose text contains `needle` (gold matching rule)."""
    return find(claims, articles, source, needle)
