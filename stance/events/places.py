"""Countries, demonyms and cities (`stance/data/places.toml`, extended by an analyst's file):
where a report says a meeting took place, and which country a person is introduced as
representing ("Ukrainian Foreign Minister ...", "China's top diplomat ...").

World knowledge is data: the events stage asks this module and never names a place itself.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from stance.errors import SettingsError

SHIPPED = "places.toml"
# a city is a meeting place when one of these words comes shortly before it in its sentence
# ("talks in Geneva", "at the Geneva Climate Forum", "visit to Hanoi", "in Kenya's Mombasa",
# "on the sidelines of a Geneva forum"); a dateline or "Lviv's mayor" names no
# meeting place
_MEETING_CUE = re.compile(r"\b(?:in|at|to|visit(?:s|ed|ing)?|arriv(?:e|es|ed|ing)|outside|near"
                          r"|(?:sidelines?|margins?|side)\s+of)\b"
                          r"(?:\s+[\w'\u2019.,-]+){0,5}\s*$", re.IGNORECASE)
_CUE_CHARS = 60  # how far before a city the cue is looked for
_SAINT = re.compile(r"^(?:st\.?|saint)\s+", re.IGNORECASE)


def place_key(name: str) -> str:
    """Comparable form of a place name: case-folded, "St."/"Saint" as "st", no "the"."""
    s = " ".join(name.replace("\u2019", "'").split()).casefold()
    s = re.sub(r"^the\s+", "", s).strip(".,; ")
    return _SAINT.sub("st ", s)


@dataclass(frozen=True)
class Places:
    """Lookups over the gazetteer: city -> (display name, country), country names and
    demonyms -> country."""

    city_country: dict[str, tuple[str, str]]  # place_key(city) -> (city as written in the file, country)
    country_names: dict[str, str]  # place_key(name or alias) -> country
    demonyms: dict[str, str]  # place_key(adjective or body) -> country
    _city_re: re.Pattern

    def country_of(self, name: str) -> str:
        """The country a city or country name is in ('' when unknown)."""
        key = place_key(name)
        if key in self.city_country:
            return self.city_country[key][1]
        return self.country_names.get(key, "")

    def city(self, name: str) -> tuple[str, str] | None:
        """(display name, country) of a known city."""
        return self.city_country.get(place_key(name))

    def nation(self, word: str) -> str:
        """Country named by a demonym, a country name or a body that stands for it
        ("Ukrainian", "U.S.", "China", "White House"), or ''."""
        key = place_key(word)
        return self.demonyms.get(key) or self.country_names.get(key, "")

    def meeting_cities(self, text: str) -> list[tuple[str, str]]:
        """(city, country) of every known city `text` names as a meeting place, in order: after
        "in/at/to/visit" within its sentence, capitalised, not possessive ("Kyiv's war")."""
        out = []
        for m in self._city_re.finditer(text):
            word = m.group(0)
            if not word[:1].isupper() or text[m.end():m.end() + 2] in ("'s", "\u2019s"):
                continue
            before = text[max(0, m.start() - _CUE_CHARS):m.start()]
            before = re.split(r"[.!?;:]\s|\n", before)[-1]  # its own sentence or line
            if _MEETING_CUE.search(before):
                found = self.city(word)
                if found:
                    out.append(found)
        return out


def _variants(city: str) -> list[str]:
    if _SAINT.match(city):
        rest = _SAINT.sub("", city)
        return [f"St {rest}", f"St. {rest}", f"Saint {rest}"]
    return [city]


def _read(text: str, source: str) -> dict:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"places file is not valid TOML ({exc})", source=source,
                            hint="Fix the line named above.") from exc
    countries = data.get("country", {})
    if not isinstance(countries, dict):
        raise SettingsError("places file needs a [country] table", source=source,
                            hint='Write one line per country: "Name" = { demonyms = [...], cities = [...] }.')
    for name, entry in countries.items():
        if not isinstance(entry, dict) or not all(
                isinstance(entry.get(k, []), list) and all(isinstance(w, str) for w in entry.get(k, []))
                for k in ("aliases", "demonyms", "bodies", "cities")):
            raise SettingsError(f"country {name!r}: aliases, demonyms, bodies and cities must be "
                                "lists of names",
                                source=source, hint='Write e.g. cities = ["Vienna", "Salzburg"].')
    return countries


@lru_cache(maxsize=8)
def _load_cached(extra_path: str, mtime: float) -> Places:
    countries = _read(resources.files("stance").joinpath("data", SHIPPED).read_text(encoding="utf-8"),
                      SHIPPED)
    if extra_path:
        p = Path(extra_path)
        try:
            extra = _read(p.read_text(encoding="utf-8"), str(p))
        except OSError as exc:
            raise SettingsError(f"cannot read the places file ({exc})", source=str(p),
                                hint="Check places_path or remove it to use the shipped file.") from exc
        for name, entry in extra.items():
            base = countries.setdefault(name, {})
            for k in ("aliases", "demonyms", "bodies", "cities"):
                base[k] = [*base.get(k, []), *entry.get(k, [])]
    city_country: dict[str, tuple[str, str]] = {}
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for name, entry in countries.items():
        for alias in (name, *entry.get("aliases", [])):
            names[place_key(alias)] = name
        for d in (*entry.get("demonyms", []), *entry.get("bodies", [])):
            demonyms[place_key(d)] = name
        for city in entry.get("cities", []):
            for v in _variants(city):
                city_country.setdefault(place_key(v), (_variants(city)[0], name))
    written = sorted({v for entry in countries.values() for c in entry.get("cities", [])
                      for v in _variants(c)}, key=len, reverse=True)
    pattern = r"(?<![\w.])(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in written) + r")(?![\w])"
    return Places(city_country, names, demonyms, re.compile(pattern, re.IGNORECASE))


def load_places(extra_path: str | Path = "") -> Places:
    """The shipped gazetteer merged with an analyst's TOML file (its entries are added)."""
    extra = str(extra_path or "")
    mtime = Path(extra).stat().st_mtime if extra and Path(extra).exists() else 0.0
    if extra and not mtime:
        raise SettingsError("places file not found", source=extra,
                            hint="Check places_path or remove it to use the shipped file.")
    return _load_cached(extra, mtime)
