"""Move labels (columns schema.ANNOTATION_COLUMNS) and corrections of the events
(schema.CORRECTION_COLUMNS) between installs as CSV.

Import is all-or-nothing: every row is checked first (columns, annotator, item type, label,
item id, time, duplicates) and the rows go in as ONE transaction, so a bad file writes nothing.
Rows already stored with the same content are skipped, so re-importing a file is harmless, also
when several imports of the same file run at once (the check is repeated inside the write lock).

Notes and names are typed by people, so a cell may start like a spreadsheet formula: export
writes such a cell with a leading apostrophe (`stance.export.starts_formula` decides), and a
cell that already starts with one gets a second; import removes exactly that one apostrophe, so
a file re-imports to the same rows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from stance.errors import AnnotationError
from stance.export import starts_formula
from stance.schema import ANNOTATION_COLUMNS, CORRECTION_COLUMNS, Correction, split_ids
from stance.store import annotations as sa
from stance.store.annotations import Annotation
from stance.store.corrections import all_corrections, check_correction, insert_corrections, known_articles
from stance.store.db import Store

REQUIRED_COLUMNS = ANNOTATION_COLUMNS[:8]  # prediction and adjudicated may be absent
MAX_LISTED = 5


QUOTE = "'"


def escape_cell(value: object) -> object:
    """A text cell as written to the CSV: an apostrophe before a formula start, and before a
    leading apostrophe (so `unescape_cell` can tell the two apart); other values as they are."""
    if isinstance(value, str) and (value.startswith(QUOTE) or starts_formula(value)):
        return QUOTE + value
    return value


def unescape_cell(text: str) -> str:
    """The inverse of `escape_cell`: drops the one apostrophe export added. A cell it did not
    add (a file written by hand or by an older version) is kept as it is."""
    if text.startswith(QUOTE) and (text[1:].startswith(QUOTE) or starts_formula(text[1:])):
        return text[1:]
    return text


def csv_text(columns: list[str], rows: list[dict[str, object]]) -> str:
    """The CSV text of `rows` under `columns`, typed cells escaped (`escape_cell`)."""
    buf = io.StringIO(newline="")
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\r\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: escape_cell(v) for k, v in row.items()})
    return buf.getvalue()


def _write_csv(out: str | Path, columns: list[str], rows: list[dict[str, object]]) -> int:
    """Write rows (typed cells escaped) to the file `out`; returns the number of rows."""
    out = Path(out)
    if out.is_dir():
        raise AnnotationError("is a folder, not a file", source=str(out),
                              hint="Give --out a file name such as labels.csv.")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8", newline="") as fh:
            fh.write(csv_text(columns, rows))
    except OSError as exc:
        raise AnnotationError(f"cannot write the file ({exc.strerror or exc})", source=str(out),
                              hint="Check the path and its permissions.") from exc
    return len(rows)


def export_csv(store: Store, out: str | Path) -> int:
    """Write every stored annotation; returns the number of rows."""
    return _write_csv(out, ANNOTATION_COLUMNS, [a.row() for a in sa.all_annotations(store)])


@dataclass(frozen=True)
class ImportReport:
    inserted: int
    already_present: int
    sessions_created: int


def _parse_time(s: str) -> bool:
    try:
        datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip() for h in (reader.fieldnames or [])]
            rows = list(reader)
    except FileNotFoundError as exc:
        raise AnnotationError("no such file", source=str(path), hint="Check the path.") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise AnnotationError(f"not a readable UTF-8 CSV file ({exc})", source=str(path),
                              hint="Export it again with `stance annotations export`.") from exc
    return header, rows


def parse_import(store: Store, path: str | Path) -> tuple[list[Annotation], int]:
    """Validate a CSV file against the store; returns (new rows, rows already stored)."""
    path = Path(path)
    header, rows = _read_rows(path)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in ANNOTATION_COLUMNS]
    if missing or unknown:
        parts = ([f"missing column(s) {', '.join(missing)}"] if missing else []) + (
            [f"unknown column(s) {', '.join(unknown)}"] if unknown else [])
        raise AnnotationError("; ".join(parts), source=str(path),
                              hint=f"The columns are: {', '.join(ANNOTATION_COLUMNS)}.")
    problems: list[str] = []
    anns: list[tuple[int, Annotation]] = []
    seen: dict[tuple[str, ...], int] = {}
    for line, raw in enumerate(rows, start=2):  # line 1 is the header
        r = {k.strip(): unescape_cell((v or "").strip() if k != "note" else (v or ""))
             for k, v in raw.items() if k is not None}
        if None in raw:
            problems.append(f"row {line}: more fields than columns")
            continue
        msg = _row_problem(r)
        if msg:
            problems.append(f"row {line}: {msg}")
            continue
        ann = Annotation(r["annotator"], r["session_id"], r["item_type"], r["item_id"],
                         r["label"], r.get("value", ""), r.get("note", ""), r["created_at"],
                         r.get("prediction", ""), int(r.get("adjudicated") or 0))
        key = (ann.annotator, ann.session_id, ann.item_type, ann.item_id, ann.created_at)
        if key in seen:
            problems.append(f"row {line}: duplicate of row {seen[key]} (same annotator, "
                            "session, item and time)")
            continue
        seen[key] = line
        anns.append((line, ann))
    by_type: dict[str, set[str]] = {}
    for _, a in anns:
        by_type.setdefault(a.item_type, set()).add(a.item_id)
    known = {t: sa.existing_item_ids(store, t, ids) for t, ids in by_type.items()}
    stored = sa.existing_keys(store)
    new: list[Annotation] = []
    present = 0
    for line, a in anns:
        if a.item_id not in known[a.item_type]:
            problems.append(f"row {line}: unknown {a.item_type} item {a.item_id!r} in this "
                            "database")
            continue
        old = stored.get((a.annotator, a.session_id, a.item_type, a.item_id, a.created_at))
        if old is None:
            new.append(a)
        elif old == a:
            present += 1
        else:
            problems.append(f"row {line}: conflicts with a stored annotation of the same "
                            "annotator, session, item and time")
    if problems:
        more = f" (and {len(problems) - MAX_LISTED} more)" if len(problems) > MAX_LISTED else ""
        raise AnnotationError(f"{len(problems)} bad row(s), nothing imported: "
                              + "; ".join(problems[:MAX_LISTED]) + more, source=str(path),
                              hint="Fix these rows (or analyze the same articles first) and "
                              "import again")
    return new, present


def _row_problem(r: dict[str, str]) -> str:
    if not r.get("annotator"):
        return "empty annotator name"
    if not r.get("session_id"):
        return "empty session_id"
    t = r.get("item_type", "")
    if t not in sa.LABEL_SETS:
        return f"unknown item_type {t!r} (use one of: {', '.join(sa.ITEM_TYPES)})"
    if not r.get("item_id"):
        return "empty item_id"
    allowed = sa.allowed_labels(t)
    if r.get("label") not in allowed:
        return f"label {r.get('label')!r} is not allowed for {t} items (use one of: " \
               f"{', '.join(allowed)})"
    if not r.get("created_at") or not _parse_time(r["created_at"]):
        return f"created_at {r.get('created_at')!r} is not an ISO time"
    if r.get("adjudicated", "") not in ("", "0", "1"):
        return f"adjudicated {r['adjudicated']!r} must be 0 or 1"
    return ""


def import_csv(store: Store, path: str | Path) -> ImportReport:
    """Validate then write all new rows in one transaction. Another import may have stored
    some of them since they were validated: those are counted as already present, and a row
    that now conflicts with a stored one rolls the whole import back with one message."""
    new, present = parse_import(store, path)
    spans: dict[str, tuple[str, str, str]] = {}
    for a in new:
        name, lo, hi = spans.get(a.session_id, (a.annotator, a.created_at, a.created_at))
        spans[a.session_id] = (name, min(lo, a.created_at), max(hi, a.created_at))
    sessions = [(sid, name, lo, hi) for sid, (name, lo, hi) in sorted(spans.items())]
    if not new:
        return ImportReport(0, present, 0)
    try:
        added = sa.insert_annotations(store, new, sessions)
    except AnnotationError as exc:
        raise AnnotationError(f"{exc.message}; nothing imported", source=str(path),
                              hint=exc.hint) from exc
    return ImportReport(added.annotations, present + len(new) - added.annotations,
                        added.sessions)


# --- corrections of the events ------------------------------------------------------------


def export_corrections_csv(store: Store, out: str | Path) -> int:
    """Write every stored correction of the events (CORRECTION_COLUMNS; ids joined by spaces)."""
    return _write_csv(out, CORRECTION_COLUMNS, [c.row() for c in all_corrections(store)])


def corrections_csv_bytes(store: Store) -> bytes:
    """The file `export_corrections_csv` writes, as bytes (the dashboard's download)."""
    return csv_text(CORRECTION_COLUMNS, [c.row() for c in all_corrections(store)]).encode("utf-8")


def is_corrections_file(path: str | Path) -> bool:
    """True when a CSV file's header is that of `export_corrections_csv` (so one import command
    takes either file)."""
    header, _ = _read_rows(Path(path))
    return "kind" in header and "article_ids" in header


def import_corrections_csv(store: Store, path: str | Path) -> ImportReport:
    """Validate every row, then write the new ones in one transaction: all or none. A row must
    name at least one article stored here (analyze the same articles first); a stored identical
    row is counted as already present."""
    path = Path(path)
    header, rows = _read_rows(path)
    missing = [c for c in CORRECTION_COLUMNS if c not in header]
    if missing:
        raise AnnotationError(f"missing column(s) {', '.join(missing)}", source=str(path),
                              hint=f"The columns are: {', '.join(CORRECTION_COLUMNS)}.")
    problems: list[str] = []
    parsed: list[tuple[int, Correction]] = []
    for line, raw in enumerate(rows, start=2):
        if None in raw:
            problems.append(f"row {line}: more fields than columns")
            continue
        r = {k.strip(): unescape_cell(v or "") for k, v in raw.items()}
        c = Correction(r["analyst"].strip(), r["created_at"].strip(), r["kind"].strip(),
                       tuple(split_ids(r["article_ids"])), tuple(split_ids(r["target_ids"])),
                       r["label"], r["note"])
        why = check_correction(c) or ("" if _parse_time(c.created_at)
                                      else f"created_at {c.created_at!r} is not an ISO time")
        if why:
            problems.append(f"row {line}: {why}")
        else:
            parsed.append((line, c))
    stored = known_articles(store, (a for _, c in parsed for a in (*c.article_ids, *c.target_ids)))
    problems += [f"row {line}: none of its articles is in this database" for line, c in parsed
                 if not any(a in stored for a in c.article_ids)]
    if problems:
        more = f" (and {len(problems) - MAX_LISTED} more)" if len(problems) > MAX_LISTED else ""
        raise AnnotationError(f"{len(problems)} bad row(s), nothing imported: "
                              + "; ".join(problems[:MAX_LISTED]) + more, source=str(path),
                              hint="Fix these rows (or analyze the same articles first) and import again")
    try:
        new = insert_corrections(store, [c for _, c in parsed])
    except AnnotationError as exc:
        raise AnnotationError(f"{exc.message}; nothing imported", source=str(path), hint=exc.hint) from exc
    return ImportReport(new, len(parsed) - new, 0)
