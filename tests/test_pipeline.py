"""End to end on the seeds with the hash test-double embedder: every CSV written with its columns,
re-analysis idempotent, only new claim texts encoded, problems reported without stopping."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from stance.cli.main import app
from stance.config.settings import Settings
from stance.embed import HashEmbedder
from stance.export import OUTPUT_FILES, write_outputs
from stance.pipeline import analyze
from stance.schema import (
    ALIGNED_COLUMNS,
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    DISCREPANCY_COLUMNS,
    EVENT_COLUMNS,
    FRAMING_COLUMNS,
)
from stance.store import Store
from stance.store.analysis import load_results

EXPECTED = {
    "articles.csv": ARTICLE_COLUMNS,
    "claims.csv": CLAIM_COLUMNS,
    "events.csv": EVENT_COLUMNS,
    "aligned_claims.csv": ALIGNED_COLUMNS,
    "framing.csv": FRAMING_COLUMNS,
    "discrepancies.csv": DISCREPANCY_COLUMNS,
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds_dir):
    tmp = tmp_path_factory.mktemp("pipe")
    store = Store(tmp / "s.db")
    settings = Settings(db_path=str(tmp / "s.db"), embed_backend="hash")
    report = analyze([seeds_dir], store, settings, embedder=HashEmbedder())
    return store, settings, report, tmp


def test_seeds_analyzed(seeded):
    store, _, report, _ = seeded
    assert report.n_articles == 5 and report.n_inputs_ok == 5
    assert report.n_claims > 40
    res = load_results(store)
    # the ministry's page names its outlet nowhere but in its site template (not a rule we keep)
    assert sorted(res.articles["outlet"]) == sorted(["Reuters", "Al-Ahed", "", "Xinhua", "AFP"])
    # every stored claim appears exactly once in the aligned table, with an event and a group
    n_claims = store.query("SELECT COUNT(*) FROM claims")[0][0]
    assert len(res.aligned) == n_claims
    assert res.aligned["claim_id"].is_unique
    assert res.aligned["event_id"].astype(bool).all() and res.aligned["group_id"].astype(bool).all()
    assert set(res.aligned["stance"]) <= {"asserted", "attributed", "distanced", "contested"}


def test_every_csv_written_with_its_columns(seeded):
    store, _, _, tmp = seeded
    out = tmp / "out"
    paths = write_outputs(store, out)
    assert sorted(p.name for p in paths) == sorted(OUTPUT_FILES)
    for name, cols in EXPECTED.items():
        with open(out / name, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == cols, name
        if name != "discrepancies.csv":
            assert len(rows) > 1, f"{name} has no rows"


def test_reanalysis_is_idempotent_and_encodes_nothing_new(seeded, seeds_dir):
    store, settings, _, _ = seeded
    before = load_results(store)
    report = analyze([seeds_dir], store, settings, embedder=HashEmbedder())
    after = load_results(store)
    assert report.n_articles == 0 and report.n_duplicates == 5 and report.n_claims == 0
    assert report.encoded == 0
    assert sorted(before.aligned["claim_id"]) == sorted(after.aligned["claim_id"])
    assert sorted(before.groups["group_id"]) == sorted(after.groups["group_id"])


def test_bad_inputs_reported_rest_analyzed(tmp_path, seeds_dir):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "blob.txt").write_bytes(bytes(range(256)) * 50)
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    (tmp_path / "in" / seed.name).write_bytes(seed.read_bytes())
    store = Store(tmp_path / "s.db")
    report = analyze([tmp_path / "in"], store, Settings(embed_backend="hash"), embedder=HashEmbedder())
    assert report.n_articles == 1
    assert any("empty.txt" in p for p in report.problems)
    assert any("blob.txt" in p for p in report.problems)


def test_cli_analyze_and_export(tmp_path, seeds_dir, monkeypatch):
    monkeypatch.setenv("STANCE_EMBED_BACKEND", "hash")
    runner = CliRunner()
    db = tmp_path / "c.db"
    res = runner.invoke(app, ["analyze", str(seeds_dir), "--db", str(db), "--out", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert "new articles: 5" in res.output
    with open(tmp_path / "o" / "aligned_claims.csv", newline="", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == ALIGNED_COLUMNS
    res = runner.invoke(app, ["export", "--db", str(db), "--out", str(tmp_path / "o2")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "o2" / "framing.csv").exists()


def test_cli_exit_codes(tmp_path, monkeypatch):
    monkeypatch.setenv("STANCE_EMBED_BACKEND", "hash")
    runner = CliRunner()
    (tmp_path / "empty.txt").write_text("")
    res = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 1
    assert "empty.txt" in res.output
    res = runner.invoke(app, ["export", "--db", str(tmp_path / "missing.db"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and "missing.db" in res.output
    res = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt"), "--engine", "spark",
                              "--db", str(tmp_path / "y.db")])
    assert res.exit_code == 2 and "engine" in res.output


def test_exports_neutralize_spreadsheet_formulas(tmp_path):
    """Article text is untrusted: a claim that starts like a formula must not run in a
    spreadsheet, in every CSV that carries it; numbers (negative tone) stay numbers."""
    evil = "=SUM(A1:A9) Wang Yi met Sergei Lavrov in Moscow on Monday for talks on trade and energy."
    page = tmp_path / "in" / "evil.txt"
    page.parent.mkdir()
    page.write_text("=HYPERLINK(x) Wang Yi meets Lavrov\nMOSCOW, March 1, 2023 (Reuters) -\n\n" + evil +
                    "\n\nThe two ministers condemned terrible, deadly sanctions, Lavrov said.\n",
                    encoding="utf-8")
    store = Store(tmp_path / "s.db")
    settings = Settings(db_path=str(tmp_path / "s.db"), embed_backend="hash")
    analyze([page.parent], store, settings, embedder=HashEmbedder())
    write_outputs(store, tmp_path / "out")
    for name, column in (("claims.csv", "claim_text"), ("aligned_claims.csv", "claim_text")):
        with open(tmp_path / "out" / name, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        texts = [r[column] for r in rows]
        assert any(t.startswith("'=SUM(A1:A9)") for t in texts), (name, texts)
        if name == "aligned_claims.csv":
            assert any(float(r["tone"]) < 0 for r in rows)  # a negative number is not touched
    for name in OUTPUT_FILES:  # no cell of any file starts a formula, unless it is a number
        with open(tmp_path / "out" / name, encoding="utf-8", newline="") as fh:
            cells = [v for r in csv.DictReader(fh) for v in r.values() if v]
        if name == "articles.csv":
            assert any(v.startswith("'=HYPERLINK") for v in cells)  # the title
        for v in cells:
            if v.startswith(("=", "+", "-", "@")):
                float(v)  # raises for a text cell left unneutralized


def test_neutralize_formulas_touches_only_risky_text_cells():
    import pandas as pd

    from stance.export import neutralize_formulas

    frame = pd.DataFrame({"text": ["=1+1", "-0.5", "+cmd", "@SUM", "plain", None, "\tTAB"],
                          "mixed": [-0.5, "=A1", "ok", 3, None, "-x", "x"],
                          "tone": [-0.5, 0.1, -1.0, 0.0, 0.2, -0.3, 0.4]})
    out = neutralize_formulas(frame)
    assert out["text"].tolist()[:5] == ["'=1+1", "'-0.5", "'+cmd", "'@SUM", "plain"]
    assert pd.isna(out["text"].iloc[5]) and out["text"].iloc[6] == "'\tTAB"
    assert out["mixed"].tolist()[:4] == [-0.5, "'=A1", "ok", 3] and out["mixed"].iloc[5] == "'-x"
    assert out["tone"].tolist() == frame["tone"].tolist() and out["tone"].dtype == frame["tone"].dtype
    assert frame["text"].iloc[0] == "=1+1"  # the caller's frame is not changed


def test_duplicates_are_recognised_by_their_kind_not_their_wording() -> None:
    from stance.ingest import DUPLICATE, IngestResult, Problem
    from stance.pipeline import AnalyzeReport, record_problems

    report = AnalyzeReport()
    record_problems(report, IngestResult(problems=[
        Problem("a.txt", "same text as b.txt; skipped", "warning", kind=DUPLICATE),
        Problem("c.txt", "duplicate of nothing: just a caveat", "warning"),
        Problem("d.txt", "empty file", "error"),
    ]))
    assert (report.n_duplicates, report.n_inputs_ok) == (1, 1)
    assert report.warnings == ["c.txt: duplicate of nothing: just a caveat"]
    assert report.problems == ["d.txt: empty file"]


def test_the_runs_first_claims_batch_is_smaller_so_encoding_starts_sooner(tmp_path, monkeypatch):
    import stance.pipeline as pipeline
    from stance.embed.background import BackgroundEncoder

    sizes = []
    monkeypatch.setattr(pipeline, "_extract_and_store",
                        lambda store, batch, *a: sizes.append(len(batch)) or [])
    articles = list(range(2 * pipeline.CLAIMS_BATCH + 3))  # stand-ins: extraction is faked
    store = Store(tmp_path / "s.db")
    with BackgroundEncoder(HashEmbedder) as enc:
        pipeline.extract_and_store_claims(store, articles, None, None, None, enc)
        first = pipeline.FIRST_CLAIMS_BATCH
        assert first < pipeline.CLAIMS_BATCH
        rest = len(articles) - first
        assert sizes == [first] + [pipeline.CLAIMS_BATCH] * (rest // pipeline.CLAIMS_BATCH) + [
            rest % pipeline.CLAIMS_BATCH]
        sizes.clear()  # the next chunk of the same run: full batches from the start
        pipeline.extract_and_store_claims(store, articles[:40], None, None, None, enc)
        assert sizes == [pipeline.CLAIMS_BATCH, 40 - pipeline.CLAIMS_BATCH]
