"""The discrepancy check reads again, with the whole pipeline, claim texts the claims stage already
parsed or ran NER on: what the claims stage kept (`stance.nlp.ANALYSES`) gives the very docs a
fresh run gives, and the store of kept analyses stays within its bounds."""

from __future__ import annotations

import pytest

from stance.claims import extract_claims
from stance.claims.units import read_again
from stance.nlp import ANALYSES, Analyses, load_spacy
from stance.schema import Article

TEXTS = [
    "Deputy Minister Olga Varn met Teodor Pask in Lisbon on Monday.",
    "The meeting lasted two hours, an aide said.",
    "Pask said the river council, founded in 1987, would convene again.",
    "Nobody here named anyone.",
]
PARSE_OFF = ("ner", "lemmatizer")
NER_ONLY = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


def _bytes(docs) -> list[bytes]:
    return [d.to_bytes(exclude=["tensor"]) for d in docs]


def _ents(doc) -> list[tuple[int, int, str]]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


@pytest.mark.slow
def test_kept_parses_and_entities_give_the_docs_of_a_fresh_run():
    full, parse, ner = load_spacy(), load_spacy(disable=PARSE_OFF), load_spacy(disable=NER_ONLY)
    fresh = _bytes(full.pipe(TEXTS))
    kept = Analyses()
    for doc in parse.pipe(TEXTS[:2]):  # parsed only, and parsed with entities
        kept.keep_doc(doc, parse.pipe_names)
    for doc in ner.pipe(TEXTS[1:3]):  # entities only, and both
        kept.keep_ents(doc.text, _ents(doc))
    reused = list(full.pipe(TEXTS, reuse=kept))
    assert _bytes(reused) == fresh
    assert any(reused[0].ents) and all(t.lemma_ for t in reused[1])
    assert not kept.docs and not kept.ents and kept.tokens == 0  # each kept analysis used once


@pytest.mark.slow
def test_a_doc_kept_from_other_components_is_not_reused():
    """A doc whose components are not the first ones of the run (NER alone, for a full run) is
    not continued from: the components would run out of pipeline order."""
    full, ner = load_spacy(), load_spacy(disable=NER_ONLY)
    kept = Analyses()
    doc = next(iter(ner.pipe(TEXTS[:1])))
    kept.keep_doc(doc, ner.pipe_names)
    assert kept.take(TEXTS[0], full.pipe_names) == (None, tuple(full.pipe_names), None)


def test_kept_docs_stay_within_their_token_budget():
    nlp = load_spacy(disable=PARSE_OFF).nlp
    kept = Analyses(max_tokens=25, max_ents=2)
    docs = [nlp.make_doc(t) for t in TEXTS]
    for d in docs:
        kept.keep_doc(d, ("tok2vec",))
    assert kept.tokens <= 25 and kept.tokens == sum(len(d) for _, d in kept.docs.values())
    assert list(kept.docs)[-1] == TEXTS[-1]  # the oldest go first
    for t in TEXTS:
        kept.keep_ents(t, [(0, 3, "ORG")])
    assert list(kept.ents) == TEXTS[-2:]
    kept.keep_doc(nlp.make_doc(" ".join(TEXTS * 3)), ("tok2vec",))  # alone above the budget
    assert kept.tokens <= 25


def test_only_unit_texts_in_the_form_the_check_reads_are_kept():
    assert read_again("The harbour council met on Monday.")
    assert not read_again("The \u201charbour\u201d council met.")  # the check reads ASCII quotes
    assert not read_again("The council  met.")


@pytest.mark.slow
def test_the_claims_stage_keeps_what_it_parsed_for_the_discrepancy_check():
    ANALYSES.clear()
    text = ("Olga Varn, the deputy minister, met Teodor Pask in Lisbon.\n\n"
            "Pask, who chairs the river council, told reporters the talks went well.")
    claims = extract_claims([Article(article_id="a1", source="Harbor Times", text=text)]).claims
    kept = set(ANALYSES.docs) | set(ANALYSES.ents)
    assert kept and kept <= {c.claim_text for c in claims}
    ANALYSES.clear()
