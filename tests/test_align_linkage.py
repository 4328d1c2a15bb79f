"""Average linkage over the candidate graph (`stance.align.linkage`) and the lexical half of the
pair score (`stance.align.lexical`), with made-up claims and vectors of chosen cosines."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from stance.align.groups import align_event
from stance.align.lexical import STEM_MIN, content_matrix, content_stems, pair_overlap, pair_scores
from stance.align.linkage import AverageLinkage
from stance.config.thresholds import load_thresholds
from stance.schema import Article, Claim, Event, stable_hash
from stance.text.stems import stem

TH = load_thresholds().replace(align=0.5, mutual_k=0, polarity_margin=0.0, lex_weight=0.0)
NO_MARKS: dict[str, frozenset[str]] = {}


def vectors_with(gram: np.ndarray) -> np.ndarray:
    """Unit vectors whose pairwise cosines are `gram` (a positive definite matrix)."""
    return np.linalg.cholesky(gram).astype(np.float32)


def one_claim_articles(texts: list[str]):
    arts = {f"o{k}": Article(article_id=f"o{k}", source=f"o{k}.txt", text=t, outlet=f"o{k}")
            for k, t in enumerate(texts)}
    claims = [Claim(claim_id=stable_hash("c", str(k)), article_id=f"o{k}", paragraph=0,
                    sentence_index=0, position=0.0, is_lede=True, claim_text=t)
              for k, t in enumerate(texts)]
    return Event("e", "e", tuple(arts)), claims, arts


def members(groups, claims) -> list[list[int]]:
    idx = {c.claim_id: k for k, c in enumerate(claims)}
    return sorted(sorted(idx[m.claim_id] for m in g.members) for g in groups)


def test_one_odd_pair_does_not_veto_a_merge():
    """Three reports of one proposition: two pairs are close, the third pair is worded far
    apart (0.40, below the threshold). Complete linkage would leave one report out; the group
    average (0.67) keeps the three together."""
    gram = np.array([[1.0, 0.8, 0.8], [0.8, 1.0, 0.4], [0.8, 0.4, 1.0]])
    event, claims, arts = one_claim_articles(["alpha one", "beta two", "gamma three"])
    groups = align_event(event, claims, vectors_with(gram), arts, TH)
    assert members(groups, claims) == [[0, 1, 2]]


def test_a_claim_close_to_one_member_only_stays_out():
    """A claim close to one member of a tight pair (0.55) but far from the other (0.10) is a
    neighbouring topic, not the proposition: the average (0.325) stays below the threshold."""
    gram = np.array([[1.0, 0.8, 0.55], [0.8, 1.0, 0.1], [0.55, 0.1, 1.0]])
    event, claims, arts = one_claim_articles(["alpha one", "beta two", "gamma three"])
    groups = align_event(event, claims, vectors_with(gram), arts, TH)
    assert members(groups, claims) == [[0, 1], [2]]


def _dense_upgma(score: np.ndarray, art: list[int], threshold: float) -> list[list[int]]:
    """Reference: average linkage over every cross-article pair, by brute force."""
    clusters = [[i] for i in range(len(art))]
    while True:
        best = None
        for x, y in itertools.combinations(range(len(clusters)), 2):
            cross = [score[i, j] for i in clusters[x] for j in clusters[y] if art[i] != art[j]]
            if cross and np.mean(cross) >= threshold and (best is None or np.mean(cross) > best[0]):
                best = (float(np.mean(cross)), x, y)
        if best is None:
            return sorted(sorted(c) for c in clusters)
        _, x, y = best
        clusters[x] += clusters.pop(y)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sparse_average_linkage_equals_brute_force(seed):
    """With pairs that are not candidates scored as `unseen`, the sparse, heap-driven merge
    order gives the clusters of plain average linkage over all cross-article pairs."""
    rng = np.random.default_rng(seed)
    n, unseen = 14, 0.1
    art = rng.integers(0, 4, n).tolist()
    score = np.full((n, n), unseen)
    edges = []
    for i, j in itertools.combinations(range(n), 2):
        if art[i] != art[j] and rng.random() < 0.5:
            s = float(rng.uniform(0.2, 1.0))
            score[i, j] = score[j, i] = s
            edges.append((s, i, j))
    linkage = AverageLinkage(art, [NO_MARKS] * n)
    linkage.run(edges, 0.45, unseen)
    assert sorted(linkage.clusters(n)) == _dense_upgma(score, art, 0.45)


def test_clusters_whose_marks_disagree_never_merge():
    marks = [{"speaker": frozenset({"A"})}, {}, {"speaker": frozenset({"B"})}]
    linkage = AverageLinkage([0, 1, 2], marks)
    linkage.run([(0.9, 0, 1), (0.9, 1, 2), (0.9, 0, 2)], 0.5, 0.0)
    got = sorted(linkage.clusters(3))
    assert got in ([[0, 1], [2]], [[0], [1, 2]])  # the unmarked claim joins one, never both


def test_content_words_leave_names_stopwords_and_short_words_out():
    stems = content_stems("Minister Kallio said the two sides adhere to the peaceful settlement of disputes.")
    assert stems == {stem(w, STEM_MIN) for w in ("adhere", "peaceful", "settlement", "disputes")}


def test_overlap_weights_rare_words_over_words_every_claim_uses():
    texts = ["The envoys discussed grain corridors and discussed fertiliser exports.",
             "Both envoys discussed grain corridors.",
             "The envoys discussed weather.",
             "Envoys discussed tariffs."]
    m = content_matrix(texts)
    grain, weather = pair_overlap(m, np.array([0, 0]), np.array([1, 2]))
    assert grain > 0.4 > weather > 0.0  # "discuss" is in every text: it counts little
    assert pair_overlap(m, np.array([2]), np.array([3]))[0] < 0.3
    assert np.allclose(pair_overlap(content_matrix(["Xyz and Qrs.", "Xyz and Qrs."]),
                                   np.array([0]), np.array([1])), 0.0)  # names only: no words


def test_shared_content_words_align_a_paraphrase_cosine_alone_misses():
    """Two outlets word one proposition differently ("political settlement" / "political
    regulation ... hotspot"): cosine 0.45 falls short of 0.5, the shared words carry it."""
    texts = ["The minister said Northland adheres to the political settlement of hotspot issues.",
             "Northland adheres to a political regulation of issues in hotspots, the envoy added.",
             "Trade between the two countries grew last year."]
    gram = np.array([[1.0, 0.45, 0.3], [0.45, 1.0, 0.3], [0.3, 0.3, 1.0]])
    event, claims, arts = one_claim_articles(texts)
    vecs = vectors_with(gram)
    assert members(align_event(event, claims, vecs, arts, TH), claims) == [[0], [1], [2]]
    grouped = align_event(event, claims, vecs, arts, TH.replace(lex_weight=0.25))
    assert members(grouped, claims) == [[0, 1], [2]]


def test_isolated_pair_scores_match_the_aligner_score():
    a = ["Both sides pledged closer energy cooperation."]
    b = ["The sides pledged energy cooperation."]
    cos = np.array([0.4], dtype=np.float32)
    assert pair_scores(cos, a, b, 0.0)[0] == pytest.approx(0.4)
    assert pair_scores(cos, a, b, 0.5)[0] > 0.6  # "pledg", "energy", "cooperation" shared
