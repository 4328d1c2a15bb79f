"""Annotation items: one question an analyst answers about the machine's output.

Built from the analysis tables (claim groups, members, claims, framing, discrepancies). Each
item carries the model's prediction and a `certainty` in [0, 1] used to put the questions the
model is least sure about first. The stages store cues rather than probabilities, so for the
label kinds certainty is a documented proxy: a label set without a cue, or one that
contradicts another field, is less certain than one backed by an explicit cue.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from stance.store import annotations as sa
from stance.store import items as si
from stance.store.db import Store

# How far from the threshold (in cosine) a membership counts as fully certain.
MEMBERSHIP_MARGIN = 0.2
# Claims left out of a group whose cosine to its representative is this close below the
# threshold are asked about too (prediction "no"): without them recall could not be measured
# and calibration could only ever raise the threshold.
NEAR_MISS_BAND = 0.1
_ROW_BLOCK = 1024
TYPE_ORDER = {t: i for i, t in enumerate(("membership", "discrepancy", "stance", "attribution",
                                          "speaker", "note"))}
DEFAULT_ITEM_TYPES: tuple[str, ...] = ("membership", "discrepancy", "stance", "attribution",
                                       "speaker")


@dataclass(frozen=True)
class Item:
    """One question. `text` is the claim judged; `context` is what it is judged against
    (the group representative, the other claim, the sentence)."""

    item_type: str
    item_id: str
    prediction: str
    certainty: float
    text: str
    context: str = ""
    value: str = ""  # model score at the time (membership similarity), else ""
    outlet: str = ""
    event_id: str = ""
    detail: str = ""  # a short line explaining the prediction (cue, values compared)

    @property
    def key(self) -> tuple[str, str]:
        return (self.item_type, self.item_id)

    @property
    def labels(self) -> tuple[str, ...]:
        return sa.LABEL_SETS[self.item_type]


def membership_items(store: Store, threshold: float, event_id: str = "") -> list[Item]:
    items = []
    for r in si.membership_rows(store, event_id):
        sim = float(r["similarity"])
        cert = min(1.0, abs(sim - threshold) / MEMBERSHIP_MARGIN)
        items.append(Item("membership", f"{r['group_id']}:{r['claim_id']}", "yes", cert,
                          r["claim_text"], r["representative"], f"{sim:.4f}", r["outlet"],
                          r["event_id"], f"similarity {sim:.3f} (threshold {threshold:.3f})"))
    return items


def _unit(m: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(n == 0, 1.0, n)


def near_miss_items(store: Store, threshold: float, event_id: str = "",
                    band: float = NEAR_MISS_BAND) -> list[Item]:
    """For each claim, the best other group of its event whose representative it resembles
    just below the threshold. Uses the cached claim vectors; none cached, no items."""
    from stance.store.embeddings import load_cached, text_key

    model = sa.main_embedding_model(store)
    if not model:
        return []
    claims = si.event_claims_for_vectors(store, event_id)
    keys = {r["claim_id"]: text_key(r["claim_text"]) for r in claims}
    vecs = load_cached(store, model, list(dict.fromkeys(keys.values())))
    article_of = {r["claim_id"]: r["article_id"] for r in claims}
    by_event: dict[str, list[Any]] = defaultdict(list)
    for r in claims:
        if keys[r["claim_id"]] in vecs:
            by_event[r["event_id"]].append(r)
    heads: dict[str, list[Any]] = defaultdict(list)
    for h in si.group_heads(store, event_id):
        if keys.get(h["representative_claim_id"]) in vecs:
            heads[h["event_id"]].append(h)
    items: list[Item] = []
    for ev, rows in by_event.items():
        hs = heads.get(ev, [])
        if not hs:
            continue
        hmat = _unit(np.stack([vecs[keys[h["representative_claim_id"]]] for h in hs]))
        h_group = np.array([h["group_id"] for h in hs], dtype=object)
        h_article = np.array([article_of.get(h["representative_claim_id"], "") for h in hs],
                             dtype=object)
        for start in range(0, len(rows), _ROW_BLOCK):
            part = rows[start:start + _ROW_BLOCK]
            sims = _unit(np.stack([vecs[keys[r["claim_id"]]] for r in part])) @ hmat.T
            for i, r in enumerate(part):
                row = sims[i].copy()
                # own group, same article as the representative, or already above threshold
                # (kept apart by a guard, not by the cut-off) are not near misses
                row[(h_group == r["group_id"]) | (h_article == r["article_id"])
                    | (row >= threshold) | (row < threshold - band)] = -np.inf
                j = int(np.argmax(row))
                if not np.isfinite(row[j]):
                    continue
                sim = float(row[j])
                h = hs[j]
                items.append(Item("membership", f"{h['group_id']}:{r['claim_id']}", "no",
                                  min(1.0, abs(sim - threshold) / MEMBERSHIP_MARGIN),
                                  r["claim_text"], h["representative"], f"{sim:.4f}",
                                  r["outlet"], ev, f"similarity {sim:.3f} (threshold "
                                  f"{threshold:.3f}), not grouped"))
    return items


def _mismatch(r: Any) -> bool:
    """A quote or report without a speaker, or a speaker in the outlet's own voice."""
    return (r["attribution"] != "outlet_voice") != bool(r["speaker"])


def _stance_certainty(r: Any) -> float:
    if r["stance_cue"]:
        return 0.6
    # the default label without a cue is usually right; another label without one is not
    return 0.5 if r["stance"] == "asserted" else 0.2


def _attribution_certainty(r: Any) -> float:
    if _mismatch(r):
        return 0.1
    if not r["attribution_cue"]:
        return 0.55 if r["attribution"] == "outlet_voice" else 0.2
    return 0.45 if r["attribution"] in ("partial_quote", "indirect") else 0.6


