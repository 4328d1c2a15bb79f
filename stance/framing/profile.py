"""Framing profile per outlet and event, in long form, every number pointing to its claims.

Dimensions (FramingRow.dimension):
  stance_share      value = asserted/attributed/distanced/contested, score = share of the outlet's claims
  quoted_side       value = side of the quoted speaker (China/Russia/West/Ukraine/other/unknown),
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
Coverage rows (only_here, omits) need at least two outlets in the event: an event with one
outlet gets no omission rows, since nothing is missing relative to anyone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from stance.framing.terms import split_terms
from stance.schema import STANCES, Article, Claim, ClaimFraming, ClaimGroup, Event, FramingRow


def outlet_of(article: Article) -> str:
    """The outlet name used to group an article (outlet, else publisher, else source)."""
    return article.outlet or article.publisher or article.source


def _entry_field(entry: Any, name: str) -> Any:
    if entry is None:
        return None
    if isinstance(entry, Mapping):
        return entry.get(name)
    return getattr(entry, name, None)


def _registry_entry(registry: Any, outlet: str) -> Any:
    """Look an outlet up in whatever the registry offers (lookup/get/mapping)."""
    if registry is None:
        return None
    for method in ("info", "lookup", "get", "find"):
        fn = getattr(registry, method, None)
        if callable(fn):
            try:
                entry = fn(outlet)
            except (KeyError, LookupError):
                entry = None
            if entry is not None:
                return entry
    if isinstance(registry, Mapping):
        return registry.get(outlet) or registry.get(outlet.casefold())
    return None


def _default_registry() -> Any:
    """The shipped outlet registry (None when it cannot be read: metadata rows are then absent)."""
    try:
        from stance.ingest.registry import load_registry

        return load_registry()
    except Exception:  # noqa: BLE001 - metadata is optional beside the profile
        return None


def _meta_rows(event_id: str, outlet: str, registry: Any) -> list[FramingRow]:
    entry = _registry_entry(registry, outlet)
    if entry is None:
        return []
    rows = []
    for dim, name in (("outlet_country", "country"), ("outlet_type", "type"),
                      ("state_affiliated", "state_affiliated")):
        value = _entry_field(entry, name)
        if value is None and name == "type":
            value = _entry_field(entry, "outlet_type")
        if value is not None and value != "":
            rows.append(FramingRow(event_id, outlet, dim, str(value).lower() if isinstance(value, bool) else str(value), 0.0))
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
        rows += _share_rows(event_id, outlet, "stance_share", by_stance, n, STANCES)
        bg = [c.claim_id for c in framed if framings[c.claim_id].is_background]
        rows.append(FramingRow(event_id, outlet, "background_share", "background", round(len(bg) / n, 4), tuple(bg)))
        rows.append(FramingRow(event_id, outlet, "tone", "claims",
                               round(sum(framings[c.claim_id].tone for c in framed) / n, 4),
                               tuple(c.claim_id for c in framed)))
    quoted = [c for c in claims if c.attribution != "outlet_voice"]
    if quoted:
        by_side: dict[str, list[str]] = defaultdict(list)
        by_speaker: dict[str, list[str]] = defaultdict(list)
        for c in quoted:
            by_side[c.speaker_side or "unknown"].append(c.claim_id)
            by_speaker[c.speaker or "unnamed source"].append(c.claim_id)
        rows += _share_rows(event_id, outlet, "quoted_side", by_side, len(quoted))
        rows += [FramingRow(event_id, outlet, "quoted_speaker", s, float(len(ids)), tuple(ids))
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
    rows += [FramingRow(event_id, outlet, "term", k, float(len(ids)), tuple(ids)) for k, ids in sorted(terms.items())]
    rows += [FramingRow(event_id, outlet, "term_own_voice", k, float(len(ids)), tuple(ids))
             for k, ids in sorted(own_terms.items())]
    rows += [FramingRow(event_id, outlet, "tone_target", t, round(sum(s for _, s in v) / len(v), 4),
                        tuple(i for i, _ in v)) for t, v in sorted(tones.items())]
    ledes = [c for c in claims if c.is_lede] or claims[:1]
    if ledes:
        lede = min(ledes, key=lambda c: (c.position, c.sentence_index, c.sub_index))
        rows.append(FramingRow(event_id, outlet, "lede", lede.claim_text, round(lede.position, 4), (lede.claim_id,)))
    return rows


def _coverage_rows(event_id: str, outlets: list[str], groups: Sequence[ClaimGroup],
                   outlet_of_claim: Mapping[str, str]) -> list[FramingRow]:
    rows: list[FramingRow] = []
    if len(outlets) < 2:
        return rows
    for g in groups:
        carried: dict[str, list[str]] = defaultdict(list)
        for m in g.members:
            o = outlet_of_claim.get(m.claim_id)
            if o:
                carried[o].append(m.claim_id)
        if not carried:
            continue
        if len(carried) == 1:
            (o, ids), = carried.items()
            rows.append(FramingRow(event_id, o, "only_here", g.representative, 1.0, tuple(ids)))
        evidence = tuple(i for ids in carried.values() for i in ids)
        for o in outlets:
            if o not in carried:
                rows.append(FramingRow(event_id, o, "omits", g.representative, float(len(carried)), evidence))
    return rows


def build_profiles(
    events: Sequence[Event],
    groups: Sequence[ClaimGroup],
    claims_by_id: Mapping[str, Claim],
    framings: Mapping[str, ClaimFraming],
    articles: Mapping[str, Article],
    registry: Any = None,
) -> list[FramingRow]:
    """Long-form framing rows for every (event, outlet).

    Syndicated copies whose original is in the same event are left out, so a wire story carried
    by three sites counts once.
    """
    if registry is None:
        registry = _default_registry()
    claims_of_article: dict[str, list[Claim]] = defaultdict(list)
    for c in claims_by_id.values():
        claims_of_article[c.article_id].append(c)
    rows: list[FramingRow] = []
    for ev in events:
        ids = [a for a in ev.article_ids if a in articles]
        kept = [a for a in ids if not (articles[a].syndicated_of and articles[a].syndicated_of in ids)]
        per_outlet: dict[str, list[Claim]] = defaultdict(list)
        outlet_of_claim: dict[str, str] = {}
        for aid in kept:
            o = outlet_of(articles[aid])
            per_outlet.setdefault(o, [])
            for c in claims_of_article.get(aid, []):
                per_outlet[o].append(c)
                outlet_of_claim[c.claim_id] = o
        outlets = list(per_outlet)
        for o in outlets:
            rows += _meta_rows(ev.event_id, o, registry)
            rows += _profile_outlet(ev.event_id, o, per_outlet[o], framings)
        ev_groups = [g for g in groups if g.event_id == ev.event_id]
        rows += _coverage_rows(ev.event_id, outlets, ev_groups, outlet_of_claim)
    return rows
