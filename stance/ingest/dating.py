"""Publication date of a page, and how it was found.

Read the way a reader dates a page, surest evidence first: the record's own date; the stored
page's header; the HTML metadata; a timestamp line above (or else below) the story, taking the
earliest when there are several (the others are "Updated" stamps or today's date in a menu); a
date in the address; a full date in a header line; the dateline's day ("BEIJING, May 16 (Xinhua)")
with its year from the address, or from the weekday the page gives it ("Fri, May 17" after a
story that mentions 2023 is 2024); and a date mentioned in the page whose weekday is the one the
story names ("on Tuesday" beside a caption dated Tuesday, April 9, 2024). A relative weekday
alone is never resolved without such a reference, and a page without one stays undated: a
wrong date would put the article in the wrong event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stance.ingest.credits import PageParts
from stance.ingest.provenance import is_timestamp_line, unglue
from stance.text.datelines import find_dateline
from stance.text.dates import (
    DATE_PATTERNS,
    DAY_MONTH,
    YEAR,
    date_from_url,
    iso_date,
    month_from_url,
    month_number,
    parse_date,
    weekday_number,
    weekday_on_or_before,
    weekdays_mentioned,
    year_of_weekday,
)
from stance.text.sources import source_name


@dataclass(frozen=True)
class Dated:
    date: str = ""  # ISO YYYY-MM-DD, "" when undated
    source: str = ""  # how it was found, shown to analysts


# "Fri, May 17", "May 16,": a day and month without a year, on a line of their own
_PARTIAL_STAMP = re.compile(r"^\W*(?:(?P<wd>[A-Z][a-z]{2,8})\.?,?\s+)?(?P<dm>(?:\d{1,2}\s+[A-Z][a-z]{2,8}|[A-Z][a-z]{2,8}\.?\s+\d{1,2}))"
                            r"(?:st|nd|rd|th)?\W*$")


def _stamp_dates(lines: list[str]) -> list[tuple[str, str]]:
    out = []
    for line in lines:
        text = unglue(line)
        if is_timestamp_line(text):
            out.extend((iso, line) for iso in full_dates(text))
    return out


def full_dates(text: str) -> list[str]:
    """Every calendar date (with a year) written in `text`, in ISO form."""
    found = []
    for pat in DATE_PATTERNS:
        for m in pat.finditer(text):
            iso = parse_date(m.group(0))
            if iso:
                found.append(iso)
    return found


def _weekday_of(name: str) -> int:
    return weekday_number(name.rstrip(".")) if len(name) > 3 else next(
        (i for i, d in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun")) if d == name.casefold()[:3]), -1)


def _day_month(text: str) -> tuple[int, int]:
    m = DAY_MONTH.search(text)
    if not m:
        return 0, 0
    if m.group(1):
        return month_number(m.group(2)), int(m.group(1))
    return month_number(m.group(3)), int(m.group(4))


def _years_mentioned(texts: list[str]) -> list[int]:
    return [int(y) for t in texts for y in YEAR.findall(t) if 1995 <= int(y) <= 2039]


def _with_year(month: int, day: int, weekday: int, url: str, texts: list[str]) -> tuple[str, str]:
    """(ISO date, how the year was found) of a day and month without a year."""
    y, m = month_from_url(url)
    url_year = y if (not m or m == month) else 0
    if not url_year:
        url_years = [int(x) for x in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", url or "")]
        url_year = url_years[0] if len(set(url_years)) == 1 else 0
    if url_year and (iso := iso_date(url_year, month, day)):
        return iso, "the year from the address"
    if weekday >= 0:
        years = _years_mentioned(texts)
        if years and (y := year_of_weekday(month, day, weekday, max(years))):
            return iso_date(y, month, day), f"the first year after {max(years)} (mentioned) where it is a {WEEKDAYS_CAP[weekday]}"
    return "", ""


WEEKDAYS_CAP = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def find_date(parts: PageParts, url: str = "", header_date: str = "", html_date: str = "") -> Dated:
    """The publication date of a cleaned page and how it was found; `Dated()` when undated."""
    if header_date:
        return Dated(header_date, "page header (date line of the stored page)")
    if html_date:
        return Dated(html_date, "HTML metadata")
    head = [x for x in parts.head if x not in parts.captions]
    tail = [x for x in parts.tail if x not in parts.captions]
    for zone, lines in (("above", head), ("below", tail[:15])):
        stamps = _stamp_dates(lines)
        if stamps:
            iso, line = min(stamps)
            return Dated(iso, f"timestamp line {zone} the story {line.strip()[:60]!r}")
    if iso := date_from_url(url):
        return Dated(iso, "web address")
    for line in head[-8:] + list(parts.body[:1]):
        if len(line.split()) <= 40 and (dates := full_dates(line)) and len(set(dates)) == 1:
            return Dated(dates[0], f"date in a header line {line.strip()[:60]!r}")
    everything = list(parts.head) + list(parts.body) + list(parts.tail)
    lead = " ".join(parts.body[:3])
    story_days = weekdays_mentioned(lead)
    partial = _partial_date(parts, head, story_days, url, everything)
    if partial.date:
        return partial
    return _weekday_agreement(everything, story_days)


def _partial_date(parts: PageParts, head: list[str], story_days: list[int], url: str,
                  everything: list[str]) -> Dated:
    """A day and month without a year (a stamp "Fri, May 17" or a dateline "BEIJING, June 19")."""
    for line in head:
        m = _PARTIAL_STAMP.match(unglue(line))
        if m and (mon_day := _day_month(m["dm"]))[0]:
            wd = _weekday_of(m["wd"]) if m["wd"] else -1
            iso, how = _with_year(*mon_day, wd, url, everything)
            if iso:
                return Dated(iso, f"timestamp line {line.strip()!r} with {how}")
    for para in parts.body[:3]:
        d = find_dateline(para)
        if d and d.date:
            if iso := parse_date(d.date):
                return Dated(iso, f"dateline {d.text!r}")
            mon_day = _day_month(d.date)
            if not mon_day[0]:
                continue
            iso, how = _with_year(*mon_day, story_days[0] if story_days else -1, url, everything)
            if iso:
                return Dated(iso, f"dateline {d.text!r} with {how}")
    return Dated()


def _weekday_agreement(texts: list[str], story_days: list[int]) -> Dated:
    """A full date the page mentions (in a caption or a sentence) that falls on the weekday the
    story names: the day of the story, and so a day before its publication at most."""
    if not story_days:
        return Dated()
    agreeing = sorted({iso for t in texts for iso in full_dates(t)
                       if date.fromisoformat(iso).weekday() in story_days})
    if not agreeing:
        return Dated()
    iso = agreeing[-1]
    day = WEEKDAYS_CAP[date.fromisoformat(iso).weekday()]
    return Dated(iso, f"date mentioned on the page ({iso}) falls on the {day} the story names")


def date_from_copy(text: str, ref: str, ref_source: str) -> tuple[str, str]:
    """(date, how) of an undated copy of a story whose other copy is dated `ref`: the weekday its
    lead names on or before `ref` ("on Friday" before Saturday's copy), else `ref` itself."""
    lead = " ".join(text.split("\n\n")[:3])
    for wd in weekdays_mentioned(lead):
        if iso := weekday_on_or_before(ref, wd):
            return iso, f"the {WEEKDAYS_CAP[wd]} the story names, before the date of its copy {source_name(ref_source)}"
    return ref, f"date of its copy {source_name(ref_source)}"
