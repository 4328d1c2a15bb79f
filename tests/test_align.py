"""Claim alignment: gold pairs with the real model (slow), guards and bad input with the hash
double (fast)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from stance.align.groups import align_event
from stance.align.talking_points import link_talking_points
from stance.config.settings import Settings
from stance.config.thresholds import load_thresholds
from stance.embed import HashEmbedder
from stance.schema import Article, Claim, Event, stable_hash
from tests.seed_claims import find_claim, seed_records

# the values these tests were written for (the shipped calibration may move); lex_weight 0:
# the hash double's cosine alone, shared content words are tested on their own below
TH = load_thresholds().replace(align=0.5, talking_point=0.5, link_slack=0.05, mutual_k=3,
                               polarity_margin=0.10, lex_weight=0.0)


def make(texts_by_article: dict[str, list[str]], syndicated: dict[str, str] | None = None):
    """Articles (id = outlet name) and their claims from short texts."""
    syndicated = syndicated or {}
    arts, claims = {}, []
    for aid, texts in texts_by_article.items():
        arts[aid] = Article(article_id=aid, source=f"{aid}.txt", text=" ".join(texts),
                            outlet=aid.split("-")[0], syndicated_of=syndicated.get(aid, ""))
        for i, t in enumerate(texts):
            claims.append(Claim(claim_id=stable_hash(aid, str(i), t), article_id=aid, paragraph=i,
                                sentence_index=i, position=0.0, is_lede=i == 0, claim_text=t))
    event = Event(event_id="ev1", label="test", article_ids=tuple(arts))
    return event, claims, arts


def run(event, claims, arts, th=TH):
    vecs = HashEmbedder().encode([c.claim_text for c in claims])
    return align_event(event, claims, vecs, arts, th)


def group_of(groups, claim_id):
    return next(g for g in groups if any(m.claim_id == claim_id for m in g.members))


def test_same_topic_different_subject_actor_not_grouped():
    event, claims, arts = make({"a": ["Wang reaffirmed support for Russia."],
                                "b": ["Russia reaffirmed support for China on Taiwan."]})
    groups = run(event, claims, arts, TH.replace(align=0.1, talking_point=0.1))
    assert group_of(groups, claims[0].claim_id) is not group_of(groups, claims[1].claim_id)


def test_paraphrases_grouped_and_singletons_kept():
    event, claims, arts = make({
        "afp": ["China and Russia agreed to deepen strategic cooperation.", "Oil prices fell on Friday."],
        "tass": ["China and Russia agreed to deepen their strategic cooperation."]})
    groups = run(event, claims, arts)
    g = group_of(groups, claims[0].claim_id)
    assert {m.claim_id for m in g.members} == {claims[0].claim_id, claims[2].claim_id}
    assert g.outlets == ("afp", "tass") and g.n_outlets == 2
    single = group_of(groups, claims[1].claim_id)
    assert len(single.members) == 1 and single.outlets == ("afp",)
    assert sum(len(x.members) for x in groups) == len(claims)  # nothing dropped
    rep = next(m for m in g.members if m.claim_id == g.representative_claim_id)
    assert rep.similarity == 1.0 and all(0 < m.similarity <= 1 for m in g.members)


def test_same_topic_claim_not_pulled_in_when_a_better_counterpart_exists():
    """Three propositions of one meeting, reported by two outlets: every cross pair reaches the
    (low) threshold, so cosine and complete linkage alone build one topic blob; the mutual
    nearest-counterpart rule links each claim only to its own counterpart."""
    event, claims, arts = make({
        "afp": ["Wang and Lavrov agreed to expand energy trade between the two countries.",
                "Wang and Lavrov agreed to coordinate their positions at the United Nations.",
                "Wang and Lavrov agreed to hold regular security consultations."],
        "tass": ["Wang and Lavrov agreed to expand energy trade between their countries, officials said.",
                 "Wang and Lavrov agreed to coordinate positions at the United Nations, officials said.",
                 "Wang and Lavrov agreed to hold security consultations regularly, officials said."]})
    low = TH.replace(align=0.35, talking_point=0.5, link_slack=0.0, mutual_k=0)
    blob = run(event, claims, arts, low)  # the guard off
    assert len(blob) < 3
    groups = run(event, claims, arts, TH.replace(align=0.35, talking_point=0.5, link_slack=0.0,
                                                  mutual_k=1))
    pairs = sorted(sorted(claims.index(c) for c in claims
                          if any(m.claim_id == c.claim_id for m in g.members)) for g in groups)
    assert pairs == [[0, 3], [1, 4], [2, 5]]


def test_mutual_counterparts_match_brute_force_across_row_blocks(monkeypatch):
    """The blocked, vectorized mutual top-k filter equals the definition computed pair by pair,
    also when an article is longer than a row block (chunked column ranks)."""
    import stance.align.groups as align

    rng = np.random.default_rng(3)
    n = 40
    vecs = rng.normal(size=(n, 8)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    art = rng.integers(0, 4, n)
    sim = vecs @ vecs.T
    monkeypatch.setattr(align, "ROW_BLOCK", 5)

    def rank(x: int, y: int) -> int:  # distinct similarities of x to y's article above (x, y)
        return sum(1 for t in {float(sim[x, m]) for m in range(n) if art[m] == art[y]}
                   if t > sim[x, y])

    base = {(i, j) for _, i, j in align._candidate_edges(vecs, art, -1.0)}
    for k in (1, 2):
        got = {(i, j) for _, i, j in align._candidate_edges(vecs, art, -1.0, k)}
        assert got == {(i, j) for i, j in base if rank(i, j) < k and rank(j, i) < k}
        assert got  # some pairs survive


def test_group_may_hold_several_claims_of_one_outlet():
    event, claims, arts = make({
        "afp": ["Wang and Lavrov agreed to deepen strategic cooperation.",
                "Wang and Lavrov agreed to deepen strategic cooperation further."],
        "tass": ["Wang and Lavrov agreed to deepen strategic cooperation, the ministry said."]})
    groups = run(event, claims, arts)
    assert len(groups) == 1 and len(groups[0].members) == 3
    assert groups[0].outlets == ("afp", "tass")


def _attributed(rows: list[tuple[str, str, str, str]]):
    """Event of one-claim articles from (article, text, speaker, speaker side) rows."""
    event, claims, arts = make({a: [t] for a, t, _, _ in rows})
    by_article = {a: (spk, side) for a, _, spk, side in rows}
    claims = [replace(c, speaker=by_article[c.article_id][0],
                      speaker_side=by_article[c.article_id][1]) for c in claims]
    return event, claims, arts


def _together(groups, a, b) -> bool:
    return group_of(groups, a.claim_id) is group_of(groups, b.claim_id)


def test_claims_of_speakers_of_different_sides_never_share_a_group():
    """"Putin thanked Northland for its support" and "Northland supports Russia's chair" share
    the words, not the proposition; a group never holds both, not even through a third claim
    that names no speaker (the marks of a group are those of all its members)."""
    event, claims, arts = _attributed([
        ("afp", "Our side is grateful for the backing of our chair of the bloc.", "Vladimir Putin", "Russia"),
        ("tass", "The backing of the chair of the bloc was discussed.", "", ""),
        ("xinhua", "Our side backs the chair of the bloc.", "Wang Yi", "China")])
    groups = run(event, claims, arts, TH.replace(align=0.1, mutual_k=0, link_slack=0.0))
    assert not _together(groups, claims[0], claims[2])
    assert _together(groups, claims[0], claims[1]) or _together(groups, claims[1], claims[2])


def test_two_people_of_one_side_are_two_propositions_in_an_event():
    event, claims, arts = _attributed([
        ("afp", "Relations between the two countries have hit their lowest point.", "Qin Gang", "China"),
        ("tass", "Relations between the two countries must stop their downward slide.", "Wang Yi", "China")])
    groups = run(event, claims, arts, TH.replace(align=0.1, mutual_k=0))
    assert not _together(groups, *claims)


def test_near_identical_copies_align_whatever_the_attribution_says():
    """A wire quote copied by two sites, one of which credits the wrong speaker: the same words
    are the same proposition (the speaker guard is for different wording)."""
    quote = "I hope this visit can make positive contributions to stabilizing relations."
    event, claims, arts = _attributed([
        ("agency", quote, "Xi Jinping", "China"),
        ("reprint", quote.replace("stabilizing", "stabilising"), "Joe Biden", "West")])
    groups = run(event, claims, arts, TH.replace(mutual_k=0))
    assert _together(groups, *claims)


def test_meetings_with_different_participants_stay_apart():
    event, claims, arts = _attributed([
        ("afp", "Wang Yi held talks with Sergei Lavrov in Beijing on Tuesday.", "", ""),
        ("tass", "Xi Jinping met with Sergei Lavrov in Beijing on Tuesday.", "", ""),
        ("cnn", "Sergei Lavrov met Xi Jinping in Beijing on Tuesday, state media said.", "", "")])
    groups = run(event, claims, arts, TH.replace(align=0.1, mutual_k=0))
    assert not _together(groups, claims[0], claims[1]) and not _together(groups, claims[0], claims[2])
    assert _together(groups, claims[1], claims[2])  # one meeting, whichever party is named first


def test_syndicated_copy_counts_once_under_original_outlet():
    text = "Beijing and Moscow pledged to coordinate at the United Nations."
    event, claims, arts = make({"afp": [text], "yahoo-copy": [text]}, {"yahoo-copy": "afp"})
    groups = run(event, claims, arts)
    assert len(groups) == 1 and len(groups[0].members) == 2  # aligned, not dropped
    assert groups[0].outlets == ("afp",)


def test_bad_input_one_article_one_claim_identical_articles():
    event, claims, arts = make({"solo": ["Only one claim here."]})
    groups = run(event, claims, arts)
    assert len(groups) == 1 and groups[0].members[0].similarity == 1.0
    event, claims, arts = make({"a": ["Wang met Lavrov.", "They discussed trade."],
                                "b": ["Wang met Lavrov.", "They discussed trade."]})
    groups = run(event, claims, arts)
    assert sorted(len(g.members) for g in groups) == [2, 2]
    assert run(Event("e", "l", ()), [], {}) == []


def test_group_ids_stable_across_runs_and_order():
    event, claims, arts = make({"a": ["Wang met Lavrov in Moscow.", "Trade grew."],
                                "b": ["Wang met Lavrov in Moscow on Monday."]})
    ids1 = sorted(g.group_id for g in run(event, claims, arts))
    rev = list(reversed(claims))
    ids2 = sorted(g.group_id for g in run(event, rev, arts))
    assert ids1 == ids2


def test_talking_points_link_across_events_only_same_line():
    e1, c1, a1 = make({"x": ["The pact is not aimed at any outside power."]})
    e2, c2, a2 = make({"y": ["The pact is not aimed at any outside power, he said.",
                             "Grain exports rose sharply."]})
    e2 = Event("ev2", "other", e2.article_ids)
    emb = HashEmbedder()
    g1 = align_event(e1, c1, emb.encode([c.claim_text for c in c1]), a1, TH)
    g2 = align_event(e2, c2, emb.encode([c.claim_text for c in c2]), a2, TH)
    vecs = {c.claim_id: v for c, v in zip(c1 + c2, emb.encode([c.claim_text for c in c1 + c2]), strict=False)}
    linked = link_talking_points(g1 + g2, vecs, TH)
    tp = {m.claim_id: m.talking_point_id for g in linked for m in g.members}
    assert all(tp.values())
    assert tp[c1[0].claim_id] == tp[c2[0].claim_id] != tp[c2[1].claim_id]


def test_threshold_override_from_settings():
    th = load_thresholds(Settings(align_threshold=0.9, talking_point_threshold=0.8))
    assert (th.align, th.talking_point) == (0.9, 0.8)
    shipped = load_thresholds(Settings())
    assert shipped.source == "thresholds.json" and 0 < shipped.align < 1


def test_analysts_calibration_in_models_dir_is_loaded_over_the_shipped_values(tmp_path):
    import json

    from stance.config.thresholds import shipped_document

    settings = Settings(models_dir=str(tmp_path / "models"))
    shipped = load_thresholds(settings)  # no analysts' file yet: the shipped values
    assert (shipped.align, shipped.source) == (shipped_document()["align"], "thresholds.json")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "thresholds.annotations.json").write_text(json.dumps(
        {"align": 0.61, "talking_point": 0.52, "calibration": {"n_labels": 40}}), encoding="utf-8")
    th = load_thresholds(settings)
    assert (th.align, th.talking_point, th.source) == (0.61, 0.52, "thresholds.annotations.json")
    assert th.mutual_k == shipped.mutual_k  # values the file leaves out stay the shipped ones
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps({"align": 0.4}), encoding="utf-8")
    explicit = load_thresholds(settings.replace(thresholds_path=str(mine)))  # a set path wins
    assert (explicit.align, explicit.talking_point) == (0.4, shipped.talking_point)


def test_shared_rare_formula_links_talking_points_and_labels_them():
    """Long sentences sharing only a short formula (spelt differently) form one talking point
    at a cosine floor below the talking-point threshold (by FORMULA_BONUS); a common word does
    not link."""
    from stance.align.features import formula_terms, stem
    from stance.align.formulas import FORMULA_BONUS, formula_index, talking_point_formulas

    assert stem("omni-lateralisation") == stem("omnilateralization") == stem("omnilaterality") \
        == stem("omnilateral")
    terms = formula_terms("Orlan hailed an omni-lateral world and strategic cooperation")
    assert terms == {"omnilateral"}  # names and words common in general English are no formula
    events = []
    texts = {"a": ["The envoy hailed the omni-lateralisation of the world and trade ties at dinner."],
             "b": ["The delegation backed an omnilateral world order in remarks to the press today."],
             "c": ["Grain exports rose sharply in the autumn months."]}
    for k, (aid, ts) in enumerate(texts.items()):
        e, c, a = make({aid: ts})
        e = Event(f"ev{k}", aid, e.article_ids)
        events.append((e, c, a))
    emb = HashEmbedder()
    allc = [c for _, cs, _ in events for c in cs]
    vecs = dict(zip([c.claim_id for c in allc], emb.encode([c.claim_text for c in allc]), strict=True))
    groups = [g for e, c, a in events
              for g in align_event(e, c, emb.encode([x.claim_text for x in c]), a, TH)]
    by_text = {c.claim_id: c.claim_text for c in allc}
    cos = float(vecs[allc[0].claim_id] @ vecs[allc[1].claim_id])
    assert 0.0 < cos < 0.9  # whole-claim cosine alone does not reach the threshold below
    tight = TH.replace(talking_point=0.9, link_slack=0.0)
    plain = link_talking_points(groups, vecs, tight, texts_by_claim=by_text)
    assert plain[0].talking_point_id != plain[1].talking_point_id
    # a shared formula links at the complete-linkage floor (talking_point - link_slack) less
    # FORMULA_BONUS
    floor_at = 0.9 - cos - FORMULA_BONUS
    linked = link_talking_points(groups, vecs, tight.replace(link_slack=floor_at + 0.01), by_text)
    assert linked[0].talking_point_id == linked[1].talking_point_id != linked[2].talking_point_id
    assert "omnilateral" in talking_point_formulas(linked, by_text)[linked[0].talking_point_id]
    assert "omnilateral" in formula_index(groups, by_text)
    higher = link_talking_points(groups, vecs, tight.replace(link_slack=floor_at - 0.01), by_text)
    assert higher[0].talking_point_id != higher[1].talking_point_id  # the floor still applies


@pytest.mark.slow
def test_ten_thousand_claims_in_one_event():
    rng = np.random.default_rng(0)
    n = 10_000
    base = rng.normal(size=(500, 384)).astype(np.float32)
    vecs = base[rng.integers(0, 500, n)] + 0.3 * rng.normal(size=(n, 384)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    arts = {f"a{k}": Article(article_id=f"a{k}", source=f"{k}.txt", text="t", outlet=f"o{k % 50}")
            for k in range(200)}
    claims = [Claim(claim_id=f"c{i}", article_id=f"a{i % 200}", paragraph=0, sentence_index=i,
                    position=0.0, is_lede=False, claim_text=f"claim {i}") for i in range(n)]
    groups = align_event(Event("big", "big", tuple(arts)), claims, vecs, arts, TH)
    assert sum(len(g.members) for g in groups) == n
    assert 300 <= len(groups) < n  # noisy copies of 500 propositions grouped, not one blob


# --- gold with the real model -------------------------------------------------------------


@pytest.fixture(scope="session")
def seed_alignment():
    from stance.embed import get_embedder
    from stance.events.grouping import group_events

    articles, claims = seed_records()
    emb = get_embedder(Settings())
    vecs = emb.encode([c.claim_text for c in claims])
    by_id = {c.claim_id: v for c, v in zip(claims, vecs, strict=False)}
    arts = {a.article_id: a for a in articles}
    th = load_thresholds(Settings())
    groups = []
    for ev in group_events(articles, claims, None, Settings()):
        idx = [i for i, c in enumerate(claims) if c.article_id in ev.article_ids]
        groups += align_event(ev, [claims[i] for i in idx], vecs[idx], arts, th)
    groups = link_talking_points(groups, by_id, th,  # the pipeline's path, on one batch
                                 texts_by_claim={c.claim_id: c.claim_text for c in claims})
    return articles, claims, {m.claim_id: g for g in groups for m in g.members}, \
        {m.claim_id: m.talking_point_id for g in groups for m in g.members}


def _gold_items(kind):
    import json

    from tests.conftest import GOLD_PATH

    if not GOLD_PATH.exists():
        return []
    items = json.loads(GOLD_PATH.read_text(encoding="utf-8")).get(kind, [])
    out = []
    for it in items:
        out.append(pytest.param(it))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("pair", _gold_items("must_align"), ids=lambda p: p["a"][1][:30])
def test_gold_must_align(seed_alignment, pair):
    articles, claims, group, _ = seed_alignment
    a = find_claim(claims, articles, *pair["a"])
    bs = [find_claim(claims, articles, *b) for b in pair["b"]]
    assert any(group[a.claim_id].group_id == group[b.claim_id].group_id for b in bs)


@pytest.mark.slow
@pytest.mark.parametrize("pair", _gold_items("must_not_align"), ids=lambda p: p["a"][1][:30])
def test_gold_must_not_align(seed_alignment, pair):
    articles, claims, group, _ = seed_alignment
    a, b = find_claim(claims, articles, *pair["a"]), find_claim(claims, articles, *pair["b"])
    assert group[a.claim_id].group_id != group[b.claim_id].group_id


@pytest.mark.slow
@pytest.mark.parametrize("tp", _gold_items("talking_points"), ids=lambda t: t["note"][:30])
def test_gold_talking_points(seed_alignment, tp):
    articles, claims, _, line = seed_alignment
    ids = {line[find_claim(claims, articles, *c).claim_id] for c in tp["claims"]}
    assert len(ids) == 1 and "" not in ids


@pytest.mark.slow
def test_talking_points_are_not_one_blob(seed_alignment):
    _, claims, group, line = seed_alignment
    tps = set(line.values())
    groups = {g.group_id for g in group.values()}
    assert len(tps) >= len(groups) // 3  # recurring lines are linked, the rest stay apart


@pytest.mark.slow
def test_neutrality_claims_of_afp_and_al_ahed_share_a_group(seed_alignment):
    """The dashboard's headline comparison for the Sept 2023 visit: AFP's "neutral party" and
    Al-Ahed's "refrained from taking sides" report one proposition, so neither may show as the
    other outlet's omission (this is what decided mutual_k=3 over 2, see models/README.md)."""
    articles, claims, group, _ = seed_alignment
    neutral = find_claim(claims, articles, "004_c953ebcc01dabc56.txt", "position itself as a neutral party")
    refrained = find_claim(claims, articles, "001_ce2b9602adbcc576.txt", "refrained from taking sides")
    assert group[neutral.claim_id].group_id == group[refrained.claim_id].group_id
