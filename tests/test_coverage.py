"""The one outlet-of-claim rule, and one coverage computation behind both the matrix and the
profile's omits / only_here rows."""

from __future__ import annotations

import pytest

from stance.coverage import CARRIED, COPY, OMITTED, event_sources, outlet_name, outlet_of, source_label
from stance.framing import build_profiles, frame_claims, load_lexicon
from stance.plots import coverage_table
from stance.plots.coverage_matrix import LEAD
from stance.results import coverage_frame
from stance.schema import Article, Claim, ClaimGroup, Dimension, Event, GroupMember
from stance.store import Store
from stance.store.analysis import load_results, save_event_analysis
from stance.store.articles import save_articles
from stance.store.claims import save_claims

WIRE_TEXT = ("Wang Yi held talks with Sergei Lavrov in Moscow on Monday, the ministry said. "
             "The two sides compared positions on the Ukraine issue and on trade across the border.")


def test_outlet_name_falls_back_to_publisher_then_source() -> None:
    assert outlet_name("AFP", "Digital Journal", "a.txt") == "AFP"
    assert outlet_name("", "menafn.com", "https://menafn.com/1") == "menafn.com"
    assert outlet_name(" ", "", "a.txt") == "a.txt"


def test_a_copy_counts_under_its_originals_outlet() -> None:
    orig = Article("o", "o.txt", "x", outlet="CGTN", publisher="CGTN")
    copy = Article("c", "c.txt", "x", outlet="Xinhua", publisher="People's Daily", syndicated_of="o")
    arts = {"o": orig, "c": copy}
    assert outlet_of(copy, arts) == "CGTN"
    assert outlet_of(copy, {"c": copy}) == "Xinhua"  # original unknown: its own credit
    assert outlet_of(None, arts) == ""
    in_event, elsewhere = event_sources(["o", "c"], arts), event_sources(["c"], arts)
    assert [(s.outlet, s.label, s.is_copy) for s in in_event] == [
        ("CGTN", "CGTN", False), ("CGTN", "People's Daily (copy of CGTN)", True)]
    assert [(s.outlet, s.is_copy) for s in elsewhere] == [("CGTN", False)]  # speaks for CGTN here


def test_source_label_names_copies_by_the_site_that_carried_them() -> None:
    assert source_label("AFP", "Digital Journal", False) == "AFP"
    assert source_label("AFP", "Example Daily", True) == "Example Daily (copy of AFP)"
    assert source_label("Reuters", "reuters", True) == "Reuters (copy)"


def _claim(cid: str, aid: str, idx: int, text: str) -> Claim:
    return Claim(cid, aid, 0, idx, idx / 10, idx == 0, text, text)


@pytest.fixture()
def analysed(tmp_path):
    """One event: a wire story, a copy of it on another site, a state outlet and a site with no
    outlet credited; one group carried by all, one by the wire alone, one only by the copy."""
    articles = [
        Article("w", "w.txt", WIRE_TEXT, outlet="Wire A", publisher="Wire A", published="2023-09-18"),
        Article("c", "c.txt", WIRE_TEXT + " More.", outlet="Wire A", publisher="Daily C",
                published="2023-09-19"),
        Article("s", "s.txt", "State outlet text about the talks in Moscow and the border trade.",
                outlet="State B", published="2023-09-18"),
        Article("p", "https://site.example/1", "A page on the same meeting from a site with no credit.",
                publisher="site.example", published="2023-09-18"),
    ]
    claims = [
        _claim("w0", "w", 0, "Wang Yi held talks with Sergei Lavrov in Moscow."),
        _claim("w1", "w", 1, "The two sides compared positions on the Ukraine issue."),
        _claim("c0", "c", 0, "Wang Yi held talks with Sergei Lavrov in Moscow."),
        _claim("c2", "c", 2, "More."),
        _claim("s0", "s", 0, "Wang and Lavrov met in Moscow."),
        _claim("p0", "p", 0, "The ministers met in Moscow."),
    ]
    groups = [
        ClaimGroup("g-all", "e", "w0", claims[0].claim_text,
                   tuple(GroupMember(c, 1.0) for c in ("w0", "c0", "s0", "p0")), ()),
        ClaimGroup("g-wire", "e", "w1", claims[1].claim_text, (GroupMember("w1", 1.0),), ()),
        ClaimGroup("g-copy", "e", "c2", "More.", (GroupMember("c2", 1.0),), ()),
    ]
    event = Event("e", "talks", tuple(a.article_id for a in articles), start="2023-09-18")
    store = Store(tmp_path / "cov.db")
    save_articles(store, articles)
    save_claims(store, claims)
    stored = {a.article_id: a for a in articles}
    stored["c"] = Article(**{**stored["c"].__dict__, "syndicated_of": "w"})
    framings = {f.claim_id: f for f in frame_claims(claims, load_lexicon())}
    rows = build_profiles([event], groups, {c.claim_id: c for c in claims}, framings, stored)
    save_event_analysis(store, event, groups, framings, rows, [])
    return rows, load_results(store)


def test_matrix_and_omits_rows_agree(analysed) -> None:
    rows, results = analysed
    assert dict(zip(results.articles["article_id"], results.articles["syndicated_of"], strict=True))["c"] == "w"
    table = coverage_table(coverage_frame(results), results.groups, results.aligned).set_index("group_id")
    copies = [c for c in table.columns if "(copy" in c]
    outlets = [c for c in table.columns if c not in LEAD and c not in copies]
    assert copies == ["Daily C (copy of Wire A)"]
    assert sorted(outlets) == ["State B", "Wire A", "site.example"]
    assert table.loc["g-copy", copies[0]] == COPY and table.loc["g-all", "Wire A"] == CARRIED
    omits = {(r.outlet, r.value) for r in rows if r.dimension == Dimension.OMITS}
    only = {(r.outlet, r.value) for r in rows if r.dimension == Dimension.ONLY_HERE}
    for gid, row in table.iterrows():
        carriers = [o for o in outlets if row[o] == CARRIED]
        if not carriers:  # carried by a copy only: nobody independent carries it
            assert not [r for r in rows if r.value == row["representative"]
                        and r.dimension in (Dimension.OMITS, Dimension.ONLY_HERE)]
            continue
        for o in outlets:
            assert (row[o] == OMITTED) == ((o, row["representative"]) in omits), (gid, o)
        assert ((carriers[0], row["representative"]) in only) == (len(carriers) == 1)
    assert ("State B", "The two sides compared positions on the Ukraine issue.") in omits
    assert ("Wire A", "The two sides compared positions on the Ukraine issue.") in only


def test_alignment_counts_outlets_by_the_same_rule() -> None:
    import numpy as np

    from stance.align.groups import align_event
    from stance.config.thresholds import load_thresholds

    arts = {"w": Article("w", "w.txt", "x", outlet="Wire A"),
            "c": Article("c", "c.txt", "x", outlet="Other credit", publisher="Daily C", syndicated_of="w"),
            "p": Article("p", "https://site.example/1", "x", publisher="site.example")}
    claims = [_claim(f"{a}0", a, 0, "Wang Yi held talks with Sergei Lavrov in Moscow.") for a in arts]
    vecs = np.ones((3, 4), dtype=np.float32) / 2.0
    (group,) = align_event(Event("e", "e", tuple(arts)), claims, vecs, arts, load_thresholds())
    assert group.outlets == ("Wire A", "site.example")  # the copy is the wire's voice
