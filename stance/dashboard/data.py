"""Cheap fingerprint of the stored analysis, so app.py can key its cached results on it."""

from __future__ import annotations

from stance.store import Store

# Counts, newest row ids and sums move whenever an analysis is stored, replaced or extended,
# also when another process (the CLI) writes to the same file; annotations do not touch them.
_VERSION_SQL = """
SELECT (SELECT COUNT(*) FROM articles), (SELECT MAX(rowid) FROM articles),
       (SELECT COUNT(*) FROM claims), (SELECT COUNT(*) FROM events),
       (SELECT COUNT(*) FROM claim_groups), (SELECT MAX(rowid) FROM claim_groups),
       (SELECT TOTAL(similarity) FROM group_members), (SELECT TOTAL(tone) FROM claim_framing),
       (SELECT COUNT(*) FROM claim_framing), (SELECT TOTAL(score) FROM framing),
       (SELECT MAX(rowid) FROM framing), (SELECT COUNT(*) FROM discrepancies)
"""


def data_version(store: Store) -> tuple:
    """A tuple that changes when the analysis in `store` changes (one fast read query)."""
    row = store.query(_VERSION_SQL)[0]
    return tuple(row)
