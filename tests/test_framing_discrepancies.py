"""Discrepancies across an event (one test per slot and rule, on made-up outlets, people and
sentences), the in-group denial check, and the word diff of wordings."""

from __future__ import annotations

import pytest
from conftest import record_fact_parses

from stance.framing import word_diff
from stance.framing.discrepancies import find_discrepancies, may_state_facts, negation_conflict
from stance.schema import DISCREPANCY_KINDS, Article, Claim, ClaimGroup, GroupMember
from stance.text.diff import summarize_variation, varying_phrases

MEETING = "Foreign Minister Maria Lindqvist met Jonas Weber in Geneva."


def _event(*texts: str, outlets: list[str] | None = None, published: list[str] | None = None,
           syndicated_of: dict[int, int] | None = None):
    """One event: claim i comes from article a{i} of outlet `outlets[i]` (its own outlet by
    default) and is a group of its own, as unaligned claims are."""
    arts, claims, groups = {}, {}, []
    for i, text in enumerate(texts):
        aid, cid = f"a{i}", f"c{i}"
        outlet = outlets[i] if outlets else f"Outlet {i}"
        copy_of = f"a{syndicated_of[i]}" if syndicated_of and i in syndicated_of else ""
        arts[aid] = Article(aid, f"{aid}.txt", text, outlet=outlet, syndicated_of=copy_of,
                            published=published[i] if published else "")
        claims[cid] = Claim(cid, aid, 0, 0, 0.0, True, text)
        groups.append(ClaimGroup(f"g{i}", "e1", cid, text, (GroupMember(cid, 1.0),), (outlet,)))
    return groups, claims, arts


def _found(*texts: str, **kw):
    groups, claims, arts = _event(*texts, **kw)
    found = find_discrepancies(groups, claims, arts)
    assert {d.kind for d in found} <= set(DISCREPANCY_KINDS)
    return found


def _values(found, kind: str) -> set[frozenset[str]]:
    return {frozenset((d.value_a, d.value_b)) for d in found if d.kind == kind}


# --- where ---------------------------------------------------------------------------------


def test_in_a_city_and_outside_it_disagree():
    found = _found("Maria Lindqvist met Jonas Weber outside Geneva.", "Lindqvist held talks with Jonas Weber in Geneva.")
    assert _values(found, "place") == {frozenset({"outside Geneva", "in Geneva"})}
    d, = found
    assert d.event_id == "e1" and d.group_id == "g0" and {d.claim_a, d.claim_b} == {"c0", "c1"}
    assert d.slot == "meeting place (Jonas Weber, Maria Lindqvist)"


def test_two_cities_disagree_but_a_city_and_its_country_or_two_venues_do_not():
    assert _values(_found(MEETING, "Maria Lindqvist met Jonas Weber in Lausanne."), "place") == {
        frozenset({"in Geneva", "in Lausanne"})}
    assert _found(MEETING, "Maria Lindqvist met Jonas Weber in Switzerland.") == []
    assert _found("Maria Lindqvist met Jonas Weber at the Grand Palace.",
                  "Maria Lindqvist met Jonas Weber at the Lake Pavilion.") == []


def test_a_place_of_another_gathering_or_of_a_body_is_no_meeting_place():
    assert _found(MEETING, "Maria Lindqvist and Jonas Weber will meet again at the G20 summit in Rome next month.",
                  "The embassy in Lausanne said Maria Lindqvist met Jonas Weber.") == []


# --- when ------------------------------------------------------------------------------------


def test_two_day_spans_disagree():
    found = _found("Maria Lindqvist met Jonas Weber in Geneva on Monday and Tuesday.",
                   "Maria Lindqvist and Jonas Weber held talks on Tuesday and Wednesday.")
    assert _values(found, "date") == {frozenset({"Monday and Tuesday", "Tuesday and Wednesday"})}


