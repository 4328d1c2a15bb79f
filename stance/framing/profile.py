"""Framing profile per outlet and event, in long form, every number pointing to its claims.

Dimensions (FramingRow.dimension, constants `stance.schema.Dimension`):
  stance_share      value = asserted/attributed/distanced/contested, score = share of the outlet's claims
  quoted_side       value = side of the quoted speaker (from the actors data; "unknown" if none),
                    score = share of the outlet's attributed claims
  quoted_speaker    value = speaker, score = number of claims attributed to them
  background_share  value = "background", score = share of claims that are background/context
  term              value = "concept=term", score = number of claims choosing it
  term_own_voice    the same, counting only claims in the outlet's own voice (not quoted sources)
  tone              value = "claims", score = mean VADER compound of the outlet's claims
  tone_target       value = target, score = mean compound toward it over claims mentioning it
  only_here         value = group representative, score = 1 (group carried by this outlet alone)
  lede              value = lede claim text, score = its position in the article
  omits             value = group representative, score = number of outlets that carry it
  outlet_country / outlet_type / state_affiliated   registry metadata, score 0
Coverage rows (only_here, omits) come from `stance.coverage.group_coverage`, the computation the
coverage matrix reads too. They need at least two outlets in the event: an event with one
outlet gets no omission rows, since nothing is missing relative to anyone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from stance.coverage import GroupCoverage, event_sources, group_coverage
from stance.framing.terms import split_terms
from stance.ingest.registry import Registry
from stance.schema import (
    STANCES,
    Article,
    Claim,
    ClaimFraming,
    ClaimGroup,
    Dimension,
    Event,
    FramingRow,
)


def _meta_rows(event_id: str, outlet: str, registry: Registry | None) -> list[FramingRow]:
    """The registry's country, type and state affiliation of `outlet` (none when unknown)."""
    info = registry.info(outlet) if registry is not None else None
    if info is None:
        return []
    rows = []
    for dim, value in ((Dimension.OUTLET_COUNTRY, info.country), (Dimension.OUTLET_TYPE, info.type),
                       (Dimension.STATE_AFFILIATED, info.state_affiliated)):
        if value is not None and value != "":
            text = str(value).lower() if isinstance(value, bool) else str(value)
            rows.append(FramingRow(event_id, outlet, dim, text, 0.0))
    return rows


def _share_rows(event_id: str, outlet: str, dim: str, labels: Mapping[str, list[str]],
                total: int, order: Sequence[str] = ()) -> list[FramingRow]:
    keys = list(order) + sorted(k for k in labels if k not in order)
    return [FramingRow(event_id, outlet, dim, k, round(len(labels[k]) / total, 4), tuple(labels[k]))
            for k in keys if labels.get(k)]


