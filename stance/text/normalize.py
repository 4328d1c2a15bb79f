"""Text normalisation: the one definition of "the same text" for hashing and matching.

NFKC, typographic quotes and dashes made ASCII, non-breaking and zero-width spaces handled,
whitespace collapsed. `normalize_text_lines` does the same but keeps line breaks (credits and
timestamps are line-anchored).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

QUOTE_MAP = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "",
    }
)


_SPACES = re.compile(r"\s+")


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(QUOTE_MAP)
    return _SPACES.sub(" ", text).strip()


# claim and sentence texts recur across the stages of one batch; bounded so memory follows the batch
_normalize_short = lru_cache(maxsize=1 << 14)(_normalize)


def normalize_text(text: str) -> str:
    """ASCII quotes/dashes, NFKC, collapsed whitespace. Used for hashing and matching."""
    if not text:
        return ""
    return _normalize_short(text) if len(text) <= 1000 else _normalize(text)


_LINE_WS = re.compile(r"[^\S\n]+")
_NL = re.compile(r"\s*\n\s*")


def normalize_text_lines(text: str) -> str:
    """normalize_text, but keeping line structure (credits are line-anchored)."""
    t = text or ""
    if not t.isascii():
        t = unicodedata.normalize("NFKC", t).translate(QUOTE_MAP)
    t = t.replace("\r", "\n")
    return _NL.sub("\n", _LINE_WS.sub(" ", t)).strip()


def alias_key(name: str) -> str:
    """Spelling-blind key of a name: "Al-Ahed", "al ahed" and "ALAHED" all become "alahed"."""
    return re.sub(r"[^0-9a-z\u0080-\uffff]+", "", normalize_text(name).casefold())
