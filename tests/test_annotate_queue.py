"""Queue order (least sure first), resuming and skipping, and near-miss membership items."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from annotate_data import add_claim, add_vectors, make_store

from stance.annotate.feedback import evaluate
from stance.annotate.items import build_items
from stance.annotate.queue import alignment_threshold, session_queue
from stance.config.settings import Settings
from stance.store import annotations as sa

S = Settings(align_threshold=0.6)


def test_least_sure_first_then_resume_and_skip(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s.db", sims=[0.95, 0.62, 0.75, 0.57])
    sid = sa.start_session(store, "ann", {"event_id": "ev1", "item_types": ["membership"]})
    q = session_queue(store, S, sid)
    # distance to 0.6: m1 0.02, m3 0.03, m2 0.15, m0 0.35 (capped) -> m1, m3, m2, m0
    assert [it.item_id for it in q.remaining] == ["g1:m1", "g1:m3", "g1:m2", "g1:m0"]
    assert (q.done, q.total, q.progress_text) == (0, 4, "0 / 4")
    sa.record_annotation(store, annotator="ann", session_id=sid, item_type="membership",
                         item_id="g1:m1", label="yes")
    sa.record_annotation(store, annotator="ann", session_id=sid, item_type="membership",
                         item_id="g1:m3", label=sa.SKIP)
    # reopening: same session (same annotator and filter), continues after the two answered
    again = sa.start_session(store, "ann", {"item_types": ["membership"], "event_id": "ev1"})
    assert again == sid
    q = session_queue(store, S, again)
    assert [it.item_id for it in q.remaining] == ["g1:m2", "g1:m0"] and q.progress_text == "2 / 4"
    # another analyst starts from the top; an ended session is not resumed
    other = sa.start_session(store, "ben", {"event_id": "ev1", "item_types": ["membership"]})
    assert session_queue(store, S, other).done == 0
    sa.end_session(store, sid)
    assert sa.start_session(store, "ann", {"event_id": "ev1", "item_types": ["membership"]}) != sid


def test_threshold_comes_from_settings_or_the_thresholds_file(tmp_path: Path) -> None:
    assert alignment_threshold(Settings(align_threshold=0.7)) == 0.7
    p = tmp_path / "t.json"
    p.write_text('{"align": 0.52, "talking_point": 0.5}', encoding="utf-8")
    assert alignment_threshold(Settings(thresholds_path=str(p))) == 0.52


def _vec(cos: float) -> np.ndarray:
    """A unit vector at cosine `cos` to e0 (in 8 dims)."""
    v = np.zeros(8)
    v[0], v[1] = cos, np.sqrt(1 - cos * cos)
    return v


def test_near_miss_claims_are_asked_with_prediction_no(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s.db", sims=[0.9])
    rep = np.eye(8)[0]
    far = np.zeros(8)
    far[5] = 1.0
    add_vectors(store, {"rep": rep, "m0": _vec(0.9), "solo": _vec(0.55)})
    items = {it.item_id: it for it in build_items(store, 0.6, "ev1", ["membership"])}
    assert set(items) == {"g1:m0", "g1:solo"}
    miss = items["g1:solo"]
    assert (miss.prediction, miss.value) == ("no", "0.5500")
    assert abs(miss.certainty - 0.05 / 0.2) < 1e-6
    # below the band, or in the representative's own article: not asked
    add_vectors(store, {"solo": far})
    assert "g1:solo" not in {it.item_id for it in build_items(store, 0.6, "ev1", ["membership"])}
    add_vectors(store, {"solo": _vec(0.55)})
    add_claim(store, "same", "a0", "Another line of the representative's article.")
    add_vectors(store, {"same": _vec(0.58)})
    assert "g1:same" not in {it.item_id for it in build_items(store, 0.6, "ev1", ["membership"])}

    # a near miss the analyst says belongs to the group is a missed alignment: recall drops
    sid = sa.start_session(store, "ann", {})
    for iid, pred, lab in (("g1:m0", "yes", "yes"), ("g1:solo", "no", "yes")):
        sa.record_annotation(store, annotator="ann", session_id=sid, item_type="membership",
                             item_id=iid, label=lab, value=items[iid].value, prediction=pred)
    m = evaluate(store, S).set_index("item_type").loc["membership"]
    assert (m["precision"], m["recall"], m["accuracy"]) == (1.0, 0.5, 0.5)
