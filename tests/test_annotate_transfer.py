"""The annotation CSV: typed text that starts like a spreadsheet formula is neutralised on export
and restored exactly on import; concurrent imports of one file all succeed without duplicates."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from annotate_data import make_store

from stance.annotate import transfer
from stance.annotate.transfer import escape_cell, export_csv, import_csv, unescape_cell
from stance.errors import AnnotationError
from stance.export import starts_formula
from stance.schema import ANNOTATION_COLUMNS
from stance.store import Store
from stance.store import annotations as sa

HOSTILE = ['=cmd|" /C calc"!A0', "\uff1dHYPERLINK(\"http://x.test\")", "|calc", "+1", "-x", "@SUM(A1)",
           " =spaced", "'quoted", "''double", "'=already", "plain", "", "\tTAB"]


def _label(store: Store) -> None:
    """One label per hostile note, a hostile speaker value and a hostile typed name."""
    sid = sa.start_session(store, "=evil()", {})
    for k, note in enumerate(HOSTILE):
        sa.record_annotation(store, annotator="=evil()", session_id=sid, item_type="speaker",
                             item_id=f"m{k % 4}", label="wrong", value="=SUM(1)|x", note=note)


def _cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [v for row in csv.DictReader(fh) for v in row.values()]


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_is_undone_exactly(text):
    assert unescape_cell(escape_cell(text)) == text
    assert not starts_formula(escape_cell(text))


def test_export_neutralises_and_import_restores_exactly(tmp_path: Path) -> None:
    src = make_store(tmp_path / "a.db")
    _label(src)
    out = tmp_path / "labels.csv"
    assert export_csv(src, out) == len(HOSTILE)
    cells = _cells(out)
    assert not [c for c in cells if starts_formula(c)]  # nothing a spreadsheet would run
    assert "'=cmd|\" /C calc\"!A0" in cells and "'\uff1dHYPERLINK(\"http://x.test\")" in cells
    assert "'=evil()" in cells and "''quoted" in cells
    dst = make_store(tmp_path / "b.db")
    rep = import_csv(dst, out)
    assert rep.inserted == len(HOSTILE)
    assert sa.all_annotations(dst) == sa.all_annotations(src)  # every cell exactly as typed
    again = tmp_path / "again.csv"
    export_csv(dst, again)
    assert again.read_bytes() == out.read_bytes()
    assert import_csv(dst, out).already_present == len(HOSTILE)


def test_a_hand_written_apostrophe_is_kept(tmp_path: Path) -> None:
    """A leading apostrophe export did not add (an older file, or typed) stays."""
    assert unescape_cell("'tis the season") == "'tis the season"
    assert unescape_cell("=raw formula from an older file") == "=raw formula from an older file"


def test_export_to_a_folder_is_one_line(tmp_path: Path) -> None:
    store = make_store(tmp_path / "a.db")
    with pytest.raises(AnnotationError) as err:
        export_csv(store, tmp_path)
    assert "is a folder, not a file" in str(err.value) and str(tmp_path) in str(err.value)


def _file(tmp_path: Path, name: str, label: str = "yes", n: int = 4) -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=ANNOTATION_COLUMNS)
        w.writeheader()
        for k in range(n):
            w.writerow({"annotator": "carol", "session_id": "s-imported", "item_type": "membership",
                        "item_id": f"g1:m{k}", "label": label, "value": "0.9", "note": "",
                        "created_at": f"2026-01-02T03:04:0{k}Z", "prediction": "yes",
                        "adjudicated": "0"})
    return path


def _race(monkeypatch, db: Path, files: list[Path]) -> list[object]:
    """Import `files` (one thread each) into one database, every thread validating before any
    writes: the window in which several processes importing at once used to collide."""
    barrier = threading.Barrier(len(files), timeout=60)
    real = sa.insert_annotations

    def after_everyone_validated(store, anns, sessions=()):
        barrier.wait()
        return real(store, anns, sessions)

    monkeypatch.setattr(transfer.sa, "insert_annotations", after_everyone_validated)
    results: list[object] = [None] * len(files)

    def work(i: int) -> None:
        store = Store(db)
        try:
            results[i] = import_csv(store, files[i])
        except Exception as exc:  # noqa: BLE001 - the test inspects what each import raised
            results[i] = exc
        finally:
            store.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(files))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_four_concurrent_imports_of_one_file_all_succeed(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "s.db"
    make_store(db).close()
    path = _file(tmp_path, "labels.csv")
    results = _race(monkeypatch, db, [path] * 4)
    assert all(isinstance(r, transfer.ImportReport) for r in results), results
    assert sorted(r.inserted for r in results) == [0, 0, 0, 4]
    assert sorted(r.already_present for r in results) == [0, 4, 4, 4]
    assert sum(r.sessions_created for r in results) == 1
    store = Store(db)
    assert sa.count_annotations(store) == 4 and len(sa.list_sessions(store)) == 1


def test_a_concurrent_conflicting_import_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "s.db"
    make_store(db).close()
    yes, no = _file(tmp_path, "yes.csv", "yes"), _file(tmp_path, "no.csv", "no")
    results = _race(monkeypatch, db, [yes, no])
    [won] = [r for r in results if isinstance(r, transfer.ImportReport)]
    [lost] = [r for r in results if isinstance(r, AnnotationError)]
    assert won.inserted == 4
    msg = str(lost)
    assert "differs from the one imported" in msg and "nothing imported" in msg and "\n" not in msg
    assert ("yes.csv" in msg) != ("no.csv" in msg)
    labels = {a.label for a in sa.all_annotations(Store(db))}
    assert len(labels) == 1 and sa.count_annotations(Store(db)) == 4


IMPORTER = """
import sys
from stance.cli.main import app
app(["annotations", "import", sys.argv[1], "--db", sys.argv[2]])
"""


def test_four_import_processes_at_once(tmp_path: Path) -> None:
    """The issue's reproduction: four `stance annotations import` of one file at the same time."""
    db = tmp_path / "s.db"
    make_store(db).close()
    path = _file(tmp_path, "labels.csv", n=4)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1]),
                                                        os.environ.get("PYTHONPATH", "")])}
    procs = [subprocess.Popen([sys.executable, "-c", IMPORTER, str(path), str(db)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [o[1][-300:] for o in outs]
    assert all("imported" in o[0] and "Traceback" not in o[1] for o in outs)
    assert sa.count_annotations(Store(db)) == 4
