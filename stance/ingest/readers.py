"""Readers: turn paths (files, folders) and uploaded bytes into raw documents.

A raw document is decoded text (a page dump or HTML) plus whatever metadata its record carried.
Each unusable input becomes an `IngestError` whose message names the input and says what to do;
the caller turns it into a `Problem` and goes on with the other inputs.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from stance.errors import IngestError

KINDS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
}
# record fields we understand, with the names common exports use for them
FIELD_ALIASES = {
    "text": ("text", "body", "content", "article", "article_text", "maintext"),
    "html": ("html", "raw_html", "page_html"),
    "url": ("url", "link", "href", "canonical_url"),
    "title": ("title", "headline"),
    "published": ("published", "date", "published_at", "pubdate", "publish_date", "date_publish", "datetime"),
    "outlet": ("outlet", "agency", "news_outlet"),
    "publisher": ("publisher", "site", "site_name", "sitename"),
    "language": ("language", "lang"),
}
_MAGIC = [(b"%PDF", "a PDF"), (b"PK\x03\x04", "a ZIP/Office document"), (b"\x89PNG", "a PNG image"),
          (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"), (b"\x1f\x8b", "a gzip archive"),
          (b"SQLite format 3", "an SQLite database"), (b"\x7fELF", "a program")]
_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
# control codes that are never story text (a stray NUL from a copy, an escape from a terminal):
# the ones Python reads as white space (tabs, line, page and record breaks) are not among them,
# as a text's lines depend on them. Many in a file's head make it binary; a few are removed.
_CONTROL_CODES = [c for c in [*range(32), 127] if not chr(c).isspace()]
_CONTROL_BYTES = bytes(_CONTROL_CODES)
_CONTROL_CHARS = dict.fromkeys(_CONTROL_CODES)
BINARY_CONTROL_SHARE = 0.05  # share of control bytes in a file's head that makes it binary, not text
_LATIN = ("cp1252", "latin_1", "iso8859_15")
_WORD = re.compile(r"\w+")
WESTERN_BONUS = 0.1  # chaos (charset-normalizer) a clean Western reading may exceed a rival by


@dataclass(frozen=True)
class RawDoc:
    source: str  # file name, file#record, or URL
    text: str  # decoded page text or HTML
    kind: str  # "text" | "html"
    meta: dict = field(default_factory=dict)
    warnings: tuple[str, ...] = ()  # caveats of reading it (e.g. the encoding guessed)


def kind_of(name: str) -> str:
    return KINDS.get(Path(name).suffix.lower(), "")


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | IngestError]:
    """Files to read, in a stable order: folders are walked recursively, hidden files skipped."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for p in paths:
        p = Path(p)
        if p.is_dir():
            n = 0
            for f in sorted(x for x in p.rglob("*") if x.is_file()):
                if any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                n += 1
                yield f if kind_of(f.name) else IngestError(
                    f"unsupported file type {f.suffix or '(none)'!r}", source=str(f),
                    hint="Export it as .txt, .html, .json, .jsonl or .csv, or move it out of the folder.")
            if n == 0:
                yield IngestError("folder holds no files to ingest (hidden files are ignored)", source=str(p),
                                  hint="Put .txt, .html, .json, .jsonl or .csv files in it, or check the path.")
        elif p.is_file():
            yield p if kind_of(p.name) else IngestError(
                f"unsupported file type {p.suffix or '(none)'!r}", source=str(p),
                hint="Export it as .txt, .html, .json, .jsonl or .csv.")
        else:
            yield IngestError("no such file or folder", source=str(p), hint="Check the path.")


def check_size(n_bytes: int, source: str, max_mb: float) -> None:
    if n_bytes > max_mb * 1024 * 1024:
        raise IngestError(f"file is {n_bytes / 1048576:.1f} MB, above the {max_mb:g} MB limit", source=source,
                          hint="Split it into smaller files (one article per file or a JSONL per batch) "
                               "or raise the max_file_mb setting.")


def decode(data: bytes, source: str) -> str:
    """Bytes to text (see `decode_with_note`)."""
    return decode_with_note(data, source)[0]


