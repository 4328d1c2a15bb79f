"""Publication dates: each form found on a page or in its address, recorded with how it was found;
a weekday alone, with nothing to anchor it, leaves the article undated with a warning."""

from __future__ import annotations

import pytest

from stance.config.settings import Settings
from stance.ingest import ingest_text
from stance.text.dates import (
    date_from_url,
    month_from_url,
    parse_date,
    weekday_on_or_before,
    year_of_weekday,
)

BODY = ("The foreign ministers of Norvania and Estmark agreed on Tuesday to reopen talks on a grain corridor, "
        "both governments said after a three-hour meeting in Vienna.\n\n"
        "Norvanian Foreign Minister Ilse Darrow said technical teams would meet in Geneva within two weeks.\n\n"
        "Her counterpart said any deal would depend on guarantees for ships leaving the northern ports.\n")
PLAIN = "https://www.harborherald.test/world/grain-talks"


def _dated(text: str, url: str = PLAIN):
    a = ingest_text(text, "page.txt", Settings(), meta={"url": url})
    return a.published, a.date_source, a.warnings


@pytest.mark.parametrize("url,iso", [
    ("https://x.test/world/2024/05/14/talks.html", "2024-05-14"),
    ("https://x.test/n3/2024/0514/c900-2003.html", "2024-05-14"),  # /YYYY/MMDD/
    ("https://x.test/a/202405/14/WS66e4.html", "2024-05-14"),  # /YYYYMM/DD/
    ("https://x.test/news/20240514/abc/c.html", "2024-05-14"),  # YYYYMMDD
    ("https://x.test/k2/1700277-20240514.htm", "2024-05-14"),
    ("https://x.test/eng/202405/t20240514_1130.htm", "2024-05-14"),
    ("https://x.test/news/talks-05142024132518.html", "2024-05-14"),  # MMDDYYYY opening a digit run
    ("https://x.test/news/1834221/talks", ""),  # an article number is no date
    ("https://x.test/news/2003822885", ""),
])
def test_dates_in_addresses(url, iso):
    assert date_from_url(url) == iso


def test_partial_dates_in_addresses():
    assert month_from_url("https://x.test/2024/05/statement.html") == (2024, 5)
    assert month_from_url("https://x.test/page/202305/129.shtml") == (2023, 5)
    assert month_from_url("https://x.test/news/talks") == (0, 0)


@pytest.mark.parametrize("line,iso", [
    ("Published May 16,2024", "2024-05-16"),
    ("18.02.2024 11:10", "2024-02-18"),
    ("2025.03.07 09:15 GMT+8", "2025-03-07"),
    ("Updated March 3rd, 2025 at 08:05 IST", "2025-03-03"),
    ("07:45 JST, April 9, 2025", "2025-04-09"),
    ("Last Update: 23-11-2024 Hour: 14:22", "2024-11-23"),
])
def test_timestamp_forms(line, iso):
    assert parse_date(line) == iso
    got, how, _ = _dated(f"Grain talks to resume\n{line}\n\n{BODY}")
    assert got == iso and "timestamp line" in how


def test_glued_byline_and_date():
    got, how, _ = _dated(f"Grain talks to resume\nby Harbor News19 February 2024\n\n{BODY}")
    assert got == "2024-02-19" and "timestamp" in how


def test_earliest_timestamp_wins_over_a_menu_date():
    """A menu shows today's date; the article's own stamp is the earlier one."""
    got, _, _ = _dated(f"Saturday September 14, 2024\nGrain talks to resume\nBy Staff\nAugust 30, 2024\n\n{BODY}")
    assert got == "2024-08-30"


def test_address_date():
    got, how, _ = _dated("Grain talks to resume\n\n" + BODY, "https://x.test/world/2024/05/14/grain")
    assert (got, how) == ("2024-05-14", "web address")


def test_full_date_in_a_header_line():
    got, how, _ = _dated("Readout of the ministers' meeting, the Foreign Office, May 14, 2024.\n\n" + BODY)
    assert got == "2024-05-14" and "header line" in how


def test_dateline_day_with_the_year_of_the_address():
    got, how, _ = _dated("Grain talks\n\nVIENNA, May 14 (Reuters) - " + BODY, "https://x.test/2024/05/grain.html")
    assert got == "2024-05-14" and "dateline" in how and "address" in how


def test_weekday_stamp_takes_the_year_after_the_years_mentioned():
    """'Fri, May 17' on a page that mentions 2023: May 17 falls on a Friday next in 2024."""
    text = "Grain talks\nFri, May 17\n\n" + BODY + "\nA first plan was proposed in 2023 and rejected.\n"
    got, how, _ = _dated(text)
    assert got == "2024-05-17" and "Friday" in how
    assert year_of_weekday(5, 17, 4, 2023) == 2024 and year_of_weekday(2, 30, 0, 2023) == 0


def test_page_date_that_agrees_with_the_weekday_of_the_story():
    """A caption date on the Tuesday the story names dates the story; one on another weekday
    (an old file photo) does not."""
    agreeing = "Darrow meets Oresky in Vienna, Austria, May 14, 2024. (Xinhua/Li Ming)\n\n" + BODY
    got, how, _ = _dated("Grain talks\n" + agreeing)
    assert got == "2024-05-14" and "Tuesday" in how
    old_photo = "Darrow meets Oresky in Vienna, Austria, November 15, 2023. (Xinhua/Li Ming)\n\n" + BODY
    got, how, warnings = _dated("Grain talks\n" + old_photo)
    assert got == "" and any("no date found" in w for w in warnings)


def test_weekday_alone_is_never_resolved():
    got, how, warnings = _dated("Grain talks to resume\n\n" + BODY)
    assert (got, how) == ("", "") and any("no date found" in w for w in warnings)


def test_record_date_wins_and_says_so():
    a = ingest_text("Grain talks\nMay 1, 2024\n\n" + BODY, "p", Settings(), meta={"published": "2024-05-15"})
    assert (a.published, a.date_source) == ("2024-05-15", "record")


def test_weekday_before_a_reference():
    assert weekday_on_or_before("2024-02-18", 4) == "2024-02-16"  # Friday before Sunday 18 February
    assert weekday_on_or_before("2024-02-16", 4) == "2024-02-16"
