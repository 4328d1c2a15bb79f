"""The cheap test that decides which claim texts the discrepancy check parses: it lets through
every text an extractor can read a fact or a title from, and no longer the texts that only
share a stem with a visit, a call or a founding verb ("joint", "called for", "significant"),
hold a meeting word with no word that could place or date the meeting ("further discussions"),
or a word an extractor reads only with another (a year with no founding verb, a title with no
possible name, a rank or a relation alone)."""

from __future__ import annotations

import re

import pytest
from test_speed_identity import DEV, _inputs, _run

from stance.framing import ahead as framing_ahead
from stance.framing import discrepancies
from stance.framing.discrepancies import may_state_facts
from stance.framing.event_facts import facts_of
from stance.framing.fact_gate import PERSON, PLACE, entities_needed, unnamed
from stance.nlp import ANALYSES


@pytest.mark.parametrize("text", [
    "Ana Lima arrived in Porto on a state visit.",
    "Lima and Ortiz planned a video call between harbour commanders.",
    "They agreed on a face-to-face meeting between harbour commanders.",
    "The Harbour Pact, founded in 1998, met.",
    "Lima met Ortiz in Porto.",
    "Foreign Minister Ana Lima spoke.",
    "The talks lasted three hours.",
    "It was the fifth round of the coastal dialogue.",
    "John Miller, minister of finance, said so.",  # the name before the title and its comma
    "Talks were held with Robert Brown, the foreign minister.",
    "President \u00d6zt\u00fcrk welcomed the guests.",  # a capital letter outside A-Z
    "The two delegations met on Friday.",
    "Lima met Ortiz on 12 May.",
    "Lima and Ortiz spent six hours together.",
])
def test_every_text_with_a_fact_or_a_title_is_let_through(text):
    facts = facts_of([text])[text]
    assert facts.slots or facts.titles
    assert may_state_facts(text)


@pytest.mark.parametrize("text", [
    "Ana Lima arrived in Porto on a visit.",  # a visit of no kind states nothing checkable
    "The two countries called for calm.",
    "The joint statement was significant.",
    "The pact was founded long ago.",
    "The two sides will hold further discussions.",  # a meeting word with nothing placing it
])
def test_stems_without_the_word_they_need_are_not_parsed(text):
    assert not may_state_facts(text)


@pytest.mark.parametrize("text", [
    "The deputy spoke at length.",  # a rank is no title without its title word
    "Her counterpart Jonas Weber agreed.",  # relations and crowd ranks are never compared
    "A senator and a spokesman for the council criticised the plan.",
    "the president said nothing more.",  # a title with no capital letter around: no name
    "The treaty runs until 2030.",  # a year with no founding, signing or joining verb
    "In March, prices rose sharply in Porto.",  # a month with no meeting it could date
    "The fifth attempt failed.",  # an ordinal with no "of" naming a series
    "The flight took three hours.",  # a length of time with no meeting, visit or "together"
])
def test_words_that_give_no_fact_without_what_their_extractor_needs_are_not_parsed(text):
    """Each of these holds a word the former test let through alone; the extractors read
    nothing from it (checked on the parse), and the test now skips it."""
    facts = facts_of([text])[text]
    assert not (facts.slots or facts.titles)
    assert _former_gate(text) and not may_state_facts(text)


def test_what_a_text_needs_when_it_can_state_only_a_title_or_a_meeting_place():
    assert entities_needed("Harbour Minister Ana Lima said the plan would help.") == {PERSON}
    assert entities_needed("Ana Lima met Jonas Weber in the harbour city.") == {PLACE}
    assert entities_needed("Minister Ana Lima met Jonas Weber at the port.") == {PERSON, PLACE}
    assert entities_needed("Ana Lima met Jonas Weber on Friday in Lisbon.") is None  # a day needs no name
    assert entities_needed("Ana Lima met Jonas Weber in Lisbon.", standing=True) == {PERSON}
    founded = "The Harbour Pact, founded in 1998 by Minister Ana Lima, met."
    assert entities_needed(founded) is None and entities_needed(founded, standing=True) is None


