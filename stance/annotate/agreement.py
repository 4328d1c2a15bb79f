"""Inter-annotator agreement per label kind, the items to adjudicate, and the resolved labels.

Each annotator's answer to an item is their latest non-skip label (across sessions). An
adjudicated label (adjudicated=1, latest wins) overrides everything for that item. Cohen's
kappa is reported when exactly two annotators labelled a kind; Krippendorff's alpha (nominal,
missing data allowed) for any number, implemented here from the coincidence matrix.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from stance.annotate.items import answer_of
from stance.errors import AnnotationError
from stance.store import annotations as sa
from stance.store.annotations import Annotation
from stance.store.db import Store


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Cohen's kappa of two annotators over the same items: (p_o - p_e) / (1 - p_e)."""
    if len(a) != len(b) or not a:
        raise ValueError("kappa needs two equally long, non-empty label lists")
    n = len(a)
    p_o = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    p_e = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    if p_e == 1.0:
        return 1.0 if p_o == 1.0 else float("nan")
    return (p_o - p_e) / (1.0 - p_e)


def krippendorff_alpha_nominal(units: Sequence[Sequence[Hashable]]) -> float:
    """Krippendorff's alpha for nominal data. `units` lists, per item, the values the
    annotators gave (missing ones left out). Units with fewer than two values are not
    pairable and are ignored. alpha = 1 - (n - 1) * sum_{c!=k} o_ck / sum_{c!=k} n_c * n_k."""
    o: dict[tuple[Hashable, Hashable], float] = defaultdict(float)
    for vals in units:
        m = len(vals)
        if m < 2:
            continue
        for i in range(m):
            for j in range(m):
                if i != j:
                    o[(vals[i], vals[j])] += 1.0 / (m - 1)
    n_c: dict[Hashable, float] = defaultdict(float)
    for (c, _k), w in o.items():
        n_c[c] += w
    n = sum(n_c.values())
    if n <= 1:
        return float("nan")
    disagree_obs = sum(w for (c, k), w in o.items() if c != k)
    cats = list(n_c)
    disagree_exp = sum(n_c[c] * n_c[k] for c in cats for k in cats if c != k)
    if disagree_exp == 0:
        return 1.0 if disagree_obs == 0 else float("nan")
    return 1.0 - (n - 1) * disagree_obs / disagree_exp


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
