"""Write the analysis as CSV files analysts open in a spreadsheet or load in pandas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

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


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula (article text is untrusted) get a
    leading apostrophe, as OWASP advises for CSV exports; numbers are left as they are."""
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if not pd.api.types.is_string_dtype(s.dtype):  # numbers, booleans: never touched
            continue
        texts = s.astype("string")  # vectorised: the dashboard builds these files on every rerun
        risky = texts.str.startswith(FORMULA_START, na=False).astype(bool)
        if risky.any():  # only real strings: a number inside an object column stays a number
            risky[risky] = s[risky].map(lambda v: isinstance(v, str))
            fixed = s.copy()
            fixed[risky] = ("'" + texts[risky]).astype(object)
            out[col] = fixed
    return out


def _csv(frame: pd.DataFrame, columns: list[str]) -> bytes:
    return neutralize_formulas(frame.reindex(columns=columns)).to_csv(index=False).encode("utf-8")


def aligned_csv(results: Results) -> bytes:
    """aligned_claims.csv for the given (possibly filtered) results; the dashboard offers this."""
    return _csv(results.aligned, ALIGNED_COLUMNS)


def framing_csv(results: Results) -> bytes:
    return _csv(results.framing, FRAMING_COLUMNS)


def discrepancies_csv(results: Results) -> bytes:
    return _csv(results.discrepancies, DISCREPANCY_COLUMNS)


def write_outputs(store: Store, out_dir: str | Path, results: Results | None = None) -> list[Path]:
    """Write every CSV of the analysis to `out_dir`; return the paths written."""
    from stance.store.analysis import load_results
    from stance.store.claims import claims_frame

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    results = results if results is not None else load_results(store)
    written = []
    for name, blob in (("articles.csv", _csv(results.articles, ARTICLE_COLUMNS)),
                       ("claims.csv", _csv(claims_frame(store), CLAIM_COLUMNS)),
                       ("events.csv", _csv(results.events, EVENT_COLUMNS)),
                       ("aligned_claims.csv", aligned_csv(results)),
                       ("framing.csv", framing_csv(results)),
                       ("discrepancies.csv", discrepancies_csv(results))):
        path = out / name
        path.write_bytes(blob)
        written.append(path)
    return written
