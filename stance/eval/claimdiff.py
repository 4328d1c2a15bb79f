"""ClaimDiff evaluation of the claim aligner (evaluation only; the data is never shipped).

    python -m stance.eval.claimdiff ../shared/data/claimdiff

Reports related-vs-unrelated precision/recall/F1 on `test-full` (directed pairs, and the
undirected variant of the dataset README) for the aligner's pair score (cosine + shared content
words) at the calibrated threshold, next to a tf-idf cosine baseline whose threshold is fitted on `train` the same way
(Youden's J), plus encoding and pair-decision speed.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from stance.align.features import pair_guard
from stance.errors import EvaluationDataError


@dataclass(frozen=True)
class Pair:
    pair_id: str
    claim_a: str
    claim_b: str
    related: int  # 1 when strengthen or weaken, 0 when neither
    topic: str = ""  # the news topic of the two articles (the claims compared together)


def load_split(root: str | Path, split: str) -> list[Pair]:
    """Directed pairs of one split ("train", "test", "test-full"), S and W labels joined."""
    root = Path(root)
    s_path = root / "ClaimDiff-S" / f"ClaimDiff-strength-{split}.json"
    w_path = root / "ClaimDiff-W" / f"ClaimDiff-weak-{split}.json"
    try:
        s_data = json.loads(s_path.read_text(encoding="utf-8"))["data"]
        w_data = json.loads(w_path.read_text(encoding="utf-8"))["data"]
    except (OSError, ValueError, KeyError) as exc:
        raise EvaluationDataError(f"cannot read ClaimDiff split {split!r} ({exc})", source=str(root),
                             hint="Point at the folder holding ClaimDiff-S and ClaimDiff-W.") from exc
    return [Pair(s["pair_id"], s["claim_a"], s["claim_b"], int(bool(s["relation"] or w["relation"])),
                 str(s.get("topic", "")))
            for s, w in zip(s_data, w_data, strict=False)]


def decide(cos: np.ndarray, pairs: Sequence[Pair], threshold: float, margin: float,
           guards: bool = True) -> np.ndarray:
    """The aligner's pair decision: pair score (`scores`) >= threshold (+ margin on polarity
    mismatch), and never across different subject actors."""
    out = np.zeros(len(pairs), dtype=bool)
    for k, (c, p) in enumerate(zip(cos, pairs, strict=False)):
        if not guards:
            out[k] = c >= threshold
            continue
        blocked, extra, _ = pair_guard(p.claim_a, p.claim_b)
        out[k] = (not blocked) and c >= threshold + (margin if extra else 0.0)
    return out


def youden_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """Cut-off maximizing TPR - FPR: independent of the class balance, which differs a lot
    between ClaimDiff train (80% related) and a real event (mostly unrelated pairs). Every
    distinct score is a candidate (`roc_curve`); among equally good cut-offs the lowest, and
    `scores >= cut-off` is the decision."""
    from sklearn.metrics import roc_curve

    fpr, tpr, thresholds = roc_curve(np.asarray(labels), np.asarray(scores, dtype=float),
                                     drop_intermediate=False)
    j = (tpr - fpr)[1:]  # the first point (threshold +inf) selects nothing
    return float(thresholds[1:][np.flatnonzero(j == j.max())[-1]])


def prf(pred: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    """Precision, recall and F1 of the related class (0 when a count is empty)."""
    from sklearn.metrics import precision_recall_fscore_support

    p, r, f, _ = precision_recall_fscore_support(np.asarray(gold, dtype=int),
                                                 np.asarray(pred, dtype=int), average="binary",
                                                 zero_division=0.0)
    return {"precision": round(float(p), 4), "recall": round(float(r), 4),
            "f1": round(float(f), 4), "n": int(len(gold))}


def undirected(pairs: Sequence[Pair], pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs present in both directions, related if either direction is (README protocol)."""
    by_id = {p.pair_id: k for k, p in enumerate(pairs)}
    g, y = [], []
    for p in pairs:
        if p.pair_id.endswith("_rev") or p.pair_id + "_rev" not in by_id:
            continue
        k, r = by_id[p.pair_id], by_id[p.pair_id + "_rev"]
        g.append(pairs[k].related or pairs[r].related)
        y.append(bool(pred[k] or pred[r]))
    return np.array(y, dtype=bool), np.array(g, dtype=int)


