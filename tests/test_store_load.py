"""`stance.store.analysis.load_results` against a straightforward reference.

The loader joins groups, events and articles to the claim rows in pandas and maps each distinct
JSON cell once (the dashboard's first load on a 50k-claim store depends on it). The reference
here is the way it was read before: one SQL join sorted by SQLite and a cell-by-cell `.map`.
Every frame must come out identical (values, dtypes, order, index) on the dashboard test store,
on a store the pipeline built from the seeds, and on a made-up store with the awkward cases:
ties in the sort keys, a syndicated copy, two events on one day, an undated event, a claim
without framing, unreadable JSON cells and an article listed in two events. The loader also
holds the cycle collector while it reads, and must give it back as it found it.
"""

from __future__ import annotations

import gc
import json
import sqlite3

import pandas as pd
import pytest

from stance.config.settings import Settings
from stance.embed import HashEmbedder
from stance.pipeline import analyze
from stance.results import ALIGNED_EXTRA, ARTICLE_EXTRA, GROUP_COLUMNS, SOURCE_EXTRA, source_columns
from stance.schema import (
    ALIGNED_COLUMNS,
    ARTICLE_COLUMNS,
    FRAMING_COLUMNS,
    ClaimFraming,
    ClaimGroup,
    Dimension,
    Event,
    FramingRow,
    GroupMember,
    join_ids,
    join_list,
)
from stance.store import Store, analysis
from stance.store.analysis import (
    _json_list,
    _map_distinct,
    _pairs_text,
    _tone,
    load_results,
    save_event_analysis,
)
from stance.text.sources import source_name
from tests.dashboard_db import build_store

# The single join the loader used to run: SQLite joins and sorts every aligned row.
_REFERENCE_ALIGNED_SQL = """
SELECT e.event_id, e.label AS event_label, g.group_id, COALESCE(NULLIF(m.talking_point_id, ''), g.talking_point_id) AS talking_point_id, a.article_id, a.source,
       a.outlet, a.publisher, a.published, c.claim_id, c.paragraph, c.position, c.claim_text,
       c.speaker, c.speaker_kind, c.speaker_as_written, c.attribution, c.reporting_verb, m.similarity,
       g.n_outlets AS n_outlets_in_group, a.syndicated_of, COALESCE(f.stance, '') AS stance,
       COALESCE(f.tone, 0.0) AS tone, COALESCE(f.terms, '{}') AS terms, c.speaker_side,
       COALESCE(f.stance_cue, '') AS stance_cue, COALESCE(f.is_background, 0) AS is_background,
       c.is_lede, c.sentence_index, a.url, g.representative, c.quoted_spans, a.title,
       COALESCE(f.target_tones, '{}') AS target_tones
FROM group_members m
JOIN claim_groups g ON g.group_id = m.group_id
JOIN events e ON e.event_id = g.event_id
JOIN claims c ON c.claim_id = m.claim_id
JOIN articles a ON a.article_id = c.article_id
LEFT JOIN claim_framing f ON f.claim_id = c.claim_id
ORDER BY e.start, e.event_id, g.n_outlets DESC, g.group_id, a.outlet, c.position
"""


