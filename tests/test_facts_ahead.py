"""Discrepancy facts read ahead (while the encoder works) are the facts the check would read
itself, only for texts the check's cheap tests let through, at most MAX_AHEAD of them; the check
parses none of them again."""

from __future__ import annotations

from conftest import record_fact_parses

from stance.framing.event_facts import facts_of
from stance.framing.facts_ahead import FactsAhead

FACTUAL = ["Prime Minister Arvo Lind met President Cas Dorn in Lorvik on Tuesday.",
           "The Baltic Grain Council was founded in 1961.",
           "The talks lasted three hours."]
PLAIN = ["Both sides praised the friendly atmosphere.", "They agreed to stay in touch."]


def test_only_texts_that_may_state_a_fact_are_read_ahead_and_they_read_as_the_check_reads(monkeypatch):
    parsed = record_fact_parses(monkeypatch)
    ahead = FactsAhead()
    for _ in ahead.steps([FACTUAL + PLAIN, FACTUAL]):
        pass
    assert sorted(ahead.facts) == sorted(FACTUAL) and sorted(parsed) == sorted(FACTUAL)
    fresh = facts_of(FACTUAL)
    assert all(ahead.facts[t] == fresh[t] for t in FACTUAL)
    assert ahead.facts[FACTUAL[0]].names  # a real parse: the people are found


def test_the_check_takes_facts_read_ahead_and_parses_only_the_others(monkeypatch):
    ahead = FactsAhead()
    for _ in ahead.steps([FACTUAL[:2]]):
        pass
    parsed = record_fact_parses(monkeypatch)
    cache = facts_of(FACTUAL, {}, ahead.facts)
    assert parsed == FACTUAL[2:]
    assert cache[FACTUAL[0]] is ahead.facts[FACTUAL[0]]


def test_reading_ahead_stops_at_its_bound(monkeypatch):
    parsed = record_fact_parses(monkeypatch)
    ahead = FactsAhead(max_texts=2)
    steps = sum(1 for _ in ahead.steps([FACTUAL]))
    assert len(ahead.facts) == 2 and len(parsed) == 2 and steps == 1
