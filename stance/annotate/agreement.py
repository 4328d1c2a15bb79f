"""Inter-annotator agreement per label kind, the items to adjudicate, and the resolved labels.

Each annotator's answer to an item is their latest non-skip label (across sessions). An
adjudicated label (adjudicated=1, latest wins) overrides everything for that item. Cohen's
kappa (scikit-learn) is reported when exactly two annotators labelled a kind; Krippendorff's
alpha (the `krippendorff` package; nominal, missing data allowed) for any number. Both are
undefined (NaN, shown as "-") when the pairable answers hold fewer than two distinct values:
with no variation, chance agreement is total and the statistic is 0/0.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from stance.annotate.items import answer_of
from stance.errors import AnnotationError
from stance.store import annotations as sa
from stance.store.annotations import Annotation
from stance.store.db import Store


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Cohen's kappa of two annotators over the same items (`sklearn.metrics.cohen_kappa_score`)."""
    from sklearn.metrics import cohen_kappa_score

    if len(a) != len(b) or not a:
        raise ValueError("kappa needs two equally long, non-empty label lists")
    if len(set(a) | set(b)) < 2:  # undefined: checked here so scikit-learn does not warn
        return float("nan")
    return float(cohen_kappa_score(list(a), list(b)))


def krippendorff_alpha_nominal(units: Sequence[Sequence[Hashable]]) -> float:
    """Krippendorff's alpha for nominal data (`krippendorff.alpha`). `units` lists, per item,
    the values the annotators gave (missing ones left out); units with fewer than two values
    are not pairable and do not count."""
    import krippendorff

    pairable = [list(vals) for vals in units if len(vals) >= 2]
    values = sorted({v for vals in pairable for v in vals}, key=repr)
    if len(values) < 2:  # no pairable unit, or no variation: undefined (the package raises)
        return float("nan")
    col = {v: k for k, v in enumerate(values)}
    counts = np.zeros((len(pairable), len(values)))  # units x values, how many gave each
    for i, vals in enumerate(pairable):
        for v in vals:
            counts[i, col[v]] += 1
    return float(krippendorff.alpha(value_counts=counts, level_of_measurement="nominal"))


@dataclass
class ItemLabels:
    """Everything known about one item: each annotator's latest answer, and adjudication."""

    item_type: str
    item_id: str
    answers: dict[str, str] = field(default_factory=dict)  # annotator -> answer
    raw: dict[str, Annotation] = field(default_factory=dict)  # annotator -> latest row
    adjudicated: Annotation | None = None
    prediction: str = ""

    @property
    def agreed(self) -> bool:
        return len(set(self.answers.values())) == 1

    @property
    def resolved(self) -> str | None:
        """Adjudicated answer, else the common answer when all annotators agree."""
        if self.adjudicated is not None:
            a = self.adjudicated
            return answer_of(a.item_type, a.label, a.value, a.prediction)
        if self.answers and self.agreed:
            return next(iter(self.answers.values()))
        return None


def collect(anns: Sequence[Annotation]) -> dict[tuple[str, str], ItemLabels]:
    """Fold rows (in write order) into per-item labels; later rows replace earlier ones."""
    out: dict[tuple[str, str], ItemLabels] = {}
    for a in sorted(anns, key=lambda x: x.created_at):
        if a.label == sa.SKIP:
            continue
        it = out.setdefault((a.item_type, a.item_id), ItemLabels(a.item_type, a.item_id))
        if a.prediction:
            it.prediction = a.prediction
        if a.adjudicated:
            it.adjudicated = a
        else:
            it.answers[a.annotator] = answer_of(a.item_type, a.label, a.value, a.prediction)
            it.raw[a.annotator] = a
    return out


def item_labels(store: Store) -> dict[tuple[str, str], ItemLabels]:
    return collect(sa.all_annotations(store))


