"""The one dateline grammar: what opens a wire story, and what only looks like it."""

from __future__ import annotations

import pytest

from stance.text.datelines import find_dateline, strip_dateline


@pytest.mark.parametrize("line,dateline,rest", [
    ("BEIJING (Reuters) \u2013 China said on Wednesday", "BEIJING (Reuters) \u2013", "China said on Wednesday"),
    ("MOSCOW, Sept 18 (Xinhua) -- Russian Foreign Minister", "MOSCOW, Sept 18 (Xinhua) --", "Russian Foreign Minister"),
    ("WASHINGTON \u2015 President Donald Trump", "WASHINGTON \u2015", "President Donald Trump"),
    ("UNITED NATIONS (AP) \u2014 The council voted", "UNITED NATIONS (AP) \u2014", "The council voted"),
    ("(Reuters) - China said", "(Reuters) -", "China said"),
    ("TUNXI, Anhui, March 30 (Xinhua) -- Chinese State Councilor", "TUNXI, Anhui, March 30 (Xinhua) --", "Chinese State Councilor"),
    ("Lakeside, 3 May 2024 (Northwind): The mayor said", "Lakeside, 3 May 2024 (Northwind):", "The mayor said"),
    ("OSLO (Reuters) -Norway said", "OSLO (Reuters) -", "Norway said"),
    ("KAZAN, May 17. /TASS/. The talks ended", "KAZAN, May 17. /TASS/.", "The talks ended"),
    ("BEIJING: The envoy arrived", "BEIJING:", "The envoy arrived"),
])
def test_datelines_are_recognized(line, dateline, rest):
    assert strip_dateline(line) == (dateline, rest)


@pytest.mark.parametrize("line", ["NATO \u2013 the alliance said it would respond.",
                                  "Wang said - after a pause - that it was fine.",
                                  "China and Russia met.", "US - China talks resumed.",
                                  "ASEAN-China talks resumed.", "Beijing - the capital - was quiet.",
                                  "BREAKING: Talks collapse", "ALSO READ: Ministers meet"])
def test_ordinary_sentences_keep_their_start(line):
    assert strip_dateline(line) == ("", line)


def test_place_date_and_credit_are_read():
    d = find_dateline("MOSCOW, Sept. 18 (Xinhua) -- Russia said")
    assert (d.place, d.date, d.credit) == ("MOSCOW", "Sept. 18", "Xinhua")
    d = find_dateline("KYIV, Ukraine - The minister said")
    assert (d.place, d.date, d.credit) == ("KYIV", "", "")
    d = find_dateline("Lakeside, Ruritania (Northwind News):")  # a credit line on its own
    assert (d.place, d.credit) == ("Lakeside", "Northwind News")
    d = find_dateline("(Bloomberg) - The minister said")
    assert (d.place, d.credit) == ("", "Bloomberg")
    assert find_dateline("The minister said (Reuters) - nothing") is None
