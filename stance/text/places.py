"""Places: which names are countries (a country contains the cities a report names)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """English country and territory names from babel's CLDR data, case-folded."""
    try:
        from babel import Locale

        return frozenset(n.casefold() for n in Locale("en").territories.values())
    except Exception:  # pragma: no cover - babel ships with the installed stack
        return frozenset()


def is_country(name: str) -> bool:
    """Is `name` a country or territory ("China", "the United States", "Ukraine")?"""
    n = name.casefold().removeprefix("the ").strip()
    return n in countries() or n in {"us", "u.s.", "usa", "u.s.a.", "uk", "u.k.", "america"}
