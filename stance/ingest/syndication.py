"""Syndication: find copies of one story carried by several publishers and link each copy to the
original, so later stages count one voice once.

MinHash over word 5-shingles (numpy, no extra dependency) estimates the Jaccard similarity of two
texts; locality-sensitive hashing over bands of the signature finds candidates without comparing
every pair. A copy is often a shorter cut of the story, with other page furniture or an updated
lead, so two texts are copies when their Jaccard similarity reaches the threshold *or* when most
of the shorter one's shingles are in the longer one (containment, estimated from the Jaccard
estimate and the two shingle counts). Two stories that only quote the same statement share far
fewer shingles than a cut shares with its story. The original of a group of copies is the
earliest published (an unknown date counts as latest); on a tie, the first ingested.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

import numpy as np

NUM_PERM = 128
BANDS = 128  # one row a band: texts sharing any minimum shingle become candidates, as a short cut of a long story must
SHINGLE = 5
# share of the shorter text's shingles found in the longer one that makes two texts copies; on
# the development pages, copies of one wire story share 0.30-1.0 and different stories quoting
# the same statement at most 0.27 (a shorter cut of a story shares nearly all of its own)
CONTAINMENT = 0.30
MIN_SHINGLES = 20  # a text shorter than this is too short to call anything a copy of it
ROUGH_CONTAINMENT = 0.2  # estimated containment worth checking exactly when both shingle sets are at hand
EXACT_KEPT = 20_000  # shingle sets of the most recent articles kept for exact checks (memory bound)
_MASK32 = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)
_rng = np.random.default_rng(20230222)  # fixed: signatures are stored and must stay comparable
# multiply-shift hashing (a odd, 64-bit, wrapping): h(x) = (a*x + b) >> 32, one per permutation
_A = _rng.integers(0, np.iinfo(np.uint64).max, size=NUM_PERM, dtype=np.uint64, endpoint=True) | np.uint64(1)
_B = _rng.integers(0, np.iinfo(np.uint64).max, size=NUM_PERM, dtype=np.uint64, endpoint=True)
del _rng
_WORD = re.compile(r"\w+", re.UNICODE)
_BASE = np.uint64(1_000_003)


def shingle_hashes(text: str, k: int = SHINGLE) -> np.ndarray:
    """Distinct 32-bit hashes of the word k-shingles of `text` (case-folded)."""
    words = _WORD.findall(text.casefold())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    vocab = {w: zlib.crc32(w.encode("utf-8")) for w in set(words)}
    wh = np.fromiter(map(vocab.__getitem__, words), dtype=np.uint64, count=len(words))
    if len(wh) < k:
        k = len(wh)
    n = len(wh) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    for j in range(k):  # polynomial rolling combination, wrapping at 2^64 (deterministic)
        acc = acc * _BASE + wh[j:j + n]
    return np.unique(acc & _MASK32)


def minhash(text: str) -> np.ndarray:
    """MinHash signature (NUM_PERM uint32 values) of the text's shingles."""
    x = shingle_hashes(text)
    if x.size == 0:
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    with np.errstate(over="ignore"):
        hv = (_A[:, None] * x[None, :] + _B[:, None]) >> _SHIFT
    return hv.min(axis=1).astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two signed texts."""
    return float(np.mean(a == b))


def shingle_count(text: str) -> int:
    """Number of distinct shingles of `text` (stored beside its signature for containment)."""
    return int(shingle_hashes(text).size)


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Share of the smaller shingle set inside the larger, from their Jaccard similarity:
    |A & B| = J (|A| + |B|) / (1 + J)."""
    if min(size_a, size_b) <= 0:
        return 0.0
    return min(1.0, jaccard * (size_a + size_b) / ((1 + jaccard) * min(size_a, size_b)))


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


_BAND_NO = np.arange(BANDS, dtype=np.uint64)


