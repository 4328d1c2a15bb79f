"""Outlet registry: who an outlet is (type, country, state affiliation, side) and how to spot it.

The registry is data (`stance/data/outlets.toml`), extended by the analyst's own TOML file
(`settings.registry_path`). Detection reads page cues and structured credits only, never bare
mentions: "the Chinese foreign ministry said" in a Reuters story must not make the ministry the
outlet, while "BEIJING (Reuters) -", "Source: Xinhua News Agency", a byline "AFP" or a footer
"Copyright Beijing Review" are credits a human reader would trust too.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

from stance.errors import SettingsError
from stance.schema import OUTLET_TYPES
from stance.text.datelines import find_dateline
from stance.text.normalize import normalize_text, normalize_text_lines

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


@dataclass(frozen=True)
class Detection:
    """Outcome of detection with the evidence for each choice (shown to analysts)."""

    outlet: str = ""
    publisher: str = ""
    outlet_cue: str = ""
    publisher_cue: str = ""
    publisher_guess: str = ""  # owner named by a copyright footer but absent from the registry


def alias_key(name: str) -> str:
    """Spelling-blind key: "Al-Ahed", "al ahed" and "ALAHED" all become "alahed"."""
    return re.sub(r"[^0-9a-z\u0080-\uffff]+", "", normalize_text(name).casefold())


# credits that name the reporting organization in a structured place of the page
_SOURCE_CREDIT = re.compile(r"(?:^|[\s\u00b7|])(?:Source|Sources|Credit|From)\s*:\s*(?P<who>[^|\u00b7\n]{2,60})",
                            re.M | re.I)
_BYLINE_CREDIT = re.compile(r"^(?:By|Written by|Reported by)\s*:?\s+(?:[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}\s*[,|/-]\s*)?"
                            r"(?P<who>[A-Z][\w .'&-]{1,40})\s*$", re.M | re.I)
_COPYRIGHT_OWNER = re.compile(r"(?:copyright|\u00a9|\(c\))\s*(?:\u00a9\s*)?(?:\d{4}\s*[-\u2013]?\s*(?:\d{4})?\s*)?"
                              r"(?P<who>[A-Za-z][\w .'&-]{1,60})", re.I)


_CAPTION_CREDIT = re.compile(r"\w+(?:\s+\S+){3,}\s+[-|]\s*(?:copyright|\u00a9)", re.I)  # "... talks - Copyright AFP"
_OWNER_BEFORE = re.compile(r"^(?P<who>[A-Z][\w .'&-]{1,50}?)\s*(?:\u00a9|\(c\)|copyright)", re.I)
_OWNER_NOISE = re.compile(r"\b(?:all rights reserved|ltd|limited|inc|llc|plc|gmbh|s\.a|co)\b\.?.*$", re.I)


def _owner_name(raw: str) -> str:
    """Clean an unregistered copyright owner: "Northwind Dispatch Ltd. All rights..." -> name."""
    name = _OWNER_NOISE.sub("", raw).strip(" .,-|")
    return name if 2 <= len(name) <= 50 and len(name.split()) <= 6 else ""


class Registry:
    """Immutable lookup over outlets: canonical names, info, and detection from page text."""

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

    def _cue_index(self, get) -> tuple[re.Pattern | None, dict[str, OutletInfo]]:
        owners: dict[str, OutletInfo] = {}
        for o in self.outlets:
            for cue in get(o):
                owners.setdefault(normalize_text(cue).casefold(), o)
        if not owners:
            return None, owners
        alts = sorted(owners, key=len, reverse=True)
        return re.compile("|".join(re.escape(c) for c in alts)), owners

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
        host = (urlparse(url).hostname or "").lower() if url else ""
        if not host:
            return None
        for dom, o in self._domains:
            if host == dom or host.endswith("." + dom):
                return o
        return None

    # -- detection -------------------------------------------------------------------------
    def detect(self, text: str, url: str = "", title: str = "") -> tuple[str, str]:
        """(outlet, publisher) of a page; "" for what cannot be told."""
        d = self.detection(text, url, title)
        return d.outlet, d.publisher

    def detection(self, text: str, url: str = "", title: str = "") -> Detection:
        norm = normalize_text_lines(text)
        folded = norm.casefold()
        publisher, pub_cue, guess = self._detect_publisher(norm, folded, url)
        outlet, out_cue = self._detect_credit(norm, folded)
        if not outlet and title:
            m = re.search(r"[|\u2013\u2014-]\s*([^|\u2013\u2014-]{2,40})$", title)
            o = self.info(m.group(1)) if m else None
            if o is not None:  # "Headline - Xinhua" style page titles
                outlet, out_cue = o.name, f"title suffix {m.group(1).strip()!r}"
        if not outlet and publisher:
            outlet, out_cue = publisher, f"no other credit; publisher ({pub_cue})"
        return Detection(outlet, publisher, out_cue, pub_cue, guess)

    def _detect_publisher(self, norm: str, folded: str, url: str) -> tuple[str, str, str]:
        """(publisher, evidence, unregistered copyright owner)."""
        o = self.from_url(url)
        if o is not None:
            return o.name, f"domain of {url}", ""
        pat, owners = self._site_cues
        if pat is not None:
            m = pat.search(folded)
            if m:
                return owners[m.group(0)].name, f"site cue {m.group(0)!r}", ""
        pat, owners = self._page_cues
        if pat is not None:
            hits: dict[str, set[str]] = {}
            for m in pat.finditer(folded):
                hits.setdefault(owners[m.group(0)].name, set()).add(m.group(0))
            for name, found in sorted(hits.items(), key=lambda kv: -len(kv[1])):
                need = min(3, len(self.info(name).page_cues))
                if len(found) >= need:
                    return name, f"page template cues {sorted(found)}", ""
        wire = guess = ""
        wire_cue = ""
        for line in norm.split("\n"):
            # a site footer, not a photo credit ("... - Copyright AFP STR" ends a caption)
            low = line.casefold()
            if not (low.startswith(("copyright", "\u00a9", "(c)")) or "all rights reserved" in low
                    or (len(line.split()) <= 12 and ("copyright" in low or "\u00a9" in line))) \
                    or _CAPTION_CREDIT.search(line):
                continue
            for m in _COPYRIGHT_OWNER.finditer(line):
                o = self.lookup_prefix(m.group("who"))
                if o is None:
                    guess = guess or _owner_name(m.group("who"))
                elif o.type == "wire":  # a wire's notice on syndicated copy credits the content
                    wire, wire_cue = wire or o.name, wire_cue or m.group(0).strip()
                else:
                    return o.name, f"copyright line {m.group(0).strip()!r}", ""
            m = _OWNER_BEFORE.match(line)  # "Lakeside Courier (c) 2024 | Privacy"
            if m and not guess:
                o = self.lookup_prefix(m.group("who"))
                if o is not None and o.type != "wire":
                    return o.name, f"copyright line {line.strip()!r}", ""
                guess = _owner_name(m.group("who")) if o is None else guess
        if guess:
            return "", "", guess
        if wire:
            return wire, f"copyright line {wire_cue!r}", ""
        return "", "", ""

    def _detect_credit(self, norm: str, folded: str) -> tuple[str, str]:
        """The outlet credited for the reporting, strongest evidence first."""
        head = norm[:4000]
        for line in head.split("\n"):
            d = find_dateline(line)
            o = self.info(d.credit) if d and d.credit else None
            if o is not None:
                return o.name, f"dateline credit {d.text!r}"
        for m in _SOURCE_CREDIT.finditer(head):
            o = self.lookup_prefix(m.group("who"))
            if o is not None:
                return o.name, f"source line {m.group(0).strip()!r}"
        pat, owners = self._credit_cues
        if pat is not None:
            counts: dict[str, int] = {}
            first: dict[str, str] = {}
            for m in pat.finditer(folded):
                name = owners[m.group(0)].name
                counts[name] = counts.get(name, 0) + 1
                first.setdefault(name, m.group(0))
            if counts:
                name = max(counts, key=lambda n: counts[n])
                return name, f"credit cue {first[name]!r}"
        # a line that is only an outlet's name, or a byline naming one, near the top
        lines = head.split("\n")[:60]
        for line in lines:
            s = line.strip()
            if 2 <= len(s) <= 40:
                o = self.info(s)
                if o is not None and o.type in ("wire", "state media", "ministry"):
                    return o.name, f"credit line {s!r}"
        for m in _BYLINE_CREDIT.finditer(head):
            o = self.info(m.group("who"))
            if o is not None:
                return o.name, f"byline {m.group(0).strip()!r}"
        return "", ""


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
