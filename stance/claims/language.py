"""Is this English? The claims rules (reporting verbs, pronouns) only work on English text, so
other languages are reported per article instead of producing meaningless attributions."""

from __future__ import annotations

import re

from stance.schema import Article

_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_STOP = {"the", "of", "and", "to", "in", "a", "is", "that", "on", "for", "with", "as", "said",
         "by", "was", "it", "at", "its", "has", "he", "from", "be", "are", "his", "this", "not"}


def english_problem(article: Article) -> str:
    """Empty when the text reads as English; otherwise a short reason."""
    lang = (article.language or "").lower()
    if lang and not lang.startswith("en"):
        return f"language is marked {article.language!r}"
    text = article.text[:4000]
    n_letters = len(_LETTER.findall(text))
    if n_letters < 40:
        return ""
    if len(_LATIN.findall(text)) < 0.6 * n_letters:
        return "most letters are not Latin script"
    words = re.findall(r"[a-z]+", text.lower())
    if len(words) >= 30 and sum(1 for w in words if w in _STOP) < 0.08 * len(words):
        return "very few common English words"
    return ""
