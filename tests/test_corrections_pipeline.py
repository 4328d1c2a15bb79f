"""Corrections are kept across re-analysis: the pipeline applies the stored merges, splits,
moves and renames after the events stage on every run, also when new articles give the events
new ids; the claim groups and exports follow the corrected events; a correction whose articles
are gone is reported on the run, not applied."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from stance.config.settings import load_settings
from stance.pipeline import analyze
from stance.store import Store
from stance.store.analysis import load_results
from stance.store.corrections import record_correction

# two made-up meetings, two outlets each; a third report of the first arrives later
CALDERA = [
    ("https://northern-wire.example/2031/04/02/caldera-talks", "Arland and Brevia ministers hold talks in Caldera",
     "Northern Wire",
     "CALDERA - Arland's foreign minister Tomas Vey held talks with Brevia's foreign minister Ilse Marr in Caldera "
     "on Tuesday.\n\nThe two ministers agreed to reopen the border crossing at Halden next month, Vey said.\n\n"
     "Marr said Brevia wanted a lasting deal on river water.\n\nThe talks were the first between the neighbours "
     "in two years."),
    ("https://eastern-ledger.example/news/vey-marr-caldera", "Vey and Marr meet in Caldera, agree to reopen crossing",
     "Eastern Ledger",
     "Foreign ministers Tomas Vey of Arland and Ilse Marr of Brevia met in Caldera on Tuesday.\n\nThey agreed to "
     "reopen the Halden border crossing, according to a joint statement.\n\nMarr called the talks frank and "
     "useful.\n\nAnalysts said the meeting eased months of tension."),
]
SELIN = [
    ("https://harbor-post.example/2031/05/10/port-selin-summit", "Ostmark and Veyland leaders meet in Port Selin",
     "Harbor Post",
     "PORT SELIN - Ostmark's president Oda Finn met Veyland's prime minister Karel Dunn in Port Selin on "
     "Saturday.\n\nFinn said the two countries would build a new rail link.\n\nDunn said Veyland would cut "
     "tariffs on grain.\n\nThe summit ended with a signing ceremony."),
    ("https://valley-times.example/summit-port-selin", "Finn and Dunn agree rail link at Port Selin summit",
     "Valley Times",
     "Ostmark president Oda Finn and Veyland prime minister Karel Dunn agreed on Saturday to build a rail link, "
     "at a summit in Port Selin.\n\nDunn promised lower tariffs on grain.\n\nFinn said the link would open in "
     "three years.\n\nBoth leaders praised the talks."),
]
LATE = ("https://south-courier.example/caldera-crossing", "Halden crossing to reopen after Caldera talks",
        "South Courier",
        "CALDERA - Arland and Brevia will reopen the Halden border crossing, foreign ministers Tomas Vey and Ilse "
        "Marr said after talks in Caldera on Tuesday.\n\nVey said the crossing would open next month.\n\nMarr said "
        "the river water talks would go on.")


def _write(path: Path, rows, day: str) -> Path:
    path.write_text("".join(json.dumps({"url": u, "title": t, "outlet": o, "published": day, "text": x}) + "\n"
                            for u, t, o, x in rows), encoding="utf-8")
    return path


def build_two_meetings(folder: Path) -> Path:
    """A store of the two meetings analysed by the pipeline (hash embedder): two events."""
    db = folder / "base.db"
    settings = load_settings(db_path=str(db), embed_backend="hash")
    store = Store(db)
    _write(folder / "caldera.jsonl", CALDERA, "2031-04-02")
    _write(folder / "selin.jsonl", SELIN, "2031-05-10")
    report = analyze([folder / "caldera.jsonl", folder / "selin.jsonl"], store, settings)
    assert report.n_articles == 4 and report.n_events == 2, report.problems
    store.close()
    return db


@pytest.fixture(scope="module")
def base_db(tmp_path_factory) -> Path:
    return build_two_meetings(tmp_path_factory.mktemp("corrections"))


@pytest.fixture()
def db(base_db, tmp_path) -> Path:
    path = tmp_path / "stance.db"
    shutil.copy(base_db, path)
    return path


def _events(store: Store) -> dict[frozenset[str], tuple[str, str]]:
    """articles (by outlet) -> (event id, label) of the stored events."""
    res = load_results(store)
    outlet = dict(zip(res.articles["article_id"], res.articles["outlet"], strict=True))
    return {frozenset(outlet[a] for a in ids.split()): (eid, label)
            for eid, label, ids in zip(res.events["event_id"], res.events["label"], res.events["article_ids"],
                                       strict=True)}


def _ids(store: Store, *outlets: str) -> list[str]:
    res = load_results(store)
    return [a for a, o in zip(res.articles["article_id"], res.articles["outlet"], strict=True) if o in outlets]


def _rerun(db: Path, tmp_path: Path, *new_rows) -> tuple[Store, object]:
    store = Store(db)
    settings = load_settings(db_path=str(db), embed_backend="hash")
    paths = [_write(tmp_path / "late.jsonl", new_rows, "2031-04-02")] if new_rows else []
    return store, analyze(paths, store, settings)


def test_merge_and_rename_survive_reanalysis_that_changes_event_ids(db, tmp_path):
    store = Store(db)
    before = _events(store)
    caldera_id = before[frozenset({"Northern Wire", "Eastern Ledger"})][0]
    record_correction(store, analyst="ana", kind="merge", article_ids=_ids(store, "Harbor Post", "Valley Times"),
                      target_ids=_ids(store, "Northern Wire", "Eastern Ledger"))
    record_correction(store, analyst="ana", kind="rename", article_ids=_ids(store, "Valley Times"),
                      label="Spring diplomacy round")
    store, report = _rerun(db, tmp_path, LATE)
    assert report.warnings == [] and report.n_articles == 1
    after = _events(store)
    everyone = frozenset({"Northern Wire", "Eastern Ledger", "Harbor Post", "Valley Times", "South Courier"})
    assert set(after) == {everyone}  # the late report joined, the merge held
    event_id, label = after[everyone]
    assert label == "Spring diplomacy round" and event_id != caldera_id
    res = load_results(store)
    assert set(res.groups["event_id"]) == {event_id}  # claims were aligned within the merged event
    assert set(res.aligned["event_label"]) == {"Spring diplomacy round"}
    # a run with nothing new keeps them too
    store, report = _rerun(db, tmp_path)
    assert _events(store) == after and report.warnings == []


def test_split_and_move_survive_reanalysis(db, tmp_path):
    store = Store(db)
    record_correction(store, analyst="ana", kind="split", article_ids=_ids(store, "Eastern Ledger"),
                      label="Ledger's own account")
    record_correction(store, analyst="ana", kind="move", article_ids=_ids(store, "Valley Times"),
                      target_ids=_ids(store, "Northern Wire"))
    store, report = _rerun(db, tmp_path)
    assert report.warnings == []
    after = _events(store)
    assert set(after) == {frozenset({"Northern Wire", "Valley Times"}), frozenset({"Eastern Ledger"}),
                          frozenset({"Harbor Post"})}
    assert after[frozenset({"Eastern Ledger"})][1] == "Ledger's own account"
    assert after[frozenset({"Northern Wire", "Valley Times"})][1].startswith("Ilse Marr - Tomas Vey talks")
    res = load_results(store)
    moved = res.aligned[res.aligned["outlet"] == "Valley Times"]
    assert len(moved) and set(moved["event_id"]) == {after[frozenset({"Northern Wire", "Valley Times"})][0]}


def test_a_correction_whose_articles_are_gone_is_reported_on_the_run(db, tmp_path):
    store = Store(db)
    before = _events(store)
    record_correction(store, analyst="ana", kind="move", article_ids=["0000deadbeef0000"],
                      target_ids=_ids(store, "Harbor Post"))
    store, report = _rerun(db, tmp_path)
    assert _events(store) == before
    assert len(report.warnings) == 1
    assert report.warnings[0].startswith("correction move by ana at ")
    assert "not applied: the article is no longer in the analysis" in report.warnings[0]
