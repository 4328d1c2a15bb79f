"""Analysts' corrections of events as a pure function: merge, split, move and rename, named by
article ids; applied in the order made; a correction whose articles are gone is reported, one
line, and not applied; the stored corrections round-trip through the store."""

from __future__ import annotations

import pytest

from stance.annotate.corrections import apply_corrections, correction_status
from stance.errors import AnnotationError
from stance.schema import Correction, Event, stable_hash
from stance.store import Store
from stance.store.corrections import (
    all_corrections,
    insert_corrections,
    record_correction,
    withdraw_correction,
)

TALKS = Event("ev-talks", "Arland - Brevia talks, Caldera, 2031-04-02", ("a1", "a2", "a3"),
              start="2031-04-02", end="2031-04-03", participants=("Tomas Vey", "Ilse Marr"), place="Caldera")
PRESSER = Event("ev-presser", "Brevia press briefing, 2031-04-04", ("b1", "b2"), start="2031-04-04",
                end="2031-04-04", participants=("Ilse Marr", "Oda Finn"), place="Brevik")
SUMMIT = Event("ev-summit", "Ostmark summit, Port Selin, 2031-05-10", ("c1",), start="2031-05-10",
               end="2031-05-10", place="Port Selin")
EVENTS = [TALKS, PRESSER, SUMMIT]
DATES = {"a1": "2031-04-02", "a2": "2031-04-02", "a3": "2031-04-03", "b1": "2031-04-04",
         "b2": "2031-04-05", "c1": "2031-05-10"}


def corr(kind: str, ids, target=(), label: str = "", at: str = "2031-06-01T10:00:00.000000Z") -> Correction:
    return Correction("ana", at, kind, tuple(ids), tuple(target), label)


def by_articles(events) -> dict[tuple[str, ...], Event]:
    return {e.article_ids: e for e in events}


def test_merge_takes_the_target_name_and_both_events_articles():
    out = apply_corrections(EVENTS, [corr("merge", PRESSER.article_ids, TALKS.article_ids)], DATES)
    assert out.problems == []
    merged = by_articles(out.events)[("a1", "a2", "a3", "b1", "b2")]
    assert merged.label == TALKS.label and merged.event_id == stable_hash("event", "a1", "a2", "a3", "b1", "b2")
    assert (merged.start, merged.end) == ("2031-04-02", "2031-04-05")
    assert merged.participants == ("Tomas Vey", "Ilse Marr", "Oda Finn") and merged.place == "Caldera"
    assert by_articles(out.events)[("c1",)] is SUMMIT  # untouched events are the same objects
    named = apply_corrections(EVENTS, [corr("merge", ["b1"], ["a2"], label="Caldera round")], DATES)
    assert [e.label for e in named.events][:1] == ["Caldera round"]  # any article names its event


def test_split_moves_chosen_articles_into_a_new_event():
    out = apply_corrections(EVENTS, [corr("split", ["a3"], label="Caldera dinner")], DATES)
    events = by_articles(out.events)
    assert events[("a3",)].label == "Caldera dinner" and events[("a3",)].start == "2031-04-03"
    rest = events[("a1", "a2")]
    assert rest.label == TALKS.label and (rest.start, rest.end) == ("2031-04-02", "2031-04-02")
    assert rest.event_id != TALKS.event_id != events[("a3",)].event_id
    unnamed = apply_corrections(EVENTS, [corr("split", ["a3"])], DATES)
    assert by_articles(unnamed.events)[("a3",)].label == TALKS.label + " (split)"


def test_move_puts_an_article_into_the_event_holding_the_target():
    out = apply_corrections(EVENTS, [corr("move", ["b2"], ["c1"])], DATES)
    events = by_articles(out.events)
    assert set(events) == {("a1", "a2", "a3"), ("b1",), ("b2", "c1")}
    assert events[("b2", "c1")].label == SUMMIT.label and events[("b2", "c1")].start == "2031-04-05"
    # moving the only article of an event empties it: that event is gone
    gone = apply_corrections(EVENTS, [corr("move", ["c1"], ["b1", "b2"])], DATES)
    assert set(by_articles(gone.events)) == {("a1", "a2", "a3"), ("b1", "b2", "c1")}


