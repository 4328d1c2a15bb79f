"""Discrepancies between aligned claims (one test per kind) and the word diff of wordings."""

from __future__ import annotations

import pytest

from stance.framing import find_discrepancies, word_diff
from stance.framing.diff import summarize_variation, varying_phrases
from stance.framing.discrepancies import compare
from stance.schema import Claim, ClaimGroup, GroupMember


def _group(*texts: str) -> tuple[list[ClaimGroup], dict[str, Claim]]:
    claims = {f"c{i}": Claim(f"c{i}", f"a{i}", 0, 0, 0.0, True, t) for i, t in enumerate(texts)}
    g = ClaimGroup("g1", "e1", "c0", texts[0], tuple(GroupMember(k, 1.0) for k in claims),
                   tuple(f"outlet{i}" for i in range(len(texts))))
    return [g], claims


def _kinds(a: str, b: str, parse: bool = False) -> dict[str, tuple[str, str]]:
    return {k: (va, vb) for k, va, vb in compare(a, b, parse)}


@pytest.mark.parametrize("parse", [False, True])
def test_place(parse):
    d = _kinds("Wang met Lavrov in Moscow on Monday.", "Wang met Lavrov in St. Petersburg on Monday.", parse)
    assert d["place"] == ("Moscow", "St Petersburg")


@pytest.mark.parametrize("parse", [False, True])
def test_city_versus_country_is_not_a_place_discrepancy(parse):
    assert "place" not in _kinds("Wang held talks in Moscow.", "Wang held talks in Russia.", parse)


def test_organisations_and_regions_are_not_places_of_a_meeting():
    d = _kinds("They coordinate in the Shanghai Cooperation Organization.",
               "They stressed stability in the Asia-Pacific region.", parse=True)
    assert "place" not in d


def test_weekday_and_date():
    assert _kinds("The talks began on Monday.", "The talks began on Tuesday.")["date"] == ("monday", "tuesday")
    # "until Thursday" bounds a stay; it does not date the start
    assert "date" not in _kinds("Wang will be in Russia until Thursday.", "Wang will begin the visit on Monday.")
    assert _kinds("They met on March 30.", "They met on 31 March.")["date"] == ("03-30", "03-31")
    assert "date" not in _kinds("They met on March 30.", "They met on 30 March in Tunxi.")


def test_ordinal_and_cardinal_numbers():
    d = _kinds("It was the 9th round of the security consultations.",
               "It was the 18th round of the security consultations.")
    assert d["number"] == ("9 round", "18 round")
    d = _kinds("Wang began a four-day visit.", "Wang began a three-day visit.")
    assert d["number"] == ("4 day", "3 day")
    assert "number" not in _kinds("It was the ninth round.", "It was the 9th round.")
    assert "number" not in _kinds("They met on 22 February 2023.", "They met on 22 February 2023 in Moscow.")


def test_negation():
    d = _kinds("China condemned the attack.", "China did not condemn the attack.")
    assert d["negation"] == ("(affirmative)", "not condemn")
    assert "negation" not in _kinds("It is not directed at anyone.", "It has never targeted any third party.")
    # a negation about another predicate is not a contradiction
    assert "negation" not in _kinds("Peskov does not rule out a meeting.", "Putin met Wang in Moscow.")


def test_actor_who_did_what():
    d = _kinds("Putin invited Xi to visit Russia.", "Xi invited Putin to visit Russia.", parse=True)
    assert "actor" in d and d["actor"][0].startswith("Putin") and d["actor"][1].startswith("Xi")
    # meeting is symmetric: "A met B" and "B met A" report the same thing
    assert "actor" not in _kinds("Putin met Wang in Moscow.", "Wang met Putin in Moscow.", parse=True)
    # who *said* it is attribution, not a discrepancy about who did it
    assert "actor" not in _kinds("Wang Yi said ties are strong.", "China said ties are strong.", parse=True)


def test_agreeing_claims_have_no_discrepancy():
    groups, claims = _group("Wang Yi met Sergei Lavrov in Moscow on Wednesday.",
                            "Russian Foreign Minister Sergei Lavrov met Wang Yi in Moscow on Wednesday.")
    assert find_discrepancies(groups, claims) == []


def test_find_discrepancies_records_and_dedup():
    groups, claims = _group("Wang will hold the 18th round of talks in Moscow.",
                            "Wang will hold the 9th round of talks in Moscow.",
                            "Wang will hold the 9th round of talks in St Petersburg.")
    out = find_discrepancies(groups, claims, parse=False)
    kinds = sorted((d.kind, d.value_a, d.value_b) for d in out)
    assert ("number", "18 round", "9 round") in kinds
    assert ("place", "Moscow", "St Petersburg") in kinds
    assert len([k for k in kinds if k[0] == "number"]) == 1  # same pair of values reported once
    assert all(d.group_id == "g1" and d.claim_a != d.claim_b for d in out)


def test_same_article_members_are_not_compared():
    claims = {k: Claim(k, "same", 0, i, 0.0, False, t) for i, (k, t) in
              enumerate([("x", "They met in Moscow."), ("y", "They met in St Petersburg.")])}
    g = ClaimGroup("g", "e", "x", "", (GroupMember("x", 1.0), GroupMember("y", 0.9)), ("o",))
    assert find_discrepancies([g], claims, parse=False) == []


# --- word diff ------------------------------------------------------------------------------


