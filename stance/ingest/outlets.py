"""Outlet and publisher of a page: whose journalism it is, and which site carried it.

The outlet is the organisation credited for the story (`stance.ingest.credits`: a wire, an
agency, a government office whose readout it is); with no credit, the site's own reporting, so
the outlet is the publisher. The publisher is the site (`stance.ingest.sites`): its registry
entry by domain, its name as the page writes it, its copyright owner, its template strings from
the analyst's registry, or a readable name made from the domain. Both come with their evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stance.ingest.credits import Credit, PageParts, find_credit
from stance.ingest.sites import Site, site_of
from stance.text.normalize import normalize_text, normalize_text_lines

if TYPE_CHECKING:
    from stance.ingest.registry import OutletInfo, Registry


@dataclass(frozen=True)
class Detection:
    """Outcome of detection with the evidence for each choice (shown to analysts)."""

    outlet: str = ""
    publisher: str = ""
    outlet_cue: str = ""
    publisher_cue: str = ""


_COPYRIGHT_OWNER = re.compile(r"(?:copyright|\u00a9|\(c\))\s*(?:\u00a9\s*)?(?:\d{4}\s*[-\u2013]?\s*(?:\d{4})?\s*)?"
                              r"(?P<who>[A-Za-z][\w .'&-]{1,60})", re.I)
_CAPTION_CREDIT = re.compile(r"\w+(?:\s+\S+){3,}\s+[-|]\s*(?:copyright|\u00a9)", re.I)  # "... talks - Copyright AFP"
_OWNER_BEFORE = re.compile(r"^(?P<who>[A-Z][\w .'&-]{1,50}?)\s*(?:\u00a9|\(c\)|copyright)", re.I)
_OWNER_NOISE = re.compile(r"\b(?:all rights reserved|ltd|limited|inc|llc|plc|gmbh|s\.a|co|l\.p)\b\.?.*$", re.I)
_TITLE_SUFFIX = re.compile(r"[|\u2013\u2014-]\s*([^|\u2013\u2014-]{2,40})$")


def _owner_name(raw: str) -> str:
    """Clean an unregistered copyright owner: "Northwind Dispatch Ltd. All rights..." -> name."""
    name = _OWNER_NOISE.sub("", raw).strip(" .,-|")
    return name if 2 <= len(name) <= 50 and len(name.split()) <= 6 else ""


def copyright_owner(lines: list[str], registry: Registry) -> tuple[OutletInfo | None, str]:
    """(registry outlet, unregistered name) owning the site by its copyright footer. A wire's
    notice ("Copyright 2024 The Associated Press") credits the story, not the site, and a photo
    credit ("... - Copyright AFP STR" ending a caption) names no owner."""
    guess = ""
    for line in lines:
        low = line.casefold()
        if not (low.startswith(("copyright", "\u00a9", "(c)")) or "all rights reserved" in low
                or (len(line.split()) <= 12 and ("copyright" in low or "\u00a9" in line))) \
                or _CAPTION_CREDIT.search(line):
            continue
        owners = [m.group("who") for m in _COPYRIGHT_OWNER.finditer(line)]
        if m := _OWNER_BEFORE.match(line):  # "Lakeside Courier (c) 2024 | Privacy"
            owners.append(m.group("who"))
        for who in owners:
            o = registry.lookup_prefix(who)
            if o is None:
                guess = guess or _owner_name(who)
            elif o.type != "wire":
                return o, ""
    return None, guess


def _template_site(text: str, registry: Registry) -> Site | None:
    """A site named by the template strings an analyst registered for it."""
    folded = normalize_text(text).casefold()
    pat, owners = registry.site_cues()
    if pat is not None and (m := pat.search(folded)):
        return Site(owners[m.group(0)].name, f"site cue {m.group(0)!r}")
    pat, owners = registry.page_cues()
    if pat is not None:
        hits: dict[str, set[str]] = {}
        for m in pat.finditer(folded):
            hits.setdefault(owners[m.group(0)].name, set()).add(m.group(0))
        for name, found in sorted(hits.items(), key=lambda kv: -len(kv[1])):
            if len(found) >= min(3, len(registry.info(name).page_cues)):
                return Site(name, f"page template cues {sorted(found)}")
    return None


def _site(parts: PageParts, around: list[str], url: str, registry: Registry, declared: str) -> Site:
    """The publisher: by the address when there is one, else by the footer's copyright owner.
    `declared` is the name the page's HTML metadata gives the site (og:site_name)."""
    entry = registry.from_url(url) if url else None
    if entry is not None:
        return Site(entry.name, f"domain of {url}")
    if declared:
        return Site(registry.canonical(declared), "site name in the HTML metadata")
    template = _template_site("\n".join(around), registry)
    if url:
        return template or site_of(url, around + list(parts.body[:2]), registry)
    owner, guess = copyright_owner(around, registry)
    if owner is not None and owner.type != "wire":
        return Site(owner.name, "copyright line")
    return template or (Site(guess, "copyright line") if guess else Site("", ""))


def identify(parts: PageParts, url: str, title: str, registry: Registry, declared_site: str = "") -> Detection:
    """Outlet and publisher of a cleaned page with their evidence; "" where nothing tells."""
    around = [x for x in (*parts.head, *parts.tail) if x not in parts.captions]
    site = _site(parts, around, url, registry, declared_site)
    credit: Credit | None = find_credit(parts, registry, site=registry.info(site.name) if site.name else None)
    if credit is None and title and (m := _TITLE_SUFFIX.search(title)):
        o = registry.info(m.group(1))
        if o is not None:  # "Headline - Xinhua" style page titles
            credit = Credit(o.name, f"title suffix {m.group(1).strip()!r}")
    if credit is not None:
        return Detection(credit.name, site.name, credit.cue, site.cue)
    if site.name:
        return Detection(site.name, site.name, f"no other credit; publisher ({site.cue})", site.cue)
    return Detection()


def parts_of_text(text: str) -> PageParts:
    """Page parts of plain page text, for callers that hold no cleaned page."""
    from stance.ingest.boilerplate import clean_page

    page = clean_page(normalize_text_lines(text))
    return page_parts(page)


def page_parts(page) -> PageParts:
    """`PageParts` of a `CleanPage`: captions and photo credits set apart."""
    captions = frozenset(t for t, why in page.removed if "caption" in why or "credit" in why)
    return PageParts(tuple(page.head), tuple(page.paragraphs), tuple(page.tail), captions)


def identify_text(text: str, url: str, title: str, registry: Registry) -> Detection:
    return identify(parts_of_text(text), url, title, registry)
