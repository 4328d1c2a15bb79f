"""Tone of a claim (VADER compound, offline) and tone toward named targets.

Target tone is measured on the clause around each mention rather than the whole sentence, so
"China praised the talks while the West imposed harsh sanctions" scores China and the West
apart. Clause boundaries are punctuation and contrast/relative connectives; the clause holding
the mention is widened to its neighbour when it is too short to carry sentiment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

CLAUSE_SPLIT = re.compile(
    r"\s*[;:()]\s*|,\s+(?=(?:while|whereas|but|although|though|which|who|as|after|before|despite|even as|"
    r"saying|adding|however|yet)\b)|\s+(?=(?:while|whereas|but|although|though|despite|even as)\b)"
    r"|,\s+(?=\w+ly\b)|\s-\s",
    re.IGNORECASE,
)
MIN_CLAUSE_WORDS = 4


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=16384)
def compound(text: str) -> float:
    """VADER compound score in [-1, 1] (0.0 for empty text); cached, clauses repeat across targets."""
    if not text or not text.strip():
        return 0.0
    return float(_analyzer().polarity_scores(text)["compound"])


def clauses(sentence: str) -> list[tuple[int, int]]:
    """Character spans of the clauses of a sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in CLAUSE_SPLIT.finditer(sentence):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(sentence):
        spans.append((start, len(sentence)))
    return [s for s in spans if sentence[s[0]:s[1]].strip()] or [(0, len(sentence))]


def clause_around(sentence: str, start: int, end: int) -> str:
    """The clause holding the span [start, end), widened to the next clause when very short."""
    spans = clauses(sentence)
    for i, (a, b) in enumerate(spans):
        if a <= start < b or (start < a and end > a):
            lo, hi = a, max(b, end)
            if len(sentence[lo:hi].split()) < MIN_CLAUSE_WORDS:
                if i + 1 < len(spans):
                    hi = spans[i + 1][1]
                elif i > 0:
                    lo = spans[i - 1][0]
            return sentence[lo:hi].strip()
    return sentence.strip()


def target_tones(sentence: str, targets: Mapping[str, Sequence[re.Pattern[str]]]) -> dict[str, float]:
    """target -> mean compound of the clauses that mention it (targets not mentioned are absent)."""
    out: dict[str, float] = {}
    for name, aliases in targets.items():
        scores = [compound(c) for c in _mention_clauses(sentence, aliases)]
        if scores:
            out[name] = round(sum(scores) / len(scores), 4)
    return out


def _mention_clauses(sentence: str, aliases: Iterable[re.Pattern[str]]) -> list[str]:
    seen: list[str] = []
    for pat in aliases:
        for m in pat.finditer(sentence):
            clause = clause_around(sentence, m.start(), m.end())
            if clause not in seen:
                seen.append(clause)
    return seen


def mention_tone(sentence: str, start: int, end: int) -> float:
    """Compound of the clause around one known mention (used by the BASIL evaluation)."""
    return compound(clause_around(sentence, start, end))
