"""Outlet framing profiles for one event, two or more outlets side by side.

Everything shown comes from the framing stage's profile rows (`framing` table: dimension,
value, score, evidence claims) and the per-claim labels; nothing is recomputed here. Every
number shows how many claims it rests on (`stance.results.framing_support`), a number on fewer
than MIN_EVIDENCE claims is starred, and a click on a bar, a cell or a row opens the claims
behind it (`stance.dashboard.evidence`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from stance.dashboard.evidence import EvidencePicker, Pick
from stance.dashboard.glossary import define, dimension_name, help_for, value_name
from stance.dashboard.memo import Memo, build_now
from stance.dashboard.text import md_escape
from stance.dashboard.url_state import keep_valid
from stance.plots import quoted_sides_figure, stance_mix_figure, tone_targets_figure
from stance.plots._common import THIN_MARK
from stance.results import META_DIMENSIONS, MIN_EVIDENCE, SHARE_BASE, Results, framing_support
from stance.schema import Dimension, split_ids

# dimension -> heading of the list of claims it names (value = the claim's text)
CLAIM_LISTS = {Dimension.LEDE: "Leads with", Dimension.ONLY_HERE: "Only this outlet says",
               Dimension.OMITS: "Omits (carried by other outlets)"}
# rows of the side-by-side profile table, in this order
FIGURES = (Dimension.STANCE_SHARE, Dimension.QUOTED_SIDE, Dimension.BACKGROUND_SHARE, Dimension.TONE,
           Dimension.TONE_TARGET, Dimension.QUOTED_SPEAKER, Dimension.TERM, Dimension.TERM_OWN_VOICE)
TONES = (Dimension.TONE, Dimension.TONE_TARGET)
PROFILE_HELP = (f"Each cell: the outlet's number and how many claims it rests on; {THIN_MARK} marks fewer than "
                f"{MIN_EVIDENCE}. Click a cell for its claims.")


def figure_text(dimension: str, score: float, n: int, base: int, thin: bool) -> str:
    """A profile number as a reader reads it, with the claims it rests on: "35% (14 of 40)",
    "+0.12 (n=9)", "7 claims"; starred when thin."""
    if dimension in SHARE_BASE:
        text = f"{score:.0%} ({n} of {base})"
    elif dimension in TONES:
        text = f"{score:+.2f} (n={n})"
    else:
        text = f"{n} claim{'s' if n != 1 else ''}"
    return text + (f" {THIN_MARK}" if thin else "")


def profile_table(framing: pd.DataFrame, outlets: list[str]) -> tuple[pd.DataFrame, dict]:
    """The outlets' profiles side by side: one row per (figure, value), one column per outlet
    (registry metadata first), and the evidence of each filled cell, keyed (row, outlet)."""
    rows: list[dict] = []
    evidence: dict[tuple[int, str], Pick] = {}
    for dim in META_DIMENSIONS:
        sub = framing[framing["dimension"] == dim]
        if not sub.empty:
            values = sub.groupby("outlet")["value"].first()
            rows.append({"what": dimension_name(dim), "value": "",
                         **{o: str(values.get(o, "")) for o in outlets}})
    for dim in FIGURES:
        sub = framing[framing["dimension"] == dim]
        for value, cells in sub.groupby("value", sort=False):
            row = {"what": dimension_name(dim), "value": value_name(dim, value)}
            for r in cells.itertuples(index=False):
                if r.outlet not in outlets:
                    continue
                row[r.outlet] = figure_text(dim, float(r.score), int(r.n), int(r.base), bool(r.thin))
                evidence[(len(rows), r.outlet)] = Pick(f"{r.outlet}, {row['what']} {row['value']}".strip(),
                                                       tuple(split_ids(r.evidence_claim_ids)), int(r.base))
            rows.append(row)
    table = pd.DataFrame(rows, columns=["what", "value", *outlets]).fillna("")
    return table, evidence


def claim_list(framing: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """outlet, claim, evidence_claim_ids of one claim-list dimension (lede, only here, omits)."""
    rows = framing[framing["dimension"] == dimension]
    return rows[["outlet", "value", "evidence_claim_ids"]].rename(columns={"value": "claim"}).reset_index(drop=True)


@dataclass(frozen=True)
class Built:
    """What the framing view draws for one selection (built once, see stance.dashboard.memo)."""

    stance_mix: go.Figure
    quoted_sides: go.Figure
    tone_targets: go.Figure
    profile: pd.DataFrame
    evidence: dict
    claim_lists: dict


def build(results: Results, picked: list[str]) -> Built:
    aligned = results.aligned[results.aligned["counts_under"].isin(picked)]
    framing = framing_support(results.framing[results.framing["outlet"].isin(picked)])
    profile, evidence = profile_table(framing, picked)
    return Built(stance_mix_figure(aligned), quoted_sides_figure(aligned),
                 tone_targets_figure(framing, Dimension.TONE_TARGET), profile, evidence,
                 {dim: claim_list(framing, dim) for dim in CLAIM_LISTS})


def _charts(picker: EvidencePicker, built: Built) -> None:
    left, right = st.columns(2)
    with left:
        state = st.plotly_chart(built.stance_mix, key=picker.key("stance_mix"),
                                on_select="rerun", selection_mode="points")
        picker.chart("stance_mix", "Stance toward its claims", state)
        st.caption("Click a bar segment for its claims.",
                   help=help_for("asserted", "attributed", "distanced", "contested", "thin evidence"))
    with right:
        state = st.plotly_chart(built.quoted_sides, key=picker.key("quoted_sides"),
                                on_select="rerun", selection_mode="points")
        picker.chart("quoted_sides", "Who is quoted, by side", state)
        st.caption("Click a bar for the quotes behind it.", help=help_for("quoted side", "speaker side"))
    state = st.plotly_chart(built.tone_targets, key=picker.key("tone_targets"),
                            on_select="rerun", selection_mode="points")
    picker.chart("tone_targets", "Tone toward targets", state)
    st.caption("Click a cell for the claims its mean tone rests on.",
               help=help_for("tone toward a target", "thin evidence"))


def render_framing(results: Results, everything: Results | None = None, memo: Memo = build_now) -> None:
    """`results` is narrowed to one event and the sidebar filters; evidence is looked up in
    `everything` (the unfiltered results) so a click never finds its claims filtered away."""
    st.subheader("Outlet framing profiles",
                 help="How each outlet presents this event: stances, whom it quotes, its tone, the words "
                      "it chooses, what it leads with, says alone or leaves out.")
    outlets = sorted({o for o in results.aligned["counts_under"].dropna() if o}
                     | {o for o in results.framing["outlet"].dropna() if o})
    if not outlets:
        st.info("No claims for this event under the current filter.")
        return
    keep_valid("framing_outlets", outlets)
    st.session_state.setdefault("framing_outlets", outlets[:4])
    picked = st.multiselect("Outlets to compare", outlets, key="framing_outlets")
    if not picked:
        st.info("Pick at least one outlet.")
        return
    picker = EvidencePicker("framing")
    built = memo("framing", tuple(picked), lambda: build(results, picked))
    _charts(picker, built)

    st.markdown("**Profiles side by side**", help=PROFILE_HELP)
    state = st.dataframe(
        built.profile, hide_index=True, key=picker.key("profile"), on_select="rerun", selection_mode="single-cell",
        column_config={"what": st.column_config.TextColumn("what", help=help_for(
            *(dimension_name(d) for d in FIGURES))),
            **{o: st.column_config.TextColumn(o, help=PROFILE_HELP) for o in picked}})
    picker.cells("profile", "Profile", state, built.evidence)
    for dim, heading in CLAIM_LISTS.items():
        rows = built.claim_lists[dim]
        counts = rows["outlet"].value_counts()
        st.markdown(f"**{heading}** (" + ", ".join(f"{md_escape(o)}: {counts.get(o, 0)}" for o in picked) + ")",
                    help=define(dimension_name(dim)) + " Click a row for the claims behind it.")
        if rows.empty:
            continue
        state = st.dataframe(rows, hide_index=True, key=picker.key(str(dim)), on_select="rerun",
                             selection_mode="single-row", column_order=["outlet", "claim"])
        picker.table(str(dim), heading, state, rows, label_column="outlet")
    picker.open(everything if everything is not None else results)
