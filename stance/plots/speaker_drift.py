"""Attribution drift: how each outlet reports one speaker's statements (in which voice, with which
reporting verb), one row per statement, one column per outlet.

Reads the rows of `stance.results.speaker_statements` (every claim of the claim groups in which
the speaker is reported to speak). A cell is the voice in which that outlet carries the
statement: a direct, partial or indirect quote of the speaker, a claim it puts in another
speaker's mouth, or its own voice; its text is the reporting verb. Drift shows as colour and
verb changing along a row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import plotly.graph_objects as go

from stance.plots._common import (
    FIXED,
    add_click_layer,
    empty_figure,
    esc,
    evidence_ids,
    outlets,
    shorten,
    text_width,
    turned_height,
    voices,
)

OTHER_SPEAKER = "other_speaker"
# cell categories, from the speaker's own words to the outlet's own voice
VOICES = ("direct_quote", "partial_quote", "indirect", OTHER_SPEAKER, "outlet_voice")
VOICE_COLORS = {"direct_quote": "#1f4e9c", "partial_quote": "#4c8fd6", "indirect": "#9cc3ea",
                OTHER_SPEAKER: "#f2a33a", "outlet_voice": "#b8b8b8"}


def voices_of(rows: pd.DataFrame) -> pd.Series:
    """The cell category of each claim row of `speaker_statements`: the speaker's own words in
    the voice the outlet gives them, else another speaker's, else the outlet's own voice."""
    attribution = rows["attribution"].fillna("outlet_voice").astype(str)
    own = attribution.where(attribution.isin(VOICES[:3]), "indirect")
    other = attribution.map(lambda a: "outlet_voice" if a == "outlet_voice" else OTHER_SPEAKER)
    return own.where(rows["by_speaker"].astype(bool), other)


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A text column, "" where missing (or absent: results stored before the speaker record)."""
    if column not in frame:
        return pd.Series("", index=frame.index)
    return frame[column].fillna("").astype(str)


def drift_table(statements: pd.DataFrame) -> pd.DataFrame:
    """One row per (statement, outlet): group_id, event_id, event_start, representative,
    outlet, voice (VOICES), verb, speaker as reported (canonical name, kind, the article's
    words), text, claim_ids. The outlet's claim closest to the speaker's words decides the cell
    (their own quote over another speaker's over the outlet's voice)."""
    cols = ["group_id", "event_id", "event_start", "representative", "outlet", "voice", "verb",
            "reported_speaker", "reported_kind", "reported_as_written", "text", "claim_ids"]
    if statements.empty:
        return pd.DataFrame(columns=cols)
    frame = voices(statements)
    frame = frame.assign(outlet=outlets(frame), voice=voices_of(frame))
    frame = frame.assign(_rank=frame["voice"].map(VOICES.index))
    ids = frame.groupby(["group_id", "outlet"], sort=False)["claim_id"].agg(list)
    best = frame.sort_values(["_rank", "position"], kind="stable").drop_duplicates(["group_id", "outlet"])
    best = best.set_index(["group_id", "outlet"]).loc[ids.index].reset_index()
    return pd.DataFrame({
        "group_id": best["group_id"], "event_id": best["event_id"], "event_start": best["event_start"],
        "representative": best["representative"], "outlet": best["outlet"], "voice": best["voice"],
        "verb": best["reporting_verb"].fillna("").astype(str), "reported_speaker": best["speaker"].fillna("").astype(str),
        "reported_kind": _text(best, "speaker_kind"), "reported_as_written": _text(best, "speaker_as_written"),
        "text": best["claim_text"].astype(str), "claim_ids": list(ids),
    }, columns=cols)