def reference_frames(store: Store) -> dict[str, pd.DataFrame]:
    """articles, aligned, groups and framing read the plain way: SQL joins, row-by-row maps."""
    conn = store.conn
    articles = pd.read_sql_query(
        "SELECT a.*, COALESCE(ea.event_id, '') AS event_id, COALESCE(e.label, '') AS event_label "
        "FROM articles a LEFT JOIN event_articles ea ON ea.article_id = a.article_id "
        "LEFT JOIN events e ON e.event_id = ea.event_id ORDER BY a.published, a.outlet", conn)
    articles["source"] = articles["source"].map(source_name)
    articles[SOURCE_EXTRA] = source_columns(articles)
    articles = articles.reindex(columns=ARTICLE_COLUMNS + ARTICLE_EXTRA)
    by_article = articles.drop_duplicates("article_id").set_index("article_id")[SOURCE_EXTRA]

    aligned = pd.read_sql_query(_REFERENCE_ALIGNED_SQL, conn)
    if not aligned.empty:
        aligned["terms"] = aligned["terms"].map(_pairs_text)
        aligned["target_tones"] = aligned["target_tones"].map(lambda r: _pairs_text(r, _tone))
        aligned["source"] = aligned["source"].map(source_name)
        aligned["quoted_spans"] = aligned["quoted_spans"].map(lambda s: " | ".join(_json_list(s)))
        aligned["is_background"] = aligned["is_background"].astype(bool)
        aligned["is_lede"] = aligned["is_lede"].astype(bool)
        aligned["similarity"] = aligned["similarity"].round(4)
        aligned["tone"] = aligned["tone"].round(4)
        aligned = aligned.join(by_article, on="article_id")
    aligned = aligned.reindex(columns=ALIGNED_COLUMNS + ALIGNED_EXTRA)

    groups = pd.read_sql_query(
        "SELECT group_id, event_id, representative, representative_claim_id, n_outlets, outlets, "
        "talking_point_id FROM claim_groups ORDER BY event_id, n_outlets DESC, group_id", conn)
    if not groups.empty:
        groups["outlets"] = groups["outlets"].map(lambda s: join_list(_json_list(s)))
    framing = pd.read_sql_query(
        "SELECT event_id, outlet, dimension, value, score, evidence_claim_ids FROM framing "
        "ORDER BY event_id, outlet, dimension, value", conn)
    if not framing.empty:
        framing["evidence_claim_ids"] = framing["evidence_claim_ids"].map(lambda s: join_ids(_json_list(s)))
    return {"articles": articles, "aligned": aligned, "groups": groups.reindex(columns=GROUP_COLUMNS),
            "framing": framing.reindex(columns=FRAMING_COLUMNS)}


def assert_matches_reference(store: Store) -> None:
    results = load_results(store)
    for name, expected in reference_frames(store).items():
        pd.testing.assert_frame_equal(getattr(results, name), expected, check_exact=True, obj=name)


# -- a made-up store with the awkward cases ------------------------------------------------------

EV_A, EV_B, EV_U = "ev-2031-04-02-a", "ev-2031-04-02-b", "ev-undated"
# article_id, source (a local path, shown by name only), outlet, publisher, published, syndicated_of
ARTICLES = [
    ("w1", "/srv/analyst/in/harbor_wire_1.txt", "Harbor Wire", "Harbor Wire", "2031-04-02", ""),
    ("w1c", "https://northgate.example/copy", "Harbor Wire", "Northgate Times", "2031-04-02", "w1"),
    ("lh", "lakeside.txt", "Lakeside Herald", "Lakeside Herald", "2031-04-01", ""),
    ("nt", "northgate.jsonl#3", "Northgate Times", "Northgate Times", "2031-04-02", ""),
    ("un", "undated.txt", "Lakeside Herald", "Lakeside Herald", "", ""),
]
# claim_id, article_id, position, text, quoted spans, terms, target tones (None: no framing row)
CLAIMS = [
    ("k1", "w1", 0.5, "Minister Arlo Venn said the bridge talks would resume.", ["would resume"],
     {"bridge_dispute": "talks"}, {"Venn": 0.25}),
    ("k1c", "w1c", 0.5, "Minister Arlo Venn said the bridge talks would resume soon.", ["would resume"],
     {"bridge_dispute": "talks"}, {"Venn": 0.25}),
    ("k2", "lh", 0.2, "The harbour council rejected the toll plan.", [], {}, {}),
    ("k3", "nt", 0.2, "Council members rejected the new toll plan.", [], {}, None),
    ("k4", "nt", 0.8, "Officials expect a second round in May.", [], {}, {}),
    ("k5", "w1", 0.9, "A second round is planned for May.", [], {}, {}),
    ("k6", "un", 0.1, "Ferry crews marched along the quay.", ["no more delays"], {}, {}),
]


