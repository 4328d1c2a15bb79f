"""Standing facts compared across events: the year a body was founded and the office a person
holds are true whatever meeting a report is about, so two reports put in different events (one
left on its own) still contradict each other. Made-up outlets, people, bodies and sentences."""

from __future__ import annotations

from stance.framing.discrepancies import find_discrepancies
from stance.framing.event_facts import facts_of
from stance.schema import Article, Claim, ClaimGroup, GroupMember


def _batch(*reports: tuple[str, str, str, str]):
    """(event, outlet, published, text) per claim; claim i is article a{i} and its own group."""
    arts, claims, groups = {}, {}, []
    for i, (event, outlet, published, text) in enumerate(reports):
        aid, cid = f"a{i}", f"c{i}"
        arts[aid] = Article(aid, f"{aid}.txt", text, outlet=outlet, published=published)
        claims[cid] = Claim(cid, aid, 0, 0, 0.0, True, text)
        groups.append(ClaimGroup(f"g{i}", event, cid, text, (GroupMember(cid, 1.0),), (outlet,)))
    return find_discrepancies(groups, claims, arts)


MEETING = ("e1", "North Wire", "2024-03-04", "Maria Lindqvist met Jonas Weber in Geneva on Monday.")
MEETING_2 = ("e1", "Harbour Times", "2024-03-05", "Lindqvist and Weber held talks in Geneva.")


def test_a_founding_year_is_compared_with_a_report_left_in_another_event():
    found = _batch(MEETING, MEETING_2,
                   ("e1", "Harbour Times", "2024-03-05", "The Harbour Pact was founded in 1998 by five coastal states."),
                   ("e9", "Valley Post", "", "The Harbour Pact, formed in 2001, now has nine members."))
    d, = found
    assert d.kind == "date" and d.slot == "year Harbour Pact founded"
    # filed under the event of more outlets, its claim first
    assert (d.event_id, d.group_id, d.claim_a, d.claim_b) == ("e1", "g2", "c2", "c3")
    assert (d.value_a, d.value_b) == ("founded in 1998", "formed in 2001")


def test_a_pair_inside_one_event_is_reported_once():
    found = _batch(MEETING, ("e1", "Harbour Times", "2024-03-05", "The Harbour Pact was founded in 1998."),
                   ("e1", "Valley Post", "2024-03-05", "The Harbour Pact, formed in 2001, met."),
                   ("e2", "Hill Herald", "2024-03-06", "Rafael Ortiz met Ana Lima in Porto."))
    assert [(d.claim_a, d.claim_b) for d in found] == [("c1", "c2")]


def test_a_persons_office_is_compared_with_a_report_of_another_event_that_week():
    found = _batch(MEETING, ("e1", "Harbour Times", "2024-03-05", "Foreign Minister Jonas Weber met Maria Lindqvist."),
                   ("e2", "Valley Post", "", "Prime Minister Jonas Weber opened the fair."))
    d, = found
    assert (d.kind, d.slot, d.event_id) == ("who", "title of Jonas Weber", "e1")
    assert (d.value_a, d.value_b) == ("Foreign Minister", "Prime Minister")


def test_an_undated_report_is_dated_by_its_event():
    """An undated report of an event in March says nothing about the week of one in June."""
    june = [("e2", "Valley Post", "2024-06-10", "Prime Minister Jonas Weber opened the fair."),
            ("e2", "Hill Herald", "2024-06-11", "Jonas Weber opened the fair in Bergen.")]
    titled = ("e1", "Harbour Times", "", "Foreign Minister Jonas Weber met Maria Lindqvist.")
    assert _batch(MEETING, MEETING_2, titled, *june) == []
    titled_in_june = ("e1", "Harbour Times", "2024-06-09", titled[3])
    assert len(_batch(MEETING, MEETING_2, titled_in_june, *june)) == 1


def test_one_word_of_a_bodys_name_does_not_make_two_bodies_one():
    facts = facts_of(["The Nordic Council was founded in 1952.", "The Arctic Council, which was established in 1996, met."])
    slots = sorted(f.slot for cf in facts.values() for f in cf.slots)
    assert slots == ["year Arctic Council founded", "year Nordic Council founded"]
    assert _batch(MEETING, ("e1", "Harbour Times", "2024-03-05", "The Nordic Council was founded in 1952."),
                  ("e2", "Valley Post", "", "The Arctic Council was founded in 1996.")) == []


def test_an_event_of_one_outlet_alone_is_not_compared_with_itself():
    assert _batch(("e1", "North Wire", "", "The Harbour Pact was founded in 1998."),
                  ("e1", "North Wire", "", "The Harbour Pact was founded in 2001.")) == []


def test_a_lone_report_is_parsed_only_where_it_may_state_a_standing_fact(monkeypatch):
    from stance.framing import discrepancies

    seen: list[str] = []
    read = discrepancies.facts_of
    monkeypatch.setattr(discrepancies, "facts_of", lambda texts, cache, ahead=None: read(seen.extend(texts) or texts, cache, ahead))
    lone_meeting = "Ana Lima met Rafael Ortiz in Porto on Friday."  # a fact of its meeting only
    lone_title = "Prime Minister Jonas Weber opened the fair."
    groups, claims, arts = [], {}, {}
    for i, (event, outlet, text) in enumerate([("e1", "North Wire", MEETING[3]), ("e1", "Harbour Times", MEETING_2[3]),
                                               ("e2", "Valley Post", lone_meeting), ("e2", "Valley Post", lone_title)]):
        arts[f"a{i}"] = Article(f"a{i}", f"a{i}.txt", text, outlet=outlet)
        claims[f"c{i}"] = Claim(f"c{i}", f"a{i}", 0, 0, 0.0, True, text)
        groups.append(ClaimGroup(f"g{i}", event, f"c{i}", text, (GroupMember(f"c{i}", 1.0),), (outlet,)))
    cache: dict = {}
    find_discrepancies(groups, claims, arts, parse_cache=cache)
    assert lone_title in seen and lone_meeting not in seen
    assert lone_meeting not in cache  # not read, so not known to be factless for a later batch


def test_across_events_a_surname_with_two_given_names_is_two_people():
    meeting = ("e1", "Harbour Times", "2024-03-05", "Foreign Minister Jonas Weber met Maria Lindqvist.")
    other_weber = ("e2", "Valley Post", "", "Prime Minister Anna Weber opened the fair.")
    assert _batch(MEETING, meeting, other_weber) == []
    respelt = ("e2", "Valley Post", "", "Prime Minister Jonah Weber opened the fair.")
    assert len(_batch(MEETING, meeting, respelt)) == 1
