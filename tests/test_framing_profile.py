"""Framing profiles per outlet and event: shares, sides, terms, tone, coverage, lede, metadata,
each number pointing to the claims behind it."""

from __future__ import annotations

import pytest

from stance.framing import build_profiles, frame_claims, load_lexicon
from stance.schema import STANCES, Article, Claim, ClaimGroup, Dimension, Event, GroupMember


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def _c(cid, aid, idx, text, attribution="outlet_voice", speaker="", side="", verb=""):
    return Claim(cid, aid, 0, idx, idx / 10, idx == 0, text, text, 0, speaker=speaker, speaker_side=side,
                 attribution=attribution, reporting_verb=verb)


class _Info:
    def __init__(self, country, type_, state):
        self.country, self.type, self.state_affiliated = country, type_, state


class _Registry:
    def info(self, name):
        return {"Wire A": _Info("France", "wire", False), "State B": _Info("China", "state media", True)}.get(name)


@pytest.fixture()
def world(lexicon):
    articles = {"a1": Article("a1", "a.txt", "x", outlet="Wire A"),
                "a2": Article("a2", "b.txt", "y", outlet="State B"),
                "a3": Article("a3", "c.txt", "y", outlet="State B", syndicated_of="a2")}
    claims = [
        _c("a1-0", "a1", 0, "Wang Yi held talks with Sergei Lavrov in Moscow on Monday."),
        _c("a1-1", "a1", 1, "The partnership has deepened since Russia invaded Ukraine last year."),
        _c("a1-2", "a1", 2, "the talks were useful", "indirect", "Sergei Lavrov", "Russia", "said"),
        _c("a1-3", "a1", 3, "the two sides would cooperate", "indirect", "Wang Yi", "China", "said"),
        _c("a2-0", "a2", 0, "Wang Yi and Sergei Lavrov held talks in Moscow."),
        _c("a2-1", "a2", 1, "the two sides had a long exchange on the Ukraine issue", "indirect",
           "Wang Yi", "China", "said"),
        _c("a3-0", "a3", 0, "Wang Yi and Sergei Lavrov held talks in Moscow."),
    ]
    by_id = {c.claim_id: c for c in claims}
    framings = {f.claim_id: f for f in frame_claims(claims, lexicon)}
    groups = [
        ClaimGroup("g1", "e1", "a1-0", claims[0].claim_text,
                   (GroupMember("a1-0", 1.0), GroupMember("a2-0", 0.9), GroupMember("a3-0", 0.9)),
                   ("Wire A", "State B")),
        ClaimGroup("g2", "e1", "a1-1", claims[1].claim_text, (GroupMember("a1-1", 1.0),), ("Wire A",)),
        ClaimGroup("g3", "e1", "a2-1", claims[5].claim_text, (GroupMember("a2-1", 1.0),), ("State B",)),
    ]
    ev = Event("e1", "Wang in Moscow", ("a1", "a2", "a3"))
    return ev, groups, by_id, framings, articles


def _rows(rows, outlet, dim):
    return [r for r in rows if r.outlet == outlet and r.dimension == dim]


def test_stance_shares_sum_to_one_with_evidence(world):
    ev, groups, by_id, framings, articles = world
    rows = build_profiles([ev], groups, by_id, framings, articles, registry=_Registry())
    shares = _rows(rows, "Wire A", Dimension.STANCE_SHARE)
    assert abs(sum(r.score for r in shares) - 1.0) < 1e-6
    assert {r.value for r in shares} <= set(STANCES)
    for r in shares:
        assert r.evidence_claim_ids and all(framings[i].stance == r.value for i in r.evidence_claim_ids)
        assert r.score == pytest.approx(len(r.evidence_claim_ids) / 4)