def test_single_days_disagree_only_when_two_or_more_days_apart():
    monday = "Maria Lindqvist met Jonas Weber on Monday."
    assert _found(monday, "Maria Lindqvist met Jonas Weber on Tuesday.") == []  # day one or day two
    assert _values(_found(monday, "Maria Lindqvist met Jonas Weber on Thursday."), "date") == {
        frozenset({"Monday", "Thursday"})}
    # the day something was said is not the day of the meeting
    assert _found(monday, "Maria Lindqvist said on Thursday that she met Jonas Weber.") == []


def test_days_of_a_visit_or_a_claim_contradicting_itself_date_no_meeting():
    found = _found("Jonas Weber will visit Geneva from Monday to Wednesday and meet Lindqvist.",
                   "Maria Lindqvist met Jonas Weber on Monday and Tuesday.",
                   "It was the second round of the coastal security dialogue, after the first round of the "
                   "coastal security dialogue in May.",
                   "The first round of the coastal security dialogue was held in May.")
    assert found == []


def test_the_year_a_body_was_founded():
    found = _found("The Harbour Pact was founded in 1998 by five coastal states.",
                   "The Harbour Pact, formed in 2001, now has nine members.",
                   "The Reef Council was established in 2005.")
    assert _values(found, "date") == {frozenset({"founded in 1998", "formed in 2001"})}


# --- how many, how long ----------------------------------------------------------------------


def test_hours_of_the_meeting_and_a_claim_naming_nobody_joins_the_main_meeting():
    found = _found(MEETING, "The talks between Maria Lindqvist and Jonas Weber lasted more than six hours.",
                   "The two ministers spent nine hours together, officials said.")
    assert _values(found, "number") == {frozenset({"more than six hours", "nine hours"})}


def test_time_spent_travelling_is_no_length_of_the_meeting():
    assert _found(MEETING, "The talks between Maria Lindqvist and Jonas Weber lasted six hours.",
                  "Jonas Weber, who flew nine hours to Geneva, met Maria Lindqvist.") == []


def test_a_claim_naming_nobody_is_left_out_when_the_event_has_several_meetings():
    found = _found("Maria Lindqvist met Jonas Weber for six hours.", "Maria Lindqvist met Amal Haddad for two hours.",
                   "The two spent nine hours together.")
    assert found == []


def test_the_round_of_a_series():
    found = _found("It was the 12th round of the coastal security dialogue.",
                   "Delegates attended the ninth round of the coastal security dialogue.",
                   "It was the third round of the river trade talks.")
    assert _values(found, "number") == {frozenset({"12th round", "ninth round"})}


# --- what ------------------------------------------------------------------------------------


def test_visit_kind_of_one_visitor():
    found = _found("Jonas Weber arrived in Geneva on a state visit, the ministry said.",
                   "Jonas Weber, who is on a three-day official visit to Switzerland, met Lindqvist.",
                   "Maria Lindqvist is on an official visit to Lausanne.")
    assert _values(found, "what") == {frozenset({"state visit", "official visit"})}
    assert all(d.slot == "visit kind (Jonas Weber)" for d in found)


def test_call_format_when_the_words_describing_the_call_match():
    found = _found("They agreed to hold a video call between their trade envoys.",
                   "The ministers planned a telephone call between the trade envoys.",
                   "Both sides want a telephone call between the two leaders.")
    assert _values(found, "what") == {frozenset({"video call", "telephone call"})}
    assert len(found) == 1


# --- who -------------------------------------------------------------------------------------


def test_two_offices_for_one_person():
    found = _found("Prime Minister Jonas Weber said the talks were useful.",
                   "Foreign Minister Jonas Weber met Lindqvist.")
    assert _values(found, "who") == {frozenset({"Prime Minister", "Foreign Minister"})}
    assert found[0].slot == "title of Jonas Weber"


