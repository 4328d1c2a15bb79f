"""A small, hand-made analysed store for dashboard and plot tests.

A made-up world, written for these tests: two meetings of Norland's foreign minister in Brennick,
the capital of Kestria. The later one (talks with the Kestrian foreign minister) is reported by a
state outlet (Lantern) and a wire (Halden), whose story a second site (Quay Daily)
carries as a syndicated copy; the earlier one (a meeting with Kestria's president) by another
wire (Tidewater) and Norland's foreign ministry. The rows exercise every view: direct and
indirect quotes, speaker records with kinds and as-written forms, a discrepancy on an ordinal
between the wire and its copy, background lines, a talking point that recurs across both
meetings, and text that must stay text (`<b>`). Articles and claims are inserted with
parameterized SQL; the analysis goes through the store's own `save_event_analysis`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stance.schema import (
    ClaimFraming,
    ClaimGroup,
    Dimension,
    Discrepancy,
    Event,
    FramingRow,
    GroupMember,
    stable_hash,
)
from stance.store import Store
from stance.store.analysis import save_event_analysis

E2 = "ev-2024-06-11-brennick"
E1 = "ev-2024-03-05-brennick"
E2_LABEL = "Castellan - Valesk talks, Brennick, 2024-06-11"
E1_LABEL = "Castellan - Harrow meeting, Brennick, 2024-03-05"

# the outlets (and the sites that published them), as the tests refer to them
STATE = "Lantern"  # a state outlet of Norland's neighbourhood, reports the June talks
WIRE = "Halden"  # a wire, reports the June talks; its story is copied by COPY_SITE
COPY_SITE = "Quay Daily"
WIRE2 = "Tidewater"  # another wire, reports the March meeting
MINISTRY_OUTLET = "Norland Foreign Ministry"  # the ministry's own readout of the March meeting

ARTICLES = [
    # id, source, url, outlet, publisher, published, title, syndicated_of, event
    ("a-lantern", "001_lantern.txt", "https://lanterndaily.example.org/world/castellan-brennick", STATE, STATE,
     "2024-06-12", "Norland's envoy in Brennick: neighbours, trade and the League on the table", "", E2),
    ("a-halden", "004_halden.txt", "https://www.example.com/halden/norland-minister-kestria", WIRE,
     "Riverbend Journal", "2024-06-10", "Norland FM Mira Castellan to visit Kestria June 11-13: ministry", "", E2),
    ("a-halden-copy", "005_halden_copy.txt", "https://quayside.example.net/castellan-trip", WIRE, COPY_SITE,
     "2024-06-11", "Norland FM Mira Castellan to visit Kestria", "a-halden", E2),
    ("a-tidewater", "000_tidewater.txt", "https://eastport-times.example.com/tidewater/castellan", WIRE2,
     "The Eastport Times", "2024-03-05", "Norland's Castellan sees Kestria's defence council head", "", E1),
    ("a-mfa", "002_mfa.txt", "https://mfa.norland.example/en/harrow-castellan", MINISTRY_OUTLET,
     "mfa.norland.example", "2024-03-05", "President Lio Harrow Receives Foreign Minister Mira Castellan", "", E1),
]

# claim_id, article_id, paragraph, sentence_index, position, is_lede, text, speaker, side,
# attribution, verb, quoted_spans, stance, tone
CLAIMS = [
    ("c-ld-talks", "a-lantern", 0, 0, 0.0, 1,
     "Norland's foreign minister Mira Castellan sat down with her Kestrian counterpart in Brennick on Tuesday.",
     "", "", "outlet_voice", "", [], "asserted", 0.0),
    ("c-ld-neutral", "a-lantern", 9, 11, 0.92, 0,
     "Norland has kept out of either camp in the border conflict, arguing that frontiers must be honoured "
     "while the League ought to weigh Kestria's worries about troops massing on its flank.",
     "", "", "outlet_voice", "", [], "asserted", 0.34),
    ("c-ld-third", "a-lantern", 7, 9, 0.75, 0,
     "Castellan stressed that Norland-Kestria ties \"target no third country and take orders from no outside "
     "capital\".",
     "Mira Castellan", "Norland", "direct_quote", "stressed", ["target no third country"], "attributed", 0.1),
    ("c-ld-forum", "a-lantern", 6, 8, 0.67, 0,
     "He also noted that Kestria and Norland will line up their positions at next week's harbour-states "
     "summit <b>and at later venues</b>.",
     "Dorin Valesk", "Kestria", "indirect", "noted", [], "attributed", 0.2),
    ("c-hw-visit", "a-halden", 0, 0, 0.0, 1,
     "Norland's chief diplomat Mira Castellan will travel to Kestria on Monday for three days of talks on "
     "defence, her foreign ministry said.",
     "Norland foreign ministry", "Norland", "indirect", "said", [], "attributed", 0.0),
    ("c-hw-neutral", "a-halden", 7, 7, 0.6, 0,
     "Norland has tried to present itself as an impartial broker in the border war, even as it gives Brennick "
     "an economic and diplomatic cushion while Kestria's isolation grows.",
     "", "", "outlet_voice", "", [], "contested", -0.2),
    ("c-hw-round", "a-halden", 3, 3, 0.25, 0,
     "Castellan \"will travel to Kestria for the 12th round of the Norland-Kestria security dialogue\".",
     "Norland foreign ministry", "Norland", "direct_quote", "said", ["will travel to Kestria"], "attributed",
     0.0),
    ("c-copy-neutral", "a-halden-copy", 7, 7, 0.6, 0,
     "Norland has tried to present itself as an impartial broker in the border war, while giving Brennick a "
     "cushion.",
     "", "", "outlet_voice", "", [], "contested", -0.2),
    ("c-copy-round", "a-halden-copy", 3, 3, 0.25, 0,
     "Castellan will travel to Kestria for the 7th round of the Norland-Kestria security dialogue.",
     "Norland foreign ministry", "Norland", "indirect", "said", [], "attributed", 0.0),
    ("c-ld-round", "a-lantern", 4, 5, 0.4, 0,
     "Norland's chief diplomat means to hold security dialogue sessions with her hosts, the Norland foreign "
     "ministry said.",
     "Norland foreign ministry", "Norland", "indirect", "said", [], "attributed", 0.0),
    ("c-tw-meet", "a-tidewater", 0, 0, 0.0, 1,
     "Norland said on Tuesday that its chief diplomat, Mira Castellan, had seen Kestria's defence council head.",
     "Norland", "Norland", "indirect", "said", [], "attributed", 0.0),
    ("c-tw-pressure", "a-tidewater", 2, 3, 0.4, 0,
     "Both delegations said they would stand together against one-sided pressure of every kind.",
     "Norland foreign ministry", "Norland", "indirect", "said", [], "attributed", -0.3),
    ("c-mfa-third", "a-mfa", 2, 3, 0.3, 0,
     "The Norland-Kestria partnership is aimed at no third country and accepts no meddling from outside.",
     "Mira Castellan", "Norland", "indirect", "said", [], "attributed", 0.1),
    ("c-mfa-meet", "a-mfa", 0, 0, 0.0, 1,
     "Kestrian President Lio Harrow received Mira Castellan in Brennick.",
     "", "", "outlet_voice", "", [], "asserted", 0.0),
]

# the speaker record of attributed claims: kind, the article's own words for the speaker
SPEAKER_RECORDS = {
    "c-ld-third": ("person", "Castellan"),
    "c-ld-forum": ("person", "Dorin Valesk"),
    "c-hw-visit": ("body", "her foreign ministry"),
    "c-hw-round": ("body", "Norland Foreign Ministry"),  # the canonical name, other case: not repeated
    "c-copy-round": ("body", "the ministry"),
    "c-ld-round": ("body", "the Norland foreign ministry"),
    "c-tw-meet": ("body", "Norland"),
    "c-tw-pressure": ("body", "the ministry"),
    "c-mfa-third": ("person", "the Norland foreign minister"),
}

# group_id, event, representative claim, [(claim, similarity)], outlets, talking point
GROUPS = [
    ("g-neutral", E2, "c-ld-neutral", [("c-ld-neutral", 1.0), ("c-hw-neutral", 0.71), ("c-copy-neutral", 0.69)],
     (STATE, WIRE), ""),
    ("g-round", E2, "c-hw-round", [("c-hw-round", 1.0), ("c-ld-round", 0.62), ("c-copy-round", 0.93)],
     (WIRE, STATE), ""),
    ("g-talks", E2, "c-ld-talks", [("c-ld-talks", 1.0), ("c-hw-visit", 0.58)], (STATE, WIRE), ""),
    ("g-third", E2, "c-ld-third", [("c-ld-third", 1.0)], (STATE,), "tp-third-party"),
    ("g-forum", E2, "c-ld-forum", [("c-ld-forum", 1.0)], (STATE,), ""),
    ("g-meet", E1, "c-tw-meet", [("c-tw-meet", 1.0), ("c-mfa-meet", 0.6)], (WIRE2, MINISTRY_OUTLET), ""),
    ("g-mfa-third", E1, "c-mfa-third", [("c-mfa-third", 1.0)], (MINISTRY_OUTLET,), "tp-third-party"),
    ("g-pressure", E1, "c-tw-pressure", [("c-tw-pressure", 1.0)], (WIRE2,), ""),
]

# a term the framing stage records as chosen by an outlet (name=choice), and the tone targets
TERM = "dispute_label"
TONE_TARGETS = ("Kestria", "League")


def _framing_rows(event_id: str) -> list[FramingRow]:
    """Profile rows in the framing stage's long form (dimension names as it writes them)."""
    outlets = {E2: [STATE, WIRE], E1: [WIRE2, MINISTRY_OUTLET]}[event_id]
    text_of = {c[0]: (c[1], c[6], c[5]) for c in CLAIMS}
    outlet_of = {a[0]: a[3] for a in ARTICLES if not a[7]}
    rows = []
    for _gid, ev, _rep, members, g_outlets, _tp in GROUPS:
        if ev != event_id:
            continue
        for outlet in outlets:
            own = [c for c, _ in members if outlet_of.get(text_of[c][0]) == outlet]
            if g_outlets == (outlet,):
                rows.append(FramingRow(event_id, outlet, Dimension.ONLY_HERE, text_of[own[0]][1], 1.0, tuple(own)))
            elif outlet not in g_outlets:
                rows.append(FramingRow(event_id, outlet, Dimension.OMITS, text_of[members[0][0]][1], 1.0,
                                       (members[0][0],)))
    for cid, (aid, text, lede) in text_of.items():
        if lede and outlet_of.get(aid) in outlets:
            rows.append(FramingRow(event_id, outlet_of[aid], Dimension.LEDE, text, 0.0, (cid,)))
    for i, outlet in enumerate(outlets):
        rows += [
            FramingRow(event_id, outlet, Dimension.OUTLET_TYPE, ["state media", "wire"][i % 2], 0.0, ()),
            FramingRow(event_id, outlet, Dimension.TERM, f"{TERM}=" + ["conflict", "war"][i % 2], 1.0,
                       ("c-ld-neutral",)),
            FramingRow(event_id, outlet, Dimension.TONE_TARGET, TONE_TARGETS[0], [0.3, -0.2][i % 2], ()),
            FramingRow(event_id, outlet, Dimension.TONE_TARGET, TONE_TARGETS[1], [-0.4, 0.1][i % 2], ()),
            FramingRow(event_id, outlet, Dimension.BACKGROUND_SHARE, "background", [0.2, 0.35][i % 2], ()),
        ]
    return rows