def test_quoted_side_and_speakers(world):
    rows = build_profiles([world[0]], *world[1:], registry=_Registry())
    sides = {r.value: r for r in _rows(rows, "Wire A", Dimension.QUOTED_SIDE)}
    assert set(sides) == {"Russia", "China"} and sides["Russia"].score == 0.5
    assert sides["Russia"].evidence_claim_ids == ("a1-2",)
    speakers = {r.value: r.score for r in _rows(rows, "Wire A", Dimension.QUOTED_SPEAKER)}
    assert speakers == {"Sergei Lavrov": 1.0, "Wang Yi": 1.0}


def test_background_terms_and_tone_rows(world):
    rows = build_profiles([world[0]], *world[1:], registry=_Registry())
    (bg,) = _rows(rows, "Wire A", Dimension.BACKGROUND_SHARE)
    assert bg.evidence_claim_ids == ("a1-1",) and bg.score == 0.25
    terms = {r.value: r.evidence_claim_ids for r in _rows(rows, "Wire A", Dimension.TERM)}
    assert terms["war_in_ukraine=invasion"] == ("a1-1",)
    assert {r.value for r in _rows(rows, "State B", Dimension.TERM)} == {"war_in_ukraine=issue"}
    # "the Ukraine issue" is Wang Yi's wording as State B reports it, not State B's own
    assert not _rows(rows, "State B", Dimension.TERM_OWN_VOICE)
    own = {r.value: r.evidence_claim_ids for r in _rows(rows, "Wire A", Dimension.TERM_OWN_VOICE)}
    assert own["war_in_ukraine=invasion"] == ("a1-1",)
    tone = {r.value: r for r in _rows(rows, "Wire A", Dimension.TONE_TARGET)}
    assert "Russia" in tone and "a1-1" in tone["Russia"].evidence_claim_ids


def test_only_here_omits_and_syndicated_copy_counted_once(world):
    rows = build_profiles([world[0]], *world[1:], registry=_Registry())
    assert {r.outlet for r in rows} == {"Wire A", "State B"}  # a3 is a syndicated copy of a2
    (only,) = _rows(rows, "Wire A", Dimension.ONLY_HERE)
    assert only.evidence_claim_ids == ("a1-1",)
    (omit,) = _rows(rows, "State B", Dimension.OMITS)
    assert omit.value.startswith("The partnership has deepened") and omit.evidence_claim_ids == ("a1-1",)
    assert [r.evidence_claim_ids for r in _rows(rows, "Wire A", Dimension.OMITS)] == [("a2-1",)]
    # the group carried by both is neither omitted nor unique
    assert not [r for r in rows if r.dimension in (Dimension.OMITS, Dimension.ONLY_HERE) and r.value.startswith("Wang Yi held")]


def test_lede_and_outlet_metadata(world):
    rows = build_profiles([world[0]], *world[1:], registry=_Registry())
    (lede,) = _rows(rows, "Wire A", Dimension.LEDE)
    assert lede.evidence_claim_ids == ("a1-0",) and lede.value.startswith("Wang Yi held talks")
    meta = {r.dimension: r.value for r in rows if r.outlet == "State B" and r.dimension.startswith(("outlet_", "state"))}
    assert meta == {Dimension.OUTLET_COUNTRY: "China", Dimension.OUTLET_TYPE: "state media", Dimension.STATE_AFFILIATED: "true"}


def test_event_with_one_outlet_has_no_omission_rows(world):
    ev, groups, by_id, framings, articles = world
    solo = Event("e2", "solo", ("a1",))
    solo_groups = [ClaimGroup(g.group_id, "e2", g.representative_claim_id, g.representative, g.members, g.outlets)
                   for g in groups]
    rows = build_profiles([solo], solo_groups, by_id, framings, articles, registry=_Registry())
    assert {r.outlet for r in rows} == {"Wire A"}
    assert not [r for r in rows if r.dimension in (Dimension.OMITS, Dimension.ONLY_HERE)]
    assert _rows(rows, "Wire A", Dimension.STANCE_SHARE)


