"""Bad input: no crash, one clear warning per bad article naming it, the others processed."""

from __future__ import annotations

from claims_helpers import article

from stance.claims import extract_claims

GOOD = "Lavrov said the talks in Moscow were useful. The meeting lasted two hours."


def _run(bad):
    good = article(GOOD, source="good.txt")
    res = extract_claims([bad, good])
    assert [c.claim_text for c in res.claims if c.article_id == good.article_id] == [
        "Lavrov said the talks in Moscow were useful.", "The meeting lasted two hours."]
    mine = [w for w in res.warnings if bad.source in w]
    assert all("good.txt" not in w for w in res.warnings)
    return res, mine


def test_article_with_no_sentences():
    for text in ("", "   \n\n  \n", "\u00a0"):
        bad = article(text, source="empty.txt")
        res, mine = _run(bad)
        assert len(mine) == 1 and "no sentences" in mine[0] and bad.article_id in mine[0]
        assert not [c for c in res.claims if c.article_id == bad.article_id]


def test_single_huge_paragraph_without_punctuation():
    words = " ".join(["the talks in Moscow were about trade and security and"] * 2000)
    bad = article(f"Wang said {words} more.", source="huge.txt")
    res, mine = _run(bad)
    assert len(mine) == 1 and "20003 words" in mine[0] and "paragraph breaks" in mine[0]
    claims = [c for c in res.claims if c.article_id == bad.article_id]
    assert len(claims) == 1 and claims[0].speaker == "Wang Yi"


def test_single_huge_paragraph_of_sentences_is_split():
    text = " ".join(f"Mr. Smith met the U.S. envoy in round {i}. Officials said talks went well."
                    for i in range(1500))  # ~20k words in one paragraph
    bad = article(text, source="long.txt")
    res = extract_claims([bad])
    claims = res.claims
    assert len(claims) == 3000 and not res.warnings
    assert claims[0].claim_text == "Mr. Smith met the U.S. envoy in round 0."
    assert claims[1].speaker == "officials" and claims[1].attribution == "indirect"


def test_unbalanced_quotation_marks():
    bad = article("Wang said \u201cthe talks were frank and the sides will meet again.\n\n"
                  "The meeting lasted two hours.", source="unbalanced.txt")
    res, mine = _run(bad)
    assert len(mine) == 1 and "unbalanced quotation marks in paragraph 0" in mine[0]
    claims = [c for c in res.claims if c.article_id == bad.article_id]
    assert claims[0].speaker == "Wang Yi" and claims[0].quoted_spans
    assert claims[1].attribution == "outlet_voice" and not claims[1].quoted_spans


def test_quote_continued_in_next_paragraph_is_not_unbalanced():
    text = ("\u201cWe will meet again,\u201d Wang said. \u201cThe sides agree.\n\n"
            "\u201cThere is much to do,\u201d he added.")
    res = extract_claims([article(text, source="multi.txt")])
    assert not res.warnings


def test_non_english_text():
    for text, lang in (("\u4e2d\u56fd\u5916\u4ea4\u90e8\u957f\u738b\u6bc5\u4e0e\u4fc4\u7f57\u65af\u5916\u957f"
                        "\u62c9\u592b\u7f57\u592b\u4e3e\u884c\u4f1a\u8c08\u3002" * 20, "en"),
                       ("Der Minister sagte, dass die Gespr\u00e4che \u00fcber die Ukraine fortgesetzt "
                        "werden und die Regierung eine L\u00f6sung sucht. " * 5, "en"),
                       (GOOD + " More text here.", "ru")):
        bad = article(text, source="foreign.txt", language=lang)
        res, mine = _run(bad)
        assert len(mine) == 1 and "does not look like English" in mine[0]
        assert not [c for c in res.claims if c.article_id == bad.article_id]