def _utf16_without_bom(head: bytes) -> str:
    """"utf-16-le"/"utf-16-be" when every other byte is NUL, as in UTF-16 text of a Latin
    script saved without a byte-order mark; "" otherwise."""
    pairs = len(head) // 2
    if pairs < 8:
        return ""
    odd = sum(1 for i in range(1, 2 * pairs, 2) if head[i] == 0)
    even = sum(1 for i in range(0, 2 * pairs, 2) if head[i] == 0)
    if odd >= 0.4 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.4 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return ""


def _odd_words(text: str) -> int:
    """Words a wrong code page makes: ASCII letters mixed with letters beyond the Latin blocks
    ("匜ys嶪": a Western page read as a CJK code page), or a non-ASCII symbol or digit between
    letters ("by³y": a Central European page read as Western)."""
    n = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        has_ascii = any(c.isascii() and c.isalpha() for c in word)
        foreign = any(c.isalpha() and ord(c) > 0x24F and not 0x1E00 <= ord(c) <= 0x1EFF for c in word)
        inner = word.strip("0123456789_")
        symbol = any(not c.isascii() and not c.isalpha() for c in inner)
        n += (has_ascii and foreign) or symbol
    return n


def _legacy(data: bytes, source: str) -> tuple[str, str]:
    """Decode a file that is not UTF-8: charset-normalizer's candidates plus the Western code
    pages, the one with the fewest odd words (`_odd_words`) and control characters, then the
    least chaos (charset-normalizer's measure; a clean Western reading gets WESTERN_BONUS),
    Western first. Short English or French texts with a few accented letters are otherwise read
    as Big5 or GB18030 ("Élysée" -> "匜ys嶪")."""
    from charset_normalizer import from_bytes  # local import: only legacy encodings need it

    sample = data[:262144]
    chaos = {m.encoding: m.chaos for m in from_bytes(sample)}
    for m in from_bytes(sample, cp_isolation=list(_LATIN)):  # measured even when not proposed
        chaos.setdefault(m.encoding, m.chaos)
    scored = []
    for order, (enc, ch) in enumerate(sorted(chaos.items(), key=lambda kv: (kv[0] not in _LATIN, kv[1]))):
        try:
            text = sample.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        controls = sum(1 for c in text if unicodedata.category(c) in ("Cc", "Co", "Cn") and c not in "\t\n\r\f")
        # a Western code page whose accented letters are all Western European ones (U+00C0-00FF)
        # wins over a Baltic or Central European reading that is only a little less chaotic
        western = enc in _LATIN and all(0xC0 <= ord(c) <= 0xFF for c in text if c.isalpha() and not c.isascii())
        scored.append((_odd_words(text) + controls, ch - (WESTERN_BONUS if western else 0.0), order, enc))
    if not scored:
        raise IngestError("unreadable text encoding (not UTF-8 and no known encoding fits)", source=source,
                          hint="Re-export the file as UTF-8.")
    scored.sort()
    bad, ch, _, enc = scored[0]
    ch = max(ch, 0.0)
    if bad > max(2, 0.02 * len(_WORD.findall(sample.decode(enc)))) or ch > 0.3:
        raise IngestError(f"unreadable text encoding (best guess {enc} gives garbled text)", source=source,
                          hint="Re-export the file as UTF-8.")
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        raise IngestError(f"unreadable text encoding ({enc}: {exc})", source=source,
                          hint="Re-export the file as UTF-8.") from exc
    rivals = [e for b, c, _, e in scored[1:] if b == 0 and c - ch <= 0.01 and data.decode(e, "replace") != text]
    doubt = f"; {', '.join(rivals[:3])} would read differently" if rivals else ""
    return text, (f"not UTF-8: read as {enc} (guessed from the bytes{doubt}); check letters "
                  "outside ASCII, or re-export the file as UTF-8")


