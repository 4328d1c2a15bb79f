"""Term choice for contested concepts: seeds as the texts show them, every concept, anaphora,
and concepts added by analysts without code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stance.framing import frame_claims, load_lexicon, split_terms
from stance.framing.terms import find_terms
from stance.schema import Claim, make_claim_id

_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"])|(?<=[.!?][\u201d\"])\s+(?=[A-Z\u201c\"])")
_REPORT = re.compile(r"\b(said|says|added|noted|stressed|emphasized|saying|according to)\b")


def seed_claims(seeds_dir: Path, name: str) -> list[Claim]:
    """Test double for claim extraction: one claim per sentence of the seed's prose lines."""
    paras = [ln.strip() for ln in (seeds_dir / name).read_text(encoding="utf-8").splitlines()
             if len(ln.split()) >= 12]
    sents = [(pi, s) for pi, p in enumerate(paras) for s in _SPLIT.split(p)]
    return [Claim(make_claim_id(name, i, 0, s), name, pi, i, i / len(sents), pi == 0, s, s,
                  attribution="indirect" if _REPORT.search(s) else "outlet_voice")
            for i, (pi, s) in enumerate(sents)]


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def war_terms(seeds_dir: Path, name: str, lexicon) -> dict[str, list[Claim]]:
    claims = seed_claims(seeds_dir, name)
    out: dict[str, list[Claim]] = {}
    for c, f in zip(claims, frame_claims(claims, lexicon), strict=True):
        for t in split_terms(f.terms.get("war_in_ukraine", "")):
            out.setdefault(t, []).append(c)
    return out


def test_seed_afp_invaded_and_war(seeds_dir, lexicon):
    terms = war_terms(seeds_dir, "004_c953ebcc01dabc56.txt", lexicon)
    assert set(terms) == {"invasion", "war"}
    assert any("invaded Ukraine" in c.claim_text for c in terms["invasion"])


def test_seed_chinese_mfa_issue_and_crisis(seeds_dir, lexicon):
    terms = war_terms(seeds_dir, "002_fd35d8d34b3ec1ad.txt", lexicon)
    assert set(terms) == {"issue", "crisis"}
    # "the crisis" counts only because "the Ukraine issue" was named just before it
    assert any("settlement of the crisis" in c.claim_text for c in terms["crisis"])


def test_seed_reuters_situation(seeds_dir, lexicon):
    assert set(war_terms(seeds_dir, "000_cefc9ea15f620592.txt", lexicon)) == {"situation"}


def test_seed_alahed_war_conflict_invasion_attributed_to_western_critics(seeds_dir, lexicon):
    terms = war_terms(seeds_dir, "001_ce2b9602adbcc576.txt", lexicon)
    assert set(terms) == {"war", "conflict", "invasion"}
    (inv,) = terms["invasion"]
    assert "criticism from the West" in inv.sentence_text


@pytest.mark.parametrize("text, concept, expected", [
    ("Russia invaded Ukraine last year.", "war_in_ukraine", "invasion"),
    ("The full-scale invasion of Ukraine drew sanctions.", "war_in_ukraine", "invasion"),
    ("Moscow calls it a special military operation.", "war_in_ukraine", "special military operation"),
    ("The war in Ukraine dragged on.", "war_in_ukraine", "war"),
    ("Talks on the Russia-Ukraine conflict stalled.", "war_in_ukraine", "conflict"),
    ("Europe must learn from the Ukraine crisis.", "war_in_ukraine", "crisis"),
    ("They discussed the Ukraine issue.", "war_in_ukraine", "issue"),
    ("They discussed the situation in Ukraine.", "war_in_ukraine", "situation"),
    ("The two touted their no-limits partnership.", "china_russia_relationship", "no limits partnership"),
    ("Beijing and Moscow remain strategic allies.", "china_russia_relationship", "strategic allies"),
    ("Their comprehensive strategic partnership deepened.", "china_russia_relationship",
     "comprehensive strategic partnership"),
    ("China has sought to appear neutral.", "china_position", "neutral"),
    ("Beijing has refused to condemn Moscow.", "china_position", "refuses to condemn"),
    ("Officials in Kiev responded.", "kyiv_spelling", "Kiev"),
    ("The Kyiv regime was blamed.", "ukraine_government_label", "regime"),
    ("Sanctions targeted the Putin regime.", "russia_government_label", "regime"),
    ("The Kremlin denied it.", "russia_government_label", "Kremlin"),
    ("It warned about NATO expansion.", "nato_enlargement", "expansion"),
    ("China's top diplomat arrived.", "diplomat_label", "top diplomat"),
])
def test_each_concept_and_term(lexicon, text, concept, expected):
    assert expected in split_terms(find_terms(text, lexicon).get(concept, ""))