def _band_keys(sig: np.ndarray) -> list[int]:
    """One 64-bit key per LSH band. A hash collision only adds a candidate, which `near` then
    rejects by comparing the full signatures, so the keys need not be exact."""
    rows = sig.astype(np.uint64).reshape(BANDS, NUM_PERM // BANDS)
    with np.errstate(over="ignore"):
        acc = _BAND_NO.copy()
        for j in range(rows.shape[1]):
            acc = acc * _BASE + rows[:, j]
    return acc.tolist()


def _sort_key(published: str, order: int) -> tuple[str, int]:
    return (published or "9999-99-99", order)


@dataclass
class SignatureIndex:
    """Signatures of known articles with their original links; grows as articles are linked."""

    threshold: float = 0.6
    sigs: dict[str, np.ndarray] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)  # shingle counts (0 = unknown: Jaccard only)
    # exact shingle sets of articles linked in this process (the most recent EXACT_KEPT): the
    # estimate from 128 minimum hashes is too rough near the containment threshold
    exact: dict[str, np.ndarray] = field(default_factory=dict)
    key: dict[str, tuple[str, int]] = field(default_factory=dict)  # (published, ingestion order)
    original: dict[str, str] = field(default_factory=dict)  # id -> id of its original ("" = itself)
    # LSH buckets keyed by a 64-bit hash of (band, band values); a bucket holding one id stores
    # the id itself, not a list: most buckets are singletons and the index is kept for a whole run
    buckets: dict[int, str | list[str]] = field(default_factory=dict)
    # ids whose original changed after they were added (relinks), so a store that reuses this
    # index across saves can re-point stored copies without reloading every signature
    relinked: set[str] = field(default_factory=set)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self.sigs

    def __len__(self) -> int:
        return len(self.sigs)

    def add(self, article_id: str, sig: np.ndarray, published: str = "", original: str = "",
            size: int = 0) -> None:
        """Register a known article (e.g. loaded from the store) without linking it."""
        self.sigs[article_id] = sig
        self.sizes[article_id] = size
        self.key[article_id] = _sort_key(published, len(self.key))
        self.original[article_id] = original
        for k in _band_keys(sig):
            have = self.buckets.get(k)
            if have is None:
                self.buckets[k] = article_id
            elif isinstance(have, str):
                self.buckets[k] = [have, article_id]
            else:
                have.append(article_id)

    def near(self, sig: np.ndarray, size: int = 0, shingles: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Known articles that are copies of the signed text: estimated Jaccard similarity at the
        threshold, or the shorter text mostly contained in the longer (exactly when both shingle
        sets are at hand, else estimated from the signatures and shingle counts)."""
        cands: set[str] = set()
        for k in _band_keys(sig):
            have = self.buckets.get(k)
            if isinstance(have, str):
                cands.add(have)
            elif have:
                cands.update(have)
        if not cands:
            return []
        ids = sorted(cands)
        sims = (np.stack([self.sigs[c] for c in ids]) == sig).mean(axis=1)
        out = []
        for c, x in zip(ids, sims, strict=True):
            if x >= self.threshold or self._contained(c, float(x), size, shingles):
                out.append((c, float(x)))
        return sorted(out, key=lambda t: -t[1])

    def _contained(self, other: str, jaccard: float, size: int, shingles: np.ndarray | None) -> bool:
        other_size = self.sizes.get(other, 0)
        if min(size, other_size) < MIN_SHINGLES:
            return False
        rough = containment(jaccard, size, other_size)
        theirs = self.exact.get(other)
        if shingles is not None and theirs is not None:
            if rough < ROUGH_CONTAINMENT:
                return False
            shared = np.intersect1d(shingles, theirs, assume_unique=True).size
            return shared / min(shingles.size, theirs.size) >= CONTAINMENT
        return rough >= CONTAINMENT

    def root(self, article_id: str) -> str:
        seen = set()
        while self.original.get(article_id) and article_id not in seen:
            seen.add(article_id)
            article_id = self.original[article_id]
        return article_id

    def link(self, article_id: str, sig: np.ndarray, published: str = "", size: int = 0,
             shingles: np.ndarray | None = None) -> tuple[str, dict[str, str]]:
        """Add a new article; return (its original or "", relinks) where relinks maps already
        known articles to their new original when the new article turns out to be earlier.
        `shingles` (its `shingle_hashes`) allows exact containment checks against this run."""
        if shingles is not None:
            size = int(shingles.size)
        roots = {self.root(c) for c, _ in self.near(sig, size, shingles)}
        self.add(article_id, sig, published, size=size)
        if shingles is not None:
            self.exact[article_id] = shingles
            if len(self.exact) > EXACT_KEPT:
                self.exact.pop(next(iter(self.exact)))
        if not roots:
            return "", {}
        group = roots | {article_id}
        first = min(group, key=lambda i: self.key[i])
        relinks: dict[str, str] = {}
        for r in group:
            if r == first:
                continue
            self.original[r] = first
            relinks[r] = first
        # copies of a root that lost its place now point at the new original directly
        for i, o in list(self.original.items()):
            if o and o in relinks and i != first:
                self.original[i] = first
                relinks[i] = first
        relinks.pop(article_id, None)
        self.relinked.update(relinks)
        return self.original.get(article_id, ""), relinks
