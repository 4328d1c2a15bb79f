"""Talking-point rules of `stance.align.talking_points` with made-up claims and vectors of
chosen cosines: meeting reports are nobody's line, and a group holding two lines lets each of
its claims carry its own."""

from __future__ import annotations

import numpy as np

from stance.align.talking_points import link_talking_points
from stance.config.thresholds import load_thresholds
from stance.schema import ClaimGroup, GroupMember

TH = load_thresholds().replace(talking_point=0.5, link_slack=0.0, polarity_margin=0.0)


def group(gid: str, event: str, claims: list[tuple[str, str]]) -> ClaimGroup:
    members = tuple(GroupMember(cid, 1.0) for cid, _ in claims)
    return ClaimGroup(gid, event, claims[0][0], claims[0][1], members, ("Outlet " + gid,))


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def tp_of(groups: list[ClaimGroup]) -> dict[str, str]:
    return {g.group_id: g.talking_point_id for g in groups}


def test_two_reports_of_meetings_are_no_talking_point_two_statements_are():
    texts = {"m1": "Minister Arlen held talks with Minister Brisk in Velmora on Monday.",
             "m2": "Minister Arlen held talks with Minister Brisk in Tollan on Friday.",
             "s1": "The partnership of Velmora and Tollan targets no other nation.",
             "s2": "The partnership of Velmora and Tollan is aimed at no other nation."}
    same = unit(1, 0, 0)
    vecs = {"m1": same, "m2": same, "s1": unit(0, 1, 0), "s2": unit(0, 1, 0.1)}
    groups = [group("g1", "e1", [("m1", texts["m1"])]), group("g2", "e2", [("m2", texts["m2"])]),
              group("g3", "e1", [("s1", texts["s1"])]), group("g4", "e2", [("s2", texts["s2"])])]
    tp = tp_of(link_talking_points(groups, vecs, TH, texts))
    assert tp["g3"] == tp["g4"]
    assert tp["g1"] != tp["g2"]  # identical vectors, but a meeting report is nobody's line


def test_a_group_with_two_lines_lets_each_claim_carry_its_own():
    """g_hub (event e1) carries line A (h1, close to a1, cosine 0.9) and shares the rare word
    "quorate" with f1 (event e2) through h2 at cosine 0.6 only. Each claim carries its line
    (h1 with a1, h2 with f1), the two lines stay apart (a1 is far from f1), and the group shows
    the line of its first linked claim on a tie."""
    texts = {"h1": "The council pledged steady grain deliveries to the coast.",
             "h2": "The council called the assembly quorate despite the storm.",
             "a1": "The council promised steady grain shipments to the coast.",
             "f1": "Observers said the assembly was quorate after a long delay."}
    vecs = {"h1": unit(1, 0, 0, 0), "a1": unit(0.9, np.sqrt(1 - 0.81), 0, 0),
            "h2": unit(0, 0, 1, 0), "f1": unit(0, 0, 0.6, 0.8)}
    groups = [group("g_hub", "e1", [("h1", texts["h1"]), ("h2", texts["h2"])]),
              group("g_a", "e2", [("a1", texts["a1"])]), group("g_f", "e2", [("f1", texts["f1"])])]
    linked = link_talking_points(groups, vecs, TH, texts)
    line = {m.claim_id: m.talking_point_id for g in linked for m in g.members}
    assert line["h1"] == line["a1"] != line["f1"] == line["h2"]
    assert tp_of(linked)["g_hub"] == line["a1"]


def test_meeting_reports_of_people_outside_the_actors_data_and_of_role_nouns_carry_no_line():
    """Meeting reports that name nobody of the actors data ("X and Y met in <city>", "the two
    delegations held talks", "A hosted B", "the ministers' talks lasted ...") are nobody's line,
    even at cosine 1 across events; a meeting claim that adds a line ("held candid and
    constructive talks") carries one, and links with its repeat."""
    texts = {"m1": "Orla Penn and Tavi Esk met in Quorra on Tuesday.",
             "m2": "The two delegations held talks in Sarn.",
             "m3": "Orla Penn hosted Tavi Esk at the Lantern Palace.",
             "m4": "The ministers' talks lasted more than six hours.",
             "c1": "Orla Penn held candid and constructive talks with Tavi Esk.",
             "c2": "Orla Penn and Tavi Esk held candid, constructive talks."}
    same = unit(1, 0, 0)
    vecs = {"m1": same, "m2": same, "m3": same, "m4": same, "c1": unit(0, 1, 0), "c2": unit(0, 1, 0.1)}
    groups = [group(f"g{cid}", f"e{i}", [(cid, texts[cid])]) for i, cid in enumerate(texts)]
    tp = tp_of(link_talking_points(groups, vecs, TH, texts))
    assert len({tp[f"g{m}"] for m in ("m1", "m2", "m3", "m4")}) == 4
    assert tp["gc1"] == tp["gc2"]


def test_a_meeting_report_in_a_linked_group_does_not_show_the_groups_line():
    """A group of event e1 holds a line repeated in event e2 and a meeting report: the meeting
    report keeps a line of its own instead of showing the group's shared one."""
    texts = {"s1": "The pact of Velmora and Tollan targets no other nation.",
             "m1": "Lira Dane met Osk Fenn in Velmora on Monday.",
             "s2": "The pact of Velmora and Tollan is aimed at no other nation."}
    vecs = {"s1": unit(1, 0), "m1": unit(1, 0.05), "s2": unit(1, 0.1)}
    groups = [group("g1", "e1", [("s1", texts["s1"]), ("m1", texts["m1"])]),
              group("g2", "e2", [("s2", texts["s2"])])]
    line = {m.claim_id: m.talking_point_id for g in link_talking_points(groups, vecs, TH, texts)
            for m in g.members}
    assert line["s1"] == line["s2"] != line["m1"]