@pytest.mark.parametrize("text", [
    "They opposed a Cold War mentality.",  # not the war in Ukraine
    "Even when crises and chaos arise, openings remain.",  # generic crises
    "The humanitarian situation in Gaza worsened.",  # situation, but no Ukraine anchor
    "The Iraq war began in 2003.",
])
def test_generic_words_without_anchor_are_not_terms(lexicon, text):
    assert "war_in_ukraine" not in find_terms(text, lexicon)


def test_anaphora_needs_the_concept_named_just_before(lexicon):
    follow = "China will play a constructive role in the settlement of the crisis."
    assert find_terms(follow, lexicon, previous=["They discussed the Ukraine issue."]) == \
        {"war_in_ukraine": "crisis"}
    assert "war_in_ukraine" not in find_terms(follow, lexicon, previous=["Trade grew fast."])
    far = ["They discussed the Ukraine issue.", "Trade grew.", "Ties deepened.", "Oil flowed."]
    assert "war_in_ukraine" not in find_terms(follow, lexicon, previous=far)


def test_several_terms_in_one_claim_keep_order(lexicon):
    text = "Critics call the invasion of Ukraine a war, Moscow a special military operation."
    assert split_terms(find_terms(text, lexicon)["war_in_ukraine"]) == \
        ["invasion", "war", "special military operation"]


def test_unknown_concept_added_by_extra_toml_needs_no_code(tmp_path):
    extra = tmp_path / "mine.toml"
    extra.write_text(
        "[concepts.taiwan_label]\n"
        "description = 'How Taiwan is named'\n"
        "[[concepts.taiwan_label.terms]]\n"
        "term = 'renegade province'\n"
        "patterns = ['renegade (island|province)']\n"
        "[[concepts.taiwan_label.terms]]\n"
        "term = 'self-ruled island'\n"
        "patterns = ['self-rul(ed|ing) island']\n", encoding="utf-8")
    lex = load_lexicon(str(extra))
    assert find_terms("Beijing views the self-ruled island as its own.", lex)["taiwan_label"] == "self-ruled island"
    assert find_terms("It called Taiwan a renegade province.", lex)["taiwan_label"] == "renegade province"
    # shipped concepts are still there
    assert find_terms("Russia invaded Ukraine.", lex)["war_in_ukraine"] == "invasion"
    c = Claim("c1", "a1", 0, 0, 0.0, True, "It called Taiwan a renegade province.")
    assert frame_claims([c], lex)[0].terms["taiwan_label"] == "renegade province"


def test_extra_toml_replaces_a_shipped_concept(tmp_path):
    extra = tmp_path / "override.toml"
    extra.write_text("[concepts.war_in_ukraine]\n[[concepts.war_in_ukraine.terms]]\n"
                     "term = 'aggression'\npatterns = ['aggression']\n", encoding="utf-8")
    lex = load_lexicon(str(extra))
    assert find_terms("Russian aggression continued.", lex)["war_in_ukraine"] == "aggression"
    assert "war_in_ukraine" not in find_terms("Russia invaded Ukraine.", lex)
