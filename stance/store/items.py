"""Read-only views of the analysis tables that annotation items are built from and shown with:
the rows behind each item kind, the events to pick from, a claim group's members and the texts
that name an item to a person (never its hash id)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from stance.store.db import Store


def _event_clause(event_id: str, claim_col: str) -> tuple[str, tuple]:
    if not event_id:
        return "", ()
    return (f" AND {claim_col} IN (SELECT c.claim_id FROM claims c JOIN event_articles ea "
            "ON ea.article_id = c.article_id WHERE ea.event_id = ?)", (event_id,))


def _in_event(store: Store, sql: str, column: str, event_id: str, order: str) -> list[sqlite3.Row]:
    """`sql` (ending in a WHERE clause) narrowed to one event (`column` = event_id) when
    `event_id` is given, in `order`. `column` and `order` are fixed names, never user input."""
    params: tuple = ()
    if event_id:
        sql += f" AND {column} = ?"
        params = (event_id,)
    return store.query(f"{sql} ORDER BY {order}", params)


def membership_rows(store: Store, event_id: str = "") -> list[sqlite3.Row]:
    """Non-representative members of multi-member groups, with texts and outlet."""
    sql = ("SELECT g.group_id, g.event_id, g.representative, m.claim_id, m.similarity, "
           "c.claim_text, a.outlet FROM group_members m JOIN claim_groups g ON g.group_id = "
           "m.group_id JOIN claims c ON c.claim_id = m.claim_id JOIN articles a ON "
           "a.article_id = c.article_id WHERE m.claim_id != g.representative_claim_id")
    return _in_event(store, sql, "g.event_id", event_id, "g.group_id, m.claim_id")


def claim_rows(store: Store, event_id: str = "") -> list[sqlite3.Row]:
    """Claims with their attribution and (when framed) stance, for label items."""
    clause, params = _event_clause(event_id, "c.claim_id")
    sql = ("SELECT c.claim_id, c.claim_text, c.sentence_text, c.speaker, c.attribution, "
           "c.attribution_cue, c.reporting_verb, a.outlet, f.stance, f.stance_cue, "
           "(SELECT ea.event_id FROM event_articles ea WHERE ea.article_id = c.article_id "
           "LIMIT 1) AS event_id FROM claims c JOIN articles a ON a.article_id = c.article_id "
           "LEFT JOIN claim_framing f ON f.claim_id = c.claim_id WHERE 1 = 1")
    return store.query(sql + clause + " ORDER BY c.claim_id", params)


def discrepancy_rows(store: Store, event_id: str = "") -> list[sqlite3.Row]:
    sql = ("SELECT d.group_id, d.claim_a, d.claim_b, d.kind, d.value_a, d.value_b, "
           "g.event_id, g.representative, ca.claim_text AS text_a, cb.claim_text AS text_b "
           "FROM discrepancies d JOIN claim_groups g ON g.group_id = d.group_id "
           "LEFT JOIN claims ca ON ca.claim_id = d.claim_a "
           "LEFT JOIN claims cb ON cb.claim_id = d.claim_b WHERE 1 = 1")
    return _in_event(store, sql, "g.event_id", event_id, "d.group_id, d.claim_a, d.claim_b, d.kind")


def event_choices(store: Store) -> list[tuple[str, str]]:
    """(event_id, label) for the session picker."""
    return [(r["event_id"], r["label"])
            for r in store.query("SELECT event_id, label FROM events ORDER BY start, label")]


def event_claims_for_vectors(store: Store, event_id: str = "") -> list[sqlite3.Row]:
    """Claims with their event, article and group (if any), to look for near-miss members."""
    sql = ("SELECT ea.event_id, c.claim_id, c.article_id, c.claim_text, a.outlet, "
           "(SELECT m.group_id FROM group_members m JOIN claim_groups g ON g.group_id = "
           "m.group_id WHERE m.claim_id = c.claim_id AND g.event_id = ea.event_id LIMIT 1) "
           "AS group_id FROM claims c JOIN event_articles ea ON ea.article_id = c.article_id "
           "JOIN articles a ON a.article_id = c.article_id WHERE 1 = 1")
    return _in_event(store, sql, "ea.event_id", event_id, "ea.event_id, c.claim_id")


def group_heads(store: Store, event_id: str = "") -> list[sqlite3.Row]:
    """Multi-outlet or single groups with their representative claim, per event."""
    sql = ("SELECT g.group_id, g.event_id, g.representative_claim_id, g.representative "
           "FROM claim_groups g WHERE 1 = 1")
    return _in_event(store, sql, "g.event_id", event_id, "g.group_id")


def _chunked(store: Store, sql: str, ids: Iterable[str]) -> list[sqlite3.Row]:
    """`sql` (ending in `IN ({marks})`) over `ids`, 500 at a time (SQLite's parameter limit)."""
    wanted = list(dict.fromkeys(ids))
    out: list[sqlite3.Row] = []
    for i in range(0, len(wanted), 500):
        part = wanted[i:i + 500]
        out += store.query(sql.format(marks=", ".join("?" for _ in part)), tuple(part))
    return out


def claim_texts(store: Store, claim_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """claim_id -> (claim text, outlet) for the claims that still exist."""
    rows = _chunked(store, "SELECT c.claim_id, c.claim_text, a.outlet FROM claims c JOIN articles a "
                    "ON a.article_id = c.article_id WHERE c.claim_id IN ({marks})", claim_ids)
    return {r["claim_id"]: (r["claim_text"], r["outlet"]) for r in rows}


def group_representatives(store: Store, group_ids: Iterable[str]) -> dict[str, str]:
    """group_id -> the text of its representative claim."""
    rows = _chunked(store, "SELECT group_id, representative FROM claim_groups WHERE group_id IN ({marks})",
                    group_ids)
    return {r["group_id"]: r["representative"] for r in rows}


def groups_of_claims(store: Store, claim_ids: Iterable[str]) -> dict[str, str]:
    """claim_id -> the claim group it is a member of."""
    rows = _chunked(store, "SELECT claim_id, group_id FROM group_members WHERE claim_id IN ({marks})",
                    claim_ids)
    return {r["claim_id"]: r["group_id"] for r in rows}


def group_members(store: Store, group_id: str) -> list[sqlite3.Row]:
    """The members of a claim group with text, outlet and similarity, representative first."""
    return store.query(
        "SELECT m.claim_id, c.claim_text, a.outlet, m.similarity, "
        "m.claim_id = g.representative_claim_id AS is_representative FROM group_members m "
        "JOIN claim_groups g ON g.group_id = m.group_id JOIN claims c ON c.claim_id = m.claim_id "
        "JOIN articles a ON a.article_id = c.article_id WHERE m.group_id = ? "
        "ORDER BY is_representative DESC, m.similarity DESC, m.claim_id", (group_id,))
