"""The one list of titles and institutions, and what each stage builds from it."""

from __future__ import annotations

import pytest

from stance.text.titles import INSTITUTIONS, TITLE_CANON, TITLE_WORDS, TITLES, is_title_word


@pytest.mark.parametrize("word", ["President", "minister", "Councilor", "spokeswoman", "Sen.", "dr",
                                  "leader", "Vice", "foreign", "envoy"])
def test_title_words(word):
    assert is_title_word(word)


@pytest.mark.parametrize("word", ["Wang", "Putin", "said", "the", "ministry", "Moscow"])
def test_names_and_other_words_are_not_titles(word):
    assert not is_title_word(word)


def test_institutions_are_not_titles_and_canon_covers_titles():
    assert "ministry" in INSTITUTIONS and not INSTITUTIONS & TITLES
    assert TITLE_CANON["spokeswoman"] == TITLE_CANON["spokesman"] == "spokesperson"
    assert TITLE_CANON["sen"] == TITLE_CANON["senator"]
    assert set(TITLE_CANON) <= TITLE_WORDS


def test_stages_share_the_list():
    """A title added once reaches speaker resolution, participants and the subject guard."""
    from stance.align.features import subject_side
    from stance.claims.attribution import strip_titles
    from stance.claims.cues import ROLE_WORDS
    from stance.framing.background import _TITLE_WORDS

    assert TITLES <= ROLE_WORDS and TITLE_WORDS <= _TITLE_WORDS
    assert strip_titles("Chinese State Councilor Wang Yi") == "Wang Yi"
    assert strip_titles("Mr Lavrov") == "Lavrov"
    # a nationality qualifying a title names the subject's side; qualifying troops it does not
    assert subject_side("The Russian leader said talks went well.") == "Russia"
    assert subject_side("Russian troops and Chinese diplomats were said to meet.") == ""
