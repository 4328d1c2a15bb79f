"""Feed analysts' labels back: score the pipeline against them, and re-fit the alignment
threshold from membership labels.

The reference label of an item is the adjudicated one, else the annotators' common answer
(a single annotator's label counts as agreed unless `min_annotators` asks for more); items
whose annotators disagree and were not adjudicated are left out until someone settles them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from stance.annotate.agreement import ItemLabels, item_labels
from stance.annotate.items import answer_of, build_items
from stance.annotate.queue import alignment_threshold
from stance.config.settings import Settings
from stance.config.thresholds import SHIPPED_NAME, active_file, analysts_path
from stance.errors import AnnotationError
from stance.store import annotations as sa
from stance.store.db import Store

MIN_CALIBRATION_LABELS = 8
# Binary kinds: the pipeline always asserts the positive label for the items it shows.
POSITIVE = {"membership": "yes", "discrepancy": "real"}
EVAL_COLUMNS = ["item_type", "n", "adjudicated", "accuracy", "precision", "recall", "f1",
                "averaging"]


def reference_labels(labels: dict[tuple[str, str], ItemLabels],
                     min_annotators: int = 1) -> dict[tuple[str, str], tuple[str, str]]:
    """(item_type, item_id) -> (answer, 'adjudicated' | 'agreed')."""
    out = {}
    for key, it in labels.items():
        if it.item_type == "note":
            continue
        if it.adjudicated is not None:
            out[key] = (it.resolved, "adjudicated")
        elif len(it.answers) >= min_annotators and it.resolved is not None:
            out[key] = (it.resolved, "agreed")
    return out


def _current_predictions(store: Store, settings: Settings) -> dict[tuple[str, str], str]:
    items = build_items(store, alignment_threshold(settings), "",
                        ("membership", "stance", "attribution", "speaker", "discrepancy"))
    return {it.key: it.prediction for it in items}


def _prf(pairs: Sequence[tuple[str, str]], labels: list[str], average: str) -> tuple[float, ...]:
    """Precision, recall, F1 over `labels` of (predicted, reference) pairs. A ratio with an
    empty denominator is NaN ("-") for one label and 0 inside a macro average, as before."""
    from sklearn.metrics import precision_recall_fscore_support

    if not labels:
        return float("nan"), float("nan"), float("nan")
    pred, gold = [p for p, _ in pairs], [g for _, g in pairs]
    p, r, f, _ = precision_recall_fscore_support(
        gold, pred, labels=labels, average=average,
        zero_division=0.0 if average == "macro" else np.nan)
    return float(p), float(r), float(f)


def _scores(kind: str, pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """pairs = (predicted, reference). Binary kinds score the positive label; speaker scores
    'a speaker is named and it is the right one' (micro-average over the names); stance and
    attribution are macro-averaged over the labels seen."""
    acc = sum(p == g for p, g in pairs) / len(pairs)
    seen = sorted({x for pair in pairs for x in pair})
    if kind in POSITIVE:
        pos = POSITIVE[kind]
        p, r, f = _prf(pairs, [pos], "micro")
        avg = f"binary ({pos})"
    elif kind == "speaker":
        none = answer_of("speaker", "wrong", "", "")
        p, r, f = _prf(pairs, [x for x in seen if x != none], "micro")
        avg = "named speaker"
    else:
        p, r, f = _prf(pairs, seen, "macro")
        avg = "macro"
    return {"accuracy": acc, "precision": p, "recall": r, "f1": f, "averaging": avg}


def evaluate(store: Store, settings: Settings | None = None,
             min_annotators: int = 1) -> pd.DataFrame:
    """Pipeline precision/recall/accuracy per label kind against the reference labels. The
    prediction is the current analysis's when the item still exists, else the one stored
    beside the label."""
    settings = settings or Settings()
    labels = item_labels(store)
    ref = reference_labels(labels, min_annotators)
    current = _current_predictions(store, settings)
    by_kind: dict[str, list[tuple[str, str]]] = {}
    adjudicated: dict[str, int] = {}
    for (kind, iid), (gold, source) in ref.items():
        pred = current.get((kind, iid), labels[(kind, iid)].prediction)
        if kind == "speaker":
            pred = answer_of("speaker", "correct", "", pred)
        by_kind.setdefault(kind, []).append((pred, gold))
        adjudicated[kind] = adjudicated.get(kind, 0) + (source == "adjudicated")
    rows = [{"item_type": k, "n": len(v), "adjudicated": adjudicated[k], **_scores(k, v)}
            for k, v in sorted(by_kind.items())]
    return pd.DataFrame(rows, columns=EVAL_COLUMNS)


# --- re-calibration ----------------------------------------------------------------------


def membership_training_data(store: Store, min_annotators: int = 1) -> pd.DataFrame:
    """One row per membership item with a reference label: similarity and same (1/0).
    'partly' is ambiguous for a same/different threshold and is left out (counted)."""
    labels = item_labels(store)
    ref = reference_labels(labels, min_annotators)
    sims = sa.member_similarities(store)
    rows = []
    for (kind, iid), (gold, source) in ref.items():
        if kind != "membership":
            continue
        it = labels[(kind, iid)]
        stored = [a.value for a in it.raw.values()] + ([it.adjudicated.value] if it.adjudicated
                                                       else [])
        sim = sims.get(iid)
        if sim is None:  # the pipeline re-ran and regrouped: use the similarity kept then
            vals = [float(v) for v in stored if _is_float(v)]
            sim = vals[-1] if vals else None
        if sim is None:
            continue
        rows.append({"item_id": iid, "similarity": sim, "label": gold, "source": source,
                     "annotators": ",".join(sorted(it.answers) or
                                            [it.adjudicated.annotator if it.adjudicated else ""]),
                     "sessions": ",".join(sorted({a.session_id for a in it.raw.values()}))})
    return pd.DataFrame(rows, columns=["item_id", "similarity", "label", "source", "annotators",
                                       "sessions"])


def _is_float(v: str) -> bool:
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return True


def fit_threshold(similarity: Sequence[float], same: Sequence[int]) -> dict[str, float]:
    """1-D logistic regression P(same | cosine); the threshold is where P = 0.5."""
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(similarity, dtype=float).reshape(-1, 1)
    y = np.asarray(same, dtype=int)
    mu, sd = float(x.mean()), float(x.std()) or 1.0
    # weak regularisation on a standardised feature: the boundary follows the data
    model = LogisticRegression(C=100.0).fit((x - mu) / sd, y)
    w, b = float(model.coef_[0, 0]), float(model.intercept_[0])
    if w <= 0:
        raise AnnotationError("membership labels do not rise with similarity, so no threshold "
                              "fits them", hint="Check the labels (run `stance agreement`).")
    thr = mu - b * sd / w
    return {"threshold": float(min(1.0, max(0.0, thr))), "coef": w / sd,
            "intercept": b - w * mu / sd}


def _accuracy_at(thr: float, sims: np.ndarray, same: np.ndarray) -> float:
    return float(((sims >= thr).astype(int) == same).mean())


def default_out(settings: Settings) -> Path:
    """Where the analysts' calibration goes: `<models_dir>/thresholds.annotations.json`, which
    `stance.config.thresholds` reads over the shipped values."""
    return analysts_path(settings)


def calibrate(store: Store, settings: Settings | None = None,
              out_path: str | Path | None = None, min_annotators: int = 1) -> dict[str, Any]:
    """Re-fit the alignment threshold from membership labels and write it as JSON (the
    previous thresholds file's other keys kept, the data it was fitted on recorded)."""
    settings = settings or Settings()
    data = membership_training_data(store, min_annotators)
    n_partly = int((data["label"] == "partly").sum())
    data = data[data["label"] != "partly"]
    same = (data["label"] == "yes").astype(int).to_numpy()
    n_yes, n_no = int(same.sum()), int(len(same) - same.sum())
    if len(data) < MIN_CALIBRATION_LABELS or n_yes < 2 or n_no < 2:
        raise AnnotationError(
            f"too few membership labels to calibrate ({n_yes} yes, {n_no} no; need "
            f"{MIN_CALIBRATION_LABELS} in all with at least 2 of each)",
            hint="Annotate more membership items (they come first in a session).")
    sims = data["similarity"].to_numpy(dtype=float)
    fit = fit_threshold(sims, same)
    previous = alignment_threshold(settings)
    prev_file = active_file(settings)
    doc: dict[str, Any] = {}
    if prev_file is not None and prev_file.exists():
        try:
            doc = json.loads(prev_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            doc = {}
        if not isinstance(doc, dict):
            doc = {}
    key = "align"
    doc[key] = round(fit["threshold"], 4)
    doc["calibration"] = {
        "method": "logistic regression P(same proposition | cosine), threshold at P = 0.5",
        "fitted_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "previous_threshold": previous,
        "previous_file": prev_file.name if prev_file else SHIPPED_NAME,  # a name, not a path
        "n_labels": int(len(data)), "n_yes": n_yes, "n_no": n_no,
        "n_partly_excluded": n_partly,
        "n_adjudicated": int((data["source"] == "adjudicated").sum()),
        "annotators": sorted({a for s in data["annotators"] for a in s.split(",") if a}),
        "session_ids": sorted({s for v in data["sessions"] for s in v.split(",") if s}),
        "similarity_range": [float(sims.min()), float(sims.max())],
        "coef": fit["coef"], "intercept": fit["intercept"],
        "accuracy_on_labels_before": _accuracy_at(previous, sims, same),
        "accuracy_on_labels_after": _accuracy_at(fit["threshold"], sims, same),
    }
    out = Path(out_path) if out_path else default_out(settings)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(out)  # atomic: a reader never sees half a file
    return {"path": str(out), "key": key, "threshold": doc[key], **doc["calibration"]}


def members_leaving(store: Store, threshold: float) -> list[str]:
    """Membership item ids (group:claim) whose similarity is below `threshold`: the claims a
    re-alignment at that threshold takes out of their current groups."""
    return sorted(k for k, s in sa.member_similarities(store).items() if s < threshold
                  and k.split(":", 1)[1] not in sa.representative_ids(store))
