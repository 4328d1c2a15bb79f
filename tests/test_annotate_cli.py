"""The annotation commands through a CLI runner on the one `stance` app: thin wrappers,
one-line errors, exit code 2 for library errors."""

from __future__ import annotations

import json
from pathlib import Path

from annotate_data import make_store
from typer.testing import CliRunner

from stance.cli.main import app
from stance.store import annotations as sa

SIMS = [0.50, 0.54, 0.58, 0.62, 0.66, 0.70, 0.74, 0.78, 0.82, 0.86, 0.90, 0.94]


def test_commands_end_to_end(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store = make_store(db, sims=SIMS)
    sids = {w: sa.start_session(store, w, {}) for w in ("ann", "ben")}
    for j, sim in enumerate(SIMS):
        for who in ("ann", "ben"):
            lab = "yes" if sim >= 0.7 else "no"
            if who == "ben" and j == 3:
                lab = "yes"  # one disagreement
            sa.record_annotation(store, annotator=who, session_id=sids[who],
                                 item_type="membership", item_id=f"g1:m{j}", label=lab,
                                 value=f"{sim:.4f}", prediction="yes")
    run = CliRunner().invoke

    res = run(app, ["agreement", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "agreement: membership" in res.output and "to adjudicate (1)" in res.output
    assert "g1:m3" in res.output

    res = run(app, ["evaluate", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "membership" in res.output

    out = tmp_path / "cal.json"
    res = run(app, ["calibrate", "--db", str(db), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text())["calibration"]["n_labels"] == 11  # disagreement left out
    assert "->" in res.output

    csv_path = tmp_path / "ann.csv"
    res = run(app, ["annotations", "export", "--out", str(csv_path), "--db", str(db)])
    assert res.exit_code == 0 and "wrote 24 annotations" in res.output
    other = tmp_path / "t.db"
    make_store(other, sims=SIMS).close()
    res = run(app, ["annotations", "import", str(csv_path), "--db", str(other)])
    assert res.exit_code == 0 and "imported 24 annotations" in res.output


def test_errors_are_one_line_with_nonzero_exit(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    make_store(db).close()
    bad = tmp_path / "bad.csv"
    bad.write_text("annotator,item_id\nx,y\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["annotations", "import", str(bad), "--db", str(db)])
    assert res.exit_code == 2
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("E600") and "missing column" in lines[0]
    res = CliRunner().invoke(app, ["calibrate", "--db", str(db), "--out", str(tmp_path / "x.json")])
    assert res.exit_code == 2 and "too few membership labels" in res.output
    res = CliRunner().invoke(app, ["agreement", "--db", str(tmp_path / "missing.db")])
    assert res.exit_code == 2 and "no such database" in res.output