@pytest.mark.parametrize("text, needs, readable", [
    ("Harbour Minister Ana Lima said the plan would help Lisbon.", {PERSON}, True),
    ("The harbour minister said the new port would open in Lisbon next year.", {PERSON}, False),
    ("The delegations met in Lisbon.", {PLACE}, True),
    ("Talks were held on the outskirts of Lisbon.", {PLACE}, True),
    ("The delegations met the mayor of Lisbon in the afternoon.", {PLACE}, False),  # "of Lisbon" places no meeting
])
def test_a_text_without_the_entity_it_needs_is_not_parsed(text, needs, readable):
    """NER alone decides; what it finds is kept so the parse does not run NER again, and the
    parse reads the same facts as a fresh one. A text turned away states nothing."""
    ANALYSES.clear()
    try:
        assert (text not in unnamed({text: frozenset(needs)})) is readable
        assert (text in ANALYSES.ents) is readable
        kept = facts_of([text])[text]
        assert not ANALYSES.ents  # used by the parse
    finally:
        ANALYSES.clear()
    assert kept == facts_of([text])[text]
    if not readable:
        assert not (kept.slots or kept.titles)


def _former_gate(text: str) -> bool:
    """The test before: a title, a date or number word, or any word sharing a stem with a
    meeting, visit, call or founding verb."""
    from stance.text.dates import MONTH, WEEKDAYS
    from stance.text.meetings import CONTACT_WORDS, DATED_HISTORY_VERBS, MEETING_WORDS, VISIT_WORDS
    from stance.text.numbers import WORD_NUM, WORD_ORD
    from stance.text.titles import RANKS, TITLES

    stems = {w[:5] for w in (*MEETING_WORDS, *VISIT_WORDS, *CONTACT_WORDS, *DATED_HISTORY_VERBS)} | {"met"}
    words = sorted({*TITLES, *RANKS}, key=len, reverse=True)
    return re.search(
        r"\b(?:" + "|".join(map(re.escape, words)) + r")\b"
        r"|\b(?:" + "|".join(sorted(stems)) + r")\w*"
        r"|\b(?:" + "|".join(WEEKDAYS) + r")\b|\b" + MONTH + r"\b|\b(?:19|20)\d\d\b"
        r"|\b\d+(?:st|nd|rd|th)\b|\b(?:" + "|".join(WORD_ORD) + r")\b"
        r"|\b(?:\d+|" + "|".join(WORD_NUM) + r")[- ](?:hours?|days?|minutes?)\b", text, re.IGNORECASE) is not None


@pytest.mark.slow
def test_the_narrower_gate_writes_the_same_csvs_on_the_seeds_and_dev_pages(tmp_path, seeds_dir, monkeypatch):
    """Texts let through no longer (a stem and no fact, a title word and no person, a meeting's
    place and no place name) gave no fact, and on these pages their names alone changed no
    finding."""
    if not DEV.is_dir():
        pytest.skip("dev pages (../shared/dev/articles) not present")
    inputs = _inputs(tmp_path / "in", seeds_dir)
    outputs = {}
    for gate in (_former_gate, may_state_facts):
        with monkeypatch.context() as m:
            m.setattr(discrepancies, "may_state_facts", gate)
            if gate is _former_gate:  # nor the name test before parsing a lone title, nor the
                m.setattr(discrepancies, "unnamed", lambda needs: set())  # same tests done ahead
                m.setattr(framing_ahead, "MAX_AHEAD", 0)
            outputs[gate.__name__] = _run(inputs, tmp_path / gate.__name__)
    narrow, former = outputs["may_state_facts"], outputs["_former_gate"]
    assert narrow.keys() == former.keys() and b"\n" in narrow["discrepancies.csv"]
    assert [name for name in sorted(narrow) if narrow[name] != former[name]] == []
