"""Who is who in one event: one key per person however outlets spell or shorten the name."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

SAME_SPELLING = 0.85  # "Zelensky" / "Zelenskyy", "Lavrov" / "Lavrorv": one surname spelt two ways
MIN_FUZZY = 5  # shorter surnames ("Yi", "Li", "Xi") are compared exactly


def name_tokens(name: str) -> tuple[str, ...]:
    """Lower-case words of a name, without possessives and full stops."""
    return tuple(w for w in re.sub(r"['\u2019]s\b|\.", " ", name.casefold()).split() if w.isalpha())


@lru_cache(maxsize=1 << 16)  # an event compares the same surnames again claim after claim
def similar_spelling(a: str, b: str) -> bool:
    """Two spellings of one word (equal, or long and nearly equal). The bounds difflib gives for
    its ratio are tried first, cheapest first (lengths, then letters shared regardless of order):
    most pairs of names fail on them, and a pair that passes them is judged by the ratio itself."""
    if a == b:
        return True
    short, total = min(len(a), len(b)), len(a) + len(b)
    if short < MIN_FUZZY or 2.0 * short / total < SAME_SPELLING:  # = real_quick_ratio(), >= ratio()
        return False
    matcher = SequenceMatcher(None, a, b)
    return matcher.quick_ratio() >= SAME_SPELLING and matcher.ratio() >= SAME_SPELLING


class People:
    """One key per person named in an event, read from the full names its claims give (two
    words or more). Full names with the same surname, or surnames spelt nearly alike, are one
    person ("Sergei Lavrov" / "Sergey Lavrov", "Volodymyr Zelensky" / "Volodymyr Zelenskyy"). A
    single word ("Lavrov", "Wang") is the person whose full name starts or ends with it, and
    nobody when it fits several ("Wang" with "Wang Yi" and "Wang Wenbin")."""

    def __init__(self, names: Iterable[str]) -> None:
        longest: dict[str, str] = {}  # surname -> longest full name written
        for n in names:
            toks = name_tokens(n)
            if len(toks) >= 2 and len(n) > len(longest.get(toks[-1], "")):
                longest[toks[-1]] = n
        self.key_of: dict[str, str] = {}  # surname as written -> person key
        self.shown_of: dict[str, str] = {}
        for last in sorted(longest, key=lambda s: (-len(longest[s]), s)):
            key = next((k for k in self.shown_of if similar_spelling(k, last)), last)
            self.key_of[last] = key
            self.shown_of.setdefault(key, longest[last])
        self.by_word: dict[str, set[str]] = defaultdict(set)
        for last, key in self.key_of.items():
            self.by_word[name_tokens(longest[last])[0]].add(key)
            self.by_word[last].add(key)
        self._resolved: dict[str, str] = {}  # name as written -> key: claims repeat names

    def resolve(self, name: str) -> str:
        """The person's key ("" when unknown or ambiguous)."""
        key = self._resolved.get(name)
        if key is None:
            key = self._resolved[name] = self._resolve(name)
        return key

    def _resolve(self, name: str) -> str:
        toks = name_tokens(name)
        if not toks:
            return ""
        if len(toks) >= 2:
            return self._surname(toks[-1])
        hits = self.by_word.get(toks[0]) or {self._surname(toks[0])} - {""}
        return next(iter(hits)) if len(hits) == 1 else ""

    def _surname(self, word: str) -> str:
        if word in self.key_of:
            return self.key_of[word]
        near = {k for s, k in self.key_of.items() if similar_spelling(s, word)}
        return next(iter(near)) if len(near) == 1 else ""

    def shown(self, key: str) -> str:
        """The person's name as shown to the analyst (the longest full name written)."""
        return self.shown_of.get(key, key)

    def named(self, names: Iterable[str]) -> frozenset[str]:
        """Keys of the people among `names` (unknown and ambiguous names left out)."""
        return frozenset({self.resolve(n) for n in names} - {""})
