"""Sites: the publisher of a page, that is the site that carried it, named for people.

In order of trust: the registry entry of the page's domain; the site's own name as the page
writes it (a masthead, a title suffix, "... UNN reports", "More from GZERO Media": any run of
capitalised words that spells the domain's name); the owner in a copyright line; and, failing
those, a readable name made from the domain itself ("nydailynews.com" -> "NY Daily News
(nydailynews.com)"), which keeps the domain beside the guessed spelling. Nothing here fetches
anything: the public-suffix rule is a short list of second-level labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from stance.text.normalize import alias_key, normalize_text

if TYPE_CHECKING:
    from stance.ingest.registry import Registry

# second-level labels under a country code that are not the site's own name ("co.uk", "com.pk")
_SECOND_LEVEL = frozenset("co com net org gov edu ac or ne go mil gob nic ltd plc sch info biz nom gv".split())
# words a site adds to its own name in its domain ("morningstaronline", "telesurenglish")
_DOMAIN_SUFFIXES = ("online", "news", "english", "tv", "media", "daily", "global", "world", "live")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9][\w&'.-]*")
_VOWELS = set("aeiouy")
_FUNCTION = frozenset("of in on at to by an or is it".split())
COMMON_RANK = 50_000  # a domain piece rarer than this in the word list is no word: keep the domain


@dataclass(frozen=True)
class Site:
    name: str  # the publisher's name ("" when the page has no address and names no owner)
    cue: str  # evidence, shown to analysts


def host_of(url: str) -> str:
    """Host of an address without "www." and the trailing dot of a fully qualified name."""
    try:
        host = (urlparse(url if "://" in (url or "") else f"http://{url}").hostname or "").lower()
    except ValueError:
        return ""
    return host.rstrip(".").removeprefix("www.")


def registered_domain(url: str) -> str:
    """"news.rthk.hk" -> "rthk.hk", "al.example-embassy.gov.cn" -> "example-embassy.gov.cn"."""
    labels = [x for x in host_of(url).split(".") if x]
    if len(labels) <= 2:
        return ".".join(labels)
    keep = 3 if len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def site_label(url: str) -> str:
    """The name part of the registered domain ("nydailynews" for www.nydailynews.com)."""
    dom = registered_domain(url)
    return dom.split(".")[0] if dom else ""


@lru_cache(maxsize=1)
def _word_ranks() -> dict[str, int]:
    try:
        import wordninja
    except ImportError:  # pragma: no cover - a pinned dependency
        return {}
    return {w: i for i, w in enumerate(wordninja.DEFAULT_LANGUAGE_MODEL._wordcost)}


def _split_label(part: str) -> list[str]:
    import wordninja

    return wordninja.split(part) if part.isalpha() else []


def readable_label(label: str) -> str:
    """Words of a domain label when every piece is an ordinary word ("cbsnews" -> "CBS News",
    "themoscowtimes" -> "The Moscow Times"); "" when the split is doubtful ("lokmattimes")."""
    ranks = _word_ranks()
    words: list[str] = []
    for part in label.split("-"):
        pieces = _split_label(part)
        if not pieces or "".join(pieces) != part.lower():
            return ""
        for i, p in enumerate(pieces):
            short_ok = len(p) >= 3 or (len(p) == 2 and i == 0 and len(pieces) > 1)
            if not short_ok or ranks.get(p, COMMON_RANK) >= COMMON_RANK:
                return ""
            if len(p) == 2 and p not in _FUNCTION or len(p) == 3 and not _VOWELS & set(p):
                words.append(p.upper())  # "NY", "CBS": an abbreviation
            else:
                words.append(p.capitalize())
    return " ".join(words)


def _namelike(run: list[str]) -> bool:
    """A run of several words, or one word styled as a name ("UNN", "GZERO", "UrduPoint"),
    not an ordinary capitalised word that happens to spell the domain ("Military")."""
    if run[0].casefold() == "the":
        run = run[1:]
    if len(run) != 1:
        return len(run) > 1
    word = run[0].strip(".")
    return sum(c.isupper() for c in word) >= 2 or word.casefold() not in _word_ranks()


def name_on_page(lines: list[str], label: str) -> str:
    """The site's name as the page writes it: a run of one to five capitalised tokens whose
    letters spell the domain label (or, failing that, the label less a suffix like "online")."""
    if len(label) < 3:
        return ""
    full = label.replace("-", "")
    shorter = {full[: -len(x)] for x in _DOMAIN_SUFFIXES if full.endswith(x) and len(full) - len(x) >= 4}
    for targets in ({full}, shorter):
        if found := _spelled(lines, targets, len(full)):
            return found
    return ""


def _spelled(lines: list[str], targets: set[str], longest: int) -> str:
    for line in lines:
        toks = [t.rstrip(".-") for t in _NAME_TOKEN.findall(normalize_text(line))]
        for i in range(len(toks)):
            if not toks[i][:1].isupper():
                continue
            for n in range(1, 6):
                run = toks[i:i + n]
                if len(run) < n:
                    break
                key = alias_key(" ".join(run))
                if key.startswith("the") and key[3:] in targets:
                    key = key[3:]
                if key in targets and all(t[:1].isupper() or t[:1].isdigit() for t in run) and _namelike(run):
                    return " ".join(run)
                if len(key) > longest:
                    break
    return ""


def site_of(url: str, lines: list[str], registry: Registry, owner: str = "") -> Site:
    """The publisher of a page from its address and its non-story lines. `owner` is the
    unregistered copyright owner the page names, if any."""
    o = registry.from_url(url) if url else None
    if o is not None:
        return Site(o.name, f"domain of {url}")
    label = site_label(url) if url else ""
    if label:
        found = name_on_page(lines, label)
        if found:
            o = registry.info(found)
            return Site(o.name if o else found, f"site name on the page {found!r} matches {registered_domain(url)}")
    if owner:
        return Site(owner, "copyright line")
    if not label:
        return Site("", "")
    dom = registered_domain(url)
    words = readable_label(label)
    return Site(f"{words} ({dom})" if words else dom, f"domain {dom}")