def build_store(path: str | Path) -> Store:
    """Create (or refill) an analysed store at `path` and return it."""
    store = Store(path)
    with store.transaction() as conn:
        for aid, source, url, outlet, publisher, published, title, synd, _ev in ARTICLES:
            text = "\n\n".join(c[6] for c in CLAIMS if c[1] == aid)
            conn.execute(
                "INSERT OR REPLACE INTO articles(article_id, source, url, outlet, publisher, published, "
                "title, dateline, language, syndicated_of, n_chars, text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (aid, source, url, outlet, publisher, published, title, "BRENNICK", "en", synd, len(text), text),
            )
        for (cid, aid, par, sent, pos, lede, text, speaker, side, attr, verb, spans, _st, _tone) in CLAIMS:
            conn.execute(
                "INSERT OR REPLACE INTO claims(claim_id, article_id, paragraph, sentence_index, sub_index, "
                "position, is_lede, claim_text, sentence_text, speaker, speaker_side, attribution, "
                "reporting_verb, quoted_spans, attribution_cue) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (cid, aid, par, sent, 0, pos, lede, text, text, speaker, side, attr, verb,
                 json.dumps(spans), f"cue for {attr}"),
            )
        conn.executemany("UPDATE claims SET speaker_kind = ?, speaker_as_written = ? WHERE claim_id = ?",
                         [(kind, written, cid) for cid, (kind, written) in SPEAKER_RECORDS.items()])
    text_of = {c[0]: c[6] for c in CLAIMS}
    frame_of = {c[0]: ClaimFraming(c[0], c[12], f"cue:{c[12]}", c[13],
                                   terms={TERM: "conflict"} if "conflict" in c[6] else {})
                for c in CLAIMS}
    for ev_id, label, start in ((E2, E2_LABEL, "2024-06-11"), (E1, E1_LABEL, "2024-03-05")):
        art_ids = tuple(a[0] for a in ARTICLES if a[8] == ev_id)
        event = Event(ev_id, label, art_ids, start=start, end=start, participants=("Mira Castellan",), place="Brennick")
        groups = [
            ClaimGroup(gid, ev, rep, text_of[rep], tuple(GroupMember(c, s) for c, s in members), outlets, tp)
            for gid, ev, rep, members, outlets, tp in GROUPS if ev == ev_id
        ]
        claim_ids = {m.claim_id for g in groups for m in g.members}
        discrepancies = ([Discrepancy("g-round", "c-hw-round", "c-copy-round", "number", "12th", "7th")]
                         if ev_id == E2 else [])
        save_event_analysis(store, event, groups, {k: v for k, v in frame_of.items() if k in claim_ids},
                            _framing_rows(ev_id), discrepancies)
    return store


