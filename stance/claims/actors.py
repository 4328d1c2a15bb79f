"""Entity list for speakers: the conflict's sides, canonical names, aliases and nationality rules.

Why a list and not only NER: analysts need "Sergey Lavrov", "Lavrov" and "Sergei Lavrov" to be one
speaker with one side, and they must be able to correct or extend that without code. The shipped
list (`stance/data/actors.toml`) is merged with an optional analyst file (`actors_path`); NER only
fills in people the list does not know (see attribution.py). The sides themselves are data too
(`sides = [...]`), so another conflict needs an actors file, not a code change.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from stance.errors import SettingsError
from stance.text.normalize import normalize_text


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str  # person | institution | outlet (a news organisation: Xinhua, TASS)
    side: str = ""
    country: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Nationality:
    words: tuple[str, ...]
    adjective: str
    side: str
    country: str = ""
    adjectives: tuple[str, ...] = ()  # words of `words` that qualify a noun ("Chinese officials")


def _norm(s: str) -> str:
    return normalize_text(s)


class Actors:
    """Immutable lookups over actors and nationality rules."""

    def __init__(self, actors: list[Actor], nationalities: list[Nationality],
                 sides: tuple[str, ...] = ()) -> None:
        self.actors = tuple(actors)
        self.nationalities = tuple(nationalities)
        self.sides = tuple(sides)
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

    def word_sides(self) -> dict[str, str]:
        """Every actor name, alias and nationality word, case-folded ("u.s", "white house"), ->
        its side: the table the alignment guard reads a claim's subject from."""
        out: dict[str, str] = {}
        words = [(w, a.side) for a in self.actors for w in (a.name, *a.aliases)]
        words += [(w, n.side) for n in self.nationalities for w in n.words]
        for w, side in words:
            if side:
                out.setdefault(word_key(w), side)
        return out

    def adjective_words(self) -> frozenset[str]:
        """Nationality adjectives, case-folded: they name a side only when they qualify a title
        or a person ("Chinese Foreign Minister Wang"), not a group ("Chinese troops")."""
        return frozenset(word_key(w) for n in self.nationalities for w in n.adjectives)

    def side_of(self, speaker: str) -> str:
        """Side of a normalized speaker: the actor list first, then nationality words."""
        if not speaker:
            return ""
        actor = self.get(speaker) or self.find(speaker)
        if actor and actor.side:
            return actor.side
        nat = self.nationality(speaker)
        return nat.side if nat else ""


def word_key(word: str) -> str:
    """A name as a lookup key: case-folded, outer full stops and apostrophes dropped."""
    return " ".join(_norm(word).casefold().split()).strip(".'")


def _word_union(keys) -> re.Pattern | None:
    keys = sorted(keys, key=len, reverse=True)
    if not keys:
        return None
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w])")


def _check_side(side: str, where: str, sides: tuple[str, ...]) -> str:
    if side and side not in sides:
        raise SettingsError(f"unknown side {side!r} in {where}",
                            hint=f"Use one of {', '.join(sides)}, or declare it in `sides = [...]`.")
    return side


def _sides(data: dict, source: str, base: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The sides a file declares, after the ones already known (an analyst's file may add sides)."""
    declared = data.get("sides", [])
    if not isinstance(declared, list) or not all(isinstance(s, str) and s.strip() for s in declared):
        raise SettingsError("`sides` must be a list of names", source=source,
                            hint='Write it as sides = ["A", "B", "other"].')
    if not base and not declared:
        raise SettingsError("the actors file declares no sides", source=source,
                            hint='Add a line such as sides = ["A", "B", "other"].')
    return tuple(dict.fromkeys([*base, *(s.strip() for s in declared)]))


def _parse(data: dict, source: str, sides: tuple[str, ...]) -> tuple[list[Actor], list[Nationality]]:
    actors: list[Actor] = []
    for kind in ("person", "institution", "outlet"):
        for e in data.get(kind, []) or []:
            if not isinstance(e, dict) or not str(e.get("name", "")).strip():
                raise SettingsError(f"a [[{kind}]] entry has no name", source=source,
                                    hint="Give every entry a `name = \"...\"` line.")
            actors.append(Actor(name=str(e["name"]).strip(), kind=kind,
                                side=_check_side(str(e.get("side", "")), f"{source} ({e['name']})", sides),
                                country=str(e.get("country", "")),
                                aliases=tuple(str(a) for a in e.get("aliases", []) or [])))
    nats = []
    for e in data.get("nationality", []) or []:
        words = tuple(str(w) for w in e.get("words", []) or [])
        adjectives = tuple(str(w) for w in e.get("adjectives", []) or [])
        if set(adjectives) - set(words):
            raise SettingsError(f"nationality adjectives {sorted(set(adjectives) - set(words))} are not "
                                "among its words", source=source, hint="List every adjective in `words` too.")
        nats.append(Nationality(words=words, adjective=str(e.get("adjective", "")),
                                side=_check_side(str(e.get("side", "")), f"{source} (nationality)", sides),
                                country=str(e.get("country", "")), adjectives=adjectives))
    return actors, nats


def _read(text: str, source: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"actors file is not valid TOML ({exc})", source=source,
                            hint="Fix the line named above.") from exc


@lru_cache(maxsize=8)
def _load_cached(extra_path: str, mtime: float) -> Actors:
    base = _read(resources.files("stance").joinpath("data", "actors.toml").read_text(encoding="utf-8"),
                 "actors.toml")
    sides = _sides(base, "actors.toml")
    extra: dict = {}
    if extra_path:
        p = Path(extra_path)
        extra = _read(p.read_text(encoding="utf-8"), str(p))
        sides = _sides(extra, str(p), sides)
    actors, nats = _parse(base, "actors.toml", sides)
    if extra_path:
        extra_actors, extra_nats = _parse(extra, extra_path, sides)
        replaced = {a.name.casefold() for a in extra_actors}
        actors = extra_actors + [a for a in actors if a.name.casefold() not in replaced]
        nats = extra_nats + nats
    return Actors(actors, nats, sides)


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


def known_sides(actors_path: str | Path = "") -> tuple[str, ...]:
    """The sides of the conflict, in the order the actors data declares them (shipped file first,
    then any side an analyst's file adds)."""
    return load_actors(actors_path).sides