def test_every_number_points_to_evidence(world):
    rows = build_profiles([world[0]], *world[1:], registry=_Registry())
    claim_ids = set(world[2])
    for r in rows:
        if r.dimension in (Dimension.OUTLET_COUNTRY, Dimension.OUTLET_TYPE, Dimension.STATE_AFFILIATED):
            continue
        if r.score or r.dimension != Dimension.BACKGROUND_SHARE:
            assert r.evidence_claim_ids and set(r.evidence_claim_ids) <= claim_ids, r


# --- end to end on the seeds, through the real ingest and claims stages ---------------------


@pytest.fixture(scope="module")
def real_seeds(seeds_dir, lexicon):
    try:
        from stance.claims import extract_claims
        from stance.ingest import ingest_paths
    except ImportError:
        pytest.skip("ingest/claims stages not available yet")
    from stance.config.settings import Settings

    arts = list(ingest_paths([str(seeds_dir)], Settings()).articles)
    claims = list(extract_claims(arts).claims)
    context: dict[str, list[Claim]] = {}
    for c in claims:
        context.setdefault(c.article_id, []).append(c)
    for lst in context.values():
        lst.sort(key=lambda c: (c.sentence_index, c.sub_index))
    framings = {f.claim_id: f for f in frame_claims(claims, lexicon, context=context)}
    return {a.source.rsplit("/", 1)[-1]: a for a in arts}, claims, framings


def _of(real, name):
    arts, claims, framings = real
    aid = arts[name].article_id
    return [(c, framings[c.claim_id]) for c in claims if c.article_id == aid]


@pytest.mark.parametrize("name, expected", [
    ("004_c953ebcc01dabc56.txt", {"invasion", "war"}),
    ("002_fd35d8d34b3ec1ad.txt", {"issue", "crisis"}),
    ("000_cefc9ea15f620592.txt", {"situation"}),
    ("001_ce2b9602adbcc576.txt", {"war", "conflict", "invasion"}),
])
def test_real_seed_war_terms(real_seeds, name, expected):
    from stance.framing import split_terms

    got = {t for _, f in _of(real_seeds, name) for t in split_terms(f.terms.get("war_in_ukraine", ""))}
    assert got == expected


def test_real_seed_alahed_invasion_in_western_criticism(real_seeds):
    hits = [c for c, f in _of(real_seeds, "001_ce2b9602adbcc576.txt")
            if "invasion" in f.terms.get("war_in_ukraine", "")]
    assert hits and all("criticism from the West" in (c.sentence_text or c.claim_text) for c in hits)


def test_real_seed_afp_neutral_party(real_seeds):
    hits = [f for c, f in _of(real_seeds, "004_c953ebcc01dabc56.txt") if "position itself as a neutral" in c.claim_text]
    assert hits and all(f.stance in ("contested", "distanced") for f in hits)


@pytest.mark.parametrize("name, needle", [
    ("004_c953ebcc01dabc56.txt", "after Russia invaded Ukraine in February last year"),
    ("004_c953ebcc01dabc56.txt", "joint sea and air patrols"),
    ("001_ce2b9602adbcc576.txt", "Sino-US ties have deteriorated"),
])
def test_real_seed_background_claims(real_seeds, name, needle):
    from tests.conftest import norm

    hits = [f for c, f in _of(real_seeds, name) if norm(needle) in norm(c.claim_text)]
    assert hits and all(f.is_background for f in hits)


def test_real_seed_profile_single_outlet_event(real_seeds):
    arts, claims, framings = real_seeds
    xinhua = arts["003_b5873b51e5301179.txt"]
    by_id = {c.claim_id: c for c in claims}
    rows = build_profiles([Event("E3", "Tunxi", (xinhua.article_id,))], [], by_id, framings,
                          {xinhua.article_id: xinhua})
    assert rows and not [r for r in rows if r.dimension in (Dimension.OMITS, Dimension.ONLY_HERE)]
    shares = [r for r in rows if r.dimension == Dimension.STANCE_SHARE]
    assert abs(sum(r.score for r in shares) - 1) < 1e-6
    assert any(r.dimension == Dimension.TERM and r.value == "war_in_ukraine=issue" for r in rows)
