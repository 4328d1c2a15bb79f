"""Annotation storage: nothing lost under concurrent or killed writers, CSV round trip, and
bad imports rejected whole."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from annotate_data import make_store

from stance.annotate.transfer import export_csv, import_csv
from stance.errors import AnnotationError
from stance.schema import ANNOTATION_COLUMNS
from stance.store import Store
from stance.store import annotations as sa

CONCURRENT_WRITER = """
import sys
from annotate_data import write_many
print(write_many(sys.argv[1], int(sys.argv[2]), 200))
"""


def test_eight_concurrent_writers_lose_nothing(tmp_db: Path) -> None:
    # Independent interpreters (not a multiprocessing pool): a pool's spawned children re-import
    # the parent's __main__, which an earlier AppTest in the same session may have replaced.
    make_store(tmp_db).close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
    procs = [subprocess.Popen([sys.executable, "-c", CONCURRENT_WRITER, str(tmp_db), str(w)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for w in range(8)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, [o[1][-500:] for o in outs]
    assert [o[0].strip() for o in outs] == ["200"] * 8
    store = Store(tmp_db)
    assert sa.count_annotations(store) == 1600
    rows = store.query("SELECT annotator, COUNT(*) AS n, COUNT(DISTINCT note) AS d "
                       "FROM annotations GROUP BY annotator ORDER BY annotator")
    assert [(r["annotator"], r["n"], r["d"]) for r in rows] == [
        (f"analyst{w}", 200, 200) for w in range(8)]
    assert store.query("PRAGMA integrity_check")[0][0] == "ok"


KILLED_WRITER = """
import sys
from stance.store import Store
from stance.store import annotations as sa
store = Store(sys.argv[1])
sid = sa.start_session(store, "killed", {})
k = 0
while True:
    sa.record_annotation(store, annotator="killed", session_id=sid, item_type="stance",
                         item_id="m%d" % (k % 4), label="asserted", note="k%d" % k)
    print(k, flush=True)  # printed only after the commit returned
    k += 1
