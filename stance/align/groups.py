"""Cross-outlet claim alignment inside one event.

Inside an event, two claims of different articles are scored by cosine plus shared content
words (`stance.align.lexical`, weight `lex_weight`), and clusters merge by average linkage
(`stance.align.linkage`) while their average pair score reaches the calibrated `align`
(`stance.config.thresholds`); the explainable guards of `stance.align.features` (speaker side
and person, subject side, meeting participants) are cannot-links, and near-identical wording
always aligns. Average, not complete, linkage: one far-worded pair no longer vetoes a merge,
and a cluster of several propositions no longer holds a claim away from its counterpart.

Cost: each event is handled alone; candidate pairs come from a row-blocked matrix product
keeping the top-k neighbours per claim, so memory stays O(n*k) and 10k claims in one event are
fine. Talking points across events: `stance.align.talking_points`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from stance.align.features import claim_marks, near_identical
from stance.align.lexical import content_matrix, pair_overlap
from stance.align.linkage import AverageLinkage
from stance.config.thresholds import Thresholds
from stance.coverage import outlet_of
from stance.schema import Article, Claim, ClaimGroup, Event, GroupMember, stable_hash
from stance.text.negation import is_negated

__all__ = ["align_event"]

TOP_K = 16  # candidate neighbours per claim (talking points)
# Alignment: a claim's ALIGN_K nearest claims of other articles are candidates (their real pair
# score counts in the group average); every other cross-article pair counts as UNSEEN, a score
# below any link. On the 98 dev pages + seeds (real events, shipped thresholds), must-align
# recall / must-not-align merged / largest group: ALIGN_K 8 -> 0.71 / 0.07 / 14, 16 -> 0.73 /
# 0.09 / 22, 32 -> 0.76 / 0.07 / 27, 64 -> 0.77 / 0.11 / 45; UNSEEN 0.2 / 0.3 / 0.4 -> 0.76 /
# 0.76 / 0.77 recall, largest group 27 / 27 / 47 (models/README.md, "Average linkage").
ALIGN_K = 32
UNSEEN = 0.3
ROW_BLOCK = 1024  # rows per matrix-product block
BLOCK_CELLS = 1 << 22  # similarities per block: rows shrink as an event grows (a 60k-claim page)


def _block_rows(n: int) -> int:
    """Rows per matrix-product block for n claims: memory per block stays BLOCK_CELLS x (4 bytes
    of similarity + 8 of argpartition's index) whatever the event's size."""
    return max(16, min(ROW_BLOCK, BLOCK_CELLS // max(n, 1)))


# --- helpers ------------------------------------------------------------------------------


def unique_pairs(i: np.ndarray, j: np.ndarray, sc: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(scores, lo, hi) arrays of the unique unordered pairs (i != j), each with its best
    score, strongest first, ties by index (deterministic); arrays, not tuples, so a million
    candidate pairs cost a few MB."""
    keep = i != j
    lo, hi, sc = np.minimum(i, j)[keep], np.maximum(i, j)[keep], sc[keep]
    if not len(lo):
        return sc, lo, hi
    order = np.lexsort((hi, lo, -sc))
    lo, hi, sc = lo[order], hi[order], sc[order]
    _, first = np.unique(lo.astype(np.int64) * (int(hi.max()) + 1) + hi, return_index=True)
    first.sort()
    return sc[first], lo[first], hi[first]


def dedupe_pairs(i: np.ndarray, j: np.ndarray, sc: np.ndarray) -> list[tuple[float, int, int]]:
    """`unique_pairs` as (score, lo, hi) tuples."""
    sc, lo, hi = unique_pairs(i, j, sc)
    return [(float(s), int(a), int(b)) for s, a, b in zip(sc, lo, hi, strict=True)]


def _top_values(x: np.ndarray, starts: np.ndarray, k: int, axis: int) -> np.ndarray:
    """k-th best distinct value of each segment (segments start at `starts` along `axis`);
    -inf when a segment has fewer than k distinct values (every member is then within top-k)."""
    sizes = np.diff(np.append(starts, x.shape[axis]))
    cur = x
    for t in range(k):
        best = np.maximum.reduceat(cur, starts, axis=axis)
        if t == k - 1:
            return best
        cur = np.where(cur >= np.repeat(best, sizes, axis=axis), -np.inf, cur)
    raise ValueError("k must be >= 1")


def _column_kth(vecs: np.ndarray, rows: np.ndarray, k: int, step: int) -> np.ndarray:
    """k-th best similarity of each claim to the claims `rows` (one article longer than a row
    block), merged chunk by chunk so memory stays `step` x n."""
    kept: np.ndarray | None = None
    for start in range(0, len(rows), step):
        part = vecs[rows[start:start + step]] @ vecs.T
        vals = np.stack([_top_values(part, np.array([0]), t, 0)[0] for t in range(1, k + 1)])
        kept = vals if kept is None else np.concatenate([kept, vals])
        kept = np.stack([_top_values(kept, np.array([0]), t, 0)[0] for t in range(1, k + 1)])
    assert kept is not None
    return kept[k - 1]


def _row_blocks(art_sorted: np.ndarray, step: int) -> list[tuple[int, int]]:
    """Row ranges made of whole articles (claims sorted by article) up to `step` rows; an
    article longer than that is a range of its own."""
    starts = np.flatnonzero(np.r_[True, art_sorted[1:] != art_sorted[:-1]])
    ends = np.r_[starts[1:], len(art_sorted)]
    blocks: list[tuple[int, int]] = []
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        if blocks and e - blocks[-1][0] <= step:  # previous block not a long article
            blocks[-1] = (blocks[-1][0], e)
        else:
            blocks.append((s, e))
    return blocks


def _candidate_edges(vecs: np.ndarray, art: np.ndarray, floor: float,
                     mutual_k: int = 0, top_k: int = TOP_K) -> list[tuple[float, int, int]]:
    """(cosine, i, j) for i<j from different articles, top-k per row, cosine >= floor.

    With `mutual_k` > 0 a pair is kept only when each claim is among the other's `mutual_k`
    most similar claims in the other's article (mutual nearest counterparts, the parallel-text
    alignment rule: a proposition has one best counterpart per article, so a same-topic claim
    loses to the article's better match). Claims are sorted by article and row blocks hold
    whole articles, so both directions are read from one block: the row's best per article
    (segments along columns) and each column's best among the block's articles (segments
    along rows). Memory stays O(BLOCK_CELLS)."""
    n = vecs.shape[0]
    if n < 2 or (art == art[0]).all():
        return []  # one article: no pair to align
    k = min(top_k, n - 1)
    step = _block_rows(n)
    order = np.argsort(art, kind="stable")
    vs, arts = vecs[order], art[order]
    col_starts = np.flatnonzero(np.r_[True, arts[1:] != arts[:-1]])
    art_rank = np.cumsum(np.r_[0, arts[1:] != arts[:-1]])  # article -> segment number
    ii, jj, ss = [], [], []
    for start, stop in _row_blocks(arts, step):
        big = stop - start > step
        col_kth = _column_kth(vs, np.arange(start, stop), mutual_k, step) if big and mutual_k else None
        for lo in range(start, stop, step):
            hi = min(lo + step, stop)
            block = vs[lo:hi] @ vs.T
            rows = np.arange(lo, hi)
            block[arts[rows][:, None] == arts[None, :]] = -1.0  # no links inside one article
            top = np.argpartition(-block, k, axis=1)[:, :k] if k < n - 1 else \
                np.broadcast_to(np.arange(n), (block.shape[0], n))
            sc = np.take_along_axis(block, top, axis=1)
            ok = sc >= floor
            if mutual_k:
                row_kth = _top_values(block, col_starts, mutual_k, 1)  # rows x articles
                ok &= sc >= np.take_along_axis(row_kth, art_rank[top], axis=1)
                if col_kth is None:  # the block holds whole articles: read columns here
                    seg = np.flatnonzero(np.r_[True, arts[rows][1:] != arts[rows][:-1]])
                    kth = _top_values(block, seg, mutual_k, 0)  # block articles x n
                    own = np.cumsum(np.r_[0, arts[rows][1:] != arts[rows][:-1]])
                    ok &= sc >= kth[own[:, None], top]
                else:
                    ok &= sc >= col_kth[top]
            r, c = np.nonzero(ok)
            ii.append(order[rows[r]])
            jj.append(order[top[r, c]])
            ss.append(sc[r, c])
    if not ii:
        return []
    return dedupe_pairs(np.concatenate(ii), np.concatenate(jj), np.concatenate(ss))


def align_event(event: Event, claims: Sequence[Claim], vectors: np.ndarray,
                articles: Mapping[str, Article], thresholds: Thresholds) -> list[ClaimGroup]:
    """Claim groups of one event; `vectors` rows are aligned with `claims` (unit norm).

    The pair score is cosine + `lex_weight` x shared content words (`stance.align.lexical`),
    minus `polarity_margin` when one claim negates what the other states.
    1. candidate pairs: each claim's ALIGN_K nearest claims of other articles (cosine >=
       UNSEEN), kept only when each is among the other's `mutual_k` best in its article;
    2. near-identical wording reaching the threshold is merged first, whatever the marks say;
    3. average linkage (`stance.align.linkage`): the two clusters with the best average pair
       score merge while it reaches `align`; pairs that are not candidates count as UNSEEN,
       clusters whose attribution marks disagree never merge."""
    n = len(claims)
    if n == 0:
        return []
    vecs = np.asarray(vectors, dtype=np.float32)
    if vecs.shape[0] != n:
        raise ValueError(f"event {event.event_id}: {n} claims but {vecs.shape[0]} vectors")
    art_ids = {a: k for k, a in enumerate(dict.fromkeys(c.article_id for c in claims))}
    art = np.array([art_ids[c.article_id] for c in claims])
    texts = [c.claim_text for c in claims]
    clusters = AverageLinkage(art.tolist(), [claim_marks(c.claim_text, c.speaker, c.speaker_side)
                                             for c in claims])
    words = content_matrix(texts)
    if n > 1 and len(art_ids) > 1:
        edges = _scored_edges(vecs, art, texts, words, thresholds)
        for s, i, j in edges:
            if s >= thresholds.align and near_identical(texts[i], texts[j]):
                clusters.join(i, j)
        clusters.run(edges, thresholds.align, UNSEEN)
    found = clusters.clusters(n)
    reps = [_representative(vecs, idx) for idx in found]
    # every member's content overlap with its representative in one sparse product (one call
    # per group cost a sparse row selection each: 20k groups, a third of align_event's time)
    overlap = np.split(pair_overlap(words, np.concatenate([np.asarray(idx) for idx in found]),
                                    np.concatenate([np.full(len(idx), r) for idx, r in zip(found, reps, strict=True)])),
                       np.cumsum([len(idx) for idx in found])[:-1])
    groups = [_make_group(event, claims, vecs, thresholds.lex_weight * ov, articles, idx, rep)
              for idx, rep, ov in zip(found, reps, overlap, strict=True)]
    order = {c.claim_id: k for k, c in enumerate(claims)}
    return sorted(groups, key=lambda g: min(order[m.claim_id] for m in g.members))


def _scored_edges(vecs: np.ndarray, art: np.ndarray, texts: Sequence[str], words,
                  thresholds: Thresholds) -> list[tuple[float, int, int]]:
    """Candidate pairs (score, i, j) with the pair score of `align_event`."""
    edges = _candidate_edges(vecs, art, UNSEEN, thresholds.mutual_k, ALIGN_K)
    if not edges:
        return []
    cos = np.array([e[0] for e in edges], dtype=np.float32)
    ii = np.array([e[1] for e in edges], dtype=np.int64)
    jj = np.array([e[2] for e in edges], dtype=np.int64)
    score = cos + thresholds.lex_weight * pair_overlap(words, ii, jj)
    if thresholds.polarity_margin:
        flip = np.array([is_negated(texts[i]) != is_negated(texts[j]) for i, j in zip(ii, jj, strict=True)])
        score = score - thresholds.polarity_margin * flip
    return [(float(s), int(i), int(j)) for s, i, j in zip(score, ii, jj, strict=True)]


def _representative(vecs: np.ndarray, idx: list[int]) -> int:
    """The member of `idx` closest to the others (centroid cosine); the earliest on a tie."""
    sub = vecs[idx]
    return idx[int(np.argmax(sub @ sub.sum(axis=0)))]


def _make_group(event: Event, claims: Sequence[Claim], vecs: np.ndarray, lex: np.ndarray,
                articles: Mapping[str, Article], idx: list[int], rep: int) -> ClaimGroup:
    """The group of claims `idx` around representative `rep` (`_representative`); each
    member's similarity is its pair score to the representative (cosine + `lex`, the weighted
    content overlap: the scale of `align`, which the analysts' calibration re-fits from these
    values), at most 1."""
    sims = vecs[idx] @ vecs[rep] + lex
    ms = tuple(GroupMember(claims[i].claim_id, 1.0 if i == rep else round(float(min(1.0, s)), 4))
               for i, s in zip(idx, sims, strict=False))
    outlets = sorted({o for o in (outlet_of(articles.get(claims[i].article_id), articles)
                                  for i in idx) if o})
    return ClaimGroup(group_id=stable_hash("group", event.event_id, claims[rep].claim_id),
                      event_id=event.event_id, representative_claim_id=claims[rep].claim_id,
                      representative=claims[rep].claim_text, members=ms, outlets=tuple(outlets))
