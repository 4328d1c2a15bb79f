"""The one `stance` app: its commands, and one exit-code convention for all of them
(0 done, 1 nothing could be done with the inputs, 2 bad usage/settings or a library error),
with library errors as one line on stderr."""

from __future__ import annotations

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