def test_two_posts_in_one_body_for_one_person():
    found = _found("They met the head of the Northern Trade Council Jonas Weber.",
                   "They met the secretary of the Northern Trade Council Jonas Weber.")
    assert _values(found, "who") == {frozenset({"head of the Northern Trade Council",
                                                "secretary of the Northern Trade Council"})}


@pytest.mark.parametrize("a,b", [
    ("They met the head of the Northern Trade Council Jonas Weber.",
     "They met the director of the Northern Trade Council Jonas Weber."),  # head = director = chair
    ("Foreign Minister Jonas Weber met Lindqvist.", "They met former Prime Minister Jonas Weber."),  # a past office
    ("Foreign Minister Jonas Weber met Lindqvist.", "Lindqvist met her counterpart Jonas Weber."),  # a relation
    ("Foreign Minister Jonas Weber met Lindqvist.", "They met Minister Jonas Weber."),  # less said, nothing denied
])
def test_titles_that_can_both_be_right(a, b):
    assert _found(a, b) == []


def test_one_office_given_to_two_people_by_one_outlet_against_more():
    lindqvist = "Maria Lindqvist, director of the Office of the Northern Trade Council, met Weber."
    weber = "Jonas Weber, director of the Office of the Northern Trade Council, hosted the talks."
    found = _found(lindqvist, weber, "The director of the Office of the Northern Trade Council Jonas Weber spoke.")
    assert _values(found, "who") == {frozenset({"Maria Lindqvist", "Jonas Weber"})}
    assert found[0].slot.startswith("holder of the office: director of the Office of the Northern Trade Council")
    # one outlet each: two bodies named alike may each have their director
    assert _found(lindqvist, weber) == []


# --- whose claims are compared ---------------------------------------------------------------


def test_one_outlet_and_its_copies_never_contradict_themselves():
    texts = (MEETING, "Maria Lindqvist met Jonas Weber in Lausanne.")
    assert _found(*texts, outlets=["North Wire", "North Wire"]) == []
    assert _found(*texts, outlets=["North Wire", "Harbour Times"], syndicated_of={1: 0}) == []


def test_reports_weeks_apart_are_about_different_meetings():
    texts = (MEETING, "Maria Lindqvist met Jonas Weber in Lausanne.")
    assert _found(*texts, published=["2024-03-01", "2024-04-20"]) == []
    assert len(_found(*texts, published=["2024-03-01", "2024-03-03"])) == 1
    assert len(_found(*texts, published=["2024-03-01", ""])) == 1  # an undated report may be either


def test_agreeing_claims_have_no_discrepancy():
    assert _found(MEETING, "Jonas Weber and Foreign Minister Maria Lindqvist held talks in Geneva on Monday.",
                  "Maria Lindqvist met Jonas Weber in Geneva, Switzerland.") == []

def test_a_finding_lists_at_most_max_pairs_claim_pairs(monkeypatch):
    from stance.framing import event_facts

    monkeypatch.setattr(event_facts, "MAX_PAIRS", 3)
    found = _found("Maria Lindqvist met Jonas Weber outside Geneva.", *[MEETING] * 10)
    assert len(found) == 3 and _values(found, "place") == {frozenset({"outside Geneva", "in Geneva"})}


# --- said and denied, inside a claim group ---------------------------------------------------


def test_a_denial_of_the_very_claim_an_aligned_claim_makes():
    texts = ("North Land condemned the attack on the harbour.", "North Land did not condemn the attack on the harbour.")
    claims = {f"c{i}": Claim(f"c{i}", f"a{i}", 0, 0, 0.0, True, t) for i, t in enumerate(texts)}
    group = ClaimGroup("g1", "e1", "c0", texts[0], (GroupMember("c0", 1.0), GroupMember("c1", 0.9)), ("x", "y"))
    d, = find_discrepancies([group], claims)
    assert (d.kind, d.value_a, d.value_b, d.group_id, d.event_id) == ("negation", "(affirmative)", "not condemn", "g1", "e1")


