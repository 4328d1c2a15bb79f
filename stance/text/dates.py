"""Dates: month and weekday names, the month pattern, calendar-date parsing, dates in web
addresses, and the calendar arithmetic of relative weekdays ("on Friday" before a known date)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

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
    re.compile(_MON + r"\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<y>(?:19|20)\d{2})\b", re.I),
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r"\.?,?\s+(?P<y>(?:19|20)\d{2})\b", re.I),
    re.compile(r"\b(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>(?:19|20)\d{2})\b"),
    re.compile(r"\b(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])\b"),  # 20230222 (URLs)
)
# dates in web addresses: /2023/06/19/, /2023-06-19/, /2023/0619/ and /202406/19/
_URL_DATES = (
    re.compile(r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>0?[1-9]|1[0-2])[/-](?P<d>0?[1-9]|[12]\d|3[01])(?:[/._-]|$)"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?:[/._-]|$)"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])/(?P<d>0[1-9]|[12]\d|3[01])(?:[/._-]|$)"),
)
_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d{2})[/-]?(?P<m>0[1-9]|1[0-2])(?:/|$)")  # /2024/05/, /202305/
_DIGIT_RUN = re.compile(r"(?<!\d)\d{8,14}(?!\d)")
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


def _plausible_year(y: int) -> bool:
    return 1995 <= y <= 2039


def _digit_run_date(run: str) -> str:
    """A date opening a run of digits in an address: YYYYMMDD, or MMDDYYYY / DDMMYYYY when
    only one of the two reads as a calendar date (an article number rarely does)."""
    y, m, d = int(run[:4]), int(run[4:6]), int(run[6:8])
    if _plausible_year(y) and (iso := iso_date(y, m, d)):
        return iso
    y = int(run[4:8])
    if not _plausible_year(y):
        return ""
    month_first, day_first = iso_date(y, int(run[:2]), int(run[2:4])), iso_date(y, int(run[2:4]), int(run[:2]))
    if month_first and day_first and month_first != day_first:
        return ""
    return month_first or day_first


def date_from_url(url: str) -> str:
    """The date in a web address (/2023/02/22/, /2023/0222/, 20230222, 02222023), or ""."""
    path = re.sub(r"^[a-z]+://[^/]*", "", url or "", flags=re.I)
    for pat in _URL_DATES:
        m = pat.search(path)
        if m and (iso := iso_date(int(m["y"]), int(m["m"]), int(m["d"]))):
            return iso
    for m in _DIGIT_RUN.finditer(path):
        if iso := _digit_run_date(m.group(0)):
            return iso
    return ""


def month_from_url(url: str) -> tuple[int, int]:
    """(year, month) of an address that names only those (/2024/05/, /202305/), or (0, 0)."""
    path = re.sub(r"^[a-z]+://[^/]*", "", url or "", flags=re.I)
    m = _URL_MONTH.search(path)
    return (int(m["y"]), int(m["m"])) if m else (0, 0)


def strip_dates(text: str) -> str:
    """`text` without its calendar dates, day-month mentions and weekday names."""
    for pat in DATE_PATTERNS:
        text = pat.sub(" ", text)
    text = DAY_MONTH.sub(" ", text)
    return WEEKDAY.sub(" ", text)


# -- relative weekdays -------------------------------------------------------------------------

WEEKDAY = re.compile(r"\b(?:" + "|".join(d.capitalize() for d in WEEKDAYS) + r")\b")
# "on Friday", "said Tuesday", "Friday's talks": a weekday naming a day of the story
WEEKDAY_MENTION = re.compile(r"\b(?:on|since|late|early|by|until|last|this|said|told|met|held)\s+"
                             r"(?P<day>" + "|".join(d.capitalize() for d in WEEKDAYS) + r")\b")


def weekday_number(name: str) -> int:
    """0 (Monday) .. 6 (Sunday) for a weekday name; -1 when it is none."""
    t = name.casefold()
    return next((i for i, d in enumerate(WEEKDAYS) if d == t), -1)


def weekdays_mentioned(text: str, with_words: bool = False) -> list:
    """Weekdays the text names as days of its story ("on Friday", "met Tuesday"), in order;
    with `with_words`, (weekday, the words naming it) pairs."""
    found = [(weekday_number(m["day"]), m.group(0)) for m in WEEKDAY_MENTION.finditer(text or "")]
    return found if with_words else [w for w, _ in found]


def day_months_mentioned(text: str) -> list[tuple[int, int, str]]:
    """(month, day, the words) of each day written without its year ("May 17", "17 May"); a
    range ("16-17 May") gives its first day. Dates written with a year are left out."""
    out = []
    for m in DAY_MONTH.finditer(text or ""):
        if YEAR.match(text[m.end():m.end() + 7].lstrip(" ,.")):
            continue  # "May 17, 2024": a full date, read elsewhere
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if 1 <= int(day) <= 31:
            out.append((month_number(month), int(day), m.group(0)))
    return out


def weekday_on_or_before(ref: str, weekday: int, max_days: int = 6) -> str:
    """The latest date with `weekday` on or before the ISO date `ref` (at most `max_days`
    earlier): "on Friday" in a story of Sunday 18 February 2024 is 2024-02-16."""
    d = date.fromisoformat(ref)
    back = (d.weekday() - weekday) % 7
    return (d - timedelta(days=back)).isoformat() if back <= max_days else ""


def year_of_weekday(month: int, day: int, weekday: int, earliest: int, span: int = 6) -> int:
    """The first year from `earliest` (within `span` years) in which month/day falls on
    `weekday`; 0 when none. "Friday, May 17" after a story mentioning 2023 is 2024."""
    for y in range(earliest, earliest + span + 1):
        try:
            if date(y, month, day).weekday() == weekday:
                return y
        except ValueError:
            return 0
    return 0
