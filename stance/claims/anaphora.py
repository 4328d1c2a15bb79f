"""Phrases that refer back: pronouns and definite role nouns, resolved to the most recent
compatible speaker or person the article named.

    "He added ..."                 -> the previous speaker, if a "he" can be that person
    "the Ukrainian foreign minister" -> the last person on the Ukrainian side who can be a minister
    "the official, who briefed ..." -> the anonymous official quoted before ("a senior US official")

Compatibility is what the text itself shows: gender (honorifics, gendered titles, a he/she bound
to the name earlier), side (the actors file, or a nationality written before the name) and role
(the titles written before the name; "the diplomat" fits a minister, see titles.ROLE_FAMILIES).
Unknown attributes are compatible, so a sparse article still resolves.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from stance.claims.context import PRONOUN_GENDER
from stance.claims.speaker import Speaker
from stance.text.titles import TITLE_CANON, role_fits

if TYPE_CHECKING:
    from stance.claims.attribution import Resolver

# object and possessive forms of the subject pronouns ("according to him", "in her words")
PRONOUN_FORMS = {"he": "he", "him": "he", "his": "he", "she": "she", "her": "she", "it": "it",
                 "its": "it", "they": "they", "them": "they", "their": "they"}
# heads of anonymous-source phrases: kept as anonymous speakers, and "the official" refers back to
# the anonymous official quoted before
ANONYMOUS_HEADS = frozenset({"official", "officials", "source", "sources", "diplomat", "diplomats",
                             "aide", "aides", "person", "people", "insider", "insiders", "analyst",
                             "analysts", "expert", "experts", "observer", "observers", "adviser",
                             "advisers", "advisor", "advisors"})
# anonymous heads that may also stand for a named person when a nationality fits ("the Chinese
# official" after "Wang Yi said"); a "source" or an "expert" never does
PERSON_HEADS = frozenset({"official", "diplomat", "aide", "adviser", "advisor"})
# heads of anonymous speakers a he/she can stand for: one person ("a senior official"), not a group
PERSON_NOUNS = frozenset({"official", "source", "diplomat", "aide", "adviser", "advisor", "insider",
                          "analyst", "expert", "observer", "person", "spokesman", "spokeswoman",
                          "spokesperson", "officer", "lawmaker", "senator", "lawyer", "resident"})
WITHIN = 12  # units a role noun may reach back
NAMED_REACH = 6  # units a he/she may reach back to a person only named, never quoted


def pronoun(res: Resolver, pron: str, unit: int, prev_people: list[tuple[int, str]],
            prev_subject: tuple[int, str] = (0, "")) -> tuple[Speaker | None, str]:
    """he/she: the previous sentence's speaker, else its subject if a person, else a recent
    speaker, else the first person it names, else the last person named shortly before; every
    step skips people the text shows to be of the other gender. it: the last body or document
    source. they: the previous speaker."""
    ctx = res.ctx
    pron = PRONOUN_FORMS.get(pron, pron)
    if pron in ("he", "she"):
        gender = PRONOUN_GENDER[pron]

        def fits(sp: Speaker | None) -> bool:
            return sp is not None and (sp.kind == "anonymous" and sp.name.split()[-1].casefold() in PERSON_NOUNS
                                       or sp.kind == "person" and ctx.gender_ok(sp.name, gender))

        last = ctx.recent(unit, 1)
        if fits(last):
            return last, f"pronoun '{pron}' \u2192 previous speaker {last.name}"
        end, phrase = prev_subject
        subj = [n for pos, n in prev_people if pos < end and ctx.gender_ok(n, gender)]
        if not subj and phrase:  # a name NER missed ("Roe did not agree", "But Jane Roe refused")
            name = res.name_in(phrase)
            if name and ctx.gender_ok(name, gender):
                subj = [name]
        if subj:
            return res.person_speaker(subj[0]), f"pronoun '{pron}' \u2192 {subj[0]}, subject of the previous sentence"
        for u, sp in reversed(ctx.history):
            if unit - u > 4:
                break
            if fits(sp):
                return sp, f"pronoun '{pron}' \u2192 recent speaker {sp.name}"
        named = [n for _, n in prev_people if ctx.gender_ok(n, gender)]
        if named:
            return res.person_speaker(named[0]), f"pronoun '{pron}' \u2192 {named[0]}, first person in the previous sentence"
        near = [n for u, n in ctx.people if unit - u <= NAMED_REACH and ctx.gender_ok(n, gender)]
        if near:
            return res.person_speaker(near[-1]), f"pronoun '{pron}' \u2192 {near[-1]}, last person named"
        return None, ""
    last = ctx.recent(unit, 2)
    if pron == "it":
        if last and last.kind != "person":
            return last, f"pronoun 'it' \u2192 previous speaker {last.name}"
        src = ctx.statement_source
        inst = src if src is not None and src.kind != "person" else ctx.recent_institution(unit, 3)
        return (inst, f"pronoun 'it' \u2192 {inst.name}") if inst else (None, "")
    if last:
        return last, f"pronoun '{pron}' \u2192 previous speaker {last.name}"
    return None, ""


def definite_role(res: Resolver, phrase: str, words: list[str], unit: int) -> tuple[Speaker, str] | None:
    """"the minister", "the Chinese official", "the Ukrainian foreign minister", "the senior
    official": the most recent speaker, else the most recent person named, that the role, the
    nationality and the anonymity of the phrase fit. None when nothing fits (the caller then
    keeps the role as written)."""
    if not words or not re.match(r"^(?:the|this)\s", phrase.casefold()):
        return None
    head = words[-1].rstrip(".")
    role = TITLE_CANON.get(head, "")
    anonymous = head in ANONYMOUS_HEADS
    if not role and not anonymous:
        return None
    nat = res.actors.nationality(phrase)
    side = nat.side if nat else ""
    ctx = res.ctx

    def person_fits(name: str) -> bool:
        info = ctx.persons.get(name)
        s = (info.side if info else "") or res.side(name)
        if side and s and s != side:
            return False
        return role_fits(role, info.titles if info else set()) if role else True

    def anonymous_fits(sp: Speaker) -> bool:
        same = head.rstrip("s") in sp.name.casefold() or head.startswith("source")
        return anonymous and same and not (side and sp.side and sp.side != side)

    titled = ctx.titles.get(role) if role else None
    if titled and person_fits(titled):
        sp = res.person_speaker(titled)
        return sp, f"'{phrase}' \u2192 {titled}, titled so earlier"
    recent = [sp for u, sp in reversed(ctx.history) if unit - u <= WITHIN]
    for sp in recent:  # "the official" is first the anonymous official quoted before
        if sp.kind == "anonymous" and anonymous_fits(sp):
            return sp, f"'{phrase}' \u2192 recent speaker {sp.name}"
    if anonymous and (head.endswith("s") or head not in PERSON_HEADS or not side):
        return None  # "the officials", "the source", "the official": no named person
    for sp in recent:
        if sp.kind == "person" and person_fits(sp.name):
            return sp, f"'{phrase}' \u2192 recent speaker {sp.name}"
    if role and not anonymous:
        for u, name in reversed(ctx.people):
            if unit - u > WITHIN:
                break
            info = ctx.persons.get(name)
            # a person the text gave a title, or (with a nationality in the phrase) a side
            known = info and (info.titles or side and (info.side or res.side(name)) == side)
            if known and person_fits(name):
                return res.person_speaker(name), f"'{phrase}' \u2192 {name}, named before"
    return None


__all__ = ["pronoun", "definite_role", "PRONOUN_FORMS", "ANONYMOUS_HEADS"]
