"""`similar_spelling` tries difflib's cheap upper bounds of the ratio before the ratio: it must
answer exactly as the ratio alone on every pair, near the threshold too."""

from __future__ import annotations

import random
from difflib import SequenceMatcher

from stance.framing.people import MIN_FUZZY, SAME_SPELLING, similar_spelling

SURNAMES = ["ortiz", "lima", "weber", "vellanova", "brandt", "okonkwo", "haraldsen", "moro", "tarnowski",
            "ivers", "zelenkova", "abernathy", "li", "wu", "santos", "miller"]


def _plain(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= MIN_FUZZY and SequenceMatcher(None, a, b).ratio() >= SAME_SPELLING)


def _variants(word: str, rng: random.Random) -> list[str]:
    """Misspellings of `word`: a letter dropped, doubled, changed or two swapped, a suffix added."""
    out = [word, word + "y", word + "ski", word[1:], word[::-1]]
    for _ in range(12):
        w = list(word)
        i = rng.randrange(len(w))
        op = rng.randrange(4)
        if op == 0 and len(w) > 1:
            del w[i]
        elif op == 1:
            w.insert(i, w[i])
        elif op == 2:
            w[i] = rng.choice("aeiouklmnrstvz")
        elif i + 1 < len(w):
            w[i], w[i + 1] = w[i + 1], w[i]
        out.append("".join(w))
    return out


def test_the_bounds_first_answer_as_the_ratio_alone():
    rng = random.Random(7)
    words = [v for s in SURNAMES for v in _variants(s, rng)]
    pairs = [(a, b) for a in words for b in words[::7]]
    answers = [similar_spelling(a, b) for a, b in pairs]
    assert answers == [_plain(a, b) for a, b in pairs]
    assert sum(answers) > len(SURNAMES) and not all(answers)  # both answers occur, near misses too
    assert similar_spelling("zelenkova", "zelenkovy") and not similar_spelling("weber", "webster")
