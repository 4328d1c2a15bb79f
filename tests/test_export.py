"""CSV exports: formula starts (and their look-alikes) are neutralised; a bad output folder is
one line naming it, before any work."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from stance.errors import OutputError
from stance.export import csv_bytes, prepare_out_dir, starts_formula

RISKY = [
    "=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tTAB", "\rCR",
    "|calc'!A0",  # a DDE call starts with a pipe
    "\uff1dcmd|' /C calc'!A0",  # full-width equals sign
    "\uff0b1", "\uff0d1", "\uff20SUM(A1)", "\uff5ccalc",  # full-width plus, minus, at, pipe
    "\ufe66HYPERLINK(1)", "\u207a1",  # small equals, superscript plus
    " =1+1", "\u00a0=1+1", "\u3000=1+1",  # spaces (also no-break, ideographic) a sheet may trim
    "\u200b=1+1", "\ufeff@SUM(A1)",  # invisible characters before the formula
]
SAFE = ["plain text", "a = b", "Minister said: =no", "", "'already quoted", "5 - 3", "\u2212 minus sign",
        "#hashtag", "(=)"]


@pytest.mark.parametrize("text", RISKY)
def test_formula_starts_and_look_alikes_are_caught(text):
    assert starts_formula(text)


@pytest.mark.parametrize("text", SAFE)
def test_ordinary_text_is_left_alone(text):
    assert not starts_formula(text)


def test_every_risky_cell_is_prefixed_in_the_written_csv():
    frame = pd.DataFrame({"claim_text": RISKY + SAFE, "tone": [-0.5] * len(RISKY + SAFE)})
    blob = csv_bytes(frame, ["claim_text", "tone"]).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(blob, newline="")))
    cells = [r["claim_text"] for r in rows]
    assert cells[:len(RISKY)] == ["'" + t for t in RISKY]
    assert cells[len(RISKY):] == SAFE
    assert {r["tone"] for r in rows} == {"-0.5"}  # numbers are never touched
    assert len(rows) == len(RISKY + SAFE)  # a carriage return inside a cell does not split its row


def test_an_out_path_that_is_a_file_is_one_line(tmp_path):
    f = tmp_path / "results.txt"
    f.write_text("keep me")
    with pytest.raises(OutputError) as err:
        prepare_out_dir(f)
    msg = str(err.value)
    assert msg.startswith("E800 ") and str(f) in msg and "not a folder" in msg and "\n" not in msg
    assert f.read_text() == "keep me"
    with pytest.raises(OutputError, match="cannot write"):
        prepare_out_dir(f / "sub")  # a folder under a file cannot be created
    assert prepare_out_dir(tmp_path / "new" / "out").is_dir()
