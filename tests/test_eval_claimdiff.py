"""ClaimDiff evaluation: metric helpers on hand-made cases; the script on the real data."""

from __future__ import annotations

import numpy as np
import pytest

from stance.config.settings import Settings
from stance.eval.claimdiff import Pair, evaluate, prf, undirected, youden_threshold


def test_prf_and_youden():
    gold = np.array([1, 1, 0, 0])
    assert prf(np.array([True, False, True, False]), gold) == {
        "precision": 0.5, "recall": 0.5, "f1": 0.5, "n": 4}
    t = youden_threshold(np.array([0.9, 0.8, 0.3, 0.2]), gold)
    assert 0.3 < t <= 0.8
    assert prf(np.array([False] * 4), gold) == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "n": 4}


def test_youden_is_the_best_cut_off_among_all_scores():
    """The cut-off from roc_curve is an observed score whose decision `score >= t` has the
    highest TPR - FPR of every possible cut-off (ties: the lowest such score)."""
    rng = np.random.default_rng(3)
    y = (rng.random(300) < 0.4).astype(int)
    s = np.round(rng.normal(0.3 + 0.2 * y, 0.15), 4).astype(np.float32)  # ties and float32 as in use

    def j(t):
        pred = s >= t
        return (pred & (y == 1)).sum() / y.sum() - (pred & (y == 0)).sum() / (1 - y).sum()

    t = youden_threshold(s, y)
    best = max(j(c) for c in np.unique(s))
    assert t in set(np.unique(s).tolist()) and j(t) == pytest.approx(best)
    assert t == min(c for c in np.unique(s).tolist() if j(c) == pytest.approx(best))


def test_undirected_pairs_related_if_either_direction():
    pairs = [Pair("x", "a", "b", 1), Pair("x_rev", "b", "a", 0), Pair("y", "c", "d", 0)]
    pred, gold = undirected(pairs, np.array([False, True, True]))
    assert gold.tolist() == [1] and pred.tolist() == [True]  # "y" has no reverse: left out


def test_claimdiff_run_gives_sane_figures(shared_data):
    root = shared_data / "claimdiff"
    res = evaluate(root, Settings(embed_backend="hash"), limit=400)
    for name in ("embedding", "tfidf"):
        for variant in ("directed", "undirected"):
            m = res[name][variant]
            assert 0.0 <= m["precision"] <= 1.0 and 0.0 <= m["recall"] <= 1.0
            assert m["n"] > 0
    assert res["n_pairs"] == 400 and 0 < res["positive_rate"] < 1
    assert res["tfidf"]["directed"]["f1"] > 0.2  # the baseline finds related pairs
    assert res["encode_claims_per_s"] > 0
