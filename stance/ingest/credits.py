"""Credits: whose reporting a page carries (a wire, an agency, a government office).

A reader trusts a credit only where pages put credits: the dateline that opens the story
("BEIJING, May 16 (Xinhua) --", "(Bloomberg) -", "Munich, (APP - ...)"), a source or "From" line,
a byline or a line that is only an agency's name above or below the story ("By AFP", "Xinhua"),
a readout's title ("Readout of ..., the White House"), or a credit closing the story ("(Reuters/
Xinhua)", "- AFP", "AFP contributed reporting", "(Excerpts: Xinhua)"). A wire named inside a
sentence ("according to AFP") is a mention, and a photo credit ("PHOTO: REUTERS", "Pool via
REUTERS", "[File: X/Reuters]", "(Xinhua/Li Ming)") credits a picture, not the story: captions are
never read for credits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stance.text.datelines import find_dateline
from stance.text.dates import TIME, strip_dates
from stance.text.normalize import alias_key, normalize_text

if TYPE_CHECKING:
    from stance.ingest.registry import OutletInfo, Registry


@dataclass(frozen=True)
class PageParts:
    """The parts of a cleaned page that credits and site names are read from."""

    head: tuple[str, ...] = ()  # non-body lines above the story (title, stamps, bylines)
    body: tuple[str, ...] = ()  # story paragraphs
    tail: tuple[str, ...] = ()  # non-body lines below the story
    captions: frozenset[str] = frozenset()  # caption and photo-credit blocks: never credits

    def lines(self) -> list[str]:
        return [x for x in (*self.head, *self.body, *self.tail) if x not in self.captions]


@dataclass(frozen=True)
class Credit:
    name: str  # registry name, or the agency as written when the registry does not know it
    cue: str  # the evidence, shown to analysts


# "Source: Xinhua", "SOURCE: ukrinform.net", "Credit: AFP"
_SOURCE_LINE = re.compile(r"(?:^|[\s\u00b7|])(?:sources?|credit|courtesy)\s*:\s*(?P<who>[^|\u00b7\n]{2,80})", re.I)
# "From Harbor News Agency, May 3, 2025. Full text:"
_FROM_LINE = re.compile(r"^from\s+(?P<who>[A-Z][^\n]{1,80})", re.I)
# "By AFP", "By Jane Roe | AP", "By Jane Roe, Reuters", "By Xinhua |"
_BYLINE = re.compile(r"^by\s*:?\s+(?P<who>[^\n]{2,80}?)\s*[|,]?\s*$", re.I)
# a readout or statement reposted elsewhere names its government office in its title
_READOUT = re.compile(r"^(?:readout|statement|joint statement|press statement|remarks|transcript|press release)\b", re.I)
# credits closing a story
_END_PAREN = re.compile(r"\((?P<inner>[^()\n]{2,80})\)\s*\.?\s*$")
_END_DASH = re.compile(r"(?:^|\s)(?:--|[-\u2013\u2014\u2015])+\s*(?P<who>[A-Z][\w .&'-]{1,40}?)\s*\.?\s*$")
_CONTRIBUTED = re.compile(
    r"\b(?P<who>[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,3}) contributed(?: to)?(?: this)? (?:reporting|report|story)\b"
    r"|\b(?:additional reporting|with inputs?|inputs) (?:by|from) (?P<who2>[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,3})"
    r"|,\s*with (?P<who3>[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,2})\s*\.?\s*$")
_CREDIT_LABEL = re.compile(r"^(?:excerpts?|source|sources|via|with|with inputs from|inputs from|courtesy(?: of)?|"
                           r"text|story|report|agencies|agency)\s*:?\s*", re.I)
_COPYRIGHT = re.compile(r"(?:\u00a9|\(c\)|copyright)\s*(?:\u00a9\s*)?(?:\d{4}\s*[-\u2013]?\s*(?:\d{4})?\s*)?"
                        r"(?P<who>[A-Za-z][\w .'&-]{1,60})", re.I)
# a short credit line may carry a section label or a timestamp beside the name
_LINE_NOISE = re.compile(r"[|()\[\]:\u00b7,]+")
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}$")


def _known(registry: Registry, text: str, min_cover: float = 0.0) -> OutletInfo | None:
    """Registry outlet named at the start of `text` (its first words cover at least `min_cover`
    of them). A short name ("AP", "APP", "AA", "RT") counts only in capitals, so "app" or "Aa"
    in running text is no credit."""
    words = normalize_text(text).split()
    for n in range(min(len(words), 8), 0, -1):
        head = " ".join(words[:n]).strip(" .,;:|-")
        o = registry.info(head)
        if o is None:
            continue
        if (len(alias_key(head)) <= 4 and not head.isupper()) or n / max(1, len(words)) < min_cover:
            return None
        return o
    return None


def _named(registry: Registry, raw: str) -> Credit | None:
    """A credit naming `raw`: the registry's outlet, or an unknown agency written as an acronym
    ("TDI", "EFE" before it is registered)."""
    raw = raw.strip(" .,;:-")
    o = _known(registry, raw)
    if o is not None:
        return Credit(o.name, "")
    first = raw.split()[0] if raw.split() else ""
    if _ACRONYM.match(first) and len(raw.split()) <= 4:
        return Credit(first, "")
    return None


def dateline_credit(body: tuple[str, ...], registry: Registry) -> Credit | None:
    """The agency in the dateline of one of the first paragraphs, or in a credit bracket that opens
    the lead ("(MENAFN- Ukrinform)", "Munich, (APP - ...)")."""
    for para in body[:3]:
        d = find_dateline(para)
        if d and d.credit:
            c = _named(registry, d.credit) or Credit(d.credit.strip(), "")
            return Credit(c.name, f"dateline {d.text!r}")
        if d and d.place and d.text.startswith("("):  # "(Xinhua) The ..." names an agency, "(Munich)" a place
            o = _known(registry, d.place, min_cover=1.0)
            if o is not None:
                return Credit(o.name, f"dateline {d.text!r}")
        m = re.match(r"^\s*(?:[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2},\s*)?\((?P<inner>[^()]{2,90})\)", para)
        if m:
            first = re.split(r"\s*[-\u2013\u2014/|,]\s*", m["inner"].strip())[0]
            c = _named(registry, first)
            if c is not None:
                return Credit(c.name, f"lead credit {m.group(0).strip()!r}")
    return None


def _line_credit(line: str, registry: Registry) -> Credit | None:
    """A short line that is an agency's name, perhaps with a section label or a timestamp:
    "Xinhua", "Associated Press", "Anadolu Agency DIPLOMACY", "Xinhua) 16:40, June 19, 2023"."""
    core = _LINE_NOISE.sub(" ", TIME.sub(" ", strip_dates(line)))
    core = re.sub(r"\b(?:GMT|UTC|[A-Z]{2,4}T)(?:[+-]\d{1,2})?\b|\b\d+\b", " ", core)
    words = core.split()
    if not 1 <= len(words) <= 5:
        return None
    o = _known(registry, " ".join(words), min_cover=0.4)
    return Credit(o.name, f"credit line {line.strip()!r}") if o is not None else None


def _source_credit(line: str, registry: Registry) -> Credit | None:
    for m in _SOURCE_LINE.finditer(line):
        who = m["who"].strip()
        o = _known(registry, who)
        if o is None and re.match(r"^[\w-]+(?:\.[\w-]+)+$", who.split()[0] if who.split() else ""):
            o = registry.from_url("https://" + who.split()[0].rstrip("."))  # "Source: ukrinform.net"
        if o is not None:
            return Credit(o.name, f"source line {m.group(0).strip()!r}")
    m = _FROM_LINE.match(line)
    if m:
        o = _known(registry, m["who"])
        if o is not None:
            return Credit(o.name, f"source line {line.strip()[:60]!r}")
    return None


def _byline_credit(line: str, registry: Registry) -> Credit | None:
    m = _BYLINE.match(line.strip())
    if not m:
        return None
    parts = [p for p in re.split(r"\s*[|,/]\s*|\s+(?:and|for)\s+", m["who"]) if p.strip()]
    for part in reversed(parts):  # "By Jane Roe | AP": the organisation follows the person
        o = _known(registry, part, min_cover=0.6)
        if o is not None:
            return Credit(o.name, f"byline {line.strip()!r}")
    return None


def _readout_credit(line: str, registry: Registry) -> Credit | None:
    if not _READOUT.match(line.strip()):
        return None
    best: OutletInfo | None = None
    folded = normalize_text(line).casefold()
    for o in registry.outlets:
        if o.type != "ministry":
            continue
        for n in (o.name, *o.aliases):
            if len(n) >= 6 and re.search(r"\b" + re.escape(normalize_text(n).casefold()) + r"\b", folded):
                best = o if best is None or len(n) > len(best.name) else best
    return Credit(best.name, f"readout title {line.strip()[:60]!r}") if best is not None else None


def _end_credit(text: str, registry: Registry) -> Credit | None:
    """A credit closing a paragraph or standing after the story."""
    m = _END_PAREN.search(text)
    if m:
        inner = _CREDIT_LABEL.sub("", m["inner"].strip())
        for part in re.split(r"\s*[/,;]\s*|\s+and\s+", inner):
            o = _known(registry, part, min_cover=1.0) if part else None
            if o is not None:
                return Credit(o.name, f"closing credit {m.group(0).strip()!r}")
    m = _CONTRIBUTED.search(text)
    if m:
        o = _known(registry, m["who"] or m["who2"] or m["who3"])
        if o is not None:
            return Credit(o.name, f"closing credit {m.group(0).strip()!r}")
    m = _END_DASH.search(text)
    if m:
        o = _known(registry, m["who"], min_cover=1.0)
        if o is not None and o.type in ("wire", "state media", "ministry"):
            return Credit(o.name, f"closing credit {m.group(0).strip()!r}")
    return None


def _copyright_credit(lines: list[str], registry: Registry, site: OutletInfo | None) -> Credit | None:
    """"(c)2024 Bloomberg L.P." on another site's page: the copyright of the content, not the site."""
    for line in lines:
        if len(line.split()) > 14:
            continue
        for m in _COPYRIGHT.finditer(line):
            o = registry.lookup_prefix(m["who"])
            if o is not None and o is not site:
                return Credit(o.name, f"copyright line {m.group(0).strip()!r}")
    return None


