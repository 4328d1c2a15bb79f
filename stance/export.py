"""Write the analysis as CSV files analysts open in a spreadsheet or load in pandas.

Article text is untrusted, and a spreadsheet runs a cell that starts like a formula. The rule of
what counts as such a start (`starts_formula`) lives here and only here; the annotation export
(`stance.annotate.transfer`) uses it too.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from functools import cache
from pathlib import Path

import pandas as pd

from stance.errors import OutputError
from stance.files import write_atomic
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

# Every CSV of the analysis and its columns, in the order they are written and offered.
OUTPUT_COLUMNS: dict[str, list[str]] = {
    "aligned_claims.csv": ALIGNED_COLUMNS, "articles.csv": ARTICLE_COLUMNS, "claims.csv": CLAIM_COLUMNS,
    "events.csv": EVENT_COLUMNS, "framing.csv": FRAMING_COLUMNS, "discrepancies.csv": DISCREPANCY_COLUMNS,
}
OUTPUT_FILES = tuple(OUTPUT_COLUMNS)

# A cell is run as a formula (or a DDE call) when its first visible character is one of these,
# or a look-alike that folds to one under Unicode compatibility (full-width "＝", small "﹦",
# superscript "⁺", ...): spreadsheets in East Asian locales accept the full-width forms, and
# several trim leading spaces first. Tab and carriage return are OWASP's two control starts.
FORMULA_CHARS = frozenset("=+-@|")
CONTROL_START = ("\t", "\r", "\n")
# leading characters a spreadsheet may drop before reading the first one: spaces of any kind
# and invisible format characters (zero-width space and joiners, word joiner, byte-order mark)
_LEADING = re.compile(r"^[\s\u200b-\u200f\u2060-\u2064\ufeff]+")


@cache
def _is_formula_char(ch: str) -> bool:
    return unicodedata.normalize("NFKC", ch)[:1] in FORMULA_CHARS


def starts_formula(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula: a control start, or a first
    visible character that is (or folds to) one of FORMULA_CHARS."""
    if text.startswith(CONTROL_START):
        return True
    head = _LEADING.sub("", text, count=1)
    return bool(head) and _is_formula_char(head[0])


def _risky(texts: pd.Series) -> pd.Series:
    """`starts_formula` over a string Series, checking each distinct first character once (the
    dashboard builds these files on every rerun)."""
    control = texts.str.startswith(CONTROL_START, na=False).astype(bool)
    first = texts.str.replace(_LEADING, "", n=1, regex=True).str[:1]
    bad = [c for c in first.dropna().unique() if c and _is_formula_char(c)]
    return control | first.isin(bad).fillna(False).astype(bool)


def neutralize_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula (`starts_formula`) get a leading
    apostrophe, as OWASP advises for CSV exports; numbers are left as they are."""
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if not pd.api.types.is_string_dtype(s.dtype):  # numbers, booleans: never touched
            continue
        texts = s.astype("string")
        risky = _risky(texts)
        if risky.any():  # only real strings: a number inside an object column stays a number
            risky[risky] = s[risky].map(lambda v: isinstance(v, str))
            fixed = s.copy()
            fixed[risky] = ("'" + texts[risky]).astype(object)
            out[col] = fixed
    return out


def csv_bytes(frame: pd.DataFrame, columns: list[str]) -> bytes:
    """RFC 4180 CSV (CRLF rows): with "\n" rows a cell holding a bare carriage return is written
    unquoted and splits its row in two when the file is read back."""
    return neutralize_formulas(frame.reindex(columns=columns)).to_csv(
        index=False, lineterminator="\r\n").encode("utf-8")


def aligned_csv(results: Results) -> bytes:
    """aligned_claims.csv for the given (possibly filtered) results; the dashboard offers this."""
    return csv_bytes(results.aligned, ALIGNED_COLUMNS)


def framing_csv(results: Results) -> bytes:
    return csv_bytes(results.framing, FRAMING_COLUMNS)


def discrepancies_csv(results: Results) -> bytes:
    return csv_bytes(results.discrepancies, DISCREPANCY_COLUMNS)


def claims_of(store: Store, results: Results) -> pd.DataFrame:
    """claims.csv rows (CLAIM_COLUMNS, as `stance.store.claims.claims_frame` gives them) of the
    claims in `results.aligned`: the claims of the current filter."""
    from stance.store.claims import load_claims

    aligned = results.aligned
    ids = set(aligned["claim_id"])
    rows = [c.row() for c in load_claims(store, aligned["article_id"].unique()) if c.claim_id in ids]
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


def output_files(results: Results, claims: pd.DataFrame) -> dict[str, bytes]:
    """Every CSV of the analysis (OUTPUT_FILES, in that order) over `results` and `claims` (a
    claims.csv frame): what `stance analyze --out` writes and the dashboard serves."""
    blobs = {"aligned_claims.csv": aligned_csv(results),
             "articles.csv": csv_bytes(results.articles, ARTICLE_COLUMNS),
             "claims.csv": csv_bytes(claims, CLAIM_COLUMNS),
             "events.csv": csv_bytes(results.events, EVENT_COLUMNS),
             "framing.csv": framing_csv(results),
             "discrepancies.csv": discrepancies_csv(results)}
    return {name: blobs[name] for name in OUTPUT_FILES}


def prepare_out_dir(out_dir: str | Path) -> Path:
    """The output folder, created when missing and checked writable, so a bad `--out` is
    refused before an analysis runs rather than after it."""
    out = Path(out_dir)
    hint = "Give --out a folder (it is created when missing) or move the file away."
    if out.exists() and not out.is_dir():
        raise OutputError("is a file, not a folder", source=str(out), hint=hint)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        raise OutputError(f"cannot write to this folder ({exc.strerror or exc})", source=str(out),
                          hint="Check the path and its permissions, or choose another --out.") from exc
    return out


def write_file(path: Path, blob: bytes) -> Path:
    """Write `blob` to `path` whole (a temporary file renamed over it), or raise OutputError."""
    try:
        write_atomic(path, blob)
    except OSError as exc:
        raise OutputError(f"cannot write the file ({exc.strerror or exc})", source=str(path),
                          hint="Check the folder's permissions and free space.") from exc
    return path


def write_outputs(store: Store, out_dir: str | Path, results: Results | None = None) -> list[Path]:
    """Write every CSV of the analysis to `out_dir`; return the paths written."""
    from stance.store.analysis import load_results
    from stance.store.claims import claims_frame

    out = prepare_out_dir(out_dir)
    results = results if results is not None else load_results(store)
    blobs = output_files(results, claims_frame(store))
    return [write_file(out / name, blob) for name, blob in blobs.items()]
