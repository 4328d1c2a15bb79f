"""Outlet registry: who an outlet is (type, country, state affiliation, side) and how to find it.

The registry is data (`stance/data/outlets.toml`), extended by the analyst's own TOML file
(`settings.registry_path`). It answers lookups: an outlet by any alias, by the domain of an
address, by the longest name opening a phrase, and the credit strings it may be spotted by.
Reading a page for credits and site names is `stance.ingest.outlets`' job: a page's credits
("BEIJING (Reuters) -", "Source: Xinhua") decide, never a bare mention.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from stance.errors import SettingsError
from stance.schema import OUTLET_TYPES
from stance.text.normalize import alias_key, normalize_text

_FIELDS = ("name", "aliases", "country", "type", "state_affiliated", "side", "domains", "cues",
           "site_cues", "page_cues")
_LIST_FIELDS = ("aliases", "domains", "cues", "site_cues", "page_cues")


@dataclass(frozen=True)
class OutletInfo:
    name: str
    aliases: tuple[str, ...] = ()
    country: str = ""
    type: str = "unknown"
    state_affiliated: bool = False
    side: str = "other"
    domains: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()  # strings that credit this outlet's reporting
    site_cues: tuple[str, ...] = ()  # strings from its own site template: name the publisher
    page_cues: tuple[str, ...] = ()  # weaker template strings: several together name the publisher


CueIndex = tuple[re.Pattern | None, dict[str, OutletInfo]]


class Registry:
    """Immutable lookup over outlets: canonical names, info, domains and cue strings."""

    def __init__(self, outlets: list[OutletInfo]) -> None:
        self.outlets: tuple[OutletInfo, ...] = tuple(outlets)
        self._by_key: dict[str, OutletInfo] = {}
        for o in self.outlets:
            for n in (o.name, *o.aliases, *o.domains):
                self._by_key.setdefault(alias_key(n), o)
        self._domains = sorted(((d.lower(), o) for o in self.outlets for d in o.domains),
                               key=lambda t: -len(t[0]))
        self._credit_cues = self._cue_index(lambda o: o.cues)
        self._site_cues = self._cue_index(lambda o: o.site_cues)
        self._page_cues = self._cue_index(lambda o: o.page_cues)

    def _cue_index(self, get) -> CueIndex:
        owners: dict[str, OutletInfo] = {}
        for o in self.outlets:
            for cue in get(o):
                owners.setdefault(normalize_text(cue).casefold(), o)
        if not owners:
            return None, owners
        alts = sorted(owners, key=len, reverse=True)
        return re.compile("|".join(re.escape(c) for c in alts)), owners

    def credit_cues(self) -> CueIndex:
        """(pattern over case-folded text, owner by cue) of strings crediting an outlet's reporting."""
        return self._credit_cues

    def site_cues(self) -> CueIndex:
        """Strings of a site's own template: any one names the publisher."""
        return self._site_cues

    def page_cues(self) -> CueIndex:
        """Weaker template strings: several together name the publisher."""
        return self._page_cues

    # -- lookups ---------------------------------------------------------------------------
    def info(self, name: str) -> OutletInfo | None:
        return self._by_key.get(alias_key(name)) if name else None

    def canonical(self, name: str) -> str:
        """Registry name for any alias; an unknown name is returned as given (stripped)."""
        o = self.info(name)
        return o.name if o else (name or "").strip()

    def lookup_prefix(self, phrase: str) -> OutletInfo | None:
        """Outlet whose name/alias is the longest leading part of `phrase` (e.g. a copyright
        owner "Beijing Review All rights reserved")."""
        words = normalize_text(phrase).split()
        for n in range(min(len(words), 8), 0, -1):
            o = self._by_key.get(alias_key(" ".join(words[:n])))
            if o is not None:
                return o
        return None

    def from_url(self, url: str) -> OutletInfo | None:
        """Outlet whose domain the address is on (subdomains included)."""
        from stance.ingest.sites import host_of

        host = host_of(url) if url else ""
        if not host:
            return None
        for dom, o in self._domains:
            if host == dom or host.endswith("." + dom):
                return o
        return None

    # -- detection -------------------------------------------------------------------------
    def detect(self, text: str, url: str = "", title: str = "") -> tuple[str, str]:
        """(outlet, publisher) of a page given as plain text; "" for what cannot be told."""
        d = self.detection(text, url, title)
        return d.outlet, d.publisher

    def detection(self, text: str, url: str = "", title: str = ""):
        """The `stance.ingest.outlets.Detection` of a page given as plain text."""
        from stance.ingest.outlets import identify_text

        return identify_text(text, url, title, self)


