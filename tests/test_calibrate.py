"""Calibration package: the one thresholds writer (atomic, other values and notes kept, never
a file the loader would refuse) and `stance calibrate data` end to end on a tiny made-up
ClaimDiff-shaped folder with the hash test-double embedder."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from stance.calibrate.align import MUTUAL_K
from stance.cli.main import app
from stance.config.settings import Settings
from stance.config.thresholds import load_thresholds, shipped_document, write_thresholds
from stance.errors import SettingsError


def test_writer_keeps_base_keys_and_loader_reads_it(tmp_path: Path) -> None:
    out = tmp_path / "models" / "t.json"
    base = {"align": 0.4, "event_content_only": 0.45, "notes": {"event_content_only": "hand-set"}}
    assert write_thresholds(out, {"align": 0.5, "calibration": {"n_labels": 9}}, base) == out
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc == {"align": 0.5, "event_content_only": 0.45,
                   "notes": {"event_content_only": "hand-set"}, "calibration": {"n_labels": 9}}
    assert [p.name for p in out.parent.iterdir()] == ["t.json"]  # no temporary file left
    th = load_thresholds(Settings(thresholds_path=str(out)))
    assert (th.align, th.event_content_only, th.source) == (0.5, 0.45, "t.json")
    assert th.talking_point == shipped_document()["talking_point"]  # the rest: shipped values


def test_a_file_without_lex_weight_keeps_its_align_on_the_cosine_scale(tmp_path: Path) -> None:
    """An align fitted before the pair score existed is a cosine: read with lex_weight 0, so
    shared words cannot lift a pair the analysts' cut-off was meant to refuse."""
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"align": 0.6, "model": "m"}), encoding="utf-8")
    assert load_thresholds(Settings(thresholds_path=str(old))).lex_weight == 0.0
    new = tmp_path / "new.json"
    new.write_text(json.dumps({"align": 0.6, "lex_weight": 0.3}), encoding="utf-8")
    assert load_thresholds(Settings(thresholds_path=str(new))).lex_weight == 0.3
    other = tmp_path / "other.json"  # a file that leaves align alone keeps the shipped scale
    other.write_text(json.dumps({"talking_point": 0.5}), encoding="utf-8")
    assert load_thresholds(Settings(thresholds_path=str(other))).lex_weight == \
        shipped_document()["lex_weight"]


def test_writer_refuses_what_the_loader_would_refuse(tmp_path: Path) -> None:
    out = tmp_path / "t.json"
    out.write_text('{"align": 0.3}', encoding="utf-8")
    with pytest.raises(SettingsError, match="not a number"):
        write_thresholds(out, {"align": "high"})
    with pytest.raises(SettingsError, match="not a number"):
        write_thresholds(out, {"mutual_k": True})
    assert json.loads(out.read_text(encoding="utf-8")) == {"align": 0.3}  # left as it was


WORDS = ("ministers discussed trade energy security sanctions grain exports pipeline summit "
         "visit border ceasefire talks embassy delegation tariffs loans ports weather festival "
         "football museum orchestra recipe garden").split()


def _tiny_claimdiff(root: Path) -> None:
    """Made-up pairs in the ClaimDiff file layout: related pairs share most words."""
    rng = np.random.default_rng(0)
    s_rows, w_rows = [], []
    for k in range(40):
        a = " ".join(rng.choice(WORDS, 8))
        related = k % 2 == 0
        b = (a + " " + str(rng.choice(WORDS))) if related else " ".join(rng.choice(WORDS, 8))
        s_rows.append({"pair_id": f"p{k}", "claim_a": f"The {a}.", "claim_b": f"The {b}.",
                       "relation": "strengthen" if related else ""})
        w_rows.append({"pair_id": f"p{k}", "relation": ""})
    for sub, name, rows in (("ClaimDiff-S", "strength", s_rows), ("ClaimDiff-W", "weak", w_rows)):
        (root / sub).mkdir(parents=True)
        (root / sub / f"ClaimDiff-{name}-train.json").write_text(json.dumps({"data": rows}),
                                                                 encoding="utf-8")


def test_calibrate_data_writes_fitted_values_and_keeps_the_rest(tmp_path, seeds_dir, gold) -> None:
    _tiny_claimdiff(tmp_path / "cd")
    gold_path = tmp_path / "gold.json"
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    out = tmp_path / "thresholds.json"
    write_thresholds(out, {**shipped_document(), "align": 0.9})
    res = CliRunner().invoke(app, ["calibrate", "data", "--claimdiff", str(tmp_path / "cd"),
                                   "--gold", str(gold_path), "--seeds", str(seeds_dir),
                                   "--backend", "hash", "--out", str(out)])
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    printed = json.loads(res.output)
    assert printed["path"] == str(out)
    for k in ("align", "talking_point", "polarity_margin", "claimdiff_train_youden"):
        assert doc[k] == printed[k]
    assert doc["align"] != 0.9 and doc["mutual_k"] == MUTUAL_K and doc["model"] != ""
    # what the values were fitted on is recorded, and the hand-set values and notes survive
    assert doc["n_claimdiff_train_pairs"] == 40 and doc["seed_claims"] == "real stages"
    assert doc["date"] and doc["backend"] == "HashEmbedder"
    shipped = shipped_document()
    assert doc["event_content_only"] == shipped["event_content_only"]
    assert doc["notes"] == shipped["notes"]
    assert load_thresholds(Settings(thresholds_path=str(out))).align == doc["align"]