def cosines(vecs: dict[str, np.ndarray], pairs: Sequence[Pair]) -> np.ndarray:
    return np.array([float(vecs[p.claim_a] @ vecs[p.claim_b]) for p in pairs], dtype=np.float32)


def scores(vecs: dict[str, np.ndarray], pairs: Sequence[Pair], lex_weight: float) -> np.ndarray:
    """The aligner's pair score (`stance.align.lexical.pair_scores`): cosine + lex_weight x
    shared content words, the word weights (idf) taken over the claims of the pair's topic, as
    the aligner takes them over the claims of one event."""
    from stance.align.lexical import pair_scores

    cos = cosines(vecs, pairs)
    if not lex_weight:
        return cos
    out = np.empty(len(pairs), dtype=np.float32)
    by_topic: dict[str, list[int]] = {}
    for k, p in enumerate(pairs):
        by_topic.setdefault(p.topic, []).append(k)
    for ks in by_topic.values():
        sub = [pairs[k] for k in ks]
        out[ks] = pair_scores(cos[ks], [p.claim_a for p in sub], [p.claim_b for p in sub], lex_weight)
    return out


def tfidf_baseline(train: Sequence[Pair], test: Sequence[Pair]) -> tuple[float, np.ndarray]:
    """tf-idf (fitted on train sentences) cosine, threshold by Youden's J on train."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    vec.fit(sorted({t for p in train for t in (p.claim_a, p.claim_b)}))

    def score(pairs: Sequence[Pair]) -> np.ndarray:
        a = vec.transform([p.claim_a for p in pairs])
        b = vec.transform([p.claim_b for p in pairs])
        return np.asarray(a.multiply(b).sum(axis=1)).ravel()

    t = youden_threshold(score(train), np.array([p.related for p in train]))
    return t, score(test) >= t


def evaluate(root: str | Path, settings=None, limit: int | None = None) -> dict:
    """All figures in one dict (see module docstring). `limit` keeps the first N test pairs."""
    from stance.config.settings import Settings
    from stance.config.thresholds import load_thresholds
    from stance.embed import get_embedder

    settings = settings or Settings()
    train, test = load_split(root, "train"), load_split(root, "test-full")
    if limit:
        test = test[:limit]
    th = load_thresholds(settings)
    emb = get_embedder(settings)
    texts = sorted({t for p in test for t in (p.claim_a, p.claim_b)})
    t0 = time.perf_counter()
    vecs = dict(zip(texts, emb.encode(texts), strict=False))
    enc_s = time.perf_counter() - t0
    gold = np.array([p.related for p in test])
    t0 = time.perf_counter()
    score = scores(vecs, test, th.lex_weight)
    pred = decide(score, test, th.align, th.polarity_margin)
    dec_s = time.perf_counter() - t0
    pred_noguard = decide(score, test, th.align, th.polarity_margin, guards=False)
    tf_t, tf_pred = tfidf_baseline(train, test)
    res = {
        "backend": type(emb).__name__, "model": emb.name, "align_threshold": th.align,
        "lex_weight": th.lex_weight,
        "embedding": {"directed": prf(pred, gold), "undirected": prf(*undirected(test, pred))},
        "embedding_no_guards": {"directed": prf(pred_noguard, gold)},
        "cosine_alone": {"directed": prf(cosines(vecs, test) >= th.align, gold)},
        "tfidf": {"threshold": round(tf_t, 4), "directed": prf(tf_pred, gold),
                  "undirected": prf(*undirected(test, tf_pred))},
        "encode_claims_per_s": round(len(texts) / max(enc_s, 1e-9), 1),
        "pair_decisions_per_s": round(len(test) / max(dec_s, 1e-9), 1),
        "n_pairs": len(test), "positive_rate": round(float(gold.mean()), 4),
    }
    return res


def main(argv: Sequence[str] | None = None) -> None:
    from stance.config.settings import ensure_offline, load_settings

    ensure_offline()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", help="ClaimDiff folder (holding ClaimDiff-S and ClaimDiff-W)")
    ap.add_argument("--backend", default=None, help="auto | torch | openvino | hash")
    ap.add_argument("--limit", type=int, default=None, help="first N test-full pairs only")
    args = ap.parse_args(argv)
    res = evaluate(args.path, load_settings(embed_backend=args.backend), args.limit)
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