# -- loading -------------------------------------------------------------------------------

def _parse(data: dict, source: str, sides: tuple[str, ...]) -> list[dict]:
    entries = data.get("outlet", data.get("outlets", []))
    if not isinstance(entries, list):
        raise SettingsError("expected [[outlet]] tables", source=source,
                            hint="See stance/data/outlets.toml for the format.")
    out = []
    for i, e in enumerate(entries, 1):
        if not isinstance(e, dict) or not str(e.get("name", "")).strip():
            raise SettingsError(f"outlet entry {i} has no name", source=source,
                                hint="Give every [[outlet]] a name = \"...\".")
        unknown = set(e) - set(_FIELDS)
        if unknown:
            raise SettingsError(f"outlet {e['name']!r} has unknown field(s) {sorted(unknown)}", source=source,
                                hint=f"Known fields: {', '.join(_FIELDS)}.")
        if "type" in e and e["type"] not in OUTLET_TYPES:
            raise SettingsError(f"outlet {e['name']!r} has type {e['type']!r}", source=source,
                                hint=f"Use one of: {', '.join(OUTLET_TYPES)}.")
        if "side" in e and e["side"] not in sides:
            raise SettingsError(f"outlet {e['name']!r} has side {e['side']!r}", source=source,
                                hint=f"Use one of: {', '.join(sides)} (the sides the actors data declares).")
        for f in _LIST_FIELDS:
            if f in e and not (isinstance(e[f], list) and all(isinstance(x, str) for x in e[f])):
                raise SettingsError(f"outlet {e['name']!r}: {f} must be a list of strings", source=source,
                                    hint='Write it as ["a", "b"].')
        out.append(e)
    return out


def _read_toml(text: str, source: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"outlet registry is not valid TOML ({exc})", source=source,
                            hint="Fix the line named above.") from exc


def _merge(base: list[dict], extra: list[dict]) -> list[dict]:
    merged = [dict(e) for e in base]
    for e in extra:
        keys = {alias_key(e["name"]), *(alias_key(a) for a in e.get("aliases", []))}
        target = next((m for m in merged if alias_key(m["name"]) in keys), None)
        if target is None:
            merged.append(dict(e))
        else:
            target.update({k: v for k, v in e.items() if k != "name"})
    return merged


def _to_info(e: dict) -> OutletInfo:
    kw = {k: (tuple(e[k]) if k in _LIST_FIELDS else e[k]) for k in _FIELDS if k in e}
    kw["state_affiliated"] = bool(kw.get("state_affiliated", False))
    return OutletInfo(**kw)


@lru_cache(maxsize=8)
def _load_cached(extra_path: str, mtime: float, sides: tuple[str, ...]) -> Registry:
    shipped = resources.files("stance").joinpath("data", "outlets.toml").read_text(encoding="utf-8")
    entries = _parse(_read_toml(shipped, "stance/data/outlets.toml"), "stance/data/outlets.toml", sides)
    if extra_path:
        p = Path(extra_path)
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise SettingsError(f"cannot read outlet registry ({exc})", source=str(p),
                                hint="Check the registry_path setting.") from exc
        entries = _merge(entries, _parse(_read_toml(text, str(p)), str(p), sides))
    return Registry([_to_info(e) for e in entries])


def load_registry(extra_path: str = "", actors_path: str = "") -> Registry:
    """Shipped registry merged with the user's file; cached (re-read when the file changes).
    Outlet sides must be sides the actors data declares (shipped, plus `actors_path`'s)."""
    # the sides are declared once, in the actors data; its loader reads a TOML file and needs
    # nothing else of the claims stage
    from stance.claims.actors import known_sides

    mtime = 0.0
    if extra_path:
        try:
            mtime = os.stat(extra_path).st_mtime
        except OSError as exc:
            raise SettingsError("outlet registry file not found", source=extra_path,
                                hint="Check the registry_path setting.") from exc
    return _load_cached(extra_path, mtime, known_sides(actors_path))