def decode_with_note(data: bytes, source: str) -> tuple[str, str]:
    """(text, note): BOMs, UTF-16 without a BOM, UTF-8, then a guessed legacy code page; the note
    is "" for an unambiguous read, else one line naming the encoding chosen. Binary files and
    text that no encoding reads cleanly are refused with an IngestError."""
    if not data.strip():
        raise IngestError("empty file: nothing to ingest", source=source,
                          hint="Check the export or remove the file.")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), ""
            except UnicodeDecodeError as exc:
                raise IngestError(f"broken {enc} text ({exc.reason})", source=source,
                                  hint="Re-export the file as UTF-8.") from exc
    head = data[:8192]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise IngestError(f"binary file (looks like {what}), not text", source=source,
                              hint="Export the article as .txt or .html first.")
    wide = _utf16_without_bom(head)
    if wide:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError:
            text = ""
        if text and "\x00" not in text:
            return text, f"no byte-order mark: read as {wide.upper()}"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > BINARY_CONTROL_SHARE * len(head):
        raise IngestError("binary file, not text", source=source, hint="Export the article as .txt or .html first.")
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    return _legacy(data, source)


def looks_like_html(text: str) -> bool:
    """A page saved with the wrong extension, or a record whose text field holds markup."""
    head = text.lstrip()[:300].casefold()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        head.startswith("<") and ("</p>" in text[:20000].casefold() or "</div>" in text[:20000].casefold()))


def strip_controls(text: str) -> tuple[str, int]:
    """(text without stray control characters, how many were removed): white space stays."""
    clean = text.translate(_CONTROL_CHARS)
    return clean, len(text) - len(clean)


def controls_note(n: int) -> str:
    """The warning for `n` control characters removed from an input's text ("" for none)."""
    return (f"removed {n} control character{'s' if n != 1 else ''} (NUL or similar) from the text; "
            "check the export if letters look missing") if n else ""


