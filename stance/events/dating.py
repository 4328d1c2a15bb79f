"""Dates for undated reports from the event they joined: "on Friday" relative to a known date.

Ingestion leaves a page undated when nothing on it fixes a day: a weekday ("met on Friday") or a
day without its year ("on May 17") needs a reference. Once the page has joined an event, the
event's dated reports are that reference: the weekday or day-month is read as the date that
falls inside the event's span (widened by the event window), nearest to the span. A report is
written no earlier than the last day it narrates, so the latest such day dates the report.
A page that names no day, or only days that cannot fall near its event, stays undated; an
unassigned event (no dated report) dates nothing. Each date says how it was found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from stance.schema import Article, Event
from stance.text.dates import day_months_mentioned, weekdays_mentioned
from stance.text.weekday_spans import span_end_weekdays

SOURCE = "day the story names ({what}), dated by its event's reports ({start} to {end})"


def _candidates(lo: date, hi: date, start: date, end: date, matches) -> list[date]:
    """Days in [lo, hi] that `matches`, nearest to the span [start, end] first (later on a tie)."""
    days = [lo + timedelta(days=k) for k in range((hi - lo).days + 1)]
    hits = [d for d in days if matches(d)]

    def distance(d: date) -> int:
        return 0 if start <= d <= end else min(abs((d - start).days), abs((d - end).days))

    return sorted(hits, key=lambda d: (distance(d), -d.toordinal()))


def anchored_date(text: str, event: Event, window: int) -> tuple[str, str]:
    """(ISO date, how it was found) for an undated report of `event`, or ("", "")."""
    if event.unassigned or not event.start:
        return "", ""
    start = date.fromisoformat(event.start[:10])
    end = date.fromisoformat((event.end or event.start)[:10])
    lo, hi = start - timedelta(days=window), end + timedelta(days=window)
    found: list[tuple[date, str]] = []
    for weekday, word in [*weekdays_mentioned(text, with_words=True), *span_end_weekdays(text)]:
        days = _candidates(lo, hi, start, end, lambda d, w=weekday: d.weekday() == w)
        if days:
            found.append((days[0], f"'{word}'"))
    for month, day, words in day_months_mentioned(text):
        days = _candidates(lo, hi, start, end, lambda d, m=month, n=day: (d.month, d.day) == (m, n))
        if days:
            found.append((days[0], f"'{words}'"))
    if not found:
        return "", ""
    when, what = max(found, key=lambda f: f[0])
    return when.isoformat(), SOURCE.format(what=what, start=start.isoformat(), end=end.isoformat())


def date_undated(events: Sequence[Event], articles: Mapping[str, Article],
                 window: int) -> dict[str, tuple[str, str]]:
    """{article_id: (date, how it was found)} for the undated reports of `events` that their
    event dates. The events keep their span: it is the span of the reports their pages date."""
    dated: dict[str, tuple[str, str]] = {}
    for ev in events:
        for aid in ev.article_ids:
            art = articles.get(aid)
            if art is None or art.published:
                continue
            when, how = anchored_date("\n".join([art.title, art.text]), ev, window)
            if when:
                dated[aid] = (when, how)
    return dated