def _cue_credit(lines: list[str], registry: Registry) -> Credit | None:
    """Registry credit strings ("(Reuters)", "/TASS/") anywhere but in captions; the most frequent."""
    pat, owners = registry.credit_cues()
    if pat is None:
        return None
    counts: dict[str, int] = {}
    first: dict[str, str] = {}
    for line in lines:
        for m in pat.finditer(normalize_text(line).casefold()):
            name = owners[m.group(0)].name
            counts[name] = counts.get(name, 0) + 1
            first.setdefault(name, m.group(0))
    if not counts:
        return None
    name = max(counts, key=lambda n: counts[n])
    return Credit(name, f"credit cue {first[name]!r}")


def find_credit(parts: PageParts, registry: Registry, site: OutletInfo | None = None) -> Credit | None:
    """The organisation credited for the story, strongest evidence first; None when the page
    credits nobody (the site's own reporting). `site` is the registry entry of the site carrying
    the page, whose own copyright is no credit."""
    head = [x for x in parts.head if x not in parts.captions]
    tail = [x for x in parts.tail if x not in parts.captions]
    body = tuple(x for x in parts.body if x not in parts.captions)
    c = dateline_credit(body, registry)
    if c is not None:
        return c
    for line in head[-12:] + list(body[:1]):
        c = _readout_credit(line, registry) or _source_credit(line, registry) or _byline_credit(line, registry)
        if c is not None:
            return c
    for line in head[-12:] + tail[:6]:
        c = _line_credit(line, registry)
        if c is not None:
            return c
    for text in list(body[-2:]) + tail[:6]:
        c = _end_credit(text, registry) or _source_credit(text, registry)
        if c is not None:
            return c
    return _copyright_credit(head + tail, registry, site) or _cue_credit(head + list(body) + tail, registry)