def _body_field(name: str, value: object) -> str:
    """The article text of a record field: a string, or a list of strings (paragraphs, joined
    by blank lines). Anything else is refused, naming the field and what it holds."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n\n".join(v.strip() for v in value if v.strip())
    held = {bool: "true/false", int: "a number", float: "a number", dict: "an object",
            list: "a list that is not all text"}.get(type(value), type(value).__name__)
    raise ValueError(f"field {name!r} holds {held}, not the article's text")


def record_meta(rec: dict) -> dict:
    """Known fields of a record under their canonical names (text/html included: a string or a
    list of paragraph strings). Raises ValueError, naming the field, when the text or html
    field holds something else (a number, an object)."""
    low = {str(k).strip().casefold(): (str(k).strip(), v) for k, v in rec.items()}
    out: dict = {}
    for name, aliases in FIELD_ALIASES.items():
        for a in aliases:
            key, v = low.get(a, ("", None))
            if v in (None, "", []):
                continue
            if name in ("text", "html"):
                out[name] = _body_field(key, v)
                break
            if not isinstance(v, (dict, list)):
                out[name] = strip_controls(str(v))[0]
                break
    return out


def check_columns(header: list, source: str, what: str = "column") -> None:
    """One error for a CSV whose header (or records whose keys) name no text or html field, as
    every row would fail the same way: the names found and the ones expected, once."""
    names = [str(h).strip() for h in header if h is not None]
    body = FIELD_ALIASES["text"] + FIELD_ALIASES["html"]
    if {n.casefold() for n in names} & set(body):
        return
    shown = ", ".join(repr(n) for n in names[:12]) or "none"
    more = f" and {len(names) - 12} more" if len(names) > 12 else ""
    raise IngestError(f"no article text {what}: found {shown}{more}", source=source,
                      hint=f"Name the {what} holding the article {body[0]!r} (or one of "
                           f"{', '.join(repr(c) for c in body[1:])}); url, title, published and "
                           f"outlet {what}s are optional.")


def _check_record_keys(records: list, source: str) -> None:
    """`check_columns` for JSON/JSONL records: when no record names a text or html field."""
    keys: dict[str, None] = {}
    for _, rec in records[:1000]:
        if isinstance(rec, dict):
            keys.update(dict.fromkeys(str(k) for k in rec))
    if keys:
        check_columns(list(keys), source, what="field")


def _records_from_json(text: str, source: str) -> list:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(f"not valid JSON (line {exc.lineno}: {exc.msg})", source=source,
                          hint="Fix the file or save one JSON object per line as .jsonl.") from exc
    if isinstance(data, dict):
        for key in ("articles", "items", "records", "data"):
            if isinstance(data.get(key), list):
                return data[key]
        return [data]
    if isinstance(data, list):
        return data
    raise IngestError("JSON holds neither a record nor a list of records", source=source,
                      hint='Use {"text": ..., "url": ...} objects.')


def _raw_doc(source: str, text: str, kind: str, meta: dict | None = None) -> RawDoc:
    """A raw document with stray control characters removed, and a warning saying so."""
    text, n = strip_controls(text)
    note = controls_note(n)
    return RawDoc(source, text, kind, meta or {}, (note,) if note else ())


def docs_from_text(text: str, source: str, kind: str) -> Iterator[RawDoc | IngestError]:
    """Raw documents from the decoded content of one file of the given kind."""
    if kind in ("text", "html"):
        yield _raw_doc(source, text, "html" if kind == "text" and looks_like_html(text) else kind)
        return
    if kind == "jsonl":
        records: list = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                yield IngestError(f"line {n} is not valid JSON ({exc.msg})", source=source,
                                  hint="Fix or remove that line; the other lines were read.")
    elif kind == "json":
        records = list(enumerate(_records_from_json(text, source), 1))
    elif kind == "csv":
        csv.field_size_limit(1 << 30)
        reader = csv.DictReader(io.StringIO(text, newline=""))
        try:
            check_columns(reader.fieldnames or [], source)
            records = [(n, row) for n, row in enumerate(reader, 2)]  # n = line number in the file
        except csv.Error as exc:
            raise IngestError(f"not valid CSV ({exc})", source=source, hint="Re-export it as CSV with a header row.") from exc
    else:
        raise IngestError(f"unsupported kind {kind!r}", source=source, hint="Use .txt, .html, .json, .jsonl or .csv.")
    if kind != "csv":
        _check_record_keys(records, source)
    for n, rec in records:
        name = f"{source}#{n}"
        if not isinstance(rec, dict):
            yield IngestError("record is not an object", source=name, hint='Use {"text": ..., "url": ...}.')
            continue
        try:
            meta = record_meta(rec)
        except ValueError as exc:
            yield IngestError(str(exc), source=name,
                              hint="Give the article as a string (or a list of paragraph strings), or drop the record.")
            continue
        body, html = meta.pop("text", ""), meta.pop("html", "")
        if not body.strip() and not html.strip():
            yield IngestError("record has no text or html", source=name,
                              hint='Add a "text" (or "html") field with the article, or drop the record.')
            continue
        if html.strip() and not body.strip():
            yield _raw_doc(name, html, "html", meta)
        else:
            yield _raw_doc(name, body, "html" if looks_like_html(body) else "text", meta)


def read_bytes(data: bytes, filename: str, max_mb: float) -> Iterator[RawDoc | IngestError]:
    kind = kind_of(filename)
    if not kind:
        yield IngestError(f"unsupported file type {Path(filename).suffix or '(none)'!r}", source=filename,
                          hint="Use .txt, .html, .json, .jsonl or .csv.")
        return
    try:
        check_size(len(data), filename, max_mb)
        text, note = decode_with_note(data, filename)
    except IngestError as err:
        yield err
        return
    try:
        for doc in docs_from_text(text, filename, kind):
            yield replace(doc, warnings=(*doc.warnings, note)) if note and isinstance(doc, RawDoc) else doc
    except IngestError as err:
        yield err


def read_path(path: Path, max_mb: float) -> Iterator[RawDoc | IngestError]:
    source = str(path)
    try:
        check_size(path.stat().st_size, source, max_mb)
        data = path.read_bytes()
    except IngestError as err:
        yield err
        return
    except OSError as exc:
        yield IngestError(f"cannot read file ({exc.strerror})", source=source, hint="Check its permissions.")
        return
    yield from read_bytes(data, source, max_mb)


def iter_docs(paths: Iterable[str | Path], max_mb: float) -> Iterator[RawDoc | IngestError]:
    for item in expand_paths(paths):
        if isinstance(item, IngestError):
            yield item
        else:
            yield from read_path(item, max_mb)
