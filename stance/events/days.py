"""The day a report gives itself without a year: "Talks wrap up 20 June" in its title, or the
dateline opening its story ("HARBOR CITY, May 13 -", "Lakeside [Ruritania], April 9 (Agency):",
"May 13 (Agency) -").

Ingestion leaves such a report undated (the year is missing), but the day and month still say
which meeting it reports: a report filed on 20 June is not about a meeting in February, whatever
its people and words share with that meeting. An undated report naming its own day joins only an
event whose dated reports' span, widened by the event window, holds that day in some year
(`stance.events.rule.EventRule.fit`). Days named elsewhere in the body (background, next
month's summit) are not read: only the title and the opener of the first paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from stance.schema import Article
from stance.text.dates import DAY_MONTH, day_months_mentioned, month_number

# paragraphs read for a dateline: boilerplate lines ("All news", a section name) may come first
DATELINE_PARAGRAPHS = 3
# what may stand before the day in a dateline: a place, a region or a bracketed country, a comma
# ("ST. PETERSBURG, ", "Lakeside [Ruritania], ", "PORTVILLE, Ruritania, "); no sentence
_PLACE_BEFORE_DAY = re.compile(r"\s*[A-Z][^,;:!?()\n]{1,30}(?:,\s*[A-Z][^,;:!?()\n]{1,25})?,\s*")
# a dateline that opens with the day itself: "April 9 (Agency) -", "9 April /WIRE/ -"
_CREDIT_AFTER_DAY = re.compile(r"\.?\s*(?:\(|/|[-\u2013\u2014]\s)")


def _opening_day(text: str) -> tuple[int, int] | None:
    """(month, day) of a dateline opening `text`, or None."""
    for m in DAY_MONTH.finditer(text[:80]):
        opens = not text[:m.start()].strip() and _CREDIT_AFTER_DAY.match(text, m.end())
        if not (opens or _PLACE_BEFORE_DAY.fullmatch(text[:m.start()])):
            return None
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if re.match(r"[ ,.]*(?:19|20)\d\d\b", text[m.end():]):
            return None  # a full date: ingestion read it
        n = month_number(month)
        return (n, int(day)) if n and 1 <= int(day) <= 31 else None
    return None


def own_days(a: Article) -> frozenset[tuple[int, int]]:
    """(month, day) pairs a report gives itself: days in its title, the day of its dateline."""
    days = {(m, d) for m, d, _ in day_months_mentioned(a.title)}
    for text in (a.dateline, *a.paragraphs[:DATELINE_PARAGRAPHS]):
        if text and (found := _opening_day(text)):
            days.add(found)
    return frozenset(days)


def day_in_span(days: Iterable[tuple[int, int]], first: date, last: date, window: int) -> bool:
    """Does one of `days` (month, day; any year) fall within [first - window, last + window]?"""
    lo, hi = first - timedelta(days=window), last + timedelta(days=window)
    wanted = set(days)
    return any(((lo + timedelta(days=k)).month, (lo + timedelta(days=k)).day) in wanted
               for k in range((hi - lo).days + 1))
