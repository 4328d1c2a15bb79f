"""Write the analysis as CSV files analysts open in a spreadsheet or load in pandas."""

from __future__ import annotations

from pathlib import Path

from stance.results import Results
from stance.schema import (
    ALIGNED_COLUMNS,
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    DISCREPANCY_COLUMNS,
    EVENT_COLUMNS,
    FRAMING_COLUMNS,
)
from stance.store.db import Store

OUTPUT_FILES = ("articles.csv", "claims.csv", "events.csv", "aligned_claims.csv", "framing.csv",
                "discrepancies.csv")


def aligned_csv(results: Results) -> bytes:
    """aligned_claims.csv for the given (possibly filtered) results; the dashboard offers this."""
    return results.aligned.reindex(columns=ALIGNED_COLUMNS).to_csv(index=False).encode("utf-8")


def framing_csv(results: Results) -> bytes:
    return results.framing.reindex(columns=FRAMING_COLUMNS).to_csv(index=False).encode("utf-8")


def discrepancies_csv(results: Results) -> bytes:
    return results.discrepancies.reindex(columns=DISCREPANCY_COLUMNS).to_csv(index=False).encode("utf-8")


def write_outputs(store: Store, out_dir: str | Path, results: Results | None = None) -> list[Path]:
    """Write every CSV of the analysis to `out_dir`; return the paths written."""
    from stance.store.analysis import load_results
    from stance.store.claims import claims_frame

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    results = results if results is not None else load_results(store)
    written = []
    tables = {
        "articles.csv": results.articles.reindex(columns=ARTICLE_COLUMNS),
        "claims.csv": claims_frame(store).reindex(columns=CLAIM_COLUMNS),
        "events.csv": results.events.reindex(columns=EVENT_COLUMNS),
    }
    for name, frame in tables.items():
        path = out / name
        frame.to_csv(path, index=False)
        written.append(path)
    for name, blob in (("aligned_claims.csv", aligned_csv(results)),
                       ("framing.csv", framing_csv(results)),
                       ("discrepancies.csv", discrepancies_csv(results))):
        path = out / name
        path.write_bytes(blob)
        written.append(path)
    return written
