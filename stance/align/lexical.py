"""Shared content words: the lexical half of the alignment pair score.

MiniLM rates two sentences of one meeting 0.45-0.55 when they only share the people and places
("Kuleba said ... China ... Ukraine"), so cosine alone cannot tell one proposition from one
topic. Two reports of one proposition also share what is said: "adheres to the political
settlement of hotspot issues" / "adheres to the political regulation of issues in hotspots".
This module measures that over the claims' content-word stems (lower-case words that are not
stopwords; capitalized words are names and are left to the embedding), each weighted by its
inverse document frequency among the claims compared together (one event), so a word every
report of the meeting uses counts little. The overlap is the geometric mean of two views of those words:
- their cosine: both claims say the same words (a paraphrase of one proposition);
- the share of the SHORTER claim's words that the longer one also says (containment): one
  outlet packs two propositions into one sentence ("X adheres to the political settlement and
  opposes sanctions") where another reports only the first; the cosine alone counts the second
  half against the pair, containment does not. The geometric mean needs both views, so a short
  generic claim ("the sides discussed cooperation") is not close to every long claim that
  happens to hold its few words (containment 1, cosine low).
ClaimDiff train, Youden's J of the pair score (`stance.calibrate.align`), best lex_weight each:
cosine alone 0.4136, containment alone 0.4089, arithmetic mean 0.4143, geometric mean 0.4143
(ClaimDiff test F1 0.5625 / 0.5636: the geometric one is shipped; models/README.md).

On the 98 dev pages (real events), same-event pairs reaching the cosine threshold: ROC AUC of
must-align vs those background pairs 0.80 with cosine, 0.88 with this overlap alone.

`pair score = cosine + lex_weight * content overlap` (`Thresholds.lex_weight`, fitted on
ClaimDiff train: `stance.calibrate.align`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse

from stance.align.features import STOPWORDS
from stance.text.stems import stem

_WORD = re.compile(r"[A-Za-z][A-Za-z\-']*")
MIN_LETTERS = 3  # shorter stems ("us", "un") say nothing about the proposition
STEM_MIN = 4  # stem() keeps at least this many letters ("talks" -> "talk", "agreed" -> "agre")


@lru_cache(maxsize=65536)
def content_stems(text: str) -> frozenset[str]:
    """Stems of the lower-case content words of a claim (names, stopwords and short words
    dropped)."""
    out = set()
    for tok in _WORD.findall(text):
        if tok[0].isupper() or tok.casefold() in STOPWORDS:
            continue
        s = stem(tok, STEM_MIN)
        if len(s) >= MIN_LETTERS and s not in STOPWORDS:
            out.add(s)
    return frozenset(out)


def content_matrix(texts: Sequence[str]) -> sparse.csr_matrix:
    """Rows: the idf-weighted content stems of each text (a stem's weight is its idf, the same
    in every row), idf over `texts` (smoothed, so a word in every text still counts a little). A
    text without content words is a zero row (overlap 0 with everything)."""
    stems = [content_stems(t) for t in texts]
    vocab: dict[str, int] = {}
    df: dict[int, int] = {}
    rows, cols = [], []
    for r, ws in enumerate(stems):
        for w in sorted(ws):  # a fixed order: the same sums, so the same groups, every run
            c = vocab.setdefault(w, len(vocab))
            df[c] = df.get(c, 0) + 1
            rows.append(r)
            cols.append(c)
    n = len(texts)
    idf = np.array([math.log((n + 1) / (df[c] + 1)) + 1.0 for c in range(len(vocab))],
                   dtype=np.float32)
    vals = idf[np.array(cols, dtype=np.int64)] if cols else np.zeros(0, np.float32)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(n, max(1, len(vocab))), dtype=np.float32)


def _row_sums(m: sparse.csr_matrix) -> np.ndarray:
    return np.asarray(m.sum(axis=1), dtype=np.float64).ravel()


def pair_overlap(m: sparse.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Content overlap (0..1) of the row pairs (i[k], j[k]) of a `content_matrix`: the geometric
    mean of the rows' cosine and the share of the smaller row's weight that both rows hold."""
    if len(i) == 0:
        return np.zeros(0, dtype=np.float32)
    a, b = m[i], m[j]
    dot = _row_sums(a.multiply(b))
    norm = np.sqrt(_row_sums(a.multiply(a)) * _row_sums(b.multiply(b)))
    cosine = np.divide(dot, norm, out=np.zeros_like(dot), where=norm > 0)
    smaller = np.minimum(_row_sums(a), _row_sums(b))
    shared = _row_sums(a.minimum(b))  # equal weights per stem: the weight both rows hold
    contained = np.divide(shared, smaller, out=np.zeros_like(shared), where=smaller > 0)
    return np.sqrt(cosine * contained).astype(np.float32)


def pair_scores(cos: np.ndarray, texts_a: Sequence[str], texts_b: Sequence[str],
                weight: float, context: Sequence[str] | None = None) -> np.ndarray:
    """Pair scores `cos + weight * overlap` of isolated pairs (evaluation and calibration);
    idf over `context` (default: every text of the pairs)."""
    ctx = list(dict.fromkeys(context if context is not None else [*texts_a, *texts_b]))
    row = {t: k for k, t in enumerate(ctx)}
    m = content_matrix(ctx)
    ia = np.array([row[t] for t in texts_a], dtype=np.int64)
    ib = np.array([row[t] for t in texts_b], dtype=np.int64)
    return np.asarray(cos, dtype=np.float32) + weight * pair_overlap(m, ia, ib)
