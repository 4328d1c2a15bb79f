"""The one `stance` app: its commands, and one exit-code convention for all of them
(0 done, 1 nothing could be done with the inputs, 2 bad usage/settings or a library error),
with library errors as one line on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from stance.cli.main import app

RUN = CliRunner().invoke


def _lines(output: str) -> list[str]:
    return [ln for ln in output.splitlines() if ln.strip()]


def test_one_app_lists_every_command() -> None:
    res = RUN(app, ["--help"])
    assert res.exit_code == 0
    for cmd in ("ingest", "analyze", "export", "annotations", "agreement", "evaluate", "calibrate"):
        assert cmd in res.output, cmd
    res = RUN(app, ["calibrate", "--help"])
    assert res.exit_code == 0 and "data" in res.output and "--min-annotators" in res.output
    res = RUN(app, ["annotations", "--help"])
    assert res.exit_code == 0 and "export" in res.output and "import" in res.output


@pytest.mark.parametrize("argv", [
    ["ingest", "x.txt"], ["export", "--out", "o"], ["agreement"], ["evaluate"], ["calibrate"],
    ["annotations", "export", "--out", "a.csv"],
])
def test_bad_settings_file_is_exit_2_and_one_line(tmp_path, argv) -> None:
    res = RUN(app, [*argv, "--config", str(tmp_path / "missing.toml")])
    assert res.exit_code == 2, res.output
    lines = _lines(res.output)
    assert len(lines) == 1 and lines[0].startswith("E010") and "missing.toml" in lines[0]


@pytest.mark.parametrize("argv", [
    ["export", "--out", "o"], ["agreement"], ["evaluate"], ["calibrate"],
    ["annotations", "export", "--out", "a.csv"], ["annotations", "import", "a.csv"],
])
def test_missing_database_is_exit_2_for_every_reader(tmp_path, argv) -> None:
    db = tmp_path / "missing.db"
    res = RUN(app, [*argv, "--db", str(db)])
    assert res.exit_code == 2, res.output
    lines = _lines(res.output)
    assert len(lines) == 1 and lines[0].startswith("E500") and "no such database" in lines[0]
    assert not db.exists()  # a reader never creates an empty database


def test_usage_errors_are_exit_2() -> None:
    assert RUN(app, ["analyze"]).exit_code == 2  # missing PATH
    assert RUN(app, ["export", "--bogus"]).exit_code == 2
    assert RUN(app, ["calibrate", "data"]).exit_code == 2  # --claimdiff/--gold/--seeds needed


def test_nothing_ingested_is_exit_1(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STANCE_EMBED_BACKEND", "hash")
    (tmp_path / "empty.txt").write_text("")
    res = RUN(app, ["ingest", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 1 and "empty.txt" in res.output
    assert "nothing could be ingested" in res.output


def test_calibrate_data_errors_are_one_line(tmp_path, seeds_dir) -> None:
    res = RUN(app, ["calibrate", "data", "--claimdiff", str(tmp_path), "--gold",
                    str(tmp_path / "gold.json"), "--seeds", str(seeds_dir), "--backend", "hash",
                    "--out", str(tmp_path / "t.json")])
    assert res.exit_code == 2
    lines = _lines(res.output)
    assert len(lines) == 1 and lines[0].startswith("E720") and "gold.json" in lines[0]
    (tmp_path / "gold.json").write_text("{}", encoding="utf-8")
    res = RUN(app, ["calibrate", "data", "--claimdiff", str(tmp_path / "nope"), "--gold",
                    str(tmp_path / "gold.json"), "--seeds", str(seeds_dir), "--backend", "hash",
                    "--out", str(tmp_path / "t.json")])
    assert res.exit_code == 2 and _lines(res.output)[0].startswith("E710")
    assert not (tmp_path / "t.json").exists()


# -- issue 17, item 5: each message is one line naming the input and what to do ----------------

PAGE = Path(__file__).parent / "fixtures" / "pages" / "northwind_dispatch.txt"


def _stderr_lines(res, prefix: str) -> list[str]:
    return [ln for ln in _lines(res.output) if ln.startswith(prefix)]


def test_out_that_is_a_file_is_refused_before_the_analysis(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STANCE_EMBED_BACKEND", "hash")
    target = tmp_path / "results.txt"
    target.write_text("notes I keep")
    db = tmp_path / "x.db"
    res = RUN(app, ["analyze", str(PAGE), "--db", str(db), "--out", str(target)])
    assert res.exit_code == 2, res.output
    [line] = _lines(res.output)
    assert line.startswith("E800") and str(target) in line and "not a folder" in line
    assert not db.exists()  # refused before anything was ingested or analysed
    assert target.read_text() == "notes I keep"
    res = RUN(app, ["export", "--out", str(target), "--db", str(db)])
    assert res.exit_code == 2 and _lines(res.output)[0].startswith("E500")  # no database yet


def test_export_out_that_is_a_file_is_one_line(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STANCE_EMBED_BACKEND", "hash")
    db = tmp_path / "x.db"
    assert RUN(app, ["ingest", str(PAGE), "--db", str(db)]).exit_code == 0
    target = tmp_path / "results.txt"
    target.write_text("")
    res = RUN(app, ["export", "--out", str(target), "--db", str(db)])
    assert res.exit_code == 2
    [line] = _lines(res.output)
    assert line.startswith("E800") and str(target) in line


def test_an_empty_folder_is_named(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STANCE_EMBED_BACKEND", "hash")
    empty = tmp_path / "incoming"
    empty.mkdir()
    (empty / ".DS_Store").write_text("x")  # hidden files do not count
    res = RUN(app, ["ingest", str(empty), "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 1
    [skipped] = _stderr_lines(res, "skipped")
    assert str(empty) in skipped and "no files to ingest" in skipped and "Put .txt" in skipped
    [last] = _stderr_lines(res, "nothing could be ingested")
    assert str(empty) in last


def test_each_duplicate_is_named_on_its_own_line(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STANCE_EMBED_BACKEND", "hash")
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b_copy.txt", "c_copy.txt"):
        (folder / name).write_bytes(PAGE.read_bytes())
    db = tmp_path / "x.db"
    res = RUN(app, ["ingest", str(folder), "--db", str(db)])
    assert res.exit_code == 0
    dups = _stderr_lines(res, "duplicate ")
    assert len(dups) == 2
    assert all(str(folder / "a.txt") in d for d in dups)
    assert {Path(d.split(":")[0].split(" ", 1)[1]).name for d in dups} == {"b_copy.txt", "c_copy.txt"}
    res = RUN(app, ["ingest", str(folder / "a.txt"), "--db", str(db)])  # again: already stored
    [again] = _stderr_lines(res, "duplicate ")
    assert str(folder / "a.txt") in again and "already in the store" in again


def test_a_csv_with_wrong_columns_is_one_line(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("STANCE_EMBED_BACKEND", "hash")
    bad = tmp_path / "export.csv"
    bad.write_text("headline,story_body,when\n" + "".join(
        f"Title {i},Some words {i},2024-01-0{i % 9 + 1}\n" for i in range(3000)), encoding="utf-8")
    res = RUN(app, ["ingest", str(bad), "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 1
    [line] = _stderr_lines(res, "skipped")
    assert str(bad) in line and "'headline', 'story_body', 'when'" in line
    assert "'text'" in line and "'body'" in line  # the columns expected
    assert len(_lines(res.output)) < 10


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch, tmp_path):
    import stance.pipeline as pipeline

    def stop(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "ingest_into", stop)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "k.db")])
    assert res.exit_code == 130
    assert "interrupted" in res.output and "run the same command again" in res.output
