"""Corrections of events move between installs: `stance annotations export --corrections FILE`
writes them, `stance annotations import FILE` recognises the file and takes all rows or none;
typed names that look like formulas are neutralised and come back the same."""

from __future__ import annotations

import csv
from pathlib import Path

from annotate_data import make_store
from typer.testing import CliRunner

from stance.cli.main import app
from stance.schema import CORRECTION_COLUMNS
from stance.store import Store
from stance.store.corrections import all_corrections, record_correction

RUN = CliRunner().invoke


def test_export_and_import_round_trip(tmp_path: Path) -> None:
    src, dst = tmp_path / "src.db", tmp_path / "dst.db"
    store = make_store(src)
    made = [record_correction(store, analyst="ana", kind="split", article_ids=["a2"], label="=Side talks"),
            record_correction(store, analyst="ana", kind="move", article_ids=["a1"], target_ids=["a0"],
                              note="same meeting, other angle")]
    labels, corr = tmp_path / "labels.csv", tmp_path / "corrections.csv"
    res = RUN(app, ["annotations", "export", "--out", str(labels), "--corrections", str(corr), "--db", str(src)])
    assert res.exit_code == 0, res.output
    assert "wrote 2 corrections of events to" in res.output
    with corr.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == CORRECTION_COLUMNS
    assert rows[0]["label"] == "'=Side talks"  # a spreadsheet would run it otherwise
    assert (rows[1]["article_ids"], rows[1]["target_ids"]) == ("a1", "a0")

    make_store(dst).close()
    res = RUN(app, ["annotations", "import", str(corr), "--db", str(dst)])
    assert res.exit_code == 0, res.output
    assert "imported 2 corrections of events (0 already present)" in res.output
    assert all_corrections(Store(dst)) == made
    res = RUN(app, ["annotations", "import", str(corr), "--db", str(dst)])
    assert "imported 0 corrections of events (2 already present)" in res.output
    res = RUN(app, ["annotations", "import", str(labels), "--db", str(dst)])  # the labels file still imports
    assert res.exit_code == 0 and "imported 0 annotations" in res.output


def test_a_bad_corrections_file_imports_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    make_store(db).close()
    bad = tmp_path / "corrections.csv"
    with bad.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(CORRECTION_COLUMNS)
        w.writerow(["ana", "2031-06-01T10:00:00Z", "rename", "a0", "", "Caldera talks", ""])
        w.writerow(["ana", "2031-06-01T11:00:00Z", "rename", "a0", "", "", ""])  # no new name
        w.writerow(["ana", "yesterday", "split", "a1", "", "", ""])
        w.writerow(["ana", "2031-06-01T12:00:00Z", "merge", "zz9", "a0", "", ""])  # unknown article
    res = RUN(app, ["annotations", "import", str(bad), "--db", str(db)])
    assert res.exit_code == 2
    line = res.output.strip()
    assert "\n" not in line and str(bad) in line and "3 bad row(s), nothing imported" in line
    assert "row 3: a rename needs the new name" in line and "row 4: created_at 'yesterday'" in line
    assert "row 5: none of its articles is in this database" in line
    assert all_corrections(Store(db)) == []