def _insert_pages(store: Store) -> None:
    with store.transaction() as conn:
        for aid, source, outlet, publisher, published, synd in ARTICLES:
            text = " ".join(c[3] for c in CLAIMS if c[1] == aid)
            conn.execute(
                "INSERT INTO articles(article_id, source, url, outlet, publisher, published, title, "
                "syndicated_of, n_chars, text) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (aid, source, f"https://{aid}.example/story", outlet, publisher, published,
                 f"Story {aid}", synd, len(text), text))
        for i, (cid, aid, pos, text, spans, _terms, _tones) in enumerate(CLAIMS):
            conn.execute(
                "INSERT INTO claims(claim_id, article_id, paragraph, sentence_index, position, is_lede, "
                "claim_text, attribution, quoted_spans) VALUES (?,?,?,?,?,?,?,?,?)",
                (cid, aid, i, i, pos, int(pos < 0.3), text, "indirect", json.dumps(spans)))


def _group(gid: str, event_id: str, members: list[tuple[str, float]], outlets: tuple[str, ...]) -> ClaimGroup:
    text = {c[0]: c[3] for c in CLAIMS}
    return ClaimGroup(gid, event_id, members[0][0], text[members[0][0]],
                      tuple(GroupMember(c, s) for c, s in members), outlets, "")


def build_awkward_store(path) -> Store:
    store = Store(path)
    _insert_pages(store)
    framing = {c[0]: ClaimFraming(c[0], "attributed", "said", 0.123456, target_tones=c[6], terms=c[5])
               for c in CLAIMS if c[6] is not None}
    plan = [  # event, start, articles, groups (members stored copy first: a tie on outlet and position)
        (Event(EV_B, "Harbour toll vote", ("lh", "nt"), start="2031-04-02"),
         [_group("g-toll", EV_B, [("k3", 1.0), ("k2", 0.8)], ("Northgate Times", "Lakeside Herald")),
          _group("g-may", EV_B, [("k4", 1.0)], ("Northgate Times",))]),
        (Event(EV_A, "Bridge talks", ("w1", "w1c"), start="2031-04-02"),
         [_group("g-bridge", EV_A, [("k1c", 0.97), ("k1", 1.0)], ("Harbor Wire",)),
          _group("g-round", EV_A, [("k5", 1.0)], ("Harbor Wire",))]),
        (Event(EV_U, "Undated pages", ("un",), unassigned=True), [_group("g-quay", EV_U, [("k6", 1.0)], ("Lakeside Herald",))]),
    ]
    for event, groups in plan:
        members = {m.claim_id for g in groups for m in g.members}
        rows = [FramingRow(event.event_id, "Harbor Wire", Dimension.STANCE_SHARE, "attributed", 0.5,
                           tuple(sorted(members)))]
        save_event_analysis(store, event, groups, {k: v for k, v in framing.items() if k in members}, rows, [])
    with store.transaction() as conn:  # what older or hand-edited stores hold
        conn.execute("UPDATE claim_framing SET terms = 'not json' WHERE claim_id = 'k5'")
        conn.execute("UPDATE claims SET quoted_spans = '[unclosed' WHERE claim_id = 'k4'")
        conn.execute("INSERT INTO event_articles(event_id, article_id) VALUES (?, ?)", (EV_B, "w1"))
    return store


# -- the tests -------------------------------------------------------------------------------------

def test_map_distinct_is_map_with_one_call_per_distinct_value():
    values = pd.Series(['{"a": 1}', "{}", "{}", '{"a": 1}', "{}"], index=[10, 4, 7, 3, 1], name="terms")
    calls = []

    def parse(raw):
        calls.append(raw)
        return _pairs_text(raw)

    got = _map_distinct(values, parse)
    pd.testing.assert_series_equal(got, values.map(_pairs_text), check_exact=True)
    assert len(calls) == 2 and set(calls) == {"{}", '{"a": 1}'}
    assert _map_distinct(pd.Series([], dtype="str"), parse).empty


