"""Claim cards: one claim's wording with who said it, how and where, as escaped HTML.

Shared by the side-by-side of the event view and the evidence lists of every view. The style
is theme-aware: text inherits the theme's colour and backgrounds are translucent tints, so the
cards read in light and dark mode alike (no white text on a white card). Every value from an
article passes through `html.escape` (or `stance.dashboard.text`, which escapes) before markup
is added; field names carry their glossary definition as a tooltip.
"""

from __future__ import annotations

import html

import pandas as pd

from stance.dashboard.glossary import attribution_name, define, speaker_label
from stance.dashboard.text import highlight_html, link_html, safe_url
from stance.plots._common import display_name

CARD_CSS = (
    "<style>"
    ".stance-claim{font-size:1.02rem;line-height:1.5;padding:.5rem .7rem;color:inherit;"
    "border-left:3px solid #4c8fd6;background:rgba(76,143,214,.12);border-radius:4px}"
    ".stance-claim mark{background:#ffd35c;color:#111;padding:0 .1rem;border-radius:2px}"
    ".stance-meta{font-size:.85rem;color:inherit;opacity:.85;margin:.3rem 0 1rem 0}"
    ".stance-meta td{padding:0 .6rem 0 0;vertical-align:top;color:inherit}"
    ".stance-meta a,.stance-ev a{color:inherit;text-decoration:underline}"
    ".stance-meta td[title]{cursor:help;text-decoration:underline dotted}"
    ".stance-ev{margin:0 0 .8rem 0}"
    ".stance-ev-head{font-size:.85rem;color:inherit;opacity:.85;margin-bottom:.15rem}"
    ".stance-thin{font-size:.85rem;padding:.2rem .5rem;border-radius:4px;color:inherit;"
    "background:rgba(242,163,58,.18);border-left:3px solid #f2a33a;margin-bottom:.5rem}"
    "</style>"
)

DASH = "\u2013"
SEP = " \u00b7 "


def _field(name: str, value: object, term: str | None = None) -> str:
    tip = ""
    if term:
        try:
            tip = f' title="{html.escape(define(term), quote=True)}"'
        except KeyError:
            tip = ""
    return f"<tr><td{tip}><b>{html.escape(name)}</b></td><td>{html.escape(str(value))}</td></tr>"


def _speaker(m: pd.Series) -> str:
    """The canonical speaker with its kind and, when it differs, the article's own words."""
    return speaker_label(m["speaker"], m.get("speaker_kind", ""), m.get("speaker_as_written", ""))


def claim_card_html(m: pd.Series, reference: str) -> str:
    """One member of a claim group: its wording (words differing from `reference` marked) and
    its speaker, side, voice, verb, stance and cue, similarity, place in the article, source."""
    stance = m["stance"] or DASH
    rows = [
        _field("speaker", _speaker(m) or "(outlet's own voice)", "speaker"),
        _field("side", m["speaker_side"] or DASH, "speaker side"),
        _field("voice", attribution_name(m["attribution"]), str(m["attribution"] or "") or None),
        _field("verb", m["reporting_verb"] or DASH, "reporting verb"),
        _field("stance", stance + (f" ({m['stance_cue']})" if m["stance_cue"] else ""),
               str(m["stance"] or "") or None),
        _field("similarity", f"{float(m['similarity']):.2f}", "similarity"),
        _field("where", f"paragraph {int(m['paragraph']) + 1}" + (", lede" if m["is_lede"] else "")),
    ]
    source = link_html(str(m["url"] or ""), f"{m['publisher'] or m['outlet']} \u00b7 "
                                            f"{m['published'] or 'undated'} \u00b7 {display_name(m['source'])}")
    return (f"<div class='stance-claim'>{highlight_html(str(m['claim_text']), reference)}</div>"
            f"<div class='stance-meta'><table>{''.join(rows)}"
            f"<tr><td><b>source</b></td><td>{source}</td></tr></table></div>")


def evidence_item_html(r: pd.Series, with_event: bool = True) -> str:
    """One row of `stance.results.evidence_frame`: outlet, date, speaker (voice, verb), the
    event, the claim, and a link to the original."""
    how = ", ".join(x for x in (attribution_name(r["attribution"]) if r["speaker"] else "",
                                r["reporting_verb"]) if x)
    who = (speaker_label(r["speaker"], r.get("speaker_kind", ""), r.get("speaker_as_written", ""), how)
           or "outlet's own voice" + (f" ({how})" if how else ""))
    head = [f"<b>{html.escape(display_name(r['counts_under']) or 'unknown outlet')}</b>",
            html.escape(str(r["published"] or "undated")), html.escape(who)]
    if with_event and r["event_label"]:
        head.append(html.escape(str(r["event_label"])))
    if safe_url(str(r["url"] or "")):
        link = link_html(str(r["url"]), "original" + (f": {r['title']}" if r["title"] else ""))
    else:  # read from a file: name it (never a folder of this computer)
        link = html.escape(f"source: {display_name(r['source'])}" + (f" \u00b7 {r['title']}" if r["title"] else ""))
    return (f"<div class='stance-ev'><div class='stance-ev-head'>{SEP.join(head)}</div>"
            f"<div class='stance-claim'>{html.escape(str(r['claim_text']))}</div>"
            f"<div class='stance-ev-head'>{link}</div></div>")
