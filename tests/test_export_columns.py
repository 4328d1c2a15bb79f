"""Exports that stand alone: every column aligned_claims.csv gained (url, title, speaker side,
stance cue, lede flag, the group's representative, per-target tone) carries the stored value;
`source` is a web address or a file name, never a local path, in every CSV and the manifest;
the dashboard's files are exactly the command line's over the same results."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from stance.coverage import outlet_name
from stance.export import OUTPUT_COLUMNS, OUTPUT_FILES, claims_of, output_files, write_outputs
from stance.ingest.dating import date_from_copy
from stance.manifest import stored_articles
from stance.results import filter_results
from stance.schema import (
    ALIGNED_COLUMNS,
    CLAIM_COLUMNS,
    ClaimFraming,
    ClaimGroup,
    Dimension,
    Event,
    FramingRow,
    GroupMember,
)
from stance.store import Store
from stance.store.analysis import load_results, save_event_analysis
from stance.text.sources import source_name

FOLDER = "/srv/analyst/inbox/"
# article_id, source as stored (full path), url, outlet, title
ARTICLES = [
    ("art-north", FOLDER + "northern_wire.txt", "https://northern-wire.example/talks-12", "Northern Wire",
     "Ministers of Arland and Brevia meet in Caldera"),
    ("art-east", FOLDER + "feeds/batch.jsonl#2", "", "Eastern Ledger", "Caldera talks end without a deal"),
]
# claim_id, article_id, is_lede, text, speaker, side, stance, stance cue, target tones
CLAIMS = [
    ("cl-n1", "art-north", 1, "The ministers agreed to reopen the border crossing.", "", "", "asserted", "",
     {}),
    ("cl-e1", "art-east", 0, "Arland's minister said the crossing would reopen next month.", "Tomas Vey",
     "Arland", "attributed", "said", {"Brevia": -0.3612, "Arland": 0.25}),
]


def build(path: Path) -> Store:
    store = Store(path)
    with store.transaction() as conn:
        for aid, source, url, outlet, title in ARTICLES:
            # the second is a copy dated by the first (ingestion names the copy's source)
            dated = date_from_copy("No day named here.", "2024-03-01", ARTICLES[0][1])[1] \
                if aid == "art-east" else "web address"
            conn.execute("INSERT INTO articles(article_id, source, url, outlet, publisher, published, title, "
                         "n_chars, text, date_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (aid, source, url, outlet, outlet, "2031-04-02", title, 40, "body text", dated))
        for cid, aid, lede, text, speaker, side, *_ in CLAIMS:
            conn.execute("INSERT INTO claims(claim_id, article_id, paragraph, sentence_index, position, is_lede, "
                         "claim_text, sentence_text, speaker, speaker_side, attribution) "
                         "VALUES (?, ?, 0, 0, 0.1, ?, ?, ?, ?, ?, ?)",
                         (cid, aid, lede, text, text, speaker, side, "indirect" if speaker else "outlet_voice"))
    event = Event("ev-caldera", "Arland - Brevia talks, Caldera, 2031-04-02", ("art-east", "art-north"),
                  start="2031-04-02", end="2031-04-02")
    group = ClaimGroup("grp-border", event.event_id, "cl-n1", CLAIMS[0][3],
                       (GroupMember("cl-n1", 1.0), GroupMember("cl-e1", 0.81)), ("Northern Wire", "Eastern Ledger"))
    framings = {c[0]: ClaimFraming(c[0], c[6], c[7], 0.1, target_tones=c[8]) for c in CLAIMS}
    # a profile row of an article that named no outlet: the framing stage names it by its source
    unnamed = FramingRow(event.event_id, outlet_name("", "", ARTICLES[1][1]), Dimension.TONE, "", 0.1, ("cl-e1",))
    save_event_analysis(store, event, [group], framings, [unnamed], [])
    return store


def _read(blob: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(blob.decode("utf-8"), newline="")))


def test_aligned_claims_rows_stand_alone(tmp_db):
    store = build(tmp_db)
    files = output_files(load_results(store), claims_of(store, load_results(store)))
    header = next(csv.reader(io.StringIO(files["aligned_claims.csv"].decode("utf-8"))))
    assert header == ALIGNED_COLUMNS
    rows = {r["claim_id"]: r for r in _read(files["aligned_claims.csv"])}
    north, east = rows["cl-n1"], rows["cl-e1"]
    assert (north["url"], north["title"]) == (ARTICLES[0][2], ARTICLES[0][4])
    assert (east["url"], east["title"]) == ("", ARTICLES[1][4])
    assert (north["speaker_side"], east["speaker_side"]) == ("", "Arland")
    assert (north["stance_cue"], east["stance_cue"]) == ("", "said")
    assert (north["is_lede"], east["is_lede"]) == ("True", "False")
    # every member carries its group's representative text, not only the representative itself
    assert north["representative"] == east["representative"] == CLAIMS[0][3]
    assert east["target_tones"] == "Arland=0.25; Brevia=-0.3612" and north["target_tones"] == ""


def test_source_is_a_file_name_or_an_address_never_a_local_path(tmp_db, tmp_path):
    store = build(tmp_db)
    results = load_results(store)
    assert set(results.articles["source"]) == {"northern_wire.txt", "batch.jsonl#2"}
    assert set(results.aligned["source"]) == {"northern_wire.txt", "batch.jsonl#2"}
    assert results.articles.set_index("article_id").loc["art-east", "date_source"] == \
        "date of its copy northern_wire.txt"
    assert results.framing["outlet"].tolist() == ["batch.jsonl#2"]
    paths = write_outputs(store, tmp_path / "out")
    for p in paths:
        assert FOLDER.rstrip("/") not in p.read_text(encoding="utf-8"), p.name
    sources = {s["source"] for s in stored_articles(store)["sources"]}
    assert sources == {"northern_wire.txt", "batch.jsonl"}  # the manifest counts by file name
    # the store keeps where each article was read from
    assert {r[0] for r in store.query("SELECT source FROM articles")} == {a[1] for a in ARTICLES}


def test_source_name_rule():
    assert source_name("https://x.example/a?b=1") == "https://x.example/a?b=1"
    assert source_name("C:\\Users\\me\\news\\page.html") == "page.html"
    assert source_name("/srv/data/feed.jsonl#12") == "feed.jsonl#12"
    assert source_name("pasted.txt") == "pasted.txt" and source_name(None) == ""


def test_dashboard_files_match_the_command_line_and_follow_the_filter(tmp_db, tmp_path):
    store = build(tmp_db)
    results = load_results(store)
    written = {p.name: p.read_bytes() for p in write_outputs(store, tmp_path / "out")}
    served = output_files(results, claims_of(store, results))
    assert list(served) == list(OUTPUT_FILES) and served == written
    claims = _read(served["claims.csv"])
    assert list(claims[0]) == CLAIM_COLUMNS and {r["claim_id"] for r in claims} == {"cl-n1", "cl-e1"}
    one = filter_results(results, outlets=["Eastern Ledger"])
    narrowed = output_files(one, claims_of(store, one))
    assert [r["claim_id"] for r in _read(narrowed["claims.csv"])] == ["cl-e1"]
    assert [r["article_id"] for r in _read(narrowed["articles.csv"])] == ["art-east"]
    assert [r["claim_id"] for r in _read(narrowed["aligned_claims.csv"])] == ["cl-e1"]
    assert pd.read_csv(io.BytesIO(narrowed["events.csv"]))["event_id"].tolist() == ["ev-caldera"]
    assert list(narrowed) == list(OUTPUT_FILES)


def test_every_column_is_documented_in_the_readme():
    import re

    from stance.schema import CORRECTION_COLUMNS

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Output columns", 1)[1].split("\n### ", 1)[0]
    documented: dict[str, set[str]] = {}
    for block in re.split(r"\n(?=`[a-z_]+\.csv`)", section)[1:]:
        name = block[1:block.index("`", 1)]
        cells = [line.split("|")[1] for line in block.splitlines() if line.startswith("| `")]
        documented[name] = {c for cell in cells for c in re.findall(r"`([a-z_]+)`", cell)}
    expected = {**OUTPUT_COLUMNS, "corrections.csv": CORRECTION_COLUMNS}
    assert set(documented) == {*OUTPUT_FILES, "corrections.csv"}
    for name, columns in expected.items():
        assert set(columns) <= documented[name], (name, sorted(set(columns) - documented[name]))
