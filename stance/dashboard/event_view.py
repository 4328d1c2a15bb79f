"""Event comparison, the main view: the coverage matrix and one claim group side by side."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from stance.coverage import OMITTED
from stance.dashboard.export import Provenance, render_downloads
from stance.dashboard.text import highlight_html, link_html, md_escape
from stance.framing.diff import closest
from stance.plots import coverage_figure, coverage_table
from stance.plots._common import shorten
from stance.plots.coverage_matrix import LEAD
from stance.results import Results, coverage_frame

_STYLE = ("<style>.stance-claim{font-size:1.02rem;line-height:1.5;padding:.5rem .7rem;"
          "border-left:3px solid #2b6cb0;background:#f7f9fc;border-radius:4px}"
          ".stance-claim mark{background:#ffe08a;padding:0 .1rem}"
          ".stance-meta{font-size:.85rem;color:#444;margin:.3rem 0 1rem 0}"
          ".stance-meta td{padding:0 .6rem 0 0;vertical-align:top}</style>")


def _clicked_group(state) -> str:
    """group_id of a clicked heatmap cell, if the chart reported one."""
    try:
        points = state.selection.points  # type: ignore[union-attr]
    except AttributeError:
        return ""
    for p in points or []:
        data = p.get("customdata") if isinstance(p, dict) else None
        if data:
            return str(data[0] if isinstance(data, list) else data)
    return ""


def _reference(member: pd.Series, members: pd.DataFrame) -> str:
    """Text a member is compared with: the closest wording from another source of the group
    (another outlet, or the original of a copy); "" when only one source carries it."""
    others = members[members["source_label"] != member["source_label"]]
    return closest(str(member["claim_text"]), others["claim_text"].astype(str).tolist())


def _claim_html(m: pd.Series, reference: str) -> str:
    rows = [
        ("speaker", m["speaker"] or "(outlet's own voice)"),
        ("side", m["speaker_side"] or "\u2013"),
        ("attribution", str(m["attribution"]).replace("_", " ")),
        ("verb", m["reporting_verb"] or "\u2013"),
        ("stance", (m["stance"] or "\u2013") + (f" ({m['stance_cue']})" if m["stance_cue"] else "")),
        ("similarity", f"{float(m['similarity']):.2f}"),
        ("where", f"paragraph {int(m['paragraph']) + 1}" + (", lede" if m["is_lede"] else "")),
    ]
    meta = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    source = link_html(str(m["url"] or ""), f"{m['publisher'] or m['outlet']} \u00b7 {m['published'] or 'undated'} \u00b7 {m['source']}")
    return (f"<div class='stance-claim'>{highlight_html(str(m['claim_text']), reference)}</div>"
            f"<div class='stance-meta'><table>{meta}<tr><td><b>source</b></td><td>{source}</td></tr>"
            "</table></div>")


def render_side_by_side(results: Results, group_id: str, max_cols: int = 3) -> None:
    """Each source's wording of one claim group, differing words highlighted."""
    members = results.aligned[results.aligned["group_id"] == group_id]
    group = results.groups[results.groups["group_id"] == group_id]
    if members.empty or group.empty:
        st.info("This claim group has no claims under the current filter.")
        return
    sources = list(dict.fromkeys(members.sort_values(["is_copy", "source_label"])["source_label"]))
    st.html(_STYLE)
    for start in range(0, len(sources), max_cols):
        chunk = sources[start:start + max_cols]
        for col, src in zip(st.columns(len(chunk)), chunk, strict=True):
            with col:
                st.markdown(f"**{md_escape(src)}**")
                for _, m in members[members["source_label"] == src].iterrows():
                    st.html(_claim_html(m, _reference(m, members)))


def render_event(results: Results, event_name: str, provenance: Provenance | None = None) -> None:
    """`results` is already narrowed to one event and the sidebar filters; `provenance` adds
    the manifest to the downloads."""
    st.subheader(md_escape(event_name))
    ev = results.events
    if not ev.empty:
        r = ev.iloc[0]
        st.caption(md_escape(f"{r['start'] or 'date unknown'} \u00b7 {r['place'] or 'place unknown'} \u00b7 "
                             f"{r['n_articles']} articles \u00b7 outlets: {r['outlets']}"))
    if results.groups.empty:
        st.info("No claim groups for this event under the current filter.")
        return
    sort = st.radio("Sort claim groups by", ["outlets", "position"], horizontal=True, key="cov_sort",
                    format_func={"outlets": "number of outlets carrying it",
                                 "position": "order in the articles"}.get)
    coverage = coverage_frame(results)
    table = coverage_table(coverage, results.groups, results.aligned, sort=sort)
    fig = coverage_figure(coverage, results.groups, results.aligned, sort=sort)
    state = st.plotly_chart(fig, key="coverage", on_select="rerun", selection_mode="points")
    options = list(table["group_id"])
    pick_key = f"group_{ev['event_id'].iloc[0] if not ev.empty else ''}"
    # The chart keeps reporting its last click on every rerun: apply a click once, so choosing
    # another group in the selector afterwards is not overridden.
    clicked = _clicked_group(state)
    if clicked in options and st.session_state.get(pick_key + "_click") != clicked:
        st.session_state[pick_key] = clicked
    st.session_state[pick_key + "_click"] = clicked
    if st.session_state.get(pick_key) not in options:
        st.session_state.pop(pick_key, None)
    labels = {g: f"[{n} outlets] {shorten(rep, 110)}" for g, n, rep in
              zip(table["group_id"], table["n_outlets"], table["representative"], strict=True)}
    gid = st.selectbox("Claim group (or click a row of the matrix)", options, key=pick_key,
                       format_func=lambda g: labels.get(g, g))
    group = table[table["group_id"] == gid].iloc[0]
    sources = [c for c in table.columns if c not in LEAD]
    omitted = [s for s in sources if group[s] == OMITTED]
    if omitted:
        st.caption(md_escape("Omitted by: " + ", ".join(omitted)))
    render_side_by_side(results, gid)
    disc = results.discrepancies[results.discrepancies["group_id"] == gid]
    for _, d in disc.iterrows():
        st.warning(md_escape(f"Discrepancy ({d['kind']}): {d['outlet_a']} says \"{d['value_a']}\", "
                             f"{d['outlet_b']} says \"{d['value_b']}\"."))
    st.divider()
    st.markdown("**Download this comparison**")
    render_downloads(results, "this event, sidebar filters applied", key="dl_ev",
                     provenance=provenance)
