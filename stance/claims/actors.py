"""Entity list for speakers: canonical names, aliases, sides, and nationality rules.

Why a list and not only NER: analysts need "Sergey Lavrov", "Lavrov" and "SergeyLavrov" to be one
speaker with one side, and they must be able to correct or extend that without code. The shipped
list (`stance/data/actors.toml`) is merged with an optional analyst file; NER only fills in people
the list does not know (see attribution.py).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from stance.errors import SettingsError
from stance.schema import SIDES
from stance.text.normalize import normalize_text


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str  # person | institution
    side: str = ""
    country: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Nationality:
    words: tuple[str, ...]
    adjective: str
    side: str
    country: str = ""


def _norm(s: str) -> str:
    return normalize_text(s)


class Actors:
    """Immutable lookups over actors and nationality rules."""

    def __init__(self, actors: list[Actor], nationalities: list[Nationality]) -> None:
        self.actors = tuple(actors)
        self.nationalities = tuple(nationalities)
        self._by_alias: dict[str, Actor] = {}
        for a in self.actors:
            for alias in (a.name, *a.aliases):
                self._by_alias.setdefault(_norm(alias), a)
        self._by_name = {a.name.casefold(): a for a in self.actors}
        self._alias_re = _word_union(self._by_alias)
        self._memo: dict[str, list[tuple[int, int, Actor]]] = {}  # text -> mentions (bounded)
        self._nat_by_word: dict[str, Nationality] = {}
        for n in self.nationalities:
            for w in n.words:
                self._nat_by_word.setdefault(_norm(w), n)
        self._nat_re = _word_union(self._nat_by_word)

    # -- actors ----------------------------------------------------------------------------
    def mentions(self, text: str) -> list[tuple[int, int, Actor]]:
        """Every actor mention in `text` (normalized quotes), left to right, longest alias wins."""
        if self._alias_re is None:
            return []
        hit = self._memo.get(text)
        if hit is None:
            if len(self._memo) > 20000:
                self._memo.clear()
            hit = [(m.start(), m.end(), self._by_alias[m.group(0)])
                   for m in self._alias_re.finditer(_norm(text))]
            self._memo[text] = hit
        return list(hit)

    def find(self, phrase: str) -> Actor | None:
        """The actor a speaker phrase names; a person beats an institution ("Kremlin spokesman
        Dmitry Peskov" is Peskov), otherwise the first mention."""
        found = [a for _, _, a in self.mentions(phrase)]
        people = [a for a in found if a.kind == "person"]
        return (people or found or [None])[0]

    def get(self, name: str) -> Actor | None:
        return self._by_name.get(name.casefold()) or self._by_alias.get(_norm(name))

    # -- nationality -----------------------------------------------------------------------
    def nationality(self, phrase: str) -> Nationality | None:
        """First nationality word in the phrase ("Chinese foreign ministry" -> Chinese)."""
        if self._nat_re is None:
            return None
        m = self._nat_re.search(_norm(phrase))
        return self._nat_by_word[m.group(0)] if m else None

    def adjective_for_country(self, country: str) -> str:
        for n in self.nationalities:
            if n.country and n.country.casefold() == country.casefold() and n.adjective:
                return n.adjective
        return ""

    def side_of(self, speaker: str) -> str:
        """Side of a normalized speaker: the actor list first, then nationality words."""
        if not speaker:
            return ""
        actor = self.get(speaker) or self.find(speaker)
        if actor and actor.side:
            return actor.side
        nat = self.nationality(speaker)
        return nat.side if nat else ""


def _word_union(keys) -> re.Pattern | None:
    keys = sorted(keys, key=len, reverse=True)
    if not keys:
        return None
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w])")


def _check_side(side: str, where: str) -> str:
    if side and side not in SIDES:
        raise SettingsError(f"unknown side {side!r} in {where}", hint=f"Use one of {', '.join(SIDES)}.")
    return side


def _parse(data: dict, source: str) -> tuple[list[Actor], list[Nationality]]:
    actors: list[Actor] = []
    for kind in ("person", "institution"):
        for e in data.get(kind, []) or []:
            if not isinstance(e, dict) or not str(e.get("name", "")).strip():
                raise SettingsError(f"a [[{kind}]] entry has no name", source=source,
                                    hint="Give every entry a `name = \"...\"` line.")
            actors.append(Actor(name=str(e["name"]).strip(), kind=kind,
                                side=_check_side(str(e.get("side", "")), f"{source} ({e['name']})"),
                                country=str(e.get("country", "")),
                                aliases=tuple(str(a) for a in e.get("aliases", []) or [])))
    nats = [Nationality(words=tuple(str(w) for w in e.get("words", []) or []),
                        adjective=str(e.get("adjective", "")),
                        side=_check_side(str(e.get("side", "")), f"{source} (nationality)"),
                        country=str(e.get("country", "")))
            for e in data.get("nationality", []) or []]
    return actors, nats


def _read(text: str, source: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"actors file is not valid TOML ({exc})", source=source,
                            hint="Fix the line named above.") from exc


@lru_cache(maxsize=8)
def _load_cached(extra_path: str, mtime: float) -> Actors:
    base = resources.files("stance").joinpath("data", "actors.toml").read_text(encoding="utf-8")
    actors, nats = _parse(_read(base, "actors.toml"), "actors.toml")
    if extra_path:
        p = Path(extra_path)
        extra_actors, extra_nats = _parse(_read(p.read_text(encoding="utf-8"), str(p)), str(p))
        replaced = {a.name.casefold() for a in extra_actors}
        actors = extra_actors + [a for a in actors if a.name.casefold() not in replaced]
        nats = extra_nats + nats
    return Actors(actors, nats)


def load_actors(extra_path: str | Path = "") -> Actors:
    """Shipped actors merged with an analyst's TOML file (its entries win on the same name)."""
    extra = str(extra_path or "")
    mtime = 0.0
    if extra:
        p = Path(extra)
        if not p.exists():
            raise SettingsError("actors file not found", source=extra, hint="Check the path.")
        mtime = p.stat().st_mtime
    return _load_cached(extra, mtime)