def test_word_diff_marks_inserted_words():
    ops = word_diff("The two sides exchanged views on the Ukraine situation.",
                    "The two sides exchanged in-depth views on the Ukraine issue.")
    assert ("insert", "in-depth") in ops
    assert ("delete", "situation") in ops and ("insert", "issue") in ops
    assert ("equal", "exchanged") in ops
    assert {op for op, _ in ops} <= {"equal", "insert", "delete"}


def test_word_diff_ignores_case_and_quote_style():
    assert all(op == "equal" for op, _ in word_diff("It said \u201cno limits\u201d.", 'it said "No limits".'))


def test_varying_phrases_summary():
    pairs = varying_phrases("The two sides exchanged views.", "The two sides exchanged in-depth views.")
    assert pairs == [("exchanged views", "exchanged in-depth views")]
    assert summarize_variation("exchanged views", "exchanged in-depth views") == \
        '"exchanged views" vs "exchanged in-depth views"'
    assert varying_phrases("Same text.", "same text.") == []


def test_varying_phrases_shortens_long_rewrites():
    a = "Wang said " + " ".join(f"alpha{i}" for i in range(30)) + " today."
    b = "Wang said " + " ".join(f"beta{i}" for i in range(30)) + " today."
    (pa, pb), = varying_phrases(a, b)
    assert "..." in pa and len(pa.split()) <= 13 and pa.startswith("said alpha0")


# --- each text is parsed once, by the smallest pipeline that yields what the checks read -------

def _seed_sentences() -> list[str]:
    from pathlib import Path

    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False)
    root = Path(__file__).resolve().parents[1] / "seeds"
    return [s.strip() for p in sorted(root.glob("*.txt"))
            for line in p.read_text(encoding="utf-8").splitlines() if line.strip()
            for s in seg.segment(line) if len(s.split()) > 3]


def test_reduced_pipelines_give_the_full_pipelines_facts():
    from stance.framing.discrepancies import _actor_from_doc, _places_from_doc, facts_for, text_facts
    from stance.nlp import load_spacy

    texts = _seed_sentences() + ["In Moscow, Putin invited Xi to visit Russia.",
                                 "They met at the Kremlin and in St. Petersburg."]
    assert len(texts) > 100
    full = dict(zip(texts, load_spacy().pipe(texts), strict=True))
    facts = facts_for(texts, actors=texts, places_of=[t for t in texts if text_facts(t).may_name_place])
    for t in texts:
        assert facts[t].actor == _actor_from_doc(full[t]), t
        places = _places_from_doc(full[t])
        # the cheap "capitalised word after in/at" test never misses a place NER would find
        assert (facts[t].parsed_places or frozenset()) == places, t
    assert sum(bool(f.parsed_places) for f in facts.values()) >= 5


def _record_parsed(monkeypatch, pipeline: str) -> list[str]:
    """Texts sent through one of the discrepancy module's spaCy views, in order."""
    from stance.framing import discrepancies as d

    seen: list[str] = []
    real = getattr(d, pipeline)

    class Recording:
        def pipe(self, texts, **kw):
            texts = list(texts)
            seen.extend(texts)
            return real().pipe(texts, **kw)

    monkeypatch.setattr(d, pipeline, lambda: Recording())
    return seen


def test_each_text_is_parsed_once_per_cache(monkeypatch):
    parsed = _record_parsed(monkeypatch, "_actor_pipeline")
    groups, claims = _group("Putin invited Xi to visit Russia.", "Xi invited Putin to visit Russia.")
    cache: dict = {}
    first = find_discrepancies(groups, claims, parse_cache=cache)
    again = find_discrepancies(groups, claims, parse_cache=cache)
    assert [x.kind for x in first] == ["actor"] and again == first
    assert len(parsed) == 2


def test_place_entities_only_where_both_sides_name_a_place(monkeypatch):
    seen = _record_parsed(monkeypatch, "_place_pipeline")
    groups, claims = _group("Wang met Lavrov in Moscow.", "Wang met Lavrov on Monday.",
                            "Wang and Lavrov met in Beijing.")
    out = find_discrepancies(groups, claims)
    assert sorted(seen) == ["Wang and Lavrov met in Beijing.", "Wang met Lavrov in Moscow."]
    assert [(x.kind, x.value_a, x.value_b) for x in out] == [("place", "Moscow", "Beijing")]


def test_identical_wordings_are_not_parsed(monkeypatch):
    from stance.framing import discrepancies as d

    def fail():
        raise AssertionError("identical wordings need no parse")

    monkeypatch.setattr(d, "_actor_pipeline", fail)
    monkeypatch.setattr(d, "_place_pipeline", fail)
    groups, claims = _group("Putin invited Xi to visit Russia in May.", "Putin invited Xi to visit Russia in May.")
    assert find_discrepancies(groups, claims) == []


def test_the_dashboard_highlights_with_the_same_diff() -> None:
    """The highlight marks exactly the words word_diff deletes from the same pair."""
    from stance.dashboard.text import highlight_html
    from stance.framing.diff import changed_tokens

    a = "The two sides exchanged views on the Ukraine situation."
    b = "The two sides exchanged in-depth views on the Ukraine issue."
    deleted = [t for op, t in word_diff(a, b) if op == "delete"]
    assert [t for changed, t in changed_tokens(a, b) if changed and not t.isspace()] == deleted
    assert highlight_html(a, b).count("<mark>") == len(deleted) == 1