@pytest.mark.parametrize("a,b", [
    ("The talks were not only frank but also useful.", "The talks were frank and useful."),  # "not only" affirms
    ("It must keep its commitment not to support independence.", "It must keep its statement of non-support for independence."),
    ("Its commitment to stable ties hasn't changed, the leader said.", "It stayed committed to good ties despite great changes."),
])
def test_what_is_no_denial(a, b):
    assert negation_conflict(a, b) is None


def test_an_apostrophe_typed_as_an_accent_still_denies():
    assert negation_conflict("The plan hasn\u00b4t changed at all.", "The plan hasn't changed at all.") is None
    assert negation_conflict("The plan hasn\u00b4t changed at all.", "The plan has changed at all.") == ("not changed",
                                                                                                     "(affirmative)")


# --- parsing ---------------------------------------------------------------------------------


def test_each_text_is_parsed_once_per_cache_and_only_when_it_may_state_a_fact(monkeypatch):
    seen = record_fact_parses(monkeypatch)
    plain = "Both sides expressed optimism."
    groups, claims, arts = _event(MEETING, "Maria Lindqvist met Jonas Weber in Lausanne.", plain)
    cache: dict = {}
    first = find_discrepancies(groups, claims, arts, parse_cache=cache)
    again = find_discrepancies(groups, claims, arts, parse_cache=cache)
    assert first == again and len(first) == 1
    assert sorted(seen) == sorted([MEETING, "Maria Lindqvist met Jonas Weber in Lausanne."])
    assert not may_state_facts(plain) and may_state_facts(MEETING)


def test_an_event_with_one_outlet_is_not_parsed(monkeypatch):
    from stance.framing import event_facts

    def fail():
        raise AssertionError("one outlet cannot disagree with itself")

    monkeypatch.setattr(event_facts, "_pipeline", fail)
    assert _found(MEETING, "Maria Lindqvist met Jonas Weber in Lausanne.", outlets=["North Wire"] * 2) == []


# --- word diff ------------------------------------------------------------------------------


def test_word_diff_marks_inserted_words():
    ops = word_diff("The envoys held talks on the river treaty.",
                    "The envoys held far-reaching talks on the river accord.")
    assert ("insert", "far-reaching") in ops
    assert ("delete", "treaty") in ops and ("insert", "accord") in ops
    assert ("equal", "held") in ops
    assert {op for op, _ in ops} <= {"equal", "insert", "delete"}


def test_word_diff_ignores_case_and_quote_style():
    assert all(op == "equal" for op, _ in word_diff("It said \u201cno limits\u201d.", 'it said "No limits".'))


def test_varying_phrases_summary():
    pairs = varying_phrases("The envoys held talks.", "The envoys held far-reaching talks.")
    assert pairs == [("held talks", "held far-reaching talks")]
    assert summarize_variation("held talks", "held far-reaching talks") == \
        '"held talks" vs "held far-reaching talks"'
    assert varying_phrases("Same text.", "same text.") == []


def test_varying_phrases_shortens_long_rewrites():
    a = "Wang said " + " ".join(f"alpha{i}" for i in range(30)) + " today."
    b = "Wang said " + " ".join(f"beta{i}" for i in range(30)) + " today."
    (pa, pb), = varying_phrases(a, b)
    assert "..." in pa and len(pa.split()) <= 13 and pa.startswith("said alpha0")




def test_the_dashboard_highlights_with_the_same_diff() -> None:
    """The highlight marks exactly the words word_diff deletes from the same pair."""
    from stance.dashboard.text import highlight_html
    from stance.text.diff import changed_tokens

    a = "The envoys held talks on the river treaty."
    b = "The envoys held far-reaching talks on the river accord."
    deleted = [t for op, t in word_diff(a, b) if op == "delete"]
    assert [t for changed, t in changed_tokens(a, b) if changed and not t.isspace()] == deleted
    assert highlight_html(a, b).count("<mark>") == len(deleted) == 1