def _speaker_certainty(r: Any) -> float:
    if _mismatch(r):
        return 0.1
    if not r["speaker"]:
        return 0.7
    return 0.6 if r["attribution_cue"] or r["reporting_verb"] else 0.35


def claim_items(store: Store, event_id: str = "",
                types: tuple[str, ...] = ("stance", "attribution", "speaker")) -> list[Item]:
    items = []
    for r in si.claim_rows(store, event_id):
        ctx = r["sentence_text"] if r["sentence_text"] != r["claim_text"] else ""
        ev = r["event_id"] or ""
        if "stance" in types and r["stance"] is not None:
            items.append(Item("stance", r["claim_id"], r["stance"], _stance_certainty(r),
                              r["claim_text"], ctx, "", r["outlet"], ev,
                              f"cue: {r['stance_cue'] or '(none)'}"))
        if "attribution" in types:
            items.append(Item("attribution", r["claim_id"], r["attribution"],
                              _attribution_certainty(r), r["claim_text"], ctx, "", r["outlet"],
                              ev, f"speaker: {r['speaker'] or '(outlet voice)'}; cue: "
                              f"{r['attribution_cue'] or '(none)'}"))
        if "speaker" in types:
            items.append(Item("speaker", r["claim_id"], r["speaker"], _speaker_certainty(r),
                              r["claim_text"], ctx, "", r["outlet"], ev,
                              f"attribution: {r['attribution']}; verb: "
                              f"{r['reporting_verb'] or '(none)'}"))
    return items


# Value comparisons are reliable; negation and actor swaps come from heuristics.
_DISCREPANCY_CERTAINTY = {"number": 0.5, "date": 0.5, "place": 0.45, "negation": 0.3,
                          "actor": 0.3}


def discrepancy_items(store: Store, event_id: str = "") -> list[Item]:
    items = []
    for r in si.discrepancy_rows(store, event_id):
        iid = f"{r['group_id']}:{r['claim_a']}:{r['claim_b']}:{r['kind']}"
        items.append(Item("discrepancy", iid, "real",
                          _DISCREPANCY_CERTAINTY.get(r["kind"], 0.4), r["text_a"] or "",
                          r["text_b"] or "", "", "", r["event_id"],
                          f"{r['kind']}: {r['value_a']!r} vs {r['value_b']!r}"))
    return items


def build_items(store: Store, threshold: float, event_id: str = "",
                item_types: tuple[str, ...] | list[str] = DEFAULT_ITEM_TYPES) -> list[Item]:
    """All items for a filter (one event or all), of the requested types, unordered."""
    types = tuple(item_types) or DEFAULT_ITEM_TYPES
    for t in types:
        sa.allowed_labels(t)
    items: list[Item] = []
    if "membership" in types:
        items += membership_items(store, threshold, event_id)
        items += near_miss_items(store, threshold, event_id)
    claim_types = tuple(t for t in types if t in ("stance", "attribution", "speaker"))
    if claim_types:
        items += claim_items(store, event_id, claim_types)
    if "discrepancy" in types:
        items += discrepancy_items(store, event_id)
    return items


def answer_of(item_type: str, label: str, value: str, prediction: str) -> str:
    """The comparable answer of a label: for speaker items the speaker it asserts (the
    prediction when 'correct', the typed value when 'wrong'), case-folded; else the label."""
    if item_type == "speaker":
        name = prediction if label == "correct" else value
        return " ".join((name or "").split()).casefold() or "(outlet voice)"
    return label


def _claims_named(item_type: str, item_id: str) -> tuple[str, str, str]:
    """(group, judged claim, other claim) an item id names ("" where it names none)."""
    if item_type == "membership":
        gid, _, cid = item_id.partition(":")
        return gid, cid, ""
    if item_type == "discrepancy":
        gid, a, b, _kind = (item_id.split(":") + ["", "", "", ""])[:4]
        return gid, a, b
    return "", item_id, ""


def describe_items(store: Store, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """(item_type, item_id) -> (text judged, what it is judged against), to name an item to a
    person by its claims rather than its hash id: a membership item's claim and its group's
    representative, a discrepancy's two claims, a label item's claim. A note names an event, a
    group or a claim. Claims gone since (re-analysis) read "(claim no longer in the analysis)"."""
    named = {k: _claims_named(*k) for k in keys}
    notes = [iid for t, iid in keys if t == "note"]
    texts = si.claim_texts(store, [c for g, a, b in named.values() for c in (a, b) if c] + notes)
    reps = si.group_representatives(store, [g for g, _, _ in named.values() if g] + notes)
    events = dict(si.event_choices(store)) if notes else {}
    gone = "(claim no longer in the analysis)"
    out = {}
    for (t, iid), (gid, a, b) in named.items():
        if t == "note":
            out[(t, iid)] = (events.get(iid) or reps.get(iid) or texts.get(iid, (iid, ""))[0], "")
            continue
        context = texts.get(b, (gone, ""))[0] if b else reps.get(gid, "") if gid else ""
        out[(t, iid)] = (texts.get(a, (gone, ""))[0], context)
    return out


def group_neighbours(store: Store, item_type: str, item_id: str) -> list[Any]:
    """The other members of the claim group an item is about (its judged claims left out),
    representative first: what the item's claim is grouped with."""
    gid, a, b = _claims_named(item_type, item_id)
    if not gid and a:
        gid = si.groups_of_claims(store, [a]).get(a, "")
    if not gid:
        return []
    return [r for r in si.group_members(store, gid) if r["claim_id"] not in (a, b)]
