"""The faster pysbd (`stance.claims.sbd`) cuts every paragraph where pysbd's own loops cut it,
with the same offsets: abbreviations that start many words ("co" in "company", "council"),
written in several cases, dotted ones ("U.S."), repeated sentences, quotations."""

from __future__ import annotations

import pysbd
import pytest
from pysbd.lang.english import English

from stance.claims import sbd

PARAGRAPHS = [
    "Dr. Ada Ivers of the Harbour Co. met Gen. T. K. Moro at 9 a.m. on Sept. 4, the U.S. envoy said. "
    "No. 2 on the list was Mr. Brandt. Prof. Vell et al. disagreed, citing Fig. 3 and forty cases.",
    "The company, the council and the co-operative met Co. officials. CO. staff and co. clerks came. "
    "The committee agreed.",
    "\"We will not move,\" Sen. Roe said. \"We will not move,\" Sen. Roe said. The talks went on.",
    "Lima arrived in the U.S. on Monday. U.S. officials and u.s. clerks met her. The St. Lucia talks "
    "ended at 5 p.m. Then she left for Mt. Vell, i.e. the north, e.g. by train.",
    "Vol. 3, pp. 12-14 and No. 7 (see Art. 2) were cited. Ms. Li, Mrs. Ode and Messrs. Hal and Tor "
    "signed. The Inc. filing came in Jan. 2021 and the Ltd. one in Feb.",
    "Is it so? Al and Id Co. said yes! La Paz, Pa. and Ga. were named. P. 4 was torn.",
]


@pytest.mark.parametrize("text", PARAGRAPHS)
def test_the_faster_segmenter_cuts_as_pysbd_does(text):
    assert sbd.segmenter().segment(text) == pysbd.Segmenter(language="en", clean=False).segment(text)


@pytest.mark.parametrize("text", PARAGRAPHS)
def test_offsets_are_pysbds(text):
    """The substring search gives each sentence the offsets pysbd's patterns give it."""
    fast_cls, language = sbd._classes()
    fast = fast_cls(language="en", clean=False, char_span=True)
    fast.language_module = language
    own = pysbd.Segmenter(language="en", clean=False, char_span=True)
    spans = [(s.sent, s.start, s.end) for s in fast.segment(text)]
    assert spans == [(s.sent, s.start, s.end) for s in own.segment(text)]
    assert len(spans) >= 2


@pytest.mark.parametrize("text", PARAGRAPHS)
def test_each_spelling_of_an_abbreviation_is_replaced_once_with_the_same_result(text):
    _, language = sbd._classes()
    fast = language.AbbreviationReplacer(text, language)
    own = English.AbbreviationReplacer(text, English)
    assert fast.search_for_abbreviations_in_string(text) == own.search_for_abbreviations_in_string(text)
    assert "\u222f" in fast.search_for_abbreviations_in_string(text)  # something was replaced
