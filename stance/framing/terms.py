"""Analyst-editable lexicon of contested terms, tone targets and background cues.

The lexicon is TOML shipped as package data (`stance/data/lexicon.toml`); an extra file is merged
over it so analysts add or replace concepts without code. Validation happens here, where the
file enters: a syntax error or an unknown field raises `LexiconError` naming the file and line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from stance.errors import LexiconError

CONCEPT_FIELDS = {"description", "anchor", "window", "anaphora", "lookback", "terms"}
TERM_FIELDS = {"term", "patterns", "needs_anchor"}
TARGET_FIELDS = {"aliases"}
BACKGROUND_FIELDS = {"other_time", "meeting"}
TOP_FIELDS = {"version", "concepts", "targets", "background"}
TERM_SEP = "|"  # several terms of one concept in one claim are joined with this


@dataclass(frozen=True)
class Term:
    term: str
    patterns: tuple[re.Pattern[str], ...]
    needs_anchor: bool = False


@dataclass(frozen=True)
class Concept:
    name: str
    description: str
    terms: tuple[Term, ...]
    anchor: re.Pattern[str] | None = None
    window: int = 3
    anaphora: re.Pattern[str] | None = None
    lookback: int = 2
    any_term: re.Pattern[str] | None = None  # union of all term patterns: a cheap first test


@dataclass(frozen=True)
class Lexicon:
    concepts: tuple[Concept, ...]
    targets: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    other_time: tuple[re.Pattern[str], ...] = ()
    meeting: tuple[re.Pattern[str], ...] = ()
    sources: tuple[str, ...] = ()

    def concept(self, name: str) -> Concept:
        for c in self.concepts:
            if c.name == name:
                return c
        raise KeyError(name)


# --- loading and validation ---------------------------------------------------------------


def _line_of(text: str, table: str, key: str) -> int:
    """1-based line of `key = ...` inside the table whose header names `table` (0 if unknown)."""
    current = ""
    header = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    for no, line in enumerate(text.splitlines(), start=1):
        m = header.match(line)
        if m:
            current = m.group(1).replace('"', "").replace("'", "")
            continue
        if current == table and re.match(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return no
    for no, line in enumerate(text.splitlines(), start=1):  # dotted keys or inline tables
        if re.search(rf"(^|[\s.{{,])[\"']?{re.escape(key)}[\"']?\s*=", line):
            return no
    return 0


def _fail(source: str, text: str, table: str, key: str, message: str, hint: str) -> LexiconError:
    line = _line_of(text, table, key)
    where = f"{source}, line {line}" if line else source
    return LexiconError(message, source=where, hint=hint)


def _compile(source: str, text: str, table: str, key: str, pattern: Any) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise _fail(source, text, table, key, f"{key!r} must hold non-empty strings",
                    "Write each pattern as a quoted regular expression.")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise _fail(source, text, table, key, f"pattern {pattern!r} is not a valid regular expression ({exc})",
                    "Fix the pattern (use '''...''' literal strings for backslashes).") from exc


def _check_fields(source: str, text: str, table: str, data: dict, allowed: set[str]) -> None:
    for key in data:
        if key not in allowed:
            raise _fail(source, text, table, key, f"unknown field {key!r} in [{table}]",
                        f"Known fields: {', '.join(sorted(allowed))}.")


def _patterns(source: str, text: str, table: str, key: str, raw: Any) -> tuple[re.Pattern[str], ...]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not items:
        raise _fail(source, text, table, key, f"{key!r} must be a list of patterns",
                    'Write it as key = ["pattern", ...].')
    return tuple(_compile(source, text, table, key, p) for p in items)


def _int(source: str, text: str, table: str, key: str, raw: Any) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
        raise _fail(source, text, table, key, f"{key!r} must be a non-negative integer",
                    "Write a whole number such as 3.")
    return raw


def _parse_concept(source: str, text: str, name: str, data: Any) -> Concept:
    table = f"concepts.{name}"
    if not isinstance(data, dict):
        raise _fail(source, text, "", name, f"concept {name!r} must be a table", f"Write it as [{table}].")
    _check_fields(source, text, table, data, CONCEPT_FIELDS)
    raw_terms = data.get("terms", [])
    if not isinstance(raw_terms, list) or not raw_terms:
        raise _fail(source, text, table, "description", f"concept {name!r} has no terms",
                    f"Add at least one [[{table}.terms]] table with term and patterns.")
    terms: list[Term] = []
    term_table = f"{table}.terms"
    for raw in raw_terms:
        if not isinstance(raw, dict):
            raise _fail(source, text, table, "terms", "terms must be tables", f"Use [[{term_table}]].")
        _check_fields(source, text, term_table, raw, TERM_FIELDS)
        if not isinstance(raw.get("term"), str) or not raw["term"].strip():
            raise _fail(source, text, term_table, "patterns", f"a term of {name!r} has no 'term' label",
                        'Add term = "label" to the table.')
        if "patterns" not in raw:
            raise _fail(source, text, term_table, "term", f"term {raw['term']!r} has no patterns",
                        'Add patterns = ["regex", ...].')
        terms.append(Term(raw["term"].strip(), _patterns(source, text, term_table, "patterns", raw["patterns"]),
                          bool(raw.get("needs_anchor", False))))
    anchor = _compile(source, text, table, "anchor", data["anchor"]) if "anchor" in data else None
    if any(t.needs_anchor for t in terms) and anchor is None:
        raise _fail(source, text, table, "description", f"concept {name!r} has needs_anchor terms but no anchor",
                    "Add anchor = 'regex naming the topic'.")
    anaphora = _compile(source, text, table, "anaphora", data["anaphora"]) if "anaphora" in data else None
    union = re.compile("|".join(f"(?:{p.pattern})" for t in terms for p in t.patterns), re.IGNORECASE)
    return Concept(
        name=name, description=str(data.get("description", "")), terms=tuple(terms), anchor=anchor,
        any_term=union,
        window=_int(source, text, table, "window", data.get("window", 3)), anaphora=anaphora,
        lookback=_int(source, text, table, "lookback", data.get("lookback", 2)),
    )


def _parse(source: str, text: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = m.group(1) if m else ""
        if not line and "end of document" in str(exc):  # unterminated value: report the last line
            lines = [i for i, ln in enumerate(text.splitlines(), start=1) if ln.strip()]
            line = str(lines[-1]) if lines else "1"
        where = f"{source}, line {line}" if line else source
        raise LexiconError(f"lexicon is not valid TOML ({exc})", source=where,
                           hint="Fix the syntax on that line (quotes, brackets, commas).") from exc
    _check_fields(source, text, "", data, TOP_FIELDS)
    for section, allowed in (("targets", None), ("background", BACKGROUND_FIELDS)):
        part = data.get(section, {})
        if not isinstance(part, dict):
            raise _fail(source, text, "", section, f"{section!r} must be a table", f"Write it as [{section}].")
        if allowed:
            _check_fields(source, text, section, part, allowed)
        else:
            for tname, tdata in part.items():
                if not isinstance(tdata, dict):
                    raise _fail(source, text, section, tname, f"target {tname!r} must be a table",
                                f"Write it as [targets.{tname}] with aliases = [...].")
                _check_fields(source, text, f"targets.{tname}", tdata, TARGET_FIELDS)
    if not isinstance(data.get("concepts", {}), dict):
        raise _fail(source, text, "", "concepts", "'concepts' must be a table", "Write [concepts.<name>].")
    return data


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LexiconError("lexicon file not found", source=str(path), hint="Check the lexicon_path setting.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"cannot read lexicon ({exc})", source=str(path),
                           hint="Save it as UTF-8 text.") from exc


def load_lexicon(extra_path: str = "") -> Lexicon:
    """The shipped lexicon, with `extra_path` (if given) merged over it concept by concept.

    A concept, target or background list in the extra file replaces the shipped one of the same
    name; new names are added. Raises LexiconError(file, line) on bad input.
    """
    shipped = resources.files("stance").joinpath("data/lexicon.toml")
    layers = [("stance/data/lexicon.toml", shipped.read_text(encoding="utf-8"))]
    if extra_path:
        layers.append((str(extra_path), _read(Path(extra_path))))
    concepts: dict[str, Concept] = {}
    targets: dict[str, tuple[re.Pattern[str], ...]] = {}
    background: dict[str, tuple[re.Pattern[str], ...]] = {}
    for source, text in layers:
        data = _parse(source, text)
        for name, cdata in data.get("concepts", {}).items():
            concepts[name] = _parse_concept(source, text, name, cdata)
        for tname, tdata in data.get("targets", {}).items():
            targets[tname] = _patterns(source, text, f"targets.{tname}", "aliases", tdata.get("aliases", []))
        for key, raw in data.get("background", {}).items():
            background[key] = _patterns(source, text, "background", key, raw)
    return Lexicon(
        concepts=tuple(concepts.values()), targets=targets,
        other_time=background.get("other_time", ()), meeting=background.get("meeting", ()),
        sources=tuple(s for s, _ in layers),
    )


# --- matching -----------------------------------------------------------------------------

_WORD = re.compile(r"[\w'-]+")


def _words_between(text: str, a: tuple[int, int], b: tuple[int, int]) -> int:
    """Words strictly between two character spans (0 when adjacent or overlapping)."""
    lo, hi = (a[1], b[0]) if a[0] <= b[0] else (b[1], a[0])
    return len(_WORD.findall(text[lo:hi])) if hi > lo else 0


def _anchored(concept: Concept, text: str, span: tuple[int, int]) -> bool:
    assert concept.anchor is not None
    return any(_words_between(text, span, m.span()) <= concept.window for m in concept.anchor.finditer(text))


def _anaphoric(concept: Concept, text: str, span: tuple[int, int]) -> bool:
    """'the crisis': a determiner right before the term refers back to the concept."""
    if concept.anaphora is None:
        return False
    before = text[: span[0]].rstrip().split()
    return bool(before) and bool(concept.anaphora.fullmatch(before[-1].strip("\"'(")))


def _matches(concept: Concept, text: str, previous: Sequence[str]) -> list[tuple[int, str]]:
    """(position, term) of every term of `concept` in `text`, anchors and anaphora resolved."""
    found: list[tuple[int, str]] = []
    if concept.any_term is not None and not concept.any_term.search(text):
        return found
    established: bool | None = None  # computed only when an anaphoric candidate needs it
    for term in concept.terms:
        for pat in term.patterns:
            for m in pat.finditer(text):
                ok = not term.needs_anchor or _anchored(concept, text, m.span())
                if not ok and _anaphoric(concept, text, m.span()):
                    if established is None:
                        recent = list(previous)[-concept.lookback:] if concept.lookback else []
                        established = any(bool(_matches_strict(concept, p)) for p in recent)
                    ok = established
                if ok:
                    found.append((m.start(), term.term))
    return sorted(found)


def _matches_strict(concept: Concept, text: str) -> list[str]:
    """Terms named explicitly (anchor nearby or unambiguous), without anaphora."""
    out: list[str] = []
    if concept.any_term is not None and not concept.any_term.search(text):
        return out
    for term in concept.terms:
        for pat in term.patterns:
            for m in pat.finditer(text):
                if not term.needs_anchor or _anchored(concept, text, m.span()):
                    out.append(term.term)
    return out


def find_terms(text: str, lexicon: Lexicon, previous: Sequence[str] = ()) -> dict[str, str]:
    """concept -> chosen term(s) in `text`, in order of appearance, joined by TERM_SEP.

    `previous` are the article's preceding sentences (nearest last): they let "the crisis" count
    for a concept only when that concept was named explicitly just before.
    """
    out: dict[str, str] = {}
    for concept in lexicon.concepts:
        seen: list[str] = []
        for _, term in _matches(concept, text, previous):
            if term not in seen:
                seen.append(term)
        if seen:
            out[concept.name] = TERM_SEP.join(seen)
    return out


def split_terms(value: str) -> list[str]:
    """Inverse of the TERM_SEP join used in ClaimFraming.terms values."""
    return [t for t in value.split(TERM_SEP) if t]