def speaker_drift_figure(statements: pd.DataFrame, speaker: str,
                         names: Mapping[str, str] | None = None, max_rows: int = 40,
                         who: Callable[[str, str, str], str] | None = None) -> go.Figure:
    """Heatmap statement x outlet coloured by voice (`names` gives each VOICES entry its display
    name), the reporting verb in the cell; a click reports the cell's claim ids. `who(name,
    kind, as_written)` names the speaker each outlet reports in the hover (default: the name)."""
    table = drift_table(statements)
    if table.empty:
        return empty_figure("No statements of this speaker in this selection")
    names = {v: (names or {}).get(v, v.replace("_", " ")) for v in VOICES}
    order = list(dict.fromkeys(table.sort_values(["event_start", "event_id"], kind="stable")["group_id"]))
    shown = order[:max_rows]
    in_view = table[table["group_id"].isin(shown)]
    outlet_order = in_view["outlet"].value_counts().sort_index().sort_values(ascending=False, kind="stable")
    xs = [esc(o) for o in outlet_order.index]
    first = table.drop_duplicates("group_id").set_index("group_id")
    ys, seen = [], set()
    for gid in shown:
        label = esc(f"{first.at[gid, 'event_start'] or 'undated'} \u00b7 {shorten(first.at[gid, 'representative'], 55)}")
        if label in seen:
            label = f"{label} #{len(ys) + 1}"
        seen.add(label)
        ys.append(label)
    cell = table.set_index(["group_id", "outlet"])
    z, text, hover, ids = [], [], [], []
    for gid in shown:
        zr, tr, hr, ir = [], [], [], []
        for outlet in outlet_order.index:
            if (gid, outlet) not in cell.index:
                zr.append(None), tr.append(""), hr.append(""), ir.append("")
                continue
            c = cell.loc[(gid, outlet)]
            zr.append(VOICES.index(c["voice"]))
            tr.append(esc(shorten(c["verb"], 10)))
            said_by = (who(c["reported_speaker"], c["reported_kind"], c["reported_as_written"]) if who
                       else c["reported_speaker"]) or "the outlet itself"
            hr.append(f"<b>{esc(outlet)}</b>: {esc(names[c['voice']])}, {esc(said_by)}"
                      + (f" ({esc(c['verb'])})" if c["verb"] else "")
                      + f"<br>{esc(shorten(c['text'], 160))}<br>click for the claims")
            ir.append(evidence_ids(c["claim_ids"]))
        z.append(zr), text.append(tr), hover.append(hr), ids.append(ir)
    k = len(VOICES)
    scale = []
    for i, v in enumerate(VOICES):
        scale += [[i / k, VOICE_COLORS[v]], [(i + 1) / k, VOICE_COLORS[v]]]
    fig = go.Figure(go.Heatmap(
        z=z, x=xs, y=ys, zmin=-0.5, zmax=k - 0.5, colorscale=scale, text=text, texttemplate="%{text}",
        textfont=dict(size=10), xgap=2, ygap=2,
        colorbar=dict(tickvals=list(range(k)), ticktext=[esc(names[v]) for v in VOICES], thickness=12,
                      title=dict(text="voice")),
    ))
    filled = [(r, c) for r in range(len(ys)) for c in range(len(xs)) if z[r][c] is not None]
    add_click_layer(fig, [xs[c] for _, c in filled], [ys[r] for r, _ in filled],
                    [[ids[r][c], f"{xs[c]}: {ys[r]}"] for r, c in filled], [hover[r][c] for r, c in filled],
                    size=26)
    many = len(xs) > 7
    top = 50 + (turned_height(xs, -50) if many else 22)
    fig.update_layout(
        title=dict(text=esc(f"How outlets report {speaker}: {len(order)} statements"
                            + (f" (first {len(shown)} shown)" if len(shown) < len(order) else "")), x=0,
                   y=1, yanchor="top", yref="container", pad=dict(t=8)),
        height=max(260, top + 20 + 28 * len(ys)), margin=dict(l=text_width(ys), r=10, t=top, b=10),
        xaxis=dict(side="top", tickangle=-50 if many else 0, **FIXED),
        yaxis=dict(autorange="reversed", **FIXED),
    )
    return fig