"""


def test_killed_writer_leaves_database_intact(tmp_db: Path) -> None:
    make_store(tmp_db).close()
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(tmp_db)],
                            stdout=subprocess.PIPE, text=True)
    committed = []
    deadline = time.monotonic() + 120
    while len(committed) < 150 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        committed.append(int(line))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    committed += [int(x) for x in proc.stdout.read().split()]  # printed before the kill
    assert len(committed) >= 150, "writer did not get going"
    store = Store(tmp_db)
    assert store.query("PRAGMA integrity_check")[0][0] == "ok"
    notes = {r["note"] for r in store.query("SELECT note FROM annotations WHERE annotator = ?",
                                            ("killed",))}
    assert {f"k{k}" for k in committed} <= notes
    # at most the row in flight when killed is beyond what was reported
    assert len(notes) - len(committed) <= 1
    # and the database still takes writes
    sid = sa.start_session(store, "after", {})
    sa.record_annotation(store, annotator="after", session_id=sid, item_type="stance",
                         item_id="m0", label="contested")


def _label_some(store: Store) -> None:
    s1 = sa.start_session(store, "alice", {"event_id": "ev1"})
    s2 = sa.start_session(store, "Bob Ørsted", {})
    sa.record_annotation(store, annotator="alice", session_id=s1, item_type="membership",
                         item_id="g1:m0", label="no", value="0.6100", prediction="yes",
                         note='says "Moscow", not Beijing,\nsee para 2')
    sa.record_annotation(store, annotator="alice", session_id=s1, item_type="speaker",
                         item_id="m1", label="wrong", value="Sergey Lavrov",
                         prediction="Wang Yi")
    sa.record_annotation(store, annotator="Bob Ørsted", session_id=s2, item_type="stance",
                         item_id="solo", label="distanced", prediction="attributed")
    sa.record_annotation(store, annotator="Bob Ørsted", session_id=s2, item_type="discrepancy",
                         item_id="g1:rep:m0:place", label="skip", prediction="real")
    sa.record_annotation(store, annotator="Bob Ørsted", session_id=s2, item_type="note",
                         item_id="ev1", label="observation", note="=SUM(A1) state media hedges")
    sa.record_annotation(store, annotator="alice", session_id=s1, item_type="membership",
                         item_id="g1:m0", label="partly", prediction="yes", adjudicated=True)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_export_import_round_trip(tmp_path: Path) -> None:
    src = make_store(tmp_path / "a.db")
    _label_some(src)
    out1 = tmp_path / "a.csv"
    assert export_csv(src, out1) == 6
    rows = _read(out1)
    assert list(rows[0]) == ANNOTATION_COLUMNS
    dst = make_store(tmp_path / "b.db")
    rep = import_csv(dst, out1)
    assert (rep.inserted, rep.already_present, rep.sessions_created) == (6, 0, 2)
    assert sa.all_annotations(dst) == sa.all_annotations(src)
    out2 = tmp_path / "b.csv"
    export_csv(dst, out2)
    assert out2.read_bytes() == out1.read_bytes()
    again = import_csv(dst, out1)  # re-importing the same file changes nothing
    assert (again.inserted, again.already_present) == (0, 6)
    assert sa.count_annotations(dst) == 6


GOOD = {"annotator": "carol", "session_id": "s-x", "item_type": "membership",
        "item_id": "g1:m1", "label": "yes", "value": "0.93", "note": "",
        "created_at": "2026-01-02T03:04:05.000001Z", "prediction": "yes", "adjudicated": "0"}


def _write(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    cols = columns or ANNOTATION_COLUMNS
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)
    return path


def _other(**kw: str) -> dict[str, str]:
    return {**GOOD, "item_id": "g1:m2", "created_at": "2026-01-02T03:04:06Z", **kw}


BAD_CASES = {
    "missing column": ([GOOD], [c for c in ANNOTATION_COLUMNS if c != "label"], "missing column(s) label"),
    "unknown column": ([GOOD], ANNOTATION_COLUMNS + ["confidence"], "unknown column(s) confidence"),
    "unknown item": ([GOOD, _other(item_id="g1:nope")], None, "row 3: unknown membership item 'g1:nope'"),
    "duplicate row": ([GOOD, _other(), dict(GOOD)], None, "row 4: duplicate of row 2"),
    "empty annotator": ([GOOD, _other(annotator="  ")], None, "row 3: empty annotator name"),
    "label outside set": ([GOOD, _other(label="maybe")], None, "row 3: label 'maybe' is not allowed"),
    "unknown item type": ([GOOD, _other(item_type="tone")], None, "row 3: unknown item_type 'tone'"),
    "bad time": ([GOOD, _other(created_at="yesterday")], None, "row 3: created_at 'yesterday'"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_import_writes_nothing(tmp_path: Path, case: str) -> None:
    rows, cols, expected = BAD_CASES[case]
    store = make_store(tmp_path / "s.db")
    _label_some(store)
    before = sa.all_annotations(store)
    sessions = sa.list_sessions(store)
    path = _write(tmp_path / "bad.csv", rows, cols)
    with pytest.raises(AnnotationError) as err:
        import_csv(store, path)
    msg = str(err.value)
    assert expected in msg, msg
    assert "bad.csv" in msg and "\n" not in msg
    assert sa.all_annotations(store) == before
    assert sa.list_sessions(store) == sessions


def test_import_conflicting_with_stored_row_is_refused(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s.db")
    import_csv(store, _write(tmp_path / "ok.csv", [GOOD]))
    changed = _write(tmp_path / "changed.csv", [_other(), {**GOOD, "label": "no"}])
    with pytest.raises(AnnotationError, match="row 3: conflicts with a stored annotation"):
        import_csv(store, changed)
    assert [a.label for a in sa.all_annotations(store)] == ["yes"]


def test_missing_file_and_empty_name_are_clear(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s.db")
    with pytest.raises(AnnotationError, match="no such file"):
        import_csv(store, tmp_path / "nope.csv")
    with pytest.raises(AnnotationError, match="empty annotator name"):
        sa.start_session(store, "   ", {})
    with pytest.raises(AnnotationError, match="not allowed for stance items"):
        sa.record_annotation(store, annotator="a", session_id="s", item_type="stance",
                             item_id="m0", label="yes")
    assert sa.count_annotations(store) == 0


def test_signed_in_name_cannot_be_typed_locally(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s.db")
    sa.start_session(store, "ana@example.org", {}, identity="oidc")
    with pytest.raises(AnnotationError, match="belongs to a signed-in analyst"):
        sa.start_session(store, "ana@example.org", {}, identity="local")


def test_undo_last_and_own_labels(tmp_db: Path) -> None:
    store = make_store(tmp_db)
    mine = sa.start_session(store, "ana")
    other = sa.start_session(store, "ben")
    rec = dict(store=store, item_type="membership", prediction="yes")
    sa.record_annotation(**rec, annotator="ana", session_id=mine, item_id="g1:m0", label="no")
    sa.record_annotation(**rec, annotator="ana", session_id=mine, item_id="g1:m0", label="skip")
    sa.record_annotation(**rec, annotator="ana", session_id=mine, item_id="g1:m1", label="skip")
    sa.record_annotation(**rec, annotator="ben", session_id=other, item_id="g1:m2", label="yes")
    sa.record_annotation(store, annotator="ana", session_id=mine, item_type="note", item_id="ev1",
                         label="observation", note="free text")
    # an answer followed by a skip is still the answer; an item only skipped shows the skip;
    # notes and other analysts' labels are not listed
    assert [(a.item_id, a.label) for a in sa.own_labels(store, "ana")] == [("g1:m1", "skip"),
                                                                          ("g1:m0", "no")]
    assert sa.last_annotation(store, "ana", other) is None  # not ana's session
    assert sa.undo_last(store, "ana", other) is None
    undone = [sa.undo_last(store, "ana", mine).item_type for _ in range(2)]
    assert undone == ["note", "membership"]
    assert [(a.annotator, a.item_id, a.label) for a in sa.all_annotations(store)] == [
        ("ana", "g1:m0", "no"), ("ana", "g1:m0", "skip"), ("ben", "g1:m2", "yes")]
