"""Negation: the one list of words that make a claim say "not X" (polarity guard, discrepancies)."""

from __future__ import annotations

import re
from functools import lru_cache

# Two questions use these words and need different subsets, so both subsets are named here:
# - "is anything negated?" (alignment's polarity guard) counts every form: a claim with "no",
#   "without" or "refused to" must not merge with the plain claim on topic alone;
# - "which predicate is negated?" (discrepancies) needs a negator that stands before a verb, so
#   the word after it is what is denied ("did not condemn"). "no"/"none"/"without" negate a noun
#   ("no major disputes", "none of this") and negating verbs are often nouns ("a decline in
#   ties"): on the dev corpus adding them gave four false discrepancies and no true one.
PREDICATE_NEGATORS = ("no longer", "not", "never", "nor", "neither", "cannot")
NOUN_NEGATORS = ("no", "none", "without")
# verbs that negate their complement ("refused to condemn", "denied sending")
NEGATING_VERBS = (r"refus\w*", r"refrain\w*", r"declin\w*", r"den(?:y|ies|ied)", r"fail\w*", r"reject\w*")


def _union(words: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(w.replace(" ", r"\s+") for w in words)
    return re.compile(r"\b(" + alts + r")\b|n't\b", re.IGNORECASE)


NEGATION = _union((*PREDICATE_NEGATORS, *NOUN_NEGATORS, *NEGATING_VERBS))
PREDICATE_NEGATION = _union(PREDICATE_NEGATORS)

# words between a negator and what it negates ("did not *even* ...", "has never *been* ...")
_FILLERS = frozenset({"be", "been", "is", "was", "were", "have", "has", "had", "do", "does", "did", "to",
                      "a", "an", "the", "any", "only", "yet", "also", "always", "directly"})
_WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=65536)
def is_negated(text: str) -> bool:
    """Does the text contain a negation of any kind?"""
    return NEGATION.search(text) is not None


def first_negation(text: str) -> tuple[str, str]:
    """(negator, the word it negates) for the first predicate negation; ("", "") when none."""
    m = PREDICATE_NEGATION.search(text)
    if not m:
        return "", ""
    word = next((w for w in _WORD.findall(text[m.end():]) if w.casefold() not in _FILLERS), "")
    return " ".join(m.group(0).casefold().split()), word


# "not only X but also Y" and "not just X" affirm X; "non-support" negates as "not support" does
_NOT_ONLY = re.compile(r"^\s+(?:only|just|merely|simply)\b", re.IGNORECASE)
_NON_PREFIX = re.compile(r"\bnon-?([a-z]+)", re.IGNORECASE)


def denial(text: str) -> tuple[str, str]:
    """(negator, the word it denies) of the first predicate negation that denies something
    ("did not condemn" -> ("not", "condemn")); "not only ... but also" affirms and is skipped.
    ("", "") when the text denies nothing."""
    for m in PREDICATE_NEGATION.finditer(text):
        if _NOT_ONLY.match(text[m.end():]):
            continue
        word = next((w for w in _WORD.findall(text[m.end():]) if w.casefold() not in _FILLERS), "")
        negator = " ".join(m.group(0).casefold().split())
        return ("not" if negator == "n't" else negator), word
    return "", ""


def non_prefixed(text: str) -> frozenset[str]:
    """Words a "non-" prefix negates ("non-support" -> "support")."""
    return frozenset(m.group(1).casefold() for m in _NON_PREFIX.finditer(text))
