"""Shared formulas for talking points: a repeated line is often a short formula ("a
multipolar world") inside long sentences that otherwise differ, so whole-claim cosine
under-rates the repeat. Groups whose claims share a distinctive formula term (rare in general
English and in the corpus, see `stance.align.features.formula_terms`) are candidate talking
points; the term is also the talking point's explanation (`talking_point_formulas`).

Cost: an inverted index term -> groups; a term's groups are compared FORMULA_CHUNK at a time,
so the work is O(postings x chunk), never all pairs of the corpus.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from stance.align.features import formula_terms, pair_guard
from stance.schema import ClaimGroup

FORMULA_MAX_SHARE = 0.20  # a term in more than this share of the groups is a topic word
FORMULA_CHUNK = 32  # groups of one term compared at a time (bounds the work per term)
# Cosine a shared distinctive formula stands for: claims that share one need a cosine of the
# talking-point floor minus this (complete linkage). On the dev pages (talking-point links found,
# claim-level lines): 0.075 -> 0.579, 0.10 -> 0.632, 0.15 -> 0.579 (the larger bonus lets a
# formula line absorb claims that belong to another line).
FORMULA_BONUS = 0.10


def _group_texts(groups: Sequence[ClaimGroup],
                 texts_by_claim: Mapping[str, str] | None) -> list[list[str]]:
    """Member texts per group (the representative alone when texts are not given)."""
    if texts_by_claim is None:
        return [[g.representative] for g in groups]
    return [[texts_by_claim[m.claim_id] for m in g.members if m.claim_id in texts_by_claim]
            or [g.representative] for g in groups]


def formula_index(groups: Sequence[ClaimGroup],
                  texts_by_claim: Mapping[str, str] | None = None) -> dict[str, list[int]]:
    """Inverted index: distinctive formula term -> indices of the groups whose claims use it.
    Kept: terms in at least 2 groups but in at most FORMULA_MAX_SHARE of the groups: rare in
    the corpus too, so sharing one says more than sharing a topic word."""
    return _postings(_group_texts(groups, texts_by_claim))


def _postings(gtexts: Sequence[Sequence[str]]) -> dict[str, list[int]]:
    """`formula_index` over the member texts of each group."""
    cap = max(2, int(FORMULA_MAX_SHARE * len(gtexts)))
    postings: dict[str, list[int]] = {}
    for gi, texts in enumerate(gtexts):
        for term in set().union(*(formula_terms(t) for t in texts)):
            postings.setdefault(term, []).append(gi)
    return {t: gs for t, gs in postings.items() if 2 <= len(gs) <= cap}


def talking_point_formulas(groups: Sequence[ClaimGroup],
                           texts_by_claim: Mapping[str, str] | None = None) -> dict[str, str]:
    """talking_point_id -> the distinctive formula term(s) most of its groups share (e.g.
    "multipolar"), for a dashboard label and as the explanation of the link; talking points
    whose groups share no such term are left out."""
    index = formula_index(groups, texts_by_claim)
    terms_of: dict[int, set[str]] = {}
    for term, gs in index.items():
        for gi in gs:
            terms_of.setdefault(gi, set()).add(term)
    by_tp: dict[str, list[int]] = {}
    for gi, g in enumerate(groups):
        if g.talking_point_id:
            by_tp.setdefault(g.talking_point_id, []).append(gi)
    out = {}
    for tp, idx in by_tp.items():
        counts: dict[str, int] = {}
        for gi in idx:
            for term in terms_of.get(gi, ()):
                counts[term] = counts.get(term, 0) + 1
        top = max(counts.values(), default=0)
        if top >= 2:
            out[tp] = ", ".join(sorted(t for t, k in counts.items() if k == top))
    return out


def formula_clusters(groups: Sequence[ClaimGroup], gmat: list[np.ndarray],
                     gtexts: list[list[str]], floor: float,
                     new_from: int = 0) -> list[tuple[float, str, list[int]]]:
    """(strength, term, groups) candidate talking points: for each distinctive formula term,
    its groups minus the least similar ones until every two reach `floor`, kept when they span
    two events or more. Similarity is the cosine of the members that use the term (a group
    holding several claims carries several terms, and only the claims with the formula say
    that the line recurs; the actor guard applies); strength is the best carrier link of the kept
    groups, as a plain link is ranked by its best member pair, so the caller can take both
    kinds strongest first. `gmat[g]`
    holds the vectors of group g's members and `gtexts[g]` their texts, row for row.
    `new_from`: groups before it were clustered with an earlier batch, so only the terms and
    chunks that hold a group from `new_from` on are looked at (a streaming batch costs what its
    own claims carry, not what the index remembers).
    Cost: one FORMULA_CHUNK-square matrix per chunk of a term's groups."""
    found = []
    terms = [[formula_terms(t) for t in texts] for texts in gtexts]
    for term, postings in _postings(gtexts).items():
        if postings[-1] < new_from:  # postings are in group order
            continue
        carriers = {g: gmat[g][[k for k, ts in enumerate(terms[g]) if term in ts]]
                    for g in postings if len(gmat[g])}
        postings = [g for g in postings if g in carriers and len(carriers[g])]
        for start in range(0, len(postings), FORMULA_CHUNK):
            if postings[min(start + FORMULA_CHUNK, len(postings)) - 1] < new_from:
                continue
            members = _complete_subset(groups, carriers, postings[start:start + FORMULA_CHUNK], floor)
            if len(members) > 1 and len({groups[g].event_id for g in members}) > 1:
                strength = max(float((carriers[a] @ carriers[b].T).max())
                               for x, a in enumerate(members) for b in members[x + 1:])
                found.append((strength, term, members))
    return found


def _complete_subset(groups: Sequence[ClaimGroup], gmat: Mapping[int, np.ndarray], gs: list[int],
                     floor: float) -> list[int]:
    """`gs` minus the least similar groups until every two reach `floor` (actor guard too)."""
    if len(gs) < 2 or len({groups[g].event_id for g in gs}) < 2:
        return []
    mats = [gmat[g] for g in gs]
    cut = np.cumsum([0] + [len(m) for m in mats])[:-1]
    stacked = np.concatenate(mats)
    # best carrier pair of every two groups: one product, maxima per block of rows and columns
    sim = np.maximum.reduceat(np.maximum.reduceat(stacked @ stacked.T, cut, axis=0), cut, axis=1)
    sim = sim.astype(np.float64)
    np.fill_diagonal(sim, 1.0)
    for x, a in enumerate(gs):
        for y in range(x + 1, len(gs)):
            if pair_guard(groups[a].representative, groups[gs[y]].representative)[0]:
                sim[x, y] = sim[y, x] = -1.0
    keep = list(range(len(gs)))
    while len(keep) > 1:
        sub = sim[np.ix_(keep, keep)]
        if sub.min() >= floor:
            break
        keep.pop(int(np.lexsort((sub.mean(axis=1), sub.min(axis=1)))[0]))
    return [gs[k] for k in keep]
