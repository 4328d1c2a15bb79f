"""Seed articles against the hand-written gold: every gold speaker and every gold outlet-voice
claim, one test each."""

from __future__ import annotations

import pytest
from claims_helpers import find, gold, norm, seed_claims, seed_result

from stance.claims.actors import known_sides
from stance.schema import ATTRIBUTIONS

GOLD = gold() or {}
SPEAKERS = GOLD.get("speakers", [])
OUTLET_VOICE = GOLD.get("outlet_voice", [])
needs_gold = pytest.mark.skipif(not GOLD, reason="gold annotations (../shared/gold/seeds.json) not present")


@needs_gold
@pytest.mark.parametrize("item", SPEAKERS, ids=[f"{s['claim'][0][:3]}-{s['claim'][1][:30]}" for s in SPEAKERS])
def test_gold_speaker(item):
    file_name, needle = item["claim"]
    claim = find(seed_claims(file_name), needle)
    assert claim.attribution != "outlet_voice", claim
    assert any(norm(s) in norm(claim.speaker) for s in item["speaker"]), (claim.speaker, claim.attribution_cue)
    assert claim.attribution_cue, "an attributed claim must say why"


@needs_gold
@pytest.mark.parametrize("item", OUTLET_VOICE, ids=[f"{f[:3]}-{t[:30]}" for f, t in OUTLET_VOICE])
def test_gold_outlet_voice(item):
    file_name, needle = item
    claim = find(seed_claims(file_name), needle)
    assert claim.attribution == "outlet_voice", (claim.speaker, claim.attribution_cue)
    assert claim.speaker == ""


def test_seed_claims_are_well_formed():
    articles, res = seed_result()
    assert len(articles) == 5 and not res.warnings
    for a in articles:
        cs = [c for c in res.claims if c.article_id == a.article_id]
        assert len(cs) >= 5
        assert [c.sentence_index for c in cs] == sorted(c.sentence_index for c in cs)
        assert cs[0].position == 0.0 and cs[-1].position == 1.0 and cs[0].is_lede
        assert not any(c.is_lede for c in cs if c.paragraph > 0)
    for c in res.claims:
        assert c.attribution in ATTRIBUTIONS and c.speaker_side in known_sides() + ("",)
        assert (c.speaker == "") == (c.attribution == "outlet_voice")
        assert c.claim_text and c.claim_text in c.sentence_text
    assert len({c.claim_id for c in res.claims}) == len(res.claims)


def test_seed_extraction_is_deterministic():
    from stance.claims import extract_claims

    articles, res = seed_result()
    again = extract_claims(articles)
    assert [c.claim_id for c in again.claims] == [c.claim_id for c in res.claims]
    assert [c.speaker for c in again.claims] == [c.speaker for c in res.claims]


def test_seed_coordinated_clause_becomes_its_own_claim():
    """AFP joins two propositions under one frame; the second must stand alone to align."""
    cs = seed_claims("004_c953ebcc01dabc56.txt")
    second = find(cs, "strengthen collaboration on the international scene")
    first = find(cs, "said Wang would meet with his counterpart")
    assert (first.sentence_index, first.sub_index) == (second.sentence_index, 0)
    assert second.sub_index == 1 and second.sentence_text == first.sentence_text
    assert second.speaker == first.speaker == "Russian foreign ministry"
    assert "Wang would meet" not in second.claim_text and not first.quoted_spans
    assert any("strengthen collaboration" in q for q in second.quoted_spans)


def test_seed_without_comma_before_and_stays_whole():
    """'met X and both sides agreed' has no ', and': the conservative splitter keeps it whole."""
    c = find(seed_claims("000_cefc9ea15f620592.txt"), "both sides agreed")
    assert c.sub_index == 0 and c.speaker == "China" and "both sides agreed" in c.claim_text
