"""spaCy is imported with torch hidden (`stance.nlp`) while the background encoder may import
torch in another thread (first-run conversion, fidelity check): the import waits for the spaCy
import instead of failing (`stance.torch_guard`). Checked in a fresh interpreter, where neither
is imported yet, with the spaCy import slowed down so the other thread lands inside it."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import stance

GUARDED = {"torch", "sentence_transformers", "transformers"}  # importing any of them imports torch

SCRIPT = textwrap.dedent("""
    import importlib.abc, sys, threading, time

    class SlowSpacy(importlib.abc.MetaPathFinder):  # holds the hidden-torch window open
        def find_spec(self, name, path=None, target=None):
            if name == "spacy":
                started.set()
                time.sleep(1.5)
            return None

    started = threading.Event()
    sys.meta_path.insert(0, SlowSpacy())
    from stance import nlp
    from stance.torch_guard import import_torch

    result = {}

    def other_thread():
        started.wait()
        time.sleep(0.2)  # inside the spaCy import now
        try:
            result["torch"] = import_torch().__name__
        except ImportError as exc:
            result["torch"] = f"ImportError: {exc}"

    t = threading.Thread(target=other_thread)
    t.start()
    nlp._import_spacy_without_torch()
    t.join()
    print(result["torch"], "thinc_has_torch" if __import__("thinc.compat").compat.has_torch else "thinc_without_torch")
""")


def test_torch_imported_in_another_thread_waits_for_the_spacy_import_that_hides_it():
    if importlib.util.find_spec("torch") is None:  # found, not imported into this process
        pytest.skip("torch is not installed")
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["torch", "thinc_without_torch"], out.stdout


def test_no_module_of_the_package_imports_torch_but_the_guard():
    """Every torch import goes through `stance.torch_guard` (its lock), or the guard is bypassed."""
    root = Path(stance.__file__).parent
    bare = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "torch_guard.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            bare += [f"{path.relative_to(root)}:{node.lineno} {n}" for n in names if n.split(".")[0] in GUARDED]
    assert bare == []
