"""Is this English? The claims rules (reporting verbs, pronouns) only work on English text, so
other languages are reported per article instead of producing meaningless attributions."""

from __future__ import annotations

import re

from stance.schema import Article

_STOP = {"the", "of", "and", "to", "in", "a", "is", "that", "on", "for", "with", "as", "said",
         "by", "was", "it", "at", "its", "has", "he", "from", "be", "are", "his", "this", "not"}


def english_problem(article: Article) -> str:
    """Empty when the text reads as English; otherwise a short reason."""
    lang = (article.language or "").lower()
    if lang and not lang.startswith("en"):
        return f"language is marked {article.language!r}"
    text = article.text[:20000]
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 40:
        return ""
    latin = sum(1 for c in letters if c.isascii())
    if latin < 0.6 * len(letters):
        return "most letters are not Latin script"
    words = re.findall(r"[a-z]+", text.lower())
    if len(words) >= 30 and sum(1 for w in words if w in _STOP) < 0.08 * len(words):
        return "very few common English words"
    return ""
