"""Stemming: the one rule that reduces a word to the form compared across wordings."""

from __future__ import annotations

from functools import lru_cache

# derivational endings before inflectional ones, longest first within each family, so
# multi-polar / multipolarity / multipolarization / multi-polarisation all become "multipolar"
SUFFIXES = ("izations", "isations", "ization", "isation", "izing", "ising", "ized", "ised",
            "izes", "ises", "ize", "ise", "ities", "ity", "nesses", "ness", "ments", "ment",
            "ings", "ing", "ies", "ed", "es", "s")
MIN_STEM = 5  # a shorter stem is too generic to stand for a word family


@lru_cache(maxsize=1 << 16)  # words recur across claims and stages: each is cut once
def stem(word: str, min_stem: int = MIN_STEM) -> str:
    """Lower-case, hyphens and apostrophes dropped ("Russia's" -> "russias" -> "russia"), one derivational or inflectional ending cut
    when at least `min_stem` letters remain. A smaller `min_stem` also folds short words
    ("talks" -> "talk"), which suits matching a headline to its lead."""
    w = word.casefold().replace("-", "").replace("'", "").replace("\u2019", "")
    for suf in SUFFIXES:
        if suf == "s" and w.endswith("ss"):
            continue  # "process", "progress": not a plural
        if w.endswith(suf) and len(w) - len(suf) >= min_stem:
            return w[: -len(suf)]
    return w
