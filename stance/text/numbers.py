"""Numbers written as words or digits ("eight", "seven and a half", "10", "18th")."""

from __future__ import annotations

import re

WORD_NUM = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
WORD_ORD = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
_HALF = re.compile(r"\s*(?:and\s+a\s+half|-and-a-half|\.5)\s*$", re.IGNORECASE)


def number_value(text: str) -> float | None:
    """The value of a number written in digits or words ("10", "eight", "seven and a half",
    "1,200"); None when it is no number."""
    t = text.strip().casefold().replace(",", "")
    half = 0.5 if _HALF.search(t) else 0.0
    t = _HALF.sub("", t).strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t) + half
    if t in WORD_NUM:
        return float(WORD_NUM[t]) + half
    return None


def ordinal_value(text: str) -> int | None:
    """18 for "18th" or "eighteenth"; None when it is no ordinal."""
    t = text.strip().casefold()
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", t)
    if m:
        return int(m.group(1))
    return WORD_ORD.get(t)


def show_number(value: float) -> str:
    """10.0 -> "10", 7.5 -> "7.5"."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
