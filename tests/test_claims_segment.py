"""Sentence segmentation for news: abbreviations, quotations over sentences."""

from __future__ import annotations

from claims_helpers import claims_of, seed_claims

from stance.claims import segment
from stance.claims.segment import sentence_spans


def test_abbreviations_do_not_break_sentences():
    text = ("The U.S. envoy met Mr. Wang on Sept. 18 in Washington, D.C. to discuss trade. "
            "Gen. Smith and Dr. J. Doe attended. The talks ended at 3 p.m. on Monday.")
    sents = [s for _, s in segment(text)]
    assert sents[0].startswith("The U.S. envoy met Mr. Wang on Sept. 18")
    assert sents[0].endswith("to discuss trade.")
    assert sents[1] == "Gen. Smith and Dr. J. Doe attended."
    assert len(sents) == 3


def test_quote_spanning_sentences_stays_with_its_attribution():
    text = "\u201cWe agree. We will act,\u201d he said. \u201cWhy would he not do that?\u201d she asked. Then they left."
    sents = [s for _, s in segment(text)]
    assert sents[1] == "We will act,\u201d he said." or sents[0].endswith("he said.")
    assert any(s.startswith("\u201cWhy would he not do that?\u201d she asked") for s in sents)
    assert sents[-1] == "Then they left."


def test_lowercase_continuation_joins_previous_sentence():
    spans = sentence_spans("\u201cIs it over?\u201d he asked. \u201cNo.\u201d")
    assert len(spans) == 2


def test_paragraph_index_and_offsets():
    text = "First one. Second one.\n\nThird one here."
    assert segment(text) == [(0, "First one."), (0, "Second one."), (1, "Third one here.")]
    para = "Alpha beta. Gamma delta!"
    assert [para[s:e] for s, e in sentence_spans(para)] == ["Alpha beta.", "Gamma delta!"]


def test_dateline_removed_from_claim_text_seed():
    c = [c for c in seed_claims("000_cefc9ea15f620592.txt") if "Cold War" in c.claim_text][0]
    assert c.claim_text.startswith("China said on Wednesday") and "Reuters" not in c.sentence_text


def test_dateline_removed_from_claim_text_written():
    cs = claims_of("MOSCOW, Sept 18 (Xinhua) -- Russian Foreign Minister Sergei Lavrov said on Monday "
                   "that the U.S. plan was unacceptable. He added that talks would go on.")
    assert cs[0].claim_text.startswith("Russian Foreign Minister Sergei Lavrov said")
    assert cs[0].speaker == "Sergei Lavrov" and cs[1].speaker == "Sergei Lavrov"
    assert len(cs) == 2


def test_long_paragraph_rules_agree_with_pysbd():
    """Very long paragraphs skip pysbd (too slow on big blocks); the abbreviation rules must cut
    where pysbd does on text pysbd can still handle."""
    import pysbd

    from stance.claims.segment import _rule_spans

    para = " ".join(f"Mr. Lee met the U.S. envoy in round {i} of talks in Washington. "
                    f"The talks went well in Sept. 2023, said Sen. J. Doe of Acme Inc. on Monday. "
                    f"Dr. Park arrived from the U.S. It was late." for i in range(12))
    whole = [x.strip() for x in pysbd.Segmenter(language="en", clean=False).segment(para)]
    rules = [para[s:e].strip() for s, e in _rule_spans(para, 0, len(para), abbreviations=True)]
    assert rules == whole and len(rules) == 48
    huge = " ".join([para] * 30)  # past the pysbd size limit: the rules run
    assert [huge[s:e] for s, e in sentence_spans(huge)][:48] == whole


def test_acronym_before_a_sentence_opener_ends_the_sentence():
    from stance.claims.segment import _rule_spans

    para = "The envoy flew to Washington, D.C. The ministry said so. Talks with the U.S. side went on."
    assert [para[s:e].strip() for s, e in _rule_spans(para, 0, len(para), abbreviations=True)] == [
        "The envoy flew to Washington, D.C.", "The ministry said so.", "Talks with the U.S. side went on."]


def test_sentences_glued_without_a_space_are_split():
    """Pages whose line breaks were lost glue sentences together; initials and acronyms stay."""
    from stance.claims.segment import sentence_spans

    text = ('The ministers met in Oslo on Friday.During the talks they agreed on fishing quotas.'
            'He leads the bureau."This meeting was useful," an aide said. The U.S.Navy sailed.')
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "The ministers met in Oslo on Friday.", "During the talks they agreed on fishing quotas.",
        "He leads the bureau.", '"This meeting was useful," an aide said.', "The U.S.Navy sailed."]
