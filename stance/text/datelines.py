"""Datelines: the one grammar of the place/date/credit line that opens a wire story."""

# "BEIJING (Reuters) -", "MOSCOW, Sept 18 (Xinhua) --", "KYIV, Ukraine -", "Beijing, Feb 22
# (Xinhua) --", "MOSCOW, April 9. /TASS/.", "(Bloomberg) -". Ingestion reads the place and credit
# (whose reporting this is), claims cut it off the first sentence, alignment skips it before
# the subject.

from __future__ import annotations

import re
from dataclasses import dataclass

from stance.text.dates import MONTH

_DASH = r"(?:--|[-\u2013\u2014\u2015:])"
_CAPS_WORD = r"[A-Z][A-Z.'\u2019-]+"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:[ /]{_CAPS_WORD})*"  # BEIJING, UNITED NATIONS, WASHINGTON/BEIJING
_TITLE_PLACE = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}"  # Beijing, New Delhi
# ", Ukraine" or " [Ukraine]" (the bracketed country of some agencies' datelines)
_REGION = r"(?:,\s*[A-Z][A-Za-z.'\u2019-]+(?: [A-Z][A-Za-z.'\u2019-]+)*|\s*\[[A-Z][A-Za-z.' -]{1,30}\])"
_DATE = rf"(?:,\s*(?P<date>(?:{MONTH}\.?\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH}\.?)(?:,?\s+\d{{4}})?))"
_CREDIT = r"\((?P<credit>[A-Za-z][\w .&/'\u2019-]{0,39})\)"
# the story follows after a dash and a space; right after a credit the space may be missing
# ("(Reuters) -Washington"), and a credit line may stand alone ("Beijing, China (AFP):")
_END = rf"(?:\s*{_DASH}+(?:\s+(?=\S)|\s*$))"
_CREDIT_END = rf"(?:\s*{_CREDIT}\.?\s*{_DASH}+(?:\s*(?=\S)|\s*$))"  # "(EFE).-" too

_PATTERNS = (
    # "MOSCOW, April 9. /TASS/." agency style
    re.compile(rf"^\s*(?P<place>{_CAPS_PLACE}){_DATE}?\.?\s*/(?P<slash>[A-Za-z][\w .-]{{1,30}})/\.?(?:\s+(?=\S)|\s*$)"),
    # all-caps place, optionally a region, a date and a credit: "KYIV, Ukraine, Sept 18 (AP) -"
    re.compile(rf"^\s*(?:(?P<place>{_CAPS_PLACE}){_REGION}?{_DATE}?)?(?:{_CREDIT_END}|{_END})"),
    # title-case place: only with a credit or a date ("Beijing, Feb 22 (Xinhua) --")
    re.compile(rf"^\s*(?P<place>{_TITLE_PLACE}){_REGION}?{_DATE}?{_CREDIT_END}"),
    re.compile(rf"^\s*(?P<place>{_TITLE_PLACE}){_REGION}?{_DATE}{_END}"),
    # a title-case place in brackets opening the lead: "(Munich) The minister said"
    re.compile(rf"^\s*\((?P<bracketed>{_TITLE_PLACE})\)\s+(?=[A-Z\"\u201c])"),
)
# all-caps openers that are labels or acronyms, not places
NOT_PLACES = frozenset({
    "BREAKING", "BREAKING NEWS", "UPDATE", "UPDATED", "EXCLUSIVE", "ANALYSIS", "OPINION", "WATCH", "LIVE",
    "NOTE", "EDITOR'S NOTE", "FILE", "PHOTO", "VIDEO", "CORRECTION", "COMMENTARY", "EDITORIAL",
    "FACT CHECK", "FACTBOX", "EXPLAINER", "INTERVIEW", "Q&A", "NEW", "URGENT", "FLASH", "ALERT",
    "SPONSORED", "ADVERTISEMENT", "STORY", "SOURCE", "ALSO READ", "READ MORE", "RELATED"})
ACRONYMS = frozenset({"NATO", "UN", "EU", "US", "USA", "UK", "BRICS", "SCO", "G7", "G20", "IMF", "WHO", "AU"})


@dataclass(frozen=True)
class Dateline:
    text: str  # the dateline as written, without the space before the story
    place: str  # "BEIJING", "Beijing"; a region after it ("KYIV, Ukraine") is not part of it
    date: str
    credit: str  # the agency named in brackets or slashes ("Reuters", "TASS"), or ""
    end: int  # where the story starts


def _plausible(place: str, date: str, credit: str) -> bool:
    if place.upper() in NOT_PLACES or (place and len(place.replace(".", "")) < 3):
        return False
    # a bare all-caps word before a dash must not be an acronym opening a sentence ("NATO - the ...")
    if place and not credit and not date:
        return len(re.sub(r"[^A-Z]", "", place)) >= 3 and place not in ACRONYMS
    return bool(place or credit)


def find_dateline(text: str) -> Dateline | None:
    """The dateline opening `text` (a paragraph, line or sentence), or None."""
    for pat in _PATTERNS:
        m = pat.match(text)
        if not m:
            continue
        g = m.groupdict()
        if g.get("bracketed"):  # a bracketed place is unambiguous: no acronym or label looks like it
            return Dateline(m.group(0).strip(), g["bracketed"], "", "", m.end())
        place = (g.get("place") or "").strip()
        credit = (g.get("credit") or g.get("slash") or "").strip()
        date = (g.get("date") or "").strip()
        if _plausible(place, date, credit):
            return Dateline(m.group(0).strip(), place, date, credit, m.end())
    return None


def strip_dateline(text: str) -> tuple[str, str]:
    """(dateline, rest) of a sentence; ("", text) when it opens with none."""
    d = find_dateline(text)
    return (d.text, text[d.end:]) if d else ("", text)