def test_awkward_store_matches_the_reference(tmp_path):
    store = build_awkward_store(tmp_path / "awkward.db")
    assert_matches_reference(store)
    aligned = load_results(store).aligned
    # undated event first, then the two events of one day by id, bigger groups first
    assert list(aligned["group_id"]) == ["g-quay", "g-bridge", "g-bridge", "g-round", "g-toll", "g-toll", "g-may"]
    bridge = aligned[aligned["group_id"] == "g-bridge"]
    assert list(bridge["claim_id"]) == ["k1c", "k1"]  # a tie keeps the stored order, as SQLite did
    assert list(bridge["source"]) == ["https://northgate.example/copy", "harbor_wire_1.txt"]
    unframed = aligned.set_index("claim_id").loc["k3"]
    assert (unframed["stance"], unframed["tone"], unframed["terms"]) == ("", 0.0, "")
    assert aligned.set_index("claim_id").loc["k5", "terms"] == ""  # unreadable: empty, not an error
    assert aligned.set_index("claim_id").loc["k4", "quoted_spans"] == "[unclosed"
    assert aligned.set_index("claim_id").loc["k1", "target_tones"] == "Venn=0.25"


def test_rows_the_joins_drop_and_a_store_without_framing_match_the_reference(tmp_path):
    store = build_awkward_store(tmp_path / "awkward.db")
    store.conn.execute("PRAGMA foreign_keys=OFF")  # what a store written without them may hold
    with store.transaction() as conn:
        conn.execute("INSERT INTO group_members(group_id, claim_id, similarity) VALUES ('g-toll', 'gone', 0.5)")
        conn.execute("INSERT INTO group_members(group_id, claim_id, similarity) VALUES ('g-gone', 'k2', 0.5)")
        conn.execute("DELETE FROM claim_framing")
    aligned = load_results(store).aligned
    assert len(aligned) == 7 and set(aligned["stance"]) == {""} and set(aligned["tone"]) == {0.0}
    assert_matches_reference(store)


def test_dashboard_store_matches_the_reference(tmp_path):
    assert_matches_reference(build_store(tmp_path / "dash.db"))


def test_pipeline_store_of_the_seeds_matches_the_reference(tmp_path, seeds_dir):
    store = Store(tmp_path / "seeds.db")
    analyze([seeds_dir], store, Settings(db_path=str(tmp_path / "seeds.db"), embed_backend="hash"),
            embedder=HashEmbedder())
    assert len(load_results(store).aligned) > 40
    assert_matches_reference(store)


def test_an_empty_store_gives_empty_frames_with_every_column(tmp_path):
    store = Store(tmp_path / "empty.db")
    results = load_results(store)
    assert results.aligned.empty and list(results.aligned.columns) == ALIGNED_COLUMNS + ALIGNED_EXTRA
    assert_matches_reference(store)


def test_repeated_json_cells_are_parsed_once(tmp_path, monkeypatch):
    store = build_awkward_store(tmp_path / "awkward.db")
    seen = []

    def counting(raw, value=str):
        seen.append(raw)
        return _pairs_text(raw, value)

    monkeypatch.setattr(analysis, "_pairs_text", counting)
    load_results(store)
    cells = store.query("SELECT COALESCE(f.terms, '{}'), COALESCE(f.target_tones, '{}') FROM group_members m "
                        "LEFT JOIN claim_framing f ON f.claim_id = m.claim_id")
    distinct = len({t for t, _ in cells}) + len({tt for _, tt in cells})
    assert len(cells) == 7 and distinct == 5
    assert len(seen) == distinct  # once per distinct cell of each column, not once per row


def test_the_cycle_collector_is_held_while_reading_and_given_back(tmp_path, monkeypatch):
    store = build_awkward_store(tmp_path / "awkward.db")
    states = []
    real_read = pd.read_sql_query

    def read(*args, **kwargs):
        states.append(gc.isenabled())
        return real_read(*args, **kwargs)

    monkeypatch.setattr(analysis.pd, "read_sql_query", read)
    assert gc.isenabled()
    load_results(store)
    assert states and not any(states) and gc.isenabled()
    gc.disable()  # a caller that keeps it off finds it off
    try:
        load_results(store)
        assert not gc.isenabled()
    finally:
        gc.enable()

    def fail(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(analysis.pd, "read_sql_query", fail)
    with pytest.raises(sqlite3.OperationalError):
        load_results(store)
    assert gc.isenabled()  # given back after a failed read too
