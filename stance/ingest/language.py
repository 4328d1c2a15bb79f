"""Language identification from script and stop-word coverage, using jusText's stop lists.

No model download and no extra dependency: the share of a text's words that are function words
of a language separates languages well on article-length text. Non-Latin scripts are told apart
by their Unicode ranges first (Chinese, Japanese, Korean, Arabic, Greek, Hebrew, ...).
"""

from __future__ import annotations

import re
from functools import lru_cache

# justext stop-list name -> ISO 639-1 code, for the languages news in this domain comes in
_LISTS = {
    "English": "en", "French": "fr", "German": "de", "Spanish": "es", "Italian": "it",
    "Portuguese": "pt", "Dutch": "nl", "Polish": "pl", "Russian": "ru", "Ukrainian": "uk",
    "Belarusian": "be", "Bulgarian": "bg", "Serbian": "sr", "Czech": "cs", "Slovak": "sk",
    "Romanian": "ro", "Hungarian": "hu", "Swedish": "sv", "Danish": "da", "Norwegian_Bokmal": "no",
    "Finnish": "fi", "Turkish": "tr", "Indonesian": "id", "Malay": "ms", "Vietnamese": "vi",
    "Arabic": "ar", "Persian": "fa", "Urdu": "ur", "Hindi": "hi", "Greek": "el", "Hebrew": "he",
    "Croatian": "hr", "Slovenian": "sl", "Lithuanian": "lt", "Latvian": "lv", "Estonian": "et",
    "Kazakh": "kk", "Georgian": "ka", "Armenian": "hy", "Catalan": "ca", "Tagalog": "tl",
    "Swahili": "sw", "Korean": "ko",
}
CODE_TO_LIST = {v: k for k, v in _LISTS.items()}

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SCRIPTS = [  # (code, regex of the script's characters)
    ("ja", re.compile(r"[\u3040-\u30ff]")),  # kana: Japanese even when mixed with kanji
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
]


@lru_cache(maxsize=64)
def stoplist(code: str) -> frozenset[str]:
    """Stop words of a language (empty when jusText has no list for it)."""
    name = CODE_TO_LIST.get(code)
    if not name:
        return frozenset()
    import justext  # local import: keeps `import stance.ingest` light

    return frozenset(w.casefold() for w in justext.get_stoplist(name))


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, ...]]:
    """word -> languages whose stop list holds it (built once per process)."""
    idx: dict[str, list[str]] = {}
    for code in _LISTS.values():
        for w in stoplist(code):
            idx.setdefault(w, []).append(code)
    return {w: tuple(c) for w, c in idx.items()}


_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_NON_LATIN = re.compile(r"[\u0370-\u1fff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")  # Greek..Thai, CJK, Hangul


def detect_language(text: str, sample_chars: int = 4000) -> tuple[str, float]:
    """(ISO code, confidence 0..1); ("und", 0.0) when the text is too short to tell."""
    sample = text[:sample_chars]
    non_latin = _NON_LATIN.search(sample) is not None
    n_letters = len(_LETTER.findall(sample)) if non_latin or len(sample) < 400 else 400
    if n_letters < 20:
        return "und", 0.0
    if non_latin:
        for code, pat in _SCRIPTS:
            n = len(pat.findall(sample))
            if n / n_letters > 0.3 or (code == "ja" and n > 20):
                return code, min(1.0, n / n_letters + 0.3)
    words = [w.casefold() for w in _WORD.findall(sample)]
    if len(words) < 5:
        return "und", 0.0
    # fast path: most input is English, and English prose is ~40-50% function words
    en = stoplist("en")
    en_cov = sum(w in en for w in words) / len(words)
    if en_cov >= 0.3:
        return "en", round(min(1.0, en_cov / 0.3) * 0.9, 3)
    idx = _index()
    counts: dict[str, int] = {}
    for w in words:
        for c in idx.get(w, ()):
            counts[c] = counts.get(c, 0) + 1
    if not counts:
        return "und", 0.0
    # highest share of function words wins; a smaller list wins ties (big lists match noise)
    ranked = sorted(counts, key=lambda c: (-counts[c], len(stoplist(c))))
    best = ranked[0]
    coverage = counts[best] / len(words)
    margin = (counts[best] - (counts[ranked[1]] if len(ranked) > 1 else 0)) / max(1, counts[best])
    confidence = round(min(1.0, coverage / 0.3) * min(1.0, 0.5 + margin), 3)
    return best, confidence
