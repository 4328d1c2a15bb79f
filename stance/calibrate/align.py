"""Fit the alignment and talking-point thresholds on data and write the shipped
thresholds (package data `stance/data/thresholds.json`):

    stance calibrate data --claimdiff DIR --gold FILE --seeds DIR [--out FILE]

Method (also written to models/README.md):
1. ClaimDiff train (evaluation data, used only to pick numbers, never to train weights): the
   weight of shared content words in the pair score (`stance.align.lexical`) is the one of
   LEX_WEIGHTS with the best Youden's J; with it, the pair score of related vs unrelated
   directed pairs gives the cut-off = Youden's J (prior-free).
2. Seeds gold: the cut-off must lie above every must_not_align pair score and at or below every
   must_align pair score (best of the listed alternatives). When the ClaimDiff value falls outside
   that interval it is moved inside, a quarter of the width from the nearer edge (the gold is
   the product's contract; the margin keeps a small wording change from flipping a pair).
3. Polarity margin: the extra cosine a negated-vs-plain pair needs, picked from a few values
   by Youden's J on ClaimDiff train at the cut-off of step 1.
4. Talking points: midpoint between the highest must_not_align cosine and the lowest
   "bottleneck" cosine that still connects each gold talking-point set.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from stance.config.settings import Settings
from stance.config.thresholds import read_document, shipped_path, write_thresholds
from stance.errors import CalibrationError
from stance.schema import Article, Claim
from stance.text.normalize import normalize_text


def read_gold(path: Path) -> dict:
    """The seeds gold file (`must_align`, `must_not_align`, `talking_points`)."""
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(gold, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as exc:
        raise CalibrationError(f"cannot read the gold file ({exc})", source=str(path),
                               hint="Pass --gold pointing at the seeds gold JSON.") from exc
    return gold


def seed_records(seeds: Path, gold: dict | None = None) -> tuple[list[Article], list[Claim]]:
    """(articles, claims) of the seed pages through the real ingest and claims stages, as the
    product makes them (`gold` is not needed; kept for callers that pass it)."""
    from stance.claims import extract_claims
    from stance.ingest import ingest_paths

    arts = list(ingest_paths([str(seeds)], Settings()).articles)
    if not arts:
        raise CalibrationError("no seed article could be read", source=str(seeds),
                               hint="Pass --seeds pointing at the folder of seed pages.")
    return arts, list(extract_claims(arts).claims)


def _norm(s: str) -> str:
    return normalize_text(s).casefold()


def find(claims: Sequence[Claim], articles: Sequence[Article], source: str, needle: str) -> Claim:
    ids = {a.article_id for a in articles if Path(a.source.split("#")[0]).name == source}
    for c in claims:
        if c.article_id in ids and _norm(needle) in _norm(c.claim_text):
            return c
    raise CalibrationError(f"no claim of {source} contains {needle!r}", source=source,
                           hint="The gold no longer matches the claims stage: update the gold.")


def gold_cosines(articles, claims, vecs: dict[str, np.ndarray], gold: dict,
                 lex_weight: float = 0.0) -> dict:
    """Pair scores of every gold pair: must_align (best alternative), must_not_align, talking
    points; cosine + `lex_weight` x shared content words (idf over all the seed claims)."""
    from stance.align.lexical import content_matrix, pair_overlap

    row = {c.claim_id: k for k, c in enumerate(claims)}
    words = content_matrix([c.claim_text for c in claims])

    def cos(a: Claim, b: Claim) -> float:
        lex = pair_overlap(words, np.array([row[a.claim_id]]), np.array([row[b.claim_id]]))[0]
        return float(vecs[a.claim_id] @ vecs[b.claim_id]) + lex_weight * float(lex)

    out = {"must_align": [], "must_not_align": [], "talking_points": []}
    for p in gold.get("must_align", []):
        a = find(claims, articles, *p["a"])
        bs = p["b"] if isinstance(p["b"][0], list) else [p["b"]]
        out["must_align"].append(max(cos(a, find(claims, articles, *b)) for b in bs))
    for p in gold.get("must_not_align", []):
        out["must_not_align"].append(cos(find(claims, articles, *p["a"]), find(claims, articles, *p["b"])))
    for tp in gold.get("talking_points", []):
        cs = [find(claims, articles, *x) for x in tp["claims"]]
        out["talking_points"].append(_bottleneck([[cos(a, b) for b in cs] for a in cs]))
    return out


def _bottleneck(sim: list[list[float]]) -> float:
    """Highest t such that edges >= t connect all items (min edge of a max spanning tree)."""
    n = len(sim)
    inside, best = {0}, 1.0
    while len(inside) < n:
        s, j = max((sim[i][j], j) for i in inside for j in range(n) if j not in inside)
        best = min(best, s)
        inside.add(j)
    return best


# Mutual top-k counterparts (stance.align.groups): with average linkage the rule no longer
# earns its place: on the 98 dev pages (real events) k=3 lowers must-align recall 0.75 -> 0.71
# at the same must-not-align merged (0.07), so it is off (0). See models/README.md.
MUTUAL_K = 0
# Talking points keep complete linkage over a line's leading groups (stance.align.talking_points):
# every two of them reach `talking_point` minus this slack. 0.075 pulled the seeds' "not
# directed against anyone" into an unrelated talking point, so 0 is kept (models/README.md).
LINK_SLACK = 0.0
# Candidate weights of shared content words in the pair score, compared on ClaimDiff train.
LEX_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)


def fit(claimdiff: Path, gold_path: Path, seeds: Path, settings: Settings | None = None) -> dict:
    """The fitted values and the record of what they were fitted on (see the module docstring)."""
    from stance.embed import get_embedder
    from stance.eval.claimdiff import load_split, scores, youden_threshold

    settings = settings or Settings()
    gold = read_gold(gold_path)
    emb = get_embedder(settings)
    train = load_split(claimdiff, "train")
    texts = sorted({t for p in train for t in (p.claim_a, p.claim_b)})
    tv = dict(zip(texts, emb.encode(texts), strict=False))
    y = np.array([p.related for p in train])
    lex_weight, j_of = _fit_lex_weight(tv, train, y)
    score_train = scores(tv, train, lex_weight)
    t_cd = youden_threshold(score_train, y)
    margin = _fit_margin(score_train, train, y, t_cd)
    articles, claims = seed_records(seeds, gold)
    cv = dict(zip([c.claim_id for c in claims], emb.encode([c.claim_text for c in claims]), strict=False))
    gc = gold_cosines(articles, claims, cv, gold, lex_weight)
    gc_cos = gold_cosines(articles, claims, cv, gold)  # talking points compare member cosines
    lo = max(gc["must_not_align"]) if gc["must_not_align"] else 0.0
    hi = min(gc["must_align"]) if gc["must_align"] else 1.0
    if lo < hi:
        # inside the gold interval; when ClaimDiff's value is outside, a quarter of the width
        # in from the nearer edge, so a small wording change does not flip a gold pair
        q = (hi - lo) / 4
        align = t_cd if lo + q <= t_cd <= hi - q else (lo + q if t_cd < lo + q else hi - q)
    else:  # gold not separable by cosine alone: keep ClaimDiff's value, the guards must help
        align = t_cd
    lo_cos = max(gc_cos["must_not_align"]) if gc_cos["must_not_align"] else 0.0
    tp_hi = min(gc_cos["talking_points"]) if gc_cos["talking_points"] else align
    tp = round((lo_cos + tp_hi) / 2, 3) if tp_hi > lo_cos else round(tp_hi, 3)
    return {
        "align": round(float(align), 3), "talking_point": float(tp), "link_slack": LINK_SLACK,
        "mutual_k": MUTUAL_K, "lex_weight": lex_weight, "claimdiff_train_lex_weight_j": j_of,
        "polarity_margin": margin, "model": emb.name, "backend": type(emb).__name__,
        "claimdiff_train_youden": round(t_cd, 3),
        "seeds_must_not_align_max": round(lo, 3), "seeds_must_align_min": round(hi, 3),
        "seeds_talking_point_bottleneck_min": round(tp_hi, 3),
        "seed_claims": "real stages",
        "n_claimdiff_train_pairs": len(train), "date": date.today().isoformat(),
    }


def calibrate(claimdiff: Path, gold_path: Path, seeds: Path, settings: Settings | None = None,
              out: Path | None = None) -> dict[str, Any]:
    """Fit (`fit`) and write the values over the file at `out` (default: the shipped package
    data); its other values (event thresholds) and their notes are kept. Returns the fitted
    values and `path`."""
    values = fit(claimdiff, gold_path, seeds, settings)
    out = Path(out) if out else shipped_path()
    base = read_document(out) if out.exists() else {}
    return {**values, "path": str(write_thresholds(out, values, base))}


def _fit_lex_weight(vecs: dict[str, np.ndarray], pairs, y: np.ndarray) -> tuple[float, dict[str, float]]:
    """The weight of LEX_WEIGHTS whose pair score separates related from unrelated ClaimDiff
    train pairs best (Youden's J at its own best cut-off); ties go to the smaller weight.
    Returns it and J for every candidate (recorded in the thresholds file)."""
    from sklearn.metrics import roc_curve

    from stance.eval.claimdiff import scores

    j_of: dict[str, float] = {}
    best, best_w = -1.0, 0.0
    for w in LEX_WEIGHTS:
        fpr, tpr, _ = roc_curve(y, scores(vecs, pairs, w))
        j = float((tpr - fpr).max())
        j_of[str(w)] = round(j, 4)
        if j > best + 1e-9:
            best, best_w = j, w
    return best_w, j_of


def _fit_margin(cos: np.ndarray, pairs, y: np.ndarray, threshold: float) -> float:
    """Extra cosine for negated-vs-plain pairs: the candidate with the best Youden's J on
    ClaimDiff train (0 means the data gave the polarity guard no support). The cut-off is
    fixed here, so J is that of one decision: adjusted balanced accuracy = TPR + TNR - 1."""
    from sklearn.metrics import balanced_accuracy_score

    from stance.eval.claimdiff import decide

    best, best_m = -1.0, 0.0
    for m in (0.0, 0.05, 0.10, 0.15):
        j = balanced_accuracy_score(y, decide(cos, pairs, threshold, m), adjusted=True)
        if j > best + 1e-9:
            best, best_m = float(j), m
    return best_m
