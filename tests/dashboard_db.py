"""A small, hand-made analysed store for dashboard and plot tests.

The rows are modelled on the seeds (the Sept 2023 Wang Yi - Lavrov talks reported by Al-Ahed
and AFP, with a syndicated copy of the AFP story, and the Feb 2023 visit reported by Reuters and
the Chinese foreign ministry) so the views are exercised on realistic text, including a talking
point that recurs across both events, a discrepancy, and text that must stay text (`<b>`).
Articles and claims are inserted with parameterized SQL; the analysis goes through the store's
own `save_event_analysis`.
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

E2 = "ev-2023-09-18-moscow"
E1 = "ev-2023-02-22-moscow"
E2_LABEL = "Wang Yi - Lavrov talks, Moscow, 2023-09-18"
E1_LABEL = "Wang Yi - Putin meeting, Moscow, 2023-02-22"

ARTICLES = [
    # id, source, url, outlet, publisher, published, title, syndicated_of, event
    ("a-alahed", "001_alahed.txt", "https://english.alahednews.com.lb/73921", "Al-Ahed", "Al-Ahed News",
     "2023-09-19", "China's FM in Moscow: Bilateral Relations, Ties with West on Top", "", E2),
    ("a-afp", "004_afp.txt", "https://www.afp.com/en/news/wang-yi-russia", "AFP", "Digital Journal",
     "2023-09-17", "Chinese FM Wang Yi to visit Russia Sept 18-21: foreign ministry", "", E2),
    ("a-afp-copy", "005_afp_copy.txt", "https://www.example-daily.com/wang-yi", "AFP", "Example Daily",
     "2023-09-18", "Chinese FM Wang Yi to visit Russia", "a-afp", E2),
    ("a-reuters", "000_reuters.txt", "https://www.yomiuri.co.jp/reuters-wang", "Reuters", "The Japan News",
     "2023-02-22", "China's Wang Yi meets Russia's security chief", "", E1),
    ("a-mfa", "002_mfa.txt", "https://www.fmprc.gov.cn/eng/putin-wang", "Chinese Foreign Ministry",
     "fmprc.gov.cn", "2023-02-22", "Russian President Vladimir Putin Meets with Wang Yi", "", E1),
]

# claim_id, article_id, paragraph, sentence_index, position, is_lede, text, speaker, side,
# attribution, verb, quoted_spans, stance, tone
CLAIMS = [
    ("c-ah-talks", "a-alahed", 0, 0, 0.0, 1,
     "China's foreign minister Wang Yi has held talks with his Russian counterpart in Moscow.",
     "", "", "outlet_voice", "", [], "asserted", 0.0),
    ("c-ah-neutral", "a-alahed", 9, 11, 0.92, 0,
     "China has refrained from taking sides in the conflict, saying that while a country's territory must be respected, the West needs to consider Russia's security concerns about NATO expansion.",
     "", "", "outlet_voice", "", [], "asserted", 0.34),
    ("c-ah-third", "a-alahed", 7, 9, 0.75, 0,
     "Wang stressed that Russia-China cooperation \"isn't directed against anyone and isn't influenced by any other countries\".",
     "Wang Yi", "China", "direct_quote", "stressed", ["isn't directed against anyone"], "attributed", 0.1),
    ("c-ah-unga", "a-alahed", 6, 8, 0.67, 0,
     "He further noted that Russia and China will coordinate their efforts during this week's United Nations General Assembly <b>and other forums</b>.",
     "Sergei Lavrov", "Russia", "indirect", "noted", [], "attributed", 0.2),
    ("c-afp-visit", "a-afp", 0, 0, 0.0, 1,
     "China's top diplomat Wang Yi will begin a four-day visit to Russia for security talks on Monday, his foreign ministry said.",
     "Chinese foreign ministry", "China", "indirect", "said", [], "attributed", 0.0),
    ("c-afp-neutral", "a-afp", 7, 7, 0.6, 0,
     "China has sought to position itself as a neutral party on the Ukraine war, while offering Moscow a vital diplomatic and financial lifeline as its international isolation deepens.",
     "", "", "outlet_voice", "", [], "contested", -0.2),
    ("c-afp-round", "a-afp", 3, 3, 0.25, 0,
     "Wang \"will go to Russia to hold the 18th round of the China-Russian Strategic Security Consultations\".",
     "Chinese foreign ministry", "China", "direct_quote", "said", ["will go to Russia"], "attributed", 0.0),
    ("c-copy-neutral", "a-afp-copy", 7, 7, 0.6, 0,
     "China has sought to position itself as a neutral party on the Ukraine war, while offering Moscow a lifeline.",
     "", "", "outlet_voice", "", [], "contested", -0.2),
    ("c-copy-round", "a-afp-copy", 3, 3, 0.25, 0,
     "Wang will go to Russia to hold the 9th round of the China-Russian Strategic Security Consultations.",
     "Chinese foreign ministry", "China", "indirect", "said", [], "attributed", 0.0),
    ("c-ah-round", "a-alahed", 4, 5, 0.4, 0,
     "China's top diplomat plans to hold strategic security consultations with officials there, the Chinese foreign ministry said.",
     "Chinese foreign ministry", "China", "indirect", "said", [], "attributed", 0.0),
    ("c-reu-meet", "a-reuters", 0, 0, 0.0, 1,
     "China said on Wednesday its top diplomat, Wang Yi, met Russia's security chief.",
     "China", "China", "indirect", "said", [], "attributed", 0.0),
    ("c-reu-third", "a-reuters", 2, 3, 0.4, 0,
     "Both sides expressed their willingness to oppose all forms of unilateral bullying.",
     "Chinese foreign ministry", "China", "indirect", "said", [], "attributed", -0.3),
    ("c-mfa-third", "a-mfa", 2, 3, 0.3, 0,
     "The China-Russia comprehensive strategic partnership has never targeted any third party, nor does it tolerate any third party's interference.",
     "Wang Yi", "China", "indirect", "said", [], "attributed", 0.1),
    ("c-mfa-meet", "a-mfa", 0, 0, 0.0, 1,
     "Russian President Vladimir Putin met with Wang Yi in Moscow.",
     "", "", "outlet_voice", "", [], "asserted", 0.0),
]

# the speaker record of attributed claims: kind, the article's own words for the speaker
SPEAKER_RECORDS = {
    "c-ah-third": ("person", "Wang"),
    "c-ah-unga": ("person", "Sergei Lavrov"),
    "c-afp-visit": ("body", "his foreign ministry"),
    "c-afp-round": ("body", "Chinese Foreign Ministry"),  # the canonical name, other case: not repeated
    "c-copy-round": ("body", "the ministry"),
    "c-ah-round": ("body", "the Chinese foreign ministry"),
    "c-reu-meet": ("body", "China"),
    "c-reu-third": ("body", "the ministry"),
    "c-mfa-third": ("person", "the Chinese foreign minister"),
}

# group_id, event, representative claim, [(claim, similarity)], outlets, talking point
GROUPS = [
    ("g-neutral", E2, "c-ah-neutral", [("c-ah-neutral", 1.0), ("c-afp-neutral", 0.71), ("c-copy-neutral", 0.69)],
     ("Al-Ahed", "AFP"), ""),
    ("g-round", E2, "c-afp-round", [("c-afp-round", 1.0), ("c-ah-round", 0.62), ("c-copy-round", 0.93)],
     ("AFP", "Al-Ahed"), ""),
    ("g-talks", E2, "c-ah-talks", [("c-ah-talks", 1.0), ("c-afp-visit", 0.58)], ("Al-Ahed", "AFP"), ""),
    ("g-third", E2, "c-ah-third", [("c-ah-third", 1.0)], ("Al-Ahed",), "tp-third-party"),
    ("g-unga", E2, "c-ah-unga", [("c-ah-unga", 1.0)], ("Al-Ahed",), ""),
    ("g-meet", E1, "c-reu-meet", [("c-reu-meet", 1.0), ("c-mfa-meet", 0.6)], ("Reuters", "Chinese Foreign Ministry"), ""),
    ("g-mfa-third", E1, "c-mfa-third", [("c-mfa-third", 1.0)], ("Chinese Foreign Ministry",), "tp-third-party"),
    ("g-bully", E1, "c-reu-third", [("c-reu-third", 1.0)], ("Reuters",), ""),
]


def _framing_rows(event_id: str) -> list[FramingRow]:
    """Profile rows in the framing stage's long form (dimension names as it writes them)."""
    outlets = {E2: ["Al-Ahed", "AFP"], E1: ["Reuters", "Chinese Foreign Ministry"]}[event_id]
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
            FramingRow(event_id, outlet, Dimension.TERM, "ukraine_war=" + ["conflict", "war"][i % 2], 1.0,
                       ("c-ah-neutral",)),
            FramingRow(event_id, outlet, Dimension.TONE_TARGET, "Russia", [0.3, -0.2][i % 2], ()),
            FramingRow(event_id, outlet, Dimension.TONE_TARGET, "West", [-0.4, 0.1][i % 2], ()),
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
                (aid, source, url, outlet, publisher, published, title, "MOSCOW", "en", synd, len(text), text),
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
                                   terms={"ukraine_war": "conflict"} if "conflict" in c[6] else {})
                for c in CLAIMS}
    for ev_id, label, start in ((E2, E2_LABEL, "2023-09-18"), (E1, E1_LABEL, "2023-02-22")):
        art_ids = tuple(a[0] for a in ARTICLES if a[8] == ev_id)
        event = Event(ev_id, label, art_ids, start=start, end=start, participants=("Wang Yi",), place="Moscow")
        groups = [
            ClaimGroup(gid, ev, rep, text_of[rep], tuple(GroupMember(c, s) for c, s in members), outlets, tp)
            for gid, ev, rep, members, outlets, tp in GROUPS if ev == ev_id
        ]
        claim_ids = {m.claim_id for g in groups for m in g.members}
        discrepancies = ([Discrepancy("g-round", "c-afp-round", "c-copy-round", "number", "18th", "9th")]
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
