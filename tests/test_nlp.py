"""One spaCy model per process, shared by every stage; views disable components per call."""

from stance.nlp import _full_pipeline, load_spacy


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
