"""Score the pipeline against analysts' labels (precision/recall/F1 from scikit-learn).

The reference label of an item is the adjudicated one, else the annotators' common answer
(`stance.annotate.agreement.reference_labels`); items whose annotators disagree and were not
adjudicated are left out until someone settles them. Re-fitting the alignment threshold from
the labels is `stance.calibrate.labels`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from stance.annotate.agreement import item_labels, reference_labels
from stance.annotate.items import answer_of, build_items
from stance.annotate.queue import alignment_threshold
from stance.config.settings import Settings
from stance.store.db import Store

# Binary kinds: the pipeline always asserts the positive label for the items it shows.
POSITIVE = {"membership": "yes", "discrepancy": "real"}
EVAL_COLUMNS = ["item_type", "n", "adjudicated", "accuracy", "precision", "recall", "f1",
                "averaging"]


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
