"""Feedback: pipeline scores against analysts' labels, and re-calibration of the alignment
threshold from membership labels (file written, loaded by alignment, grouping changed)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from annotate_data import make_store

from stance.align.groups import align_event
from stance.annotate.agreement import adjudicate
from stance.annotate.feedback import evaluate
from stance.calibrate.labels import calibrate, members_leaving
from stance.config.settings import Settings
from stance.config.thresholds import load_thresholds
from stance.errors import AnnotationError
from stance.schema import Article, Claim, Event
from stance.store import annotations as sa


def _rec(store, who, sid, kind, iid, label, value="", pred=""):
    sa.record_annotation(store, annotator=who, session_id=sid, item_type=kind, item_id=iid,
                         label=label, value=value, prediction=pred)


def test_evaluate_figures(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s.db")
    a, b = sa.start_session(store, "ann", {}), sa.start_session(store, "ben", {})
    for k, lab in enumerate(["no", "yes", "yes", "partly"]):
        _rec(store, "ann", a, "membership", f"g1:m{k}", lab, pred="yes")
    for iid, lab in (("m0", "asserted"), ("m1", "distanced"), ("solo", "attributed"),
                     ("rep", "asserted"), ("m2", "contested")):
        _rec(store, "ann", a, "stance", iid, lab)
    _rec(store, "ben", b, "stance", "m2", "asserted")  # disagreement, not adjudicated: left out
    _rec(store, "ann", a, "speaker", "m1", "wrong", "Sergey Lavrov", "Wang Yi")
    _rec(store, "ann", a, "speaker", "solo", "correct", "Sergey Lavrov", "Sergey Lavrov")
    _rec(store, "ann", a, "speaker", "m0", "wrong", "Wang Yi", "")
    _rec(store, "ann", a, "speaker", "rep", "correct", "", "")
    _rec(store, "ben", b, "discrepancy", "g1:rep:m0:place", "real")
    _rec(store, "ann", a, "discrepancy", "g1:rep:m0:place", "not_real")
    adjudicate(store, annotator="cat", item_type="discrepancy", item_id="g1:rep:m0:place",
               label="not_real")
    t = evaluate(store, Settings(align_threshold=0.6)).set_index("item_type")
    m = t.loc["membership"]
    # predicted yes for all 4; reference no, yes, yes, partly
    assert (m["n"], m["accuracy"], m["precision"], m["recall"]) == (4, 0.5, 0.5, 1.0)
    assert m["f1"] == pytest.approx(2 / 3)
    s = t.loc["stance"]
    # pairs (pred, ref): asserted/asserted, asserted/distanced, attributed/attributed,
    # asserted/asserted. Per label P,R: asserted 2/3,1; distanced 0,0; attributed 1,1
    assert s["n"] == 4 and s["accuracy"] == 0.75
    assert s["precision"] == pytest.approx(5 / 9) and s["recall"] == pytest.approx(2 / 3)
    sp = t.loc["speaker"]
    # named speakers: predicted 2 (1 right), reference 3 -> P 1/2, R 1/3; accuracy 2/4
    assert (sp["accuracy"], sp["precision"]) == (0.5, 0.5)
    assert sp["recall"] == pytest.approx(1 / 3)
    d = t.loc["discrepancy"]
    assert (d["n"], d["adjudicated"], d["accuracy"], d["precision"]) == (1, 1, 0.0, 0.0)
    # no reference positive: recall undefined; F1 = 2tp / (2tp + fp + fn) = 0 (scikit-learn)
    assert np.isnan(d["recall"]) and d["f1"] == 0.0
    # asking for two agreeing annotators drops the single-annotator items
    t2 = evaluate(store, Settings(align_threshold=0.6), min_annotators=2)
    assert set(t2["item_type"]) == {"discrepancy"}


SIMS = [round(x, 3) for x in np.linspace(0.50, 0.98, 25)]


def _labelled_store(tmp_path: Path, true_threshold: float):
    store = make_store(tmp_path / "s.db", sims=SIMS)
    sids = {w: sa.start_session(store, w, {"event_id": "ev1"}) for w in ("ann", "ben")}
    for j, sim in enumerate(SIMS):
        who = "ann" if j % 2 else "ben"
        _rec(store, who, sids[who], "membership", f"g1:m{j}",
             "yes" if sim >= true_threshold else "no", f"{sim:.4f}", "yes")
    return store, sids


def _thresholds_file(tmp_path: Path, align: float) -> Path:
    p = tmp_path / "thresholds.json"
    p.write_text(json.dumps({"align": align, "talking_point": 0.5, "link_slack": 0.05,
                             "model": "test"}), encoding="utf-8")
    return p


def _pair_event(cos_pairs: list[float]):
    """Two articles; pair k is claim (k, x1) and (k, x2) at cosine cos_pairs[k], orthogonal
    to every other pair."""
    dim = 2 * len(cos_pairs)
    claims, vecs = [], []
    for k, c in enumerate(cos_pairs):
        u = np.zeros(dim)
        u[2 * k] = 1.0
        v = np.zeros(dim)
        v[2 * k], v[2 * k + 1] = c, np.sqrt(1 - c * c)
        for art, vec in (("x1", u), ("x2", v)):
            cid = f"{art}-{k}"
            claims.append(Claim(cid, art, 0, k, 0.5, False, f"The talks covered topic number {k}."))
            vecs.append(vec)
    arts = {a: Article(a, f"{a}.txt", "body", outlet=a.upper()) for a in ("x1", "x2")}
    ev = Event("e", "test", ("x1", "x2"))
    return ev, claims, np.asarray(vecs, dtype=np.float32), arts


def _n_groups(thresholds, cos_pairs):
    ev, claims, vecs, arts = _pair_event(cos_pairs)
    return len(align_event(ev, claims, vecs, arts, thresholds))


def test_calibrate_raises_threshold_when_analysts_reject_near_misses(tmp_path: Path) -> None:
    store, sids = _labelled_store(tmp_path, true_threshold=0.75)
    settings = Settings(thresholds_path=str(_thresholds_file(tmp_path, 0.6)))
    out = tmp_path / "models" / "thresholds.annotations.json"
    res = calibrate(store, settings, out)
    below = max(s for s in SIMS if s < 0.75)
    above = min(s for s in SIMS if s >= 0.75)
    assert 0.6 < below < res["threshold"] <= above
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["align"] == res["threshold"]
    assert doc["talking_point"] == 0.5 and doc["model"] == "test"  # other keys kept
    cal = doc["calibration"]
    assert cal["previous_threshold"] == 0.6
    assert (cal["n_labels"], cal["n_yes"], cal["n_no"]) == (25, sum(s >= 0.75 for s in SIMS),
                                                           sum(s < 0.75 for s in SIMS))
    assert cal["annotators"] == ["ann", "ben"] and cal["session_ids"] == sorted(sids.values())
    assert cal["accuracy_on_labels_after"] == 1.0 > cal["accuracy_on_labels_before"]
    assert cal["fitted_at"]

    # alignment reads the new file and the rejected near-misses leave their group
    old, new = load_thresholds(settings), load_thresholds(settings.replace(thresholds_path=str(out)))
    assert (old.align, new.align) == (0.6, res["threshold"])
    assert members_leaving(store, new.align) == sorted(
        f"g1:m{j}" for j, s in enumerate(SIMS) if s < 0.75)
    assert members_leaving(store, old.align) == sorted(
        f"g1:m{j}" for j, s in enumerate(SIMS) if s < 0.6)
    pairs = [0.68, 0.9]  # a near miss the analysts would reject, and a clear match
    assert _n_groups(old, pairs) == 2 and _n_groups(new, pairs) == 3


def test_calibrate_lowers_threshold_when_analysts_accept_below_it(tmp_path: Path) -> None:
    store, _ = _labelled_store(tmp_path, true_threshold=0.7)
    settings = Settings(thresholds_path=str(_thresholds_file(tmp_path, 0.9)))
    out = tmp_path / "t.json"
    res = calibrate(store, settings, out)
    assert max(s for s in SIMS if s < 0.7) < res["threshold"] <= min(s for s in SIMS if s >= 0.7)
    old, new = load_thresholds(settings), load_thresholds(settings.replace(thresholds_path=str(out)))
    assert _n_groups(old, [0.8]) == 2 and _n_groups(new, [0.8]) == 1


def test_calibrate_needs_both_kinds_of_labels(tmp_path: Path) -> None:
    store, _ = _labelled_store(tmp_path, true_threshold=0.0)  # everything "yes"
    out = tmp_path / "t.json"
    with pytest.raises(AnnotationError, match="too few membership labels"):
        calibrate(store, Settings(align_threshold=0.6), out)
    assert not out.exists()
