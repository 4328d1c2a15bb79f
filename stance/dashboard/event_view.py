"""Event comparison, the main view: the coverage matrix and one claim group side by side."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from stance.coverage import OMITTED
from stance.dashboard.cards import CARD_CSS, claim_card_html
from stance.dashboard.evidence import point_ids
from stance.dashboard.export import Provenance, render_downloads
from stance.dashboard.glossary import define, help_for
from stance.dashboard.memo import Memo, build_now
from stance.dashboard.text import md_escape
from stance.dashboard.url_state import keep_valid
from stance.plots import coverage_figure, coverage_table
from stance.plots._common import UNKNOWN_OUTLET, display_name, plural, shorten
from stance.plots.coverage_matrix import LEAD
from stance.results import Results, coverage_frame
from stance.text.diff import closest

GROUP_KEY = "group"  # the selected claim group (in the address as ?group=)


def _clicked_group(state) -> str:
    """group_id of a clicked heatmap cell, if the chart reported one."""
    ids = point_ids(state)
    return ids[0] if ids else ""


def _reference(member: pd.Series, members: pd.DataFrame) -> str:
    """Text a member is compared with: the closest wording from another source of the group
    (another outlet, or the original of a copy); "" when only one source carries it."""
    others = members[members["source_label"] != member["source_label"]]
    return closest(str(member["claim_text"]), others["claim_text"].astype(str).tolist())


def side_by_side(results: Results, group_id: str) -> list[tuple[str, str]]:
    """(source, cards HTML) for each source of one claim group, originals first: each claim's
    wording with the words that differ from the closest other source's marked."""
    members = results.aligned[results.aligned["group_id"] == group_id]
    if members.empty or (results.groups["group_id"] != group_id).all():
        return []
    sources = list(dict.fromkeys(members.sort_values(["is_copy", "source_label"])["source_label"]))
    return [(src, "".join(claim_card_html(m, _reference(m, members))
                          for _, m in members[members["source_label"] == src].iterrows()))
            for src in sources]


def render_side_by_side(results: Results, group_id: str, max_cols: int = 3, memo: Memo = build_now) -> None:
    """Each source's wording of one claim group, differing words highlighted."""
    cards = memo("side_by_side", (group_id,), lambda: side_by_side(results, group_id))
    if not cards:
        st.info("This claim group has no claims under the current filter.")
        return
    st.html(CARD_CSS)
    for start in range(0, len(cards), max_cols):
        chunk = cards[start:start + max_cols]
        for col, (src, body) in zip(st.columns(len(chunk)), chunk, strict=True):
            with col:
                st.markdown(f"**{md_escape(display_name(src))}**")
                st.html(body)


def group_discrepancies(results: Results, group_id: str) -> pd.DataFrame:
    """The discrepancies that concern one claim group: either claim (`claim_a` or `claim_b`) is
    one of its shown claims. A discrepancy's `group_id` is only `claim_a`'s group, and the two
    claims need not share one, so the group id alone would miss those found from the other side."""
    disc = results.discrepancies
    members = set(results.aligned.loc[results.aligned["group_id"] == group_id, "claim_id"])
    return disc[disc["claim_a"].isin(members) | disc["claim_b"].isin(members)]


def _discrepancy_line(d: pd.Series) -> str:
    a, b = d["outlet_a"] or UNKNOWN_OUTLET, d["outlet_b"] or UNKNOWN_OUTLET
    return f"Discrepancy ({d['kind']}): {a} says \"{d['value_a']}\", {b} says \"{d['value_b']}\"."


def first_view(results: Results, sort: str = "outlets") -> tuple[pd.DataFrame, go.Figure]:
    """The coverage matrix of one event's `results` as a table and a figure: what the view
    draws first (`stance.dashboard.timing.first_load` times it)."""
    coverage = coverage_frame(results)
    return (coverage_table(coverage, results.groups, results.aligned, sort=sort),
            coverage_figure(coverage, results.groups, results.aligned, sort=sort))


def render_event(results: Results, event_name: str, provenance: Provenance | None = None,
                 memo: Memo = build_now) -> None:
    """`results` is already narrowed to one event and the sidebar filters; `provenance` adds
    the manifest to the downloads."""
    st.subheader(md_escape(event_name), help=define("event"))
    ev = results.events
    if not ev.empty:
        r = ev.iloc[0]
        st.caption(md_escape(f"{r['start'] or 'date unknown'} \u00b7 {r['place'] or 'place unknown'} \u00b7 "
                             f"{plural(r['n_articles'], 'article')} \u00b7 outlets: {r['outlets']}"))
    if results.groups.empty:
        st.info("No claim groups for this event under the current filter.")
        return
    keep_valid("cov_sort", ("outlets", "position"))
    sort = st.radio("Sort claim groups by", ["outlets", "position"], horizontal=True, key="cov_sort",
                    format_func={"outlets": "number of outlets carrying it",
                                 "position": "order in the articles"}.get)
    table, fig = memo("coverage", (sort,), lambda: first_view(results, sort))
    st.markdown("**Who carries which claim**",
                help=help_for("coverage matrix", "carried", "carried as copy", "omitted"))
    state = st.plotly_chart(fig, key="coverage", on_select="rerun", selection_mode="points")
    options = list(table["group_id"])
    # The chart keeps reporting its last click on every rerun: apply a click once, so choosing
    # another group in the selector afterwards is not overridden.
    clicked = _clicked_group(state)
    if clicked in options and st.session_state.get("_group_click") != clicked:
        st.session_state[GROUP_KEY] = clicked
    st.session_state["_group_click"] = clicked
    keep_valid(GROUP_KEY, options)
    labels = {g: f"[{plural(n, 'outlet')}] {shorten(rep, 110)}" for g, n, rep in
              zip(table["group_id"], table["n_outlets"], table["representative"], strict=True)}
    gid = st.selectbox("Claim group (or click a row of the matrix)", options, key=GROUP_KEY,
                       format_func=lambda g: labels.get(g, g), help=define("claim group"))
    group = table[table["group_id"] == gid].iloc[0]
    sources = [c for c in table.columns if c not in LEAD]
    omitted = [s for s in sources if group[s] == OMITTED]
    if omitted:
        st.caption(md_escape("Omitted by: " + ", ".join(omitted)), help=define("omitted"))
    render_side_by_side(results, gid, memo=memo)
    for _, d in group_discrepancies(results, gid).iterrows():
        st.warning(md_escape(_discrepancy_line(d)))
    st.divider()
    st.markdown("**Download this comparison**")
    render_downloads(results, "this event, sidebar filters applied", key="dl_ev",
                     provenance=provenance)

