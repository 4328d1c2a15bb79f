"""The content overlap of the alignment pair score (`stance.align.lexical.pair_overlap`): the
mean of the idf-weighted cosine of content stems and the share of the shorter claim's stems that
the other claim holds. Made-up outlets, places and sentences."""

from __future__ import annotations

import numpy as np
import pytest

from stance.align.groups import align_event
from stance.align.lexical import content_matrix, pair_overlap
from stance.config.thresholds import load_thresholds
from stance.schema import Article, Claim, Event, stable_hash

TH = load_thresholds().replace(align=0.5, mutual_k=0, polarity_margin=0.0, lex_weight=0.25)

COMPOUND = ("Northland adheres to the peaceful settlement of disputes and opposes unilateral "
            "sanctions against its trade partners.")
SHORT = "Northland adheres to the peaceful settlement of disputes."
OTHER = "Officials toured the harbour and inspected new cranes."


def _overlap(texts: list[str], i: int, j: int) -> float:
    return float(pair_overlap(content_matrix(texts), np.array([i]), np.array([j]))[0])


def _cosine_only(texts: list[str], i: int, j: int) -> float:
    """The idf-weighted cosine of the two rows, computed by hand (the first half of the mean)."""
    m = content_matrix(texts).toarray()
    a, b = m[i], m[j]
    return float(a @ b / np.sqrt((a @ a) * (b @ b)))


def test_a_claim_told_inside_a_longer_compound_claim_counts_as_contained():
    texts = [COMPOUND, SHORT, OTHER]
    cosine = _cosine_only(texts, 0, 1)
    assert cosine < 0.8  # the compound's second half weighs against the pair in the cosine
    # every content word of the short claim is in the compound one: containment 1
    assert _overlap(texts, 0, 1) == pytest.approx(np.sqrt(cosine * 1.0), abs=1e-5)
    assert _overlap(texts, 0, 1) > cosine + 0.1  # so it counts more than the cosine alone
    assert _overlap(texts, 0, 2) == pytest.approx(0.0)


def test_overlap_is_symmetric_and_one_for_the_same_words():
    texts = [COMPOUND, SHORT, OTHER]
    assert _overlap(texts, 1, 0) == pytest.approx(_overlap(texts, 0, 1))
    assert _overlap([SHORT, SHORT.replace("Northland", "Southmark"), OTHER], 0, 1) == \
        pytest.approx(1.0, abs=1e-5)  # names are left to the embedding


def test_a_short_generic_claim_is_not_contained_in_a_long_one_by_containment_alone():
    """Containment alone would rate 'the sides discussed cooperation' 1.0 against any long claim
    holding those two words; the cosine view keeps such a pair well below a true paraphrase."""
    generic = "The sides discussed cooperation."
    long_claim = ("The sides discussed cooperation on fisheries quotas, river shipping tolls, "
                  "grain storage and border customs posts.")
    texts = [generic, long_claim, COMPOUND, SHORT]
    assert _overlap(texts, 0, 1) < _overlap(texts, 2, 3)
    assert _overlap(texts, 0, 1) < 0.8


def test_compound_claim_aligns_with_its_first_proposition_told_alone():
    """Cosine 0.35 between the two outlets' claims: below the link bar alone, the contained
    content words carry it; an unrelated claim of a third outlet stays apart."""
    texts = [COMPOUND, SHORT, OTHER]
    arts = {f"o{k}": Article(article_id=f"o{k}", source=f"o{k}.txt", text=t, outlet=f"Outlet {k}")
            for k, t in enumerate(texts)}
    claims = [Claim(claim_id=stable_hash("c", str(k)), article_id=f"o{k}", paragraph=0,
                    sentence_index=0, position=0.0, is_lede=True, claim_text=t)
              for k, t in enumerate(texts)]
    gram = np.array([[1.0, 0.35, 0.3], [0.35, 1.0, 0.3], [0.3, 0.3, 1.0]])
    vecs = np.linalg.cholesky(gram).astype(np.float32)
    groups = align_event(Event("e", "e", tuple(arts)), claims, vecs, arts, TH)
    idx = {c.claim_id: k for k, c in enumerate(claims)}
    got = sorted(sorted(idx[m.claim_id] for m in g.members) for g in groups)
    assert got == [[0, 1], [2]]
    cosine = _cosine_only(texts, 0, 1)
    assert 0.35 + 0.25 * cosine < TH.align  # the cosine view alone would not have linked them
