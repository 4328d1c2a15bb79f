"""Discrepancies in the store and in discrepancies.csv: saved per event, the migration that
gives each row its event and slot, and a CSV row that stands alone."""

from __future__ import annotations

import io

import pandas as pd

from stance.export import discrepancies_csv
from stance.results import filter_results
from stance.schema import DISCREPANCY_COLUMNS, Article, Claim, ClaimGroup, Discrepancy, Event, GroupMember
from stance.store import Store
from stance.store.analysis import delete_events, load_results, save_event_analysis
from stance.store.articles import save_articles
from stance.store.claims import save_claims
from tests.conftest import database_before

TEXTS = {
    "a1": ("North Wire", "https://north.example/talks", "Maria Lindqvist met Jonas Weber outside Geneva on Monday."),
    "a2": ("Harbour Times", "https://harbour.example/talks",
           "Lindqvist held talks with <b>Jonas Weber</b> in Geneva on Thursday."),
}


def _fill(store: Store) -> tuple[Event, list[ClaimGroup]]:
    arts = [Article(aid, f"{aid}.txt", text, url=url, outlet=outlet, published="2024-03-01")
            for aid, (outlet, url, text) in TEXTS.items()]
    save_articles(store, arts)
    save_claims(store, [Claim(f"c-{a.article_id}", a.article_id, 0, 0, 0.0, True, a.text) for a in arts])
    event = Event("e1", "Lindqvist - Weber talks, Geneva", ("a1", "a2"), start="2024-03-01")
    groups = [ClaimGroup(f"g-{aid}", "e1", f"c-{aid}", TEXTS[aid][2], (GroupMember(f"c-{aid}", 1.0),),
                         (TEXTS[aid][0],)) for aid in TEXTS]
    found = [Discrepancy("g-a1", "c-a1", "c-a2", "place", "outside Geneva", "in Geneva", "e1",
                         "meeting place (Jonas Weber, Maria Lindqvist)"),
             Discrepancy("g-a1", "c-a1", "c-a2", "date", "Monday", "Thursday", "e1",
                         "meeting day (Jonas Weber, Maria Lindqvist)"),
             Discrepancy("g-a1", "c-a1", "c-a2", "date", "March 1", "March 4", "e1", "meeting day (calendar)")]
    save_event_analysis(store, event, groups, {}, [], found)
    return event, groups


def test_a_pair_of_claims_in_two_groups_is_stored_with_its_event_and_every_slot(tmp_db):
    store = Store(tmp_db)
    _fill(store)
    disc = load_results(store).discrepancies
    assert len(disc) == 3  # one claim pair, two slots of one kind: both kept
    row = disc[disc["kind"] == "place"].iloc[0]
    assert (row["event_id"], row["event_label"]) == ("e1", "Lindqvist - Weber talks, Geneva")
    assert (row["outlet_a"], row["outlet_b"]) == ("North Wire", "Harbour Times")
    assert row["text_b"] == TEXTS["a2"][2] and row["url_a"] == TEXTS["a1"][1]
    assert row["slot"] == "meeting place (Jonas Weber, Maria Lindqvist)"
    delete_events(store, ["e1"])
    assert load_results(store).discrepancies.empty


def test_the_csv_row_stands_alone(tmp_db):
    store = Store(tmp_db)
    _fill(store)
    csv = pd.read_csv(io.BytesIO(discrepancies_csv(load_results(store))), keep_default_na=False)
    assert list(csv.columns) == DISCREPANCY_COLUMNS
    row = csv[csv["kind"] == "place"].iloc[0]
    for col, want in [("event_label", "Lindqvist - Weber talks, Geneva"), ("outlet_a", "North Wire"),
                      ("value_a", "outside Geneva"), ("outlet_b", "Harbour Times"), ("value_b", "in Geneva"),
                      ("text_a", TEXTS["a1"][2]), ("text_b", TEXTS["a2"][2])]:
        assert row[col] == want, col


def test_an_outlet_filter_keeps_a_discrepancy_while_either_claim_is_shown(tmp_db):
    store = Store(tmp_db)
    _fill(store)
    results = load_results(store)
    assert len(filter_results(results, outlets=["Harbour Times"]).discrepancies) == 3
    assert filter_results(results, outlets=["Nobody"]).discrepancies.empty


def test_rows_stored_before_the_migration_get_their_groups_event(tmp_path):
    path = tmp_path / "old.db"
    conn = database_before(path, "0011_event_discrepancies")
    conn.execute("INSERT INTO events(event_id, label) VALUES ('e-old', 'Old talks')")
    conn.execute("INSERT INTO claim_groups(group_id, event_id, representative_claim_id, representative, n_outlets) "
                 "VALUES ('g-old', 'e-old', 'c1', 'x', 2)")
    conn.execute("INSERT INTO discrepancies(group_id, claim_a, claim_b, kind, value_a, value_b) "
                 "VALUES ('g-old', 'c1', 'c2', 'number', '18th', '9th')")
    conn.commit()
    conn.close()
    store = Store(path)
    assert "0011_event_discrepancies" in store.applied_migrations()
    row = dict(store.query("SELECT * FROM discrepancies")[0])
    assert row == {"event_id": "e-old", "group_id": "g-old", "claim_a": "c1", "claim_b": "c2", "kind": "number",
                   "slot": "", "value_a": "18th", "value_b": "9th"}
