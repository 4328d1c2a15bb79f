"""The development corpus, end to end: `stance analyze` on the 98 dev pages (as the url + text
records `../shared/eval/pages_to_jsonl.py` makes of them) and the five seeds, scored by
`../shared/eval/score.py`; every figure must stay at its floor (`tests/dev_floors.json`).

Slow (the real model, about a minute) and skipped when `../shared/dev` is absent.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SHARED

DEV = SHARED / "dev"
EVAL = SHARED / "eval"
FLOORS = json.loads((Path(__file__).parent / "dev_floors.json").read_text(encoding="utf-8"))
_FIGURE = re.compile(r"^(?:ok  |MISS) (?P<name>.+?): (?P<value>[0-9.]+) over ")

pytestmark = [pytest.mark.slow, pytest.mark.data]


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> dict[str, float]:
    if not (DEV / "articles").is_dir() or not (EVAL / "score.py").exists():
        pytest.skip("../shared/dev or ../shared/eval not present")
    from typer.testing import CliRunner

    from stance.cli.main import app

    work = tmp_path_factory.mktemp("dev")
    inputs = work / "input"
    inputs.mkdir()
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        shutil.copy(seed, inputs / seed.name)
    records = subprocess.run([sys.executable, str(EVAL / "pages_to_jsonl.py"), str(DEV / "articles")],
                             check=True, capture_output=True, text=True).stdout
    (inputs / "dev.jsonl").write_text(records, encoding="utf-8")
    res = CliRunner().invoke(app, ["analyze", str(inputs), "--db", str(work / "stance.db"), "--out", str(work)])
    assert res.exit_code == 0, res.output[-2000:]
    scored = subprocess.run([sys.executable, str(EVAL / "score.py"), str(work), str(SHARED / "gold" / "seeds.json"),
                             str(DEV / "gold.json"), "--misses", "0"], check=True, capture_output=True, text=True).stdout
    found = {m["name"]: float(m["value"]) for line in scored.splitlines() if (m := _FIGURE.match(line))}
    assert found, scored
    return found


def test_floors_cover_every_figure(figures):
    assert set(figures) == {k for k in FLOORS if not k.startswith("_")}


@pytest.mark.parametrize("name", [k for k in FLOORS if not k.startswith("_")])
def test_figure_holds_its_floor(figures, name):
    floor, better = FLOORS[name]["floor"], FLOORS[name]["better"]
    got = figures[name]
    if better == "higher":
        assert got >= floor - 1e-9, f"{name}: {got:.3f} fell below its floor {floor:.3f}"
    else:
        assert got <= floor + 1e-9, f"{name}: {got:.3f} rose above its ceiling {floor:.3f}"
