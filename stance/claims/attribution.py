"""Who speaks: turn a cue's speaker phrase into a speaker record, using the article so far.

Resolution order for a phrase (first that applies wins, and says why in the cue text):
pronoun -> the most recent compatible speaker (anaphora.py); "the statement" -> the statement's
source; an actor from the entity list (a person named inside an institution's phrase, "State
Department spokesman Jane Roe", is that person); a PERSON found by NER; a definite role noun
("the minister", "the Chinese official") -> the person or anonymous official it refers back to;
a news outlet ("state media", "Xinhua news agency"); "<nationality> <institution>" ("China's
foreign ministry" -> "Chinese foreign ministry"); an anonymous source ("a senior US official",
kept as written); a bare role -> the institution in context; an ORG/GPE found by NER; a
capitalized name. Everything is rule-based so an analyst can read why.
"""

from __future__ import annotations

import re

from stance.claims import anaphora, bodies
from stance.claims.actors import Actor, Actors
from stance.claims.context import NAME_PREFIX_WORDS, NOT_FIRST_NAME, NOT_NAMES, Context, strip_titles
from stance.claims.cues import DETS, ROLE_WORDS, clause_subject, tokens
from stance.claims.speaker import Speaker, person_name
from stance.text.normalize import normalize_text
from stance.text.titles import HONORIFICS, TITLE_CANON

_TITLED_NAME = re.compile(r"\b(" + "|".join(rf"{t.capitalize()}\." if t in HONORIFICS else t.capitalize()
                                            for t in TITLE_CANON) + r")\s+"
                          r"((?:[A-Z][a-z'\u2019-]+\s+){1,2}[A-Z][a-z'\u2019-]+)")
_HONORIFIC_NAME = re.compile(r"\b(Mr|Mrs|Ms|Miss|Madam|Madame|Sir|Dame|Lord|Lady)\.?\s+"
                             r"((?:[A-Z][a-z'\u2019-]+\s+){0,2}[A-Z][a-z'\u2019-]+)")
_DEFINITE_SUBJECT = re.compile(r"(?:the|this)\s+(?:[\w.'\u2019-]+\s+){0,4}?(?:" + "|".join(
    sorted(TITLE_CANON, key=len, reverse=True)) + r")\b(?!['\u2019]s)", re.I)
_REFLEXIVE = re.compile(r"\b([A-Z][\w'\u2019-]+)\s+(himself|herself)\b")
_OWNED = re.compile(r"^(his|her)\s+(campaign|administration|camp|team|family|foundation|aides|allies)$", re.I)
_ORG_AFTER_PERSON = re.compile(r"^\s*(?:campaign|administration|camp|team|government|family|"
                               r"foundation|aides|allies)\b", re.I)
_SPOKES = re.compile(r"\b(?:spokes\w*|ministry|government|embassy|office|department|mission)\b", re.I)
_DOCUMENT = (r"(?:statement|readout|communiqu[e\u00e9]|press release|release|document|letter|ad|"
             r"advertisement|commercial|video|tweet|memo|email|petition|schedule|transcript|"
             r"declaration|report)")
_STATEMENT_ONLY = re.compile(r"^(?:the|this|that|a|an|its|their|his|her|joint)?\s*(?:joint\s+|official\s+|"
                             r"written\s+|new\s+|brief\s+)?" + _DOCUMENT + r"$", re.I)
_STATEMENT_FROM = re.compile(r"^(?:an?|the)?\s*(?:joint\s+|official\s+)?(?:statement|readout|communiqu[e\u00e9]|"
                             r"press release|release|report|schedule)s?\s+(?:issued\s+|posted\s+)?"
                             r"(?:from|by|of|on)\s+(?P<x>.+)$", re.I)
