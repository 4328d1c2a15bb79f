"""All database access lives in this package: `db` opens and migrates, the other modules read
and write one kind of record each. SQL is parameterized everywhere."""

from stance.store.db import Store, open_store

__all__ = ["Store", "open_store"]
