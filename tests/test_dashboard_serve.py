"""`python -m stance.dashboard.serve app.py ...` (`make run`): the modules a script imports at
its top are read from the script and imported before the server starts; a missing script is
one line naming it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from stance.dashboard.serve import top_imports

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def test_the_top_imports_are_read_from_the_script(tmp_path):
    script = tmp_path / "board.py"
    script.write_text(
        "from __future__ import annotations\n"
        "import json, csv\n"
        "from email.utils import formatdate\n"
        "from . import sibling\n"  # relative: not importable by name, left out
        "def main():\n"
        "    import wave  # inside a function: imported when the page needs it\n",
        encoding="utf-8",
    )
    assert top_imports(script) == ["json", "csv", "email.utils"]


def test_preload_imports_the_dashboards_first_modules_in_this_process():
    code = ("import sys; from stance.dashboard.serve import preload; names = preload('app.py'); "
            "print(all(n in sys.modules for n in names), 'pandas' in sys.modules, "
            "'stance.dashboard.snapshot' in names)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, env=ENV)
    assert proc.stdout.split() == ["True", "True", "True"], proc.stderr[-2000:]


def test_a_missing_script_is_one_line_naming_it(tmp_path):
    missing = tmp_path / "nowhere.py"
    proc = subprocess.run([sys.executable, "-m", "stance.dashboard.serve", str(missing)], capture_output=True,
                          text=True, cwd=ROOT, timeout=120, env=ENV)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [f"{missing}: no such script; run `python -m "
                                                "stance.dashboard.serve app.py [options]` from the checkout"]


def test_main_preloads_then_hands_every_option_to_streamlit_run(tmp_path, monkeypatch):
    from streamlit.web import cli

    import stance.dashboard.serve as serve

    script = tmp_path / "board.py"
    script.write_text("import colorsys\n", encoding="utf-8")
    calls = []
    monkeypatch.setattr(serve, "preload", lambda path: calls.append(("preload", str(path))))
    monkeypatch.setattr(cli, "main", lambda args, prog_name: calls.append((prog_name, args)))
    serve.main([str(script), "--server.address", "127.0.0.1", "--", "--db", "x.db"])
    assert calls == [("preload", str(script)),
                     ("streamlit", ["run", str(script), "--server.address", "127.0.0.1", "--", "--db", "x.db"])]


def test_make_run_starts_the_dashboard_through_serve():
    run_target = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nrun:", 1)[1].split("\n\n")[0]
    assert "-m stance.dashboard.serve app.py" in run_target