def reference_labels(labels: dict[tuple[str, str], ItemLabels],
                     min_annotators: int = 1) -> dict[tuple[str, str], tuple[str, str]]:
    """(item_type, item_id) -> (answer, 'adjudicated' | 'agreed'): the adjudicated label, else
    the annotators' common answer (a single annotator's counts as agreed unless
    `min_annotators` asks for more); open disagreements are left out."""
    out = {}
    for key, it in labels.items():
        if it.item_type == "note":
            continue
        if it.adjudicated is not None:
            out[key] = (it.resolved, "adjudicated")
        elif len(it.answers) >= min_annotators and it.resolved is not None:
            out[key] = (it.resolved, "agreed")
    return out


AGREEMENT_COLUMNS = ["item_type", "annotators", "items", "items_multi", "observed_agreement",
                     "kappa", "alpha", "disagreements", "adjudicated"]


def agreement_table(labels: dict[tuple[str, str], ItemLabels]) -> pd.DataFrame:
    """One row per label kind (notes are free text and left out)."""
    by_type: dict[str, list[ItemLabels]] = defaultdict(list)
    for it in labels.values():
        if it.item_type != "note":
            by_type[it.item_type].append(it)
    rows = []
    for t in sorted(by_type):
        items = by_type[t]
        annotators = sorted({a for it in items for a in it.answers})
        multi = [it for it in items if len(it.answers) >= 2]
        kappa = float("nan")
        if len(annotators) == 2:
            both = [it for it in multi if set(it.answers) == set(annotators)]
            if both:
                kappa = cohen_kappa([it.answers[annotators[0]] for it in both],
                                    [it.answers[annotators[1]] for it in both])
        alpha = krippendorff_alpha_nominal([list(it.answers.values()) for it in multi])
        rows.append({
            "item_type": t, "annotators": len(annotators), "items": len(items),
            "items_multi": len(multi),
            "observed_agreement": (sum(it.agreed for it in multi) / len(multi)) if multi
            else float("nan"),
            "kappa": kappa, "alpha": alpha,
            "disagreements": sum(not it.agreed for it in multi),
            "adjudicated": sum(it.adjudicated is not None for it in items),
        })
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


DISAGREEMENT_COLUMNS = ["item_type", "item_id", "prediction", "answers", "adjudicated_label"]


def disagreements(labels: dict[tuple[str, str], ItemLabels],
                  include_adjudicated: bool = False) -> pd.DataFrame:
    """Items whose annotators disagree, for adjudication (open ones only by default)."""
    rows = []
    for (t, iid), it in sorted(labels.items()):
        if t == "note" or len(it.answers) < 2 or it.agreed:
            continue
        if it.adjudicated is not None and not include_adjudicated:
            continue
        rows.append({"item_type": t, "item_id": iid, "prediction": it.prediction,
                     "answers": "; ".join(f"{k}={v}" for k, v in sorted(it.answers.items())),
                     "adjudicated_label": it.resolved if it.adjudicated is not None else ""})
    return pd.DataFrame(rows, columns=DISAGREEMENT_COLUMNS)


def adjudicate(store: Store, *, annotator: str, item_type: str, item_id: str, label: str,
               value: str = "", note: str = "", identity: str = "local") -> Annotation:
    """Record the label that settles an item; it wins over the annotators' labels."""
    if label == sa.SKIP:
        raise AnnotationError("an adjudication cannot be a skip",
                                 hint=f"Choose one of: {', '.join(sa.LABEL_SETS[item_type])}.")
    prev = collect(sa.all_annotations(store, item_type)).get((item_type, item_id))
    sid = sa.start_session(store, annotator, {"adjudication": True}, identity)
    return sa.record_annotation(store, annotator=annotator, session_id=sid,
                                item_type=item_type, item_id=item_id, label=label, value=value,
                                note=note, prediction=prev.prediction if prev else "",
                                adjudicated=True)


def fmt(x: float) -> str:
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f}"
