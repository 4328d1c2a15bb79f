"""Discrepancies: where outlets give one detail of a meeting different values, with the evidence.

One card per finding: the event, the kind (place, date, number, who, what, negation) and the
slot the values are about ("meeting place (A, B)", "title of C"), then each value given, the
outlets that give it and their claims, the value marked in each claim. Article text is
untrusted: every string is escaped before it becomes HTML.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from stance.dashboard.text import link_html, mark_value_html
from stance.results import Results
from stance.schema import DISCREPANCY_KINDS

KIND_NAMES = {"place": "where", "date": "when", "number": "how many / how long", "who": "who",
              "what": "what", "negation": "said and denied",
              "actor": "who did what"}  # "actor": rows stored by earlier versions
MAX_CLAIMS = 6  # claims shown per value before the rest fold away


@dataclass
class Side:
    """One value a finding's outlets give, with who gives it and in which words."""

    value: str
    outlets: list[str] = field(default_factory=list)
    # (outlet, text, url, label of the claim's event when it is not the finding's event)
    claims: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass
class Finding:
    event_id: str
    event_label: str
    kind: str
    slot: str
    sides: list[Side]
    n_pairs: int


def _cell(row, col: str) -> str:
    v = row.get(col, "")
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)


def findings(disc: pd.DataFrame) -> list[Finding]:
    """The discrepancy rows (claim pairs) as findings: one per event, kind and slot, with one
    side per value (values equal but for case are one side), outlets and claims deduplicated,
    in the order the rows come."""
    out: dict[tuple[str, str, str], Finding] = {}
    for _, r in disc.iterrows():
        key = (_cell(r, "event_id"), _cell(r, "kind"), _cell(r, "slot") or _cell(r, "group_id"))
        f = out.get(key)
        if f is None:
            f = out[key] = Finding(key[0], _cell(r, "event_label"), key[1], _cell(r, "slot"), [], 0)
        f.n_pairs += 1
        for s in ("a", "b"):
            value = _cell(r, f"value_{s}")
            side = next((x for x in f.sides if x.value.casefold() == value.casefold()), None)
            if side is None:
                side = Side(value)
                f.sides.append(side)
            outlet, text = _cell(r, f"outlet_{s}") or "(unknown outlet)", _cell(r, f"text_{s}")
            if outlet not in side.outlets:
                side.outlets.append(outlet)
            other = _cell(r, f"event_label_{s}")
            other = other if other and other != f.event_label else ""
            if all(c[1] != text for c in side.claims):
                side.claims.append((outlet, text, _cell(r, f"url_{s}"), other))
    return list(out.values())


def _side_html(side: Side) -> str:
    return (f"<b>{html.escape(side.value)}</b> &middot; {len(side.outlets)} outlet"
            f"{'s' if len(side.outlets) != 1 else ''}: {html.escape(', '.join(side.outlets))}")


def _claim_html(outlet: str, text: str, url: str, value: str, other_event: str = "") -> str:
    """One claim with its value marked; a claim from a report of another event (a standing fact,
    such as a founding year or an office, compared across the events analysed together) says so."""
    where = (f" <i>(reported about another event: {html.escape(other_event)})</i>"
             if other_event else "")
    return f"{link_html(url, outlet)}: {mark_value_html(text, value)}{where}"


def render_finding(f: Finding) -> None:
    with st.container(border=True):
        title = f"<b>{html.escape(KIND_NAMES.get(f.kind, f.kind))}</b>"
        if f.slot:
            title += f": {html.escape(f.slot)}"
        if f.event_label:
            title += f" &middot; <i>{html.escape(f.event_label)}</i>"
        st.html(title)
        for side in f.sides:
            st.html(_side_html(side))
            for outlet, text, url, other in side.claims[:MAX_CLAIMS]:
                st.html(_claim_html(outlet, text, url, side.value, other))
            if len(side.claims) > MAX_CLAIMS:
                with st.expander(f"{len(side.claims) - MAX_CLAIMS} more claims saying this"):
                    for outlet, text, url, other in side.claims[MAX_CLAIMS:]:
                        st.html(_claim_html(outlet, text, url, side.value, other))


def render_discrepancies(results: Results) -> None:
    st.subheader("Discrepancies")
    disc = results.discrepancies
    if disc.empty:
        st.info("No discrepancies found for this selection.")
        return
    order = {k: i for i, k in enumerate(DISCREPANCY_KINDS)}
    kinds = sorted(set(disc["kind"]), key=lambda k: (order.get(k, len(order)), k))
    picked = st.multiselect("Kinds", kinds, default=kinds, key="disc_kinds",
                            format_func=lambda k: f"{k} ({KIND_NAMES.get(k, k)})")
    found = findings(disc[disc["kind"].isin(picked)])
    st.caption(f"{len(found)} findings ({int(disc['kind'].isin(picked).sum())} pairs of claims): outlets "
               "give one detail of a meeting (where, when, how long, who holds which title, what kind "
               "of visit ...) different values. Each value is listed with the outlets giving it.")
    for f in found:
        render_finding(f)
