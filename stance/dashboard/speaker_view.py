"""Speakers: what a person or body is reported to have said at each meeting, by which outlets,
in which voice and with which reporting verb.

One row per statement (a claim group in which some outlet attributes a claim to the speaker),
one column per outlet: how each outlet carries that statement (a direct, partial or indirect
quote of the speaker, another speaker's words, or its own voice) and the verb it chose, so the
drift of one statement's attribution across outlets shows at a glance. Speakers are named by
`stance.results.SPEAKER_COLUMN`.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from stance.dashboard.evidence import EvidencePicker
from stance.dashboard.glossary import ATTRIBUTION_NAMES, define, help_for, kind_name, speaker_label
from stance.dashboard.memo import Memo, build_now
from stance.dashboard.text import md_escape
from stance.dashboard.url_state import keep_valid
from stance.plots import drift_table, speaker_drift_figure
from stance.plots._common import plural
from stance.results import Results, speaker_statements, speakers
from stance.schema import join_ids

VOICE_HELP = help_for("direct quote", "partial quote", "indirect", "other speaker", "outlet's own voice",
                      "reporting verb")


def _summary(statements: pd.DataFrame) -> str:
    """How the speaker's own claims are reported: voices and the commonest verbs."""
    own = statements[statements["by_speaker"]].drop_duplicates("claim_id")
    voices = Counter(ATTRIBUTION_NAMES.get(a, a) for a in own["attribution"])
    verbs = Counter(v for v in own["reporting_verb"].fillna("") if v)
    parts = [f"{plural(len(own), 'claim')} attributed to them in {plural(own['event_id'].nunique(), 'meeting')} "
             f"by {plural(own['counts_under'].nunique(), 'outlet')}"]
    if voices:
        parts.append(", ".join(f"{n} {v}" for v, n in voices.most_common()))
    if verbs:
        parts.append("verbs: " + ", ".join(f"{v} ({n})" for v, n in verbs.most_common(6)))
    return "; ".join(parts)


def _option(name: str, facts: pd.Series) -> str:
    """A speaker in the picker: name, kind, how often reported."""
    kind = kind_name(facts["kind"])
    named = f"{name} \u2013 {kind}" if kind else name
    return (f"{named} ({plural(facts['claims'], 'claim')}, {plural(facts['meetings'], 'meeting')}, "
            f"{plural(facts['outlets'], 'outlet')})")


def _statement_table(statements: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    cells = drift_table(statements)
    labels = events.set_index("event_id")["label"] if not events.empty else pd.Series(dtype=str)
    return pd.DataFrame({
        "meeting": cells["event_id"].map(labels).fillna(cells["event_id"]),
        "date": cells["event_start"],
        "statement": cells["representative"],
        "outlet": cells["outlet"],
        "voice": cells["voice"].map(lambda v: ATTRIBUTION_NAMES.get(v, v)),
        "verb": cells["verb"],
        "reported as said by": [speaker_label(n, k, w) or "(the outlet itself)" for n, k, w in zip(
            cells["reported_speaker"], cells["reported_kind"], cells["reported_as_written"], strict=True)],
        "wording": cells["text"],
        "evidence_claim_ids": cells["claim_ids"].map(join_ids),
    })


def build(results: Results, speaker: str, everything_said: bool) -> tuple[str, bool, go.Figure, pd.DataFrame]:
    """The summary line, whether any statement is shared by two outlets, the drift figure and
    the statement table of one speaker (only shared statements unless `everything_said`)."""
    statements = speaker_statements(results, speaker)
    summary = _summary(statements)
    shared = statements.groupby("group_id")["counts_under"].transform("nunique") > 1
    if not everything_said and shared.any():
        statements = statements[shared]
    return (summary, bool(shared.any()),
            speaker_drift_figure(statements, speaker, names=ATTRIBUTION_NAMES, who=speaker_label),
            _statement_table(statements, results.events))


def render_speakers(results: Results, everything: Results | None = None, memo: Memo = build_now) -> None:
    """`results` spans every event (sidebar filters applied); evidence is looked up in
    `everything`."""
    st.subheader("Speakers", help="What a person or body is reported to have said at each meeting, by "
                                  "which outlets, in which voice and with which reporting verb.")
    table = speakers(results)
    if table.empty:
        st.info("No claim in this selection is attributed to a named speaker.")
        return
    names = list(table["speaker"])
    facts = table.set_index("speaker")
    keep_valid("speaker", names)
    st.session_state.setdefault("speaker", names[0])
    speaker = st.selectbox(
        "Person or body", names, key="speaker",
        format_func=lambda s: _option(s, facts.loc[s]),
        help="Everyone the claims name as speaking, by canonical name, most often reported first. "
             + help_for("speaker kind"))
    written = facts.at[speaker, "written"]
    if written:
        st.caption(md_escape("As written: " + "; ".join(f"“{w}” ({plural(n, 'claim')})"
                                                          for w, n in written[:8])), help=define("as written"))
    everything_said = st.toggle(
        "Also statements only one outlet reports", key="speaker_all",
        help="Drift needs two outlets: by default only statements reported by two or more outlets are shown.")
    summary, any_shared, fig, rows = memo("speaker", (speaker, everything_said),
                                          lambda: build(results, speaker, everything_said))
    st.caption(md_escape(summary))
    if not everything_said and not any_shared:
        st.info("No statement of this speaker is reported by two outlets; showing every statement.")
    picker = EvidencePicker("speaker")
    state = st.plotly_chart(fig, key=picker.key("drift"), on_select="rerun", selection_mode="points")
    picker.chart("drift", speaker, state)
    st.caption("Each row is one statement, each column an outlet: the colour is the voice the outlet "
               "reports it in, the text its reporting verb. Click a cell for the wording.", help=VOICE_HELP)
    st.markdown(f"**Statement by statement** ({plural(len(rows), 'report')})", help=VOICE_HELP)
    picked = st.dataframe(
        rows, hide_index=True, key=picker.key("statements"), on_select="rerun", selection_mode="single-row",
        column_order=[c for c in rows.columns if c != "evidence_claim_ids"],
        column_config={"voice": st.column_config.TextColumn("voice", help=VOICE_HELP),
                       "verb": st.column_config.TextColumn("verb", help=define("reporting verb")),
                       "meeting": st.column_config.TextColumn("meeting", help=define("event"))})
    picker.table("statements", speaker, picked, rows, label_column="outlet")
    picker.open(everything if everything is not None else results)
