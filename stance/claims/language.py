"""Is this English? The claims rules (reporting verbs, pronouns) only work on English text, so
other languages are reported per article instead of producing meaningless attributions.

The language rule itself is ingestion's (`stance.ingest.language.detect_language`); this module
only applies it to an article, trusting neither a missing nor an "en" mark blindly."""

from __future__ import annotations

from stance.ingest.language import detect_language
from stance.schema import Article


def english_problem(article: Article) -> str:
    """Empty when the text reads as English (or is too short to tell); otherwise a short reason."""
    lang = (article.language or "").lower()
    if lang and not lang.startswith("en"):
        return f"language is marked {article.language!r}"
    code, _ = detect_language(article.text)
    if code not in ("en", "und"):
        return f"the text reads as {code!r}"
    return ""