def test_rename_keeps_the_event_id_and_later_corrections_see_earlier_ones():
    out = apply_corrections(EVENTS, [corr("rename", ["b1", "b2"], label="Brevik briefing")], DATES)
    renamed = by_articles(out.events)[("b1", "b2")]
    assert (renamed.event_id, renamed.label, renamed.start) == (PRESSER.event_id, "Brevik briefing", PRESSER.start)
    chain = [corr("merge", ["c1"], ["b1"], at="2031-06-01T10:00:00Z"),
             corr("rename", ["c1"], label="Brevia week", at="2031-06-01T11:00:00Z"),
             corr("split", ["b2"], label="Second briefing", at="2031-06-01T12:00:00Z")]
    out = apply_corrections(EVENTS, list(reversed(chain)), DATES)  # applied by time, not list order
    assert {e.article_ids: e.label for e in out.events} == {
        ("a1", "a2", "a3"): TALKS.label, ("b1", "c1"): "Brevia week", ("b2",): "Second briefing"}


def test_corrections_whose_articles_are_gone_are_reported_not_applied():
    cases = [corr("merge", ["x1"], ["a1"]), corr("split", ["x1", "x2"]), corr("move", ["x1"], ["a1"]),
             corr("move", ["a1"], ["x9"]), corr("rename", ["x1"], label="Nothing")]
    for c in cases:
        out = apply_corrections(EVENTS, [c], DATES)
        assert out.events == sorted(EVENTS, key=lambda e: e.start), c.kind
        assert len(out.problems) == 1 and " not applied: " in out.problems[0]
        assert out.problems[0].startswith(f"correction {c.kind} by ana at 2031-06-01 10:00:00")
        assert "\n" not in out.problems[0]
    partly = apply_corrections(EVENTS, [corr("split", ["a3", "x2"], label="Dinner")], DATES)
    assert by_articles(partly.events)[("a3",)].label == "Dinner"
    assert partly.problems == ["correction split by ana at 2031-06-01 10:00:00 applied without 1 of its "
                               "articles, no longer in the analysis."]
    status = correction_status(EVENTS, [corr("rename", ["a1"], label="X"), cases[0]])
    assert status[0] == "" and "not applied" in status[1]


def test_corrections_are_stored_like_labels(tmp_db):
    store = Store(tmp_db)
    c = record_correction(store, analyst="ana", kind="move", article_ids=["b2", "b2"], target_ids=["c1"],
                          note="same summit")
    assert all_corrections(store) == [c] and c.article_ids == ("b2",) and c.created_at.endswith("Z")
    with pytest.raises(AnnotationError, match="needs the new name"):
        record_correction(store, analyst="ana", kind="rename", article_ids=["a1"])
    with pytest.raises(AnnotationError, match="unknown kind"):
        record_correction(store, analyst="ana", kind="delete", article_ids=["a1"])
    assert insert_corrections(store, [c]) == 0  # re-importing the same row is harmless
    other = Correction("ben", "2031-06-02T09:00:00.000000Z", "rename", ("a1",), (), "Talks")
    assert insert_corrections(store, [other, c]) == 1
    with pytest.raises(AnnotationError, match="differs"):
        insert_corrections(store, [Correction(c.analyst, c.created_at, c.kind, ("a1",), ("c1",))])
    assert withdraw_correction(store, c) and all_corrections(store) == [other]


def test_articles_an_analyst_places_are_no_longer_unassigned():
    loose = Event("ev-loose", "Ostmark talks (unassigned: no date, no matching event)", ("u1", "u2"),
                  unassigned=True)
    out = by_articles(apply_corrections([TALKS, loose], [corr("split", ["u2"], label="Ostmark call")]).events)
    assert out[("u2",)].unassigned is False  # placed by the analyst
    assert out[("u1",)].unassigned is False  # what stays was looked at and kept together
    renamed = apply_corrections([loose], [corr("rename", loose.article_ids, label="Ostmark talks")]).events
    assert renamed[0].unassigned is True  # a new name alone places nothing
    moved = by_articles(apply_corrections([TALKS, loose], [corr("move", ["u1"], ["a1"])]).events)
    # what remains of an event an analyst changed counts as looked at too
    assert moved[("a1", "a2", "a3", "u1")].unassigned is False and moved[("u2",)].unassigned is False
