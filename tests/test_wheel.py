"""A regular (non-editable) install carries its data: build the wheel offline from a copy of the
sources, install it into a folder, and load the calibrated thresholds from there in a fresh
interpreter whose working directory is outside the checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import dataclasses, json, stance
from stance.config.thresholds import load_thresholds
print(json.dumps({"file": stance.__file__, **dataclasses.asdict(load_thresholds())}))
"""


def _pip(*args: str, cwd: Path) -> None:
    # offline: no index, no build isolation (setuptools comes from the running environment)
    res = subprocess.run([sys.executable, "-m", "pip", *args, "--no-deps", "--no-index",
                          "--disable-pip-version-check", "--quiet"],
                         cwd=cwd, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr


@pytest.mark.slow
def test_wheel_ships_the_data_and_loads_the_thresholds(tmp_path: Path) -> None:
    src = tmp_path / "src"  # a copy, so the build leaves nothing in the checkout
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "stance", src / "stance",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    _pip("wheel", "--no-build-isolation", "-w", str(tmp_path / "dist"), str(src), cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("stance-*.whl")
    site = tmp_path / "site"
    _pip("install", "--target", str(site), str(wheel), cwd=tmp_path)

    env = {k: v for k, v in os.environ.items() if not k.startswith("STANCE_")}
    env["PYTHONPATH"] = str(site)
    run_dir = tmp_path / "elsewhere"  # no models/ here: only the shipped values apply
    run_dir.mkdir()
    res = subprocess.run([sys.executable, "-c", PROBE], cwd=run_dir, env=env,
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    assert Path(got.pop("file")).resolve().is_relative_to(site.resolve())  # not the checkout
    shipped = json.loads((ROOT / "stance" / "data" / "thresholds.json").read_text(encoding="utf-8"))
    assert got.pop("source") == "thresholds.json"
    assert got == {k: shipped[k] for k in got}

    # every data file of the package is in the wheel
    data = {p.relative_to(ROOT).as_posix() for p in (ROOT / "stance").rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc")}
    with zipfile.ZipFile(wheel) as zf:
        assert data and data <= set(zf.namelist())