# "an official White House readout", "the Chinese foreign ministry statement": issuer, then document
_ISSUER_DOCUMENT = re.compile(r"^(?:an?|the|its)?\s*(?:official\s+)?(?P<x>.+?)\s+" + _DOCUMENT + r"$", re.I)
_DOC_COMPLEMENT = re.compile(r"\s+(?:of|on|about|after|following)\s+(?:the|their|its)\s+\w+$", re.I)
_ROLE_OF = re.compile(r"^(?:an?|the|one|two|several|some)?\s*(?P<role>(?:[a-z\-]+\s+){0,3}?"
                      r"(?:spokes\w+|officials?|aides?|adviser|advisor|sources?|diplomats?|members?|"
                      r"representatives?|envoy|ambassador))\s+(?:for|of|to|at|from|in|with|close to)\s+"
                      r"(?P<org>.+)$", re.I)
_SPEAKING_PRONOUNS = {"i", "we", "you", "me", "us", "both", "this", "that", "these", "those", "there"}
_KIND_OF_ACTOR = {"person": "person", "institution": "body", "outlet": "outlet"}


class Resolver:
    """Resolves speaker phrases for one article, unit by unit, in reading order."""

    def __init__(self, actors: Actors, registry=None) -> None:
        self.actors = actors
        self.registry = registry
        self.ctx = Context()

    # -- sides and records ---------------------------------------------------------------
    def side(self, name: str, hint: str = "") -> str:
        s = self.actors.side_of(name)
        if not s and self.registry is not None and hasattr(self.registry, "info"):
            info = self.registry.info(name)
            s = getattr(info, "side", "") if info else ""
        if not s and name in self.ctx.persons:
            s = self.ctx.persons[name].side
        if not s and hint:
            nat = self.actors.nationality(hint)
            s = nat.side if nat else ""
        return s

    def person_speaker(self, name: str) -> Speaker:
        """The record of a person named in the text (the actors file's entry when it has one)."""
        a = self.actors.get(name)
        if a is not None:
            return self.actor_speaker(a)
        return Speaker(person_name(name), "person", self.side(name))

    def name_in(self, phrase: str) -> str:
        """The person a subject phrase names, when it is a personal name ("Jane Roe", "Senator
        Roe", "Roe" after "Jane Roe" was named), else "". For subjects NER did not tag."""
        a = self.actors.find(phrase)
        if a is not None:
            return a.name if a.kind == "person" else ""
        name = strip_titles(phrase)
        words = name.split()
        if not 1 <= len(words) <= 4 or not all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha()
                                               for w in words):
            return ""
        if any(w.casefold() in ROLE_WORDS or w.casefold() in NOT_NAMES or w.casefold() in DETS for w in words) \
                or self.actors.nationality(name):
            return ""
        full = person_name(self.ctx.full_name(name))
        return full if " " in full else ""

    @staticmethod
    def actor_speaker(a: Actor) -> Speaker:
        return Speaker(a.name, _KIND_OF_ACTOR.get(a.kind, "body"), a.side)

    def outlet_info(self, name: str):
        if self.registry is None or not hasattr(self.registry, "info"):
            return None
        info = self.registry.info(name)
        return info if info is not None and getattr(info, "type", "") != "ministry" else None

    # -- mentions (for pronoun fall-backs and name consolidation) -----------------------
    def mentioned_people(self, text: str, ents: tuple[tuple[int, int, str, str], ...] = ()) -> list[tuple[int, str]]:
        out = [(s, a.name) for s, _, a in self.actors.mentions(text) if a.kind == "person"]
        for s, _, label, etext in ents:
            if label == "PERSON":
                name = strip_titles(etext)
                if name:
                    out.append((s, person_name(self.ctx.full_name(name))))
        out.sort()
        return out

    def observe(self, unit: int, text: str, ents: tuple = (),
                people: list[tuple[int, str]] | None = None) -> None:
        """Remember full names, titles, sides and institutions mentioned in a unit (no speaker
        implied)."""
        ctx = self.ctx
        ctx.texts.append(text)
        norm = normalize_text(text)
        for pos, name in (self.mentioned_people(text, ents) if people is None else people):
            ctx.remember_name(name)
            ctx.people.append((unit, name))
            before = norm[max(0, pos - 60):pos]
            ctx.note_words_before(name, before)
            info = ctx.person(name)
            if not info.side:
                nat = self.actors.nationality(" ".join(before.split()[-4:]))
                info.side = self.side(name) or (nat.side if nat else "")
        for m in _HONORIFIC_NAME.finditer(text):  # "Ms. Jane Roe": a name and a gender, without NER
            name = re.sub(r"['\u2019]s?$", "", m.group(2))
            ctx.remember_name(name)
            full = person_name(ctx.full_name(name))
            ctx.note_words_before(full, m.group(1))
            if (unit, full) not in ctx.people:
                ctx.people.append((unit, full))
        for m in _REFLEXIVE.finditer(text):  # "Roe himself": a gender
            full = person_name(ctx.full_name(m.group(1)))
            if full in ctx.persons or " " in full:
                info = ctx.person(full)
                info.gender = info.gender or ("m" if m.group(2).casefold() == "himself" else "f")
        for m in _TITLED_NAME.finditer(text):  # "Senator Jane Roe": a full name even without NER
            name = re.sub(r"['\u2019]s?$", "", m.group(2))
            ctx.remember_name(name)
            full = person_name(ctx.full_name(name))
            ctx.note_words_before(full, m.group(1))
        for _, _, a in self.actors.mentions(text):
            if a.kind != "person":
                ctx.institutions.append((unit, self.actor_speaker(a)))
        name = self.name_in(clause_subject(text))  # a subject NER missed ("But Jane Roe refused")
        if name and (unit, name) not in ctx.people:
            ctx.remember_name(name)
            ctx.people.append((unit, name))
        m = _DEFINITE_SUBJECT.match(text)  # "The liberal icon justice had ...": somebody named before
        if m:
            subj = m.group(0)
            found = anaphora.definite_role(self, subj, re.findall(r"[\w.'\u2019-]+", subj.casefold()), unit)
            if found and found[0].kind == "person":
                ctx.people.append((unit, found[0].name))

    # -- the resolution ------------------------------------------------------------------
    def resolve(self, phrase: str, unit: int, unit_text: str, phrase_start: int,
                ents: tuple = (), prev_people: list[tuple[int, str]] | None = None,
                appositive: str = "", prev_subject: tuple[int, str] = (0, "")) -> tuple[Speaker | None, str]:
        sp, why = self._resolve(phrase, unit, unit_text, phrase_start, ents, prev_people, appositive,
                                prev_subject)
        return (sp.written(phrase) if sp else None), why

    def _resolve(self, phrase: str, unit: int, unit_text: str, phrase_start: int,
                 ents: tuple = (), prev_people: list[tuple[int, str]] | None = None,
                 appositive: str = "", prev_subject: tuple[int, str] = (0, "")) -> tuple[Speaker | None, str]:
        p = normalize_text(phrase).strip(" ,")
        low = p.casefold()
        if not p:
            return None, ""
        if low in anaphora.PRONOUN_FORMS:
            return anaphora.pronoun(self, low, unit, prev_people or [], prev_subject)
        if low in _SPEAKING_PRONOUNS:  # "We both agree": the speaker quoted, never a name
            return None, ""
        again = lambda x, at=phrase_start: self._resolve(x, unit, unit_text, at, ents, prev_people)  # noqa: E731
        if _STATEMENT_ONLY.match(p):
            doc = re.sub(r"^(?:the|this|that|a|an|its|their|his|her)\s+", "", low)
            src = None
            if re.match(r"(?:official\s+|written\s+)?(?:statement|readout|communiqu|press release|"
                        r"release|declaration|transcript|schedule)", doc):  # an ad, a letter, a joint
                # statement: not the last statement's source
                src = self.ctx.statement_source  # a news outlet reports statements, it issues none
                src = src if src is not None and src.kind != "outlet" else self.ctx.recent_institution(unit, kinds=("body",))
            if src:
                return src, f"'{p}' \u2192 the statement's source {src.name}"
            return Speaker(doc, "document"), f"'{p}' with no source named before"
        m = _STATEMENT_FROM.match(p)
        if m:
            sp, why = again(m.group("x"))
            return sp, (f"a statement from {sp.name}" if sp else why)
        m = _ISSUER_DOCUMENT.match(_DOC_COMPLEMENT.sub("", p))
        if m and not re.search(r"\b(?:aide|official|spokes\w*)\b", low):
            doc = p[m.end("x"):].strip()
            sp, _ = again(m.group("x"))
            if sp and not sp.place:
                return sp, f"'{p}' \u2192 a document from {sp.name}"
            nat = self.actors.nationality(m.group("x"))
            if nat:
                return Speaker(f"{nat.adjective or m.group('x')} {doc}".strip(), "document", nat.side), \
                    f"'{p}' \u2192 a {nat.adjective or m.group('x')} document"
        m = _ROLE_OF.match(p)
        if m and re.search(r"spokes", m.group("role"), re.I):
            sp, _ = again(m.group("org"))
            if sp:
                return sp, f"'{p}' \u2192 {sp.name}"
        if m and m.group("role") == m.group("role").casefold():
            # "an aide to Vladimir Putin", "officials at the ministry": the role, not the org
            org, _ = again(m.group("org"))
            if org:
                role = re.sub(r"^(?:an?|the|one)\s+", "", m.group("role"))
                return Speaker(f"{org.name} {role}", "anonymous", org.side), f"'{p}' \u2192 {role} of {org.name}"
        both = re.split(r"\s+and\s+", p)
        if len(both) == 2 and all(re.search(r"[A-Z]", b) for b in both):
            a, _ = again(both[0])
            b, _ = again(both[1], phrase_start + len(both[0]))
            if a and b and a.name != b.name:
                side = a.side if a.side == b.side else ""
                kind = "person" if a.kind == b.kind == "person" else "body"
                return Speaker(f"{a.name} and {b.name}", kind, side), f"joint speakers '{p}'"
        words = [w for w in re.findall(r"[\w.'\u2019-]+", low)]
        role_only = bool(words) and all(w in ROLE_WORDS or w in DETS for w in words)
        if role_only and appositive and re.search(r"[A-Z]", appositive):
            sp, why = again(appositive)
            if sp:
                return sp, why
        for _, e0, a in self.actors.mentions(p):
            m_org = _ORG_AFTER_PERSON.match(normalize_text(p)[e0:])
            if a.kind == "person" and m_org:
                name = f"{a.name.split()[-1]} {m_org.group(0).strip().casefold()}"
                return Speaker(name, "body", a.side), f"'{p}' \u2192 {name}"
        m = _OWNED.match(p)
        if m:  # "his campaign": the campaign of the person "his" refers to
            owner, _ = anaphora.pronoun(self, m.group(1).casefold(), unit, prev_people or [], prev_subject)
            if owner is not None and owner.kind == "person":
                name = f"{owner.name.split()[-1]} {m.group(2).casefold()}"
                return Speaker(name, "body", owner.side), f"'{p}' \u2192 {name}"
        actor = self.actors.find(p)
        if actor and actor.kind != "person":
            named = bodies.named_inside(self, p, actor)
            if named:
                return named
        if actor:
            return self.actor_speaker(actor), f"entity list: '{p}' \u2192 {actor.name}"
        end = phrase_start + len(phrase)
        for s, e, label, etext in ents:
            if label == "PERSON" and s < end and e > phrase_start:
                name = person_name(self.ctx.full_name(strip_titles(etext)))
                if name:
                    return Speaker(name, "person", self.side(name, p + " " + appositive)), f"NER person '{etext}'"
        found = anaphora.definite_role(self, p, words, unit)
        if found:
            return found
        outlet = bodies.outlet(self, p)
        if outlet:
            return outlet
        if words and words[-1] in anaphora.ANONYMOUS_HEADS and not re.search(r"\b(?:spokes\w+)\b", low):
            name = re.sub(r"^(?:(?:an?|the|one|two|three|several|some|many|other|both|all)\s+)+", "", p, flags=re.I)
            first = name.split()[0]
            if first.casefold() in ROLE_WORDS or first.casefold() in anaphora.ANONYMOUS_HEADS:
                name = first.casefold() + name[len(first):]  # "Senior officials" -> "senior officials"
            nat = self.actors.nationality(p)
            org = self.actors.find(p)
            side = (nat.side if nat else "") or (org.side if org else "")
            return Speaker(name, "anonymous", side), f"anonymous source '{p}'"
        inst = bodies.institution(self, p, unit_text[:phrase_start], unit)
        if inst:
            return inst
        if re.match(r"^(?:the|this)\s", low) and words and TITLE_CANON.get(words[-1].rstrip(".")) \
                and len(words) <= 5:  # "the Ukrainian foreign minister", with nobody named who fits
            name = re.sub(r"^(?:the|this)\s+", "", p, flags=re.I)
            nat = self.actors.nationality(p)
            return Speaker(name, "person", nat.side if nat else ""), f"role '{p}' (no person named before fits)"
        if role_only:
            if _SPOKES.search(p):
                inst_sp = self.ctx.recent_institution(unit, kinds=("body",))
                if inst_sp:
                    return inst_sp, f"'{p}' \u2192 institution in context {inst_sp.name}"
            name = " ".join(w for w in words if w not in DETS)
            return Speaker(name, "anonymous", ""), f"unnamed source '{p}'"
        for s, e, label, etext in ents:
            if label in ("ORG", "GPE", "NORP") and s < end and e > phrase_start:
                if words and TITLE_CANON.get(words[-1].rstrip(".")):  # "the Northland governor"
                    name = re.sub(r"^(?:the|a|an)\s+", "", p, flags=re.I)
                    return Speaker(name, "person", self.side(name, p)), f"role '{p}'"
                name = re.sub(r"^the\s+", "", etext, flags=re.I)
                full = self.ctx.full_name(re.sub(r"['\u2019]s$", "", name))
                if full != name and " " in full:  # a surname tagged ORG, but a person named earlier
                    full = person_name(full)
                    return Speaker(full, "person", self.side(full, p)), f"'{etext}' \u2192 {full}, named earlier"
                kind = "outlet" if self.outlet_info(name) else "body"
                return Speaker(name, kind, self.side(name, p), place=label == "GPE"), f"NER {label.lower()} '{etext}'"
        org = re.sub(r"^(?:the|a|an)\s+", "", p, flags=re.I)
        if re.fullmatch(r"[A-Z][\w.-]*(?:\s+(?:of|for|and|the|on)\s+|\s+)(?:[A-Z][\w.-]*\s*){1,4}", org) \
                and re.search(r"\s(?:of|for|and|on)\s", org):
            return Speaker(org, "body", self.side(org, p)), f"organization name '{org}'"
        name = strip_titles(p)
        if name and all(t[0][:1].isupper() for t in tokens(name)) and len(name.split()) <= 4 \
                and not any(w.casefold() in NOT_NAMES for w in name.split()) \
                and not re.search(r"['\u2019]s\b", p):
            info = self.outlet_info(name)
            if info is not None:
                return Speaker(info.name, "outlet", info.side), f"news outlet '{name}'"
            name = person_name(self.ctx.full_name(name))
            return Speaker(name, "person", self.side(name, p + " " + appositive)), f"capitalized name '{p}'"
        return None, ""

__all__ = ["Resolver", "Speaker", "strip_titles", "NAME_PREFIX_WORDS", "NOT_FIRST_NAME"]
