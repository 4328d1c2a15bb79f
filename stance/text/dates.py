"""Dates: month and weekday names, the month pattern, and calendar-date parsing."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
# abbreviations written with a full stop ("Sept. 18"); "may" is never abbreviated
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_ABBREVIATIONS = tuple(d[:3] for d in WEEKDAYS)

# a month name or abbreviation, capitalised as in running text (compile with re.I to fold case);
# the full stop of an abbreviation is the caller's: "Sept." in "Sept. 18", no dot in "Sept 18"
MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
         r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# "18 September", "18th of Sept.", "September 18": the day and month of a date without its year
DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?({MONTH})\.?(?![a-z])"
    rf"|\b({MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.IGNORECASE)
YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


def month_number(name: str) -> int:
    """1..12 for a month name or abbreviation ("Sept." -> 9); 0 when it is none."""
    t = name.casefold().rstrip(".")
    return next((i + 1 for i, m in enumerate(MONTHS) if len(t) >= 3 and m.startswith(t)), 0)


_MON = MONTH.replace("(?:", "(?P<mon>", 1)
DATE_PATTERNS = (
    re.compile(r"\b(?P<y>(?:19|20)\d{2})[-/.](?P<m>0?[1-9]|1[0-2])[-/.](?P<d>0?[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(_MON + r"\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{2})\b", re.I),
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r"\.?,?\s+(?P<y>(?:19|20)\d{2})\b", re.I),
    re.compile(r"\b(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>(?:19|20)\d{2})\b"),
    re.compile(r"\b(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])\b"),  # 20230222 (URLs)
)
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>0?[1-9]|1[0-2])[/-](?P<d>0?[1-9]|[12]\d|3[01])(?:/|\b)")
TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?", re.I)


def iso_date(y: int, m: int, d: int) -> str:
    """YYYY-MM-DD, or "" when the numbers are no calendar date."""
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return ""


def parse_date(s: str) -> str:
    """First calendar date in `s` as ISO YYYY-MM-DD, or "" (day-first for ambiguous 03/04/2023)."""
    if not s:
        return ""
    if s.strip().isdigit() and len(s.strip()) in (10, 13):  # Unix time (s or ms) from an export
        secs = int(s.strip()) / (1000 if len(s.strip()) == 13 else 1)
        return datetime.fromtimestamp(secs, UTC).date().isoformat()
    for pat in DATE_PATTERNS:
        for m in pat.finditer(s):
            g = m.groupdict()
            y = int(g["y"])
            if g.get("mon"):
                iso = iso_date(y, month_number(g["mon"]), int(g["d"]))
            elif g.get("a"):
                a, b = int(g["a"]), int(g["b"])
                iso = iso_date(y, a, b) if b > 12 else iso_date(y, b, a)
            else:
                iso = iso_date(y, int(g["m"]), int(g["d"]))
            if iso and 1990 <= y <= 2100:
                return iso
    return ""


def date_from_url(url: str) -> str:
    """The date in a URL path such as /2023/02/22/, or ""."""
    m = _URL_DATE.search(url or "")
    return iso_date(int(m["y"]), int(m["m"]), int(m["d"])) if m else ""