def event_article_count() -> dict[str, int]:
    out: dict[str, int] = {}
    for a in ARTICLES:
        out[a[8]] = out.get(a[8], 0) + 1
    return out


def fingerprint() -> str:
    """Changes whenever the fixture rows change (lets tests cache a built file safely)."""
    return stable_hash(json.dumps([ARTICLES, CLAIMS, GROUPS, SPEAKER_RECORDS], default=str))


def build_seed_store(path: str | Path, seeds_dir: str | Path):
    """The seeds analysed by the real pipeline with the hash test-double embedder (fast, no
    model); returns (store, report)."""
    from stance.config.settings import load_settings
    from stance.pipeline import analyze

    settings = load_settings(db_path=str(path), embed_backend="hash")
    store = Store(path)
    report = analyze([str(seeds_dir)], store, settings)
    return store, report


# -- driving the app headlessly (AppTest) on this store -------------------------------------------

APP = Path(__file__).resolve().parents[1] / "app.py"


@pytest.fixture()
def served_locally():
    """The app as `.streamlit/config.toml` starts it (127.0.0.1), whatever folder pytest runs
    from: on an open address without sign-in it would hide upload and annotation."""
    from streamlit.testing.v1.util import patch_config_options

    with patch_config_options({"server.address": "127.0.0.1"}):
        yield


@pytest.fixture()
def dash_db(tmp_path, monkeypatch, served_locally) -> Path:
    """This module's store in a fresh file, as the app's database (hash embedder)."""
    path = tmp_path / "dash.db"
    build_store(path).close()
    monkeypatch.setenv("STANCE_DB_PATH", str(path))
    monkeypatch.setenv("STANCE_EMBED_BACKEND", "hash")
    return path


def open_app(view: str | None = None, query: dict | None = None, **state):
    """Run the app once: `view` and widget `state` set in the session, `query` as the address's
    parameters (as a shared link would give them)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=60)
    if query:
        at.query_params.update(query)
    if view:
        at.session_state["view"] = view
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


def clicked(*points: list) -> dict:
    """A plotly chart's selection state after a click on marks with these `customdata`."""
    return {"selection": {"points": [{"customdata": p} for p in points], "point_indices": [0],
                          "box": [], "lasso": []}}


def html_of(at) -> str:
    return "\n".join(h.proto.body for h in at.html)
