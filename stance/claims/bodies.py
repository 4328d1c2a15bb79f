"""Collective speakers: institutions, countries and news outlets named in a speaker phrase.

    "China's foreign ministry" / "the Russian foreign ministry" -> "<Nationality> foreign ministry"
    "his foreign ministry"        -> the foreign ministry of the person "his" refers to
    "Beijing", "China"            -> the country, marked as a place (frames.place_speaks)
    "state media", "Xinhua news agency", "state broadcaster CCTV" -> a news outlet
    "the Lakeside Radio host"     -> an anonymous journalist, not the outlet itself
    "State Department spokesman Jane Roe" -> Jane Roe, with the institution's side

Functions of the resolver (attribution.py) kept apart so each module stays readable; the words
that build an institution's name are data of their own here, not titles (text/titles.py).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from stance.claims.actors import Actor
from stance.claims.context import NOT_NAMES, strip_titles
from stance.claims.cues import DETS, ROLE_WORDS
from stance.claims.speaker import Speaker, person_name
from stance.text.normalize import normalize_text

if TYPE_CHECKING:
    from stance.claims.attribution import Resolver

# nouns an institution's name is built from ("<nationality> <noun>"), in priority order: the first
# found names it. Not a list of titles (those are stance.text.titles): a role here names the body
_INSTITUTION_NOUNS = ("ministry", "government", "embassy", "military", "army", "authorities",
                      "leaders", "leadership", "side", "mission", "delegation", "cabinet", "parliament",
                      "presidency", "spokesperson", "spokesman", "spokeswoman", "president",
                      "leader", "navy", "forces", "envoy", "ambassador")
_MINISTRY_QUALIFIERS = ("foreign", "defence", "defense", "finance", "commerce", "trade", "interior",
                        "economy", "justice", "energy", "emergencies", "health", "foreign affairs")
# a news organisation speaking ("state media", "Xinhua news agency", "state broadcaster CCTV")
_OUTLET = re.compile(r"\b(?:media|broadcaster|news agency|agency|newspaper|television|tv|radio|"
                     r"tabloid|outlet|daily|press)\b", re.I)
_JOURNALISTS = {"host", "anchor", "reporter", "editor", "columnist", "correspondent", "commentator",
                "writer", "journalist", "presenter", "interviewer"}


def named_inside(res: Resolver, p: str, actor: Actor) -> tuple[Speaker, str] | None:
    """"State Department spokesman Jane Roe": a person named after the institution's role words
    speaks, with the institution's side."""
    name = strip_titles(p)
    parts = name.split()
    if len(parts) < 2 or not all(w[:1].isupper() for w in parts) or res.actors.find(name) is actor:
        return None
    if any(w.casefold() in ROLE_WORDS or w.casefold() in NOT_NAMES for w in parts):
        return None
    full = person_name(res.ctx.full_name(name))
    return Speaker(full, "person", actor.side), f"'{p}' \u2192 {full} of {actor.name}"

def outlet(res: Resolver, p: str) -> tuple[Speaker, str] | None:
    """"state media", "Chinese state media", "Xinhua news agency", "state broadcaster CCTV",
    "the Global Times": a news organisation reporting, named as the registry names it."""
    if not _OUTLET.search(p) and res.outlet_info(re.sub(r"^the\s+", "", p, flags=re.I)) is None:
        return None
    last = p.split()[-1].casefold()
    if last in _JOURNALISTS:  # "the Fox News host": a person of the outlet, not the outlet
        name = re.sub(r"^(?:the|a|an)\s+", "", p, flags=re.I)
        return Speaker(name, "anonymous", res.side(name, p)), f"journalist '{p}'"
    caps = [w for w in re.findall(r"\b[A-Z][\w.'\u2019&-]*(?:\s+[A-Z][\w.'\u2019&-]*)*", normalize_text(p))]
    for c in caps:
        c = re.sub(r"^The\s+", "", c)
        info = res.outlet_info(c)
        if info is not None:
            return Speaker(info.name, "outlet", info.side), f"news outlet '{c}'"
    nat = res.actors.nationality(p)
    named = [c for c in caps if not res.actors.nationality(c) and c.casefold() not in ("state", "the")]
    if named and re.search(r"\b(?:broadcaster|agency|newspaper|outlet|daily)\s+" + re.escape(named[-1]), p):
        return Speaker(named[-1], "outlet", nat.side if nat else ""), f"news outlet '{named[-1]}'"
    if not _OUTLET.search(p):
        return None
    name = re.sub(r"^(?:the|a|an|some|local)\s+", "", p, flags=re.I)
    if len(name.split()) > 4:
        return None
    return Speaker(name, "outlet", nat.side if nat else ""), f"news media '{p}'"

def institution(res: Resolver, p: str, before: str, unit: int) -> tuple[Speaker, str] | None:
    """"China's foreign ministry", "the Russian foreign ministry", "his foreign ministry",
    "the Chinese side", "Beijing"."""
    low = p.casefold()
    noun = next((n for n in _INSTITUTION_NOUNS if re.search(rf"\b{n}\b", low)), "")
    if re.search(r"\bministry of foreign affairs\b", low):
        noun, low = "ministry", low.replace("ministry of foreign affairs", "foreign ministry")
    nat = res.actors.nationality(p)
    adjective, side = "", ""
    why = ""
    if nat:
        adjective, side = nat.adjective, nat.side
        if not adjective:
            word = re.search(r"[A-Z][\w.]*(?:\s[A-Z][\w.]*)?", normalize_text(re.sub(r"^(?:the|a|an)\s+", "", p, flags=re.I)))
            adjective = re.sub(r"'s?$", "", word.group(0)) if word else ""
        why = f"nationality '{adjective}'"
    elif re.match(r"^(?:his|her|its|their)\b", low) and noun:
        people = [a for _, _, a in res.actors.mentions(before) if a.kind == "person" and a.country]
        owner = people[0] if people else None
        if owner is None:
            last = res.ctx.recent(unit, 3, ("person",))
            owner = res.actors.get(last.name) if last else None
        if owner is not None and owner.country:
            adjective = res.actors.adjective_for_country(owner.country) or owner.country
            side, why = owner.side, f"'{p.split()[0]}' \u2192 {owner.name}'s country"
    if not adjective:
        return None
    if not noun:
        words = [w for w in re.findall(r"[\w.'\u2019-]+", p) if w.casefold() not in DETS]
        if len(words) == 1:  # "China said", "Beijing has said"
            name = re.sub(r"['\u2019]s$", "", words[0])
            return Speaker(name, "body", side, place=True), f"country '{name}'"
        return None
    if noun == "ministry":
        quals = [q for q in _MINISTRY_QUALIFIERS if re.search(rf"\b{q}\b", low)]
        name = f"{adjective} {(quals[-1] + ' ') if quals else ''}ministry"
    else:
        name = f"{adjective} {noun}"
    return Speaker(name, "person" if noun in ("president", "leader", "envoy", "ambassador") else "body",
                   side), why


__all__ = ["institution", "outlet", "named_inside"]
