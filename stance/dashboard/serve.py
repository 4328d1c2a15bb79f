"""`python -m stance.dashboard.serve app.py [streamlit run options] [-- app options]`: the same
as `streamlit run app.py ...` (`make run` starts the dashboard this way), with the modules the
script imports at its top imported before the server listens.

Streamlit runs the script in the server's own process, so a module imported here is already
loaded when the first visitor's run imports it: pandas, pyarrow and the dashboard's own modules
(about 0.4 s of a 50k-claim first load, most of what is left once the results come from the
snapshot the analysis wrote) are paid at server start instead of by the first visitor. Nothing
is read or computed here: the results still load on the first visit. Which modules is read from
the script itself (its module-level `import` and `from ... import` lines), so the list has one
owner: the script.
"""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path


def top_imports(script: str | Path) -> list[str]:
    """The modules `script` imports at module level, in order (relative imports left out)."""
    tree = ast.parse(Path(script).read_text(encoding="utf-8"), filename=str(script))
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return [n for n in dict.fromkeys(names) if n != "__future__"]


def preload(script: str | Path) -> list[str]:
    """Import what `script` imports at its top; returns the module names imported."""
    names = top_imports(script)
    for name in names:
        importlib.import_module(name)
    return names


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or not Path(args[0]).is_file():
        given = args[0] if args else "nothing"
        sys.exit(f"{given}: no such script; run `python -m stance.dashboard.serve app.py [options]` "
                 "from the checkout")
    preload(args[0])
    from streamlit.web import cli

    cli.main(["run", *args], prog_name="streamlit")


if __name__ == "__main__":
    main()
