"""Re-fit the alignment threshold from analysts' membership labels (`stance calibrate`).

A 1-D logistic regression of P(same proposition | cosine) on the resolved membership labels
(`stance.annotate.agreement.reference_labels`); the threshold is where P = 0.5. The result is
written to `<models_dir>/thresholds.annotations.json` (read by `stance.config.thresholds` over
the shipped values) with a `calibration` record of the labels it was fitted on.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from stance.annotate.agreement import item_labels, reference_labels
from stance.config.settings import Settings
from stance.config.thresholds import (
    SHIPPED_NAME,
    active_file,
    analysts_path,
    load_thresholds,
    read_document,
    write_thresholds,
)
from stance.errors import AnnotationError
from stance.store import annotations as sa
from stance.store.db import Store

MIN_CALIBRATION_LABELS = 8


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
    previous = load_thresholds(settings).align
    prev_file = active_file(settings)
    # the previous file's other values are kept (an unreadable one has already stopped
    # `load_thresholds` above with a message)
    base = read_document(prev_file) if prev_file is not None and prev_file.exists() else {}
    record = {
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
    threshold = round(fit["threshold"], 4)
    out = Path(out_path) if out_path else analysts_path(settings)
    write_thresholds(out, {"align": threshold, "calibration": record}, base)
    # does alignment read the new value from the next run on (or does a setting hide it)?
    in_effect = abs(load_thresholds(settings).align - threshold) < 1e-9
    return {"path": str(out), "key": "align", "threshold": threshold, "in_effect": in_effect,
            **record}


def members_leaving(store: Store, threshold: float) -> list[str]:
    """Membership item ids (group:claim) whose similarity is below `threshold`: the claims a
    re-alignment at that threshold takes out of their current groups."""
    return sorted(k for k, s in sa.member_similarities(store).items() if s < threshold
                  and k.split(":", 1)[1] not in sa.representative_ids(store))
