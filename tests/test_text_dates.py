"""The one owner of month/weekday names and date parsing."""

from __future__ import annotations

import re

import pytest

from stance.text.dates import (
    DAY_MONTH,
    MONTH,
    MONTH_ABBREVIATIONS,
    MONTHS,
    WEEKDAYS,
    date_from_url,
    month_number,
    parse_date,
)


def test_names():
    assert len(MONTHS) == 12 and MONTHS[8] == "september"
    assert len(WEEKDAYS) == 7 and WEEKDAYS[0] == "monday"
    assert "sept" in MONTH_ABBREVIATIONS and "may" not in MONTH_ABBREVIATIONS


@pytest.mark.parametrize("name,number", [("Sept.", 9), ("sep", 9), ("September", 9), ("May", 5),
                                         ("june", 6), ("Dec", 12), ("Mayor", 0), ("ma", 0)])
def test_month_number(name, number):
    assert month_number(name) == number


def test_month_pattern_is_whole_names_only():
    pat = re.compile(rf"^{MONTH}\.?$", re.I)
    assert all(pat.match(m) for m in (*MONTHS, "Sept.", "Jan."))
    assert not pat.match("Mayday") and not pat.match("Marching")


@pytest.mark.parametrize("text,iso", [
    ("Published: Sept. 18, 2023 10:42 GMT", "2023-09-18"),
    ("18th of March 2022", "2022-03-18"),
    ("Updated 2024-05-16", "2024-05-16"),
    ("03/04/2023", "2023-04-03"),  # day first when ambiguous
    ("04/13/2023", "2023-04-13"),
    ("on Monday, the minister said", ""),
    ("31 February 2023", ""),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_date_from_url():
    assert date_from_url("https://example.org/world/2023/02/22/talks.html") == "2023-02-22"
    assert date_from_url("https://example.org/world/talks.html") == ""


def test_day_month_mentions():
    found = [m.group(0) for m in DAY_MONTH.finditer("They met on March 30 and again on 2 Sept. in Tunxi.")]
    assert found == ["March 30", "2 Sept."]
    assert not DAY_MONTH.search("The mayor 30 times said so.")