def _profile_outlet(event_id: str, outlet: str, claims: list[Claim],
                    framings: Mapping[str, ClaimFraming]) -> list[FramingRow]:
    rows: list[FramingRow] = []
    claims = sorted(claims, key=lambda c: (c.article_id, c.sentence_index, c.sub_index))
    framed = [c for c in claims if c.claim_id in framings]
    n = len(framed)
    if n:
        by_stance: dict[str, list[str]] = defaultdict(list)
        for c in framed:
            by_stance[framings[c.claim_id].stance].append(c.claim_id)
        rows += _share_rows(event_id, outlet, Dimension.STANCE_SHARE, by_stance, n, STANCES)
        bg = [c.claim_id for c in framed if framings[c.claim_id].is_background]
        rows.append(FramingRow(event_id, outlet, Dimension.BACKGROUND_SHARE, "background", round(len(bg) / n, 4), tuple(bg)))
        rows.append(FramingRow(event_id, outlet, Dimension.TONE, "claims",
                               round(sum(framings[c.claim_id].tone for c in framed) / n, 4),
                               tuple(c.claim_id for c in framed)))
    quoted = [c for c in claims if c.attribution != "outlet_voice"]
    if quoted:
        by_side: dict[str, list[str]] = defaultdict(list)
        by_speaker: dict[str, list[str]] = defaultdict(list)
        for c in quoted:
            by_side[c.speaker_side or "unknown"].append(c.claim_id)
            by_speaker[c.speaker or "unnamed source"].append(c.claim_id)
        rows += _share_rows(event_id, outlet, Dimension.QUOTED_SIDE, by_side, len(quoted))
        rows += [FramingRow(event_id, outlet, Dimension.QUOTED_SPEAKER, s, float(len(ids)), tuple(ids))
                 for s, ids in sorted(by_speaker.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    terms: dict[str, list[str]] = defaultdict(list)
    own_terms: dict[str, list[str]] = defaultdict(list)
    tones: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for c in framed:
        f = framings[c.claim_id]
        for concept, value in f.terms.items():
            for term in split_terms(value):
                terms[f"{concept}={term}"].append(c.claim_id)
                if c.attribution == "outlet_voice":
                    own_terms[f"{concept}={term}"].append(c.claim_id)
        for target, score in f.target_tones.items():
            tones[target].append((c.claim_id, score))
    rows += [FramingRow(event_id, outlet, Dimension.TERM, k, float(len(ids)), tuple(ids)) for k, ids in sorted(terms.items())]
    rows += [FramingRow(event_id, outlet, Dimension.TERM_OWN_VOICE, k, float(len(ids)), tuple(ids))
             for k, ids in sorted(own_terms.items())]
    rows += [FramingRow(event_id, outlet, Dimension.TONE_TARGET, t, round(sum(s for _, s in v) / len(v), 4),
                        tuple(i for i, _ in v)) for t, v in sorted(tones.items())]
    ledes = [c for c in claims if c.is_lede] or claims[:1]
    if ledes:
        lede = min(ledes, key=lambda c: (c.position, c.sentence_index, c.sub_index))
        rows.append(FramingRow(event_id, outlet, Dimension.LEDE, lede.claim_text, round(lede.position, 4), (lede.claim_id,)))
    return rows


def _coverage_rows(event_id: str, coverage: Sequence[GroupCoverage],
                   groups: Mapping[str, ClaimGroup]) -> list[FramingRow]:
    """only_here / omits rows, read from `stance.coverage.group_coverage` (as the matrix is)."""
    rows: list[FramingRow] = []
    for cov in coverage:
        rep = groups[cov.group_id].representative
        if lone := cov.only_here():
            rows.append(FramingRow(event_id, lone, Dimension.ONLY_HERE, rep, 1.0, cov.carriers[lone]))
        evidence = cov.evidence()
        rows += [FramingRow(event_id, o, Dimension.OMITS, rep, float(len(cov.carriers)), evidence)
                 for o in cov.omitted_by()]
    return rows


def build_profiles(
    events: Sequence[Event],
    groups: Sequence[ClaimGroup],
    claims_by_id: Mapping[str, Claim],
    framings: Mapping[str, ClaimFraming],
    articles: Mapping[str, Article],
    registry: Registry | None = None,
) -> list[FramingRow]:
    """Long-form framing rows for every (event, outlet).

    Outlets and coverage follow `stance.coverage`: a syndicated copy whose original is in the
    same event is left out, so a wire story carried by three sites counts once. `articles`
    should hold the originals of copies too (their outlet names the copy's voice). Without a
    `registry` there are no outlet metadata rows.
    """
    claims_of_article: dict[str, list[Claim]] = defaultdict(list)
    for c in claims_by_id.values():
        claims_of_article[c.article_id].append(c)
    rows: list[FramingRow] = []
    for ev in events:
        sources = event_sources(ev.article_ids, articles)
        per_outlet: dict[str, list[Claim]] = {}
        for src in sources:
            if not src.is_copy:
                per_outlet.setdefault(src.outlet, []).extend(claims_of_article.get(src.article_id, []))
        for o, claims in per_outlet.items():
            rows += _meta_rows(ev.event_id, o, registry)
            rows += _profile_outlet(ev.event_id, o, claims, framings)
        ev_groups = {g.group_id: g for g in groups if g.event_id == ev.event_id}
        members = ((g.group_id, m.claim_id, claims_by_id[m.claim_id].article_id)
                   for g in ev_groups.values() for m in g.members if m.claim_id in claims_by_id)
        rows += _coverage_rows(ev.event_id, group_coverage(members, sources), ev_groups)
    return rows
