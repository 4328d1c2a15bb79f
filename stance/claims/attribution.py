"""Who speaks: turn a cue's speaker phrase into a normalized speaker, using the article so far.

Resolution order for a phrase (first that applies wins, and says why in the cue text):
pronoun -> previous speaker; "the statement" -> the statement's source; an actor from the entity
list; a PERSON found by NER; "<nationality> <institution>" ("China's foreign ministry" ->
"Chinese foreign ministry", "his foreign ministry" -> the person's country); a bare role ("a
spokesperson", "the ministry") -> the institution in context, or an unnamed source ("officials");
an ORG/GPE found by NER; a capitalized name. Everything is rule-based so an analyst can read why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stance.claims.actors import Actors
from stance.claims.cues import DETS, PRONOUNS, ROLE_WORDS, tokens
from stance.text.dates import MONTHS, WEEKDAYS
from stance.text.normalize import normalize_text
from stance.text.titles import HONORIFICS, TITLE_CANON, TITLE_WORDS

# words to cut before a name: titles (also abbreviated with their full stop), words of an office's
# name ("Senate", "White House") and the determiners before them
NAME_PREFIX_WORDS = TITLE_WORDS | {f"{h}." for h in HONORIFICS} | {
    "senate", "house", "white", "the", "a", "an", "his", "her", "its", "their"}
_TITLED_NAME = re.compile(r"\b(" + "|".join(rf"{t.capitalize()}\." if t in HONORIFICS else t.capitalize()
                                            for t in TITLE_CANON) + r")\s+"
                          r"((?:[A-Z][a-z'\u2019-]+\s+){1,2}[A-Z][a-z'\u2019-]+)")
_NOT_NAMES = {*WEEKDAYS, *MONTHS, "updated", "update", "editor", "breaking", "watch", "read", "photo",
              "video", "today", "yesterday"}
_NOT_FIRST = {"the", "in", "on", "at", "for", "and", "but", "as", "when", "while", "after", "if",
              "new", "north", "south", "east", "west", "united", *WEEKDAYS,
              "republican", "democrat", "democratic", "american", "russian", "chinese"}
_ORG_AFTER_PERSON = re.compile(r"^\s*(?:campaign|administration|camp|team|government|family|"
                               r"foundation|aides|allies)\b", re.I)
# nouns an institution's name is built from ("<nationality> <noun>"), in priority order: the first
# found names it. Not a list of titles (those are stance.text.titles): a role here names the body
_INSTITUTION_NOUNS = ("ministry", "government", "embassy", "military", "army", "officials",
                      "official", "diplomats", "diplomat", "media", "authorities", "leaders",
                      "leadership", "side", "mission", "delegation", "cabinet", "parliament",
                      "presidency", "spokesperson", "spokesman", "spokeswoman", "president",
                      "leader", "state media", "navy", "forces", "envoy", "ambassador")
_MINISTRY_QUALIFIERS = ("foreign", "defence", "defense", "finance", "commerce", "trade", "interior",
                        "economy", "justice", "energy", "emergencies", "health", "foreign affairs")
_SPOKES = re.compile(r"\b(?:spokes\w*|ministry|government|embassy|office|department|mission)\b", re.I)
_STATEMENT_ONLY = re.compile(r"^(?:the|this|that|a|an|its|their|his|her|joint)?\s*(?:joint\s+)?"
                             r"(?:statement|readout|communiqu[e\u00e9]|press release|release|document|"
                             r"letter|ad|advertisement|video|tweet|memo|email|petition)$", re.I)
_STATEMENT_FROM = re.compile(r"^(?:an?|the)?\s*(?:joint\s+)?(?:statement|readout|communiqu[e\u00e9]|"
                             r"press release|release|report)s?\s+(?:issued\s+)?(?:from|by|of)\s+(?P<x>.+)$", re.I)
_ROLE_OF = re.compile(r"^(?:an?|the|one|two|several|some)?\s*(?P<role>(?:[a-z\-]+\s+){0,3}?"
                      r"(?:spokes\w+|officials?|aides?|adviser|advisor|sources?|diplomats?|members?|"
                      r"representatives?|envoy|ambassador))\s+(?:for|of|to|at|from|in|with|close to)\s+"
                      r"(?P<org>.+)$", re.I)


@dataclass(frozen=True)
class Speaker:
    name: str
    kind: str  # person | institution | country | source | statement
    side: str = ""


@dataclass
class Context:
    """What the article has said so far: recent speakers, the last statement's source, and the
    full names of people mentioned (so a later "Roe" becomes "Jane Roe")."""

    history: list[tuple[int, Speaker]] = field(default_factory=list)  # (unit index, speaker)
    statement_source: Speaker | None = None
    names: dict[str, str] = field(default_factory=dict)  # surname/given name -> full name
    institutions: list[tuple[int, Speaker]] = field(default_factory=list)  # mentioned or speaking
    titles: dict[str, str] = field(default_factory=dict)  # "president" -> last person so titled
    people: list[tuple[int, str]] = field(default_factory=list)  # (unit, person mentioned)
    texts: list[str] = field(default_factory=list)  # unit texts read so far

    def add(self, unit: int, sp: Speaker, statement: bool = False) -> None:
        self.history.append((unit, sp))
        if sp.kind in ("institution", "country"):
            self.institutions.append((unit, sp))
        if statement and sp.kind != "person":
            self.statement_source = sp
        if sp.kind == "person":
            self.remember_name(sp.name)

    def remember_name(self, full: str) -> None:
        parts = full.split()
        if len(parts) >= 2:
            for p in (parts[0], parts[-1]):
                self.names.setdefault(p, full)

    def full_name(self, name: str) -> str:
        """A surname becomes the full name seen before: first from people already resolved,
        else from the article text so far ("Jane Roe ... Roe said")."""
        if " " in name or not name:
            return name
        if name in self.names:
            return self.names[name]
        pat = re.compile(r"\b([A-Z][a-z]+(?:\s[A-Z]\.)?)\s" + re.escape(name) + r"\b")
        for text in reversed(self.texts):
            for m in pat.finditer(text):
                first = m.group(1).split()[0]
                if first.casefold() not in NAME_PREFIX_WORDS and first.casefold() not in _NOT_FIRST:
                    return f"{m.group(1)} {name}"
        return name

    def recent(self, unit: int, within: int, kinds: tuple[str, ...] = ()) -> Speaker | None:
        for u, sp in reversed(self.history):
            if unit - u > within:
                break
            if not kinds or sp.kind in kinds:
                return sp
        return None

    def recent_institution(self, unit: int, within: int = 8) -> Speaker | None:
        for u, sp in reversed(self.institutions):
            if unit - u > within:
                break
            return sp
        return None


class Resolver:
    """Resolves speaker phrases for one article, unit by unit, in reading order."""

    def __init__(self, actors: Actors, registry=None) -> None:
        self.actors = actors
        self.registry = registry
        self.ctx = Context()

    # -- sides ---------------------------------------------------------------------------
    def side(self, name: str, hint: str = "") -> str:
        s = self.actors.side_of(name)
        if not s and self.registry is not None and hasattr(self.registry, "info"):
            info = self.registry.info(name)
            s = getattr(info, "side", "") if info else ""
        if not s and hint:
            nat = self.actors.nationality(hint)
            s = nat.side if nat else ""
        return s

    def _actor_speaker(self, name: str) -> Speaker:
        a = self.actors.get(name)
        kind = a.kind if a else "person"
        return Speaker(a.name if a else name, kind, a.side if a else self.side(name))

    # -- mentions (for pronoun fall-backs and name consolidation) -----------------------
    def mentioned_people(self, text: str, ents: tuple[tuple[int, int, str, str], ...] = ()) -> list[tuple[int, str]]:
        out = [(s, a.name) for s, _, a in self.actors.mentions(text) if a.kind == "person"]
        for s, _, label, etext in ents:
            if label == "PERSON":
                name = strip_titles(etext)
                if name:
                    out.append((s, self.ctx.full_name(name)))
        out.sort()
        return out

    def observe(self, unit: int, text: str, ents: tuple = (),
                people: list[tuple[int, str]] | None = None) -> None:
        """Remember full names and institutions mentioned in a unit (no speaker implied)."""
        self.ctx.texts.append(text)
        for pos, name in (self.mentioned_people(text, ents) if people is None else people):
            self.ctx.remember_name(name)
            self.ctx.people.append((unit, name))
            for tok in re.findall(r"[A-Za-z][\w-]*\.?", normalize_text(text)[max(0, pos - 45):pos])[-4:]:
                title = TITLE_CANON.get(tok.casefold().rstrip("."))
                if title:
                    self.ctx.titles[title] = name
        for m in _TITLED_NAME.finditer(text):  # "Senator Jane Roe": a full name even without NER
            name = re.sub(r"['\u2019]s?$", "", m.group(2))
            self.ctx.remember_name(name)
            title = TITLE_CANON.get(m.group(1).casefold().rstrip("."))
            if title:
                self.ctx.titles[title] = self.ctx.full_name(name)
        for _, _, a in self.actors.mentions(text):
            if a.kind == "institution":
                self.ctx.institutions.append((unit, Speaker(a.name, "institution", a.side)))

    # -- the resolution ------------------------------------------------------------------
    def resolve(self, phrase: str, unit: int, unit_text: str, phrase_start: int,
                ents: tuple = (), prev_people: list[tuple[int, str]] | None = None,
                appositive: str = "", prev_subject_end: int = 0) -> tuple[Speaker | None, str]:
        p = normalize_text(phrase).strip(" ,")
        low = p.casefold()
        if not p:
            return None, ""
        if low in PRONOUNS:
            return self._pronoun(low, unit, prev_people or [], prev_subject_end)
        if _STATEMENT_ONLY.match(p):
            doc = re.sub(r"^(?:the|this|that|a|an|its|their|his|her|joint)\s+", "", low)
            src = None
            if re.match(r"(?:joint\s+)?(?:statement|readout|communiqu|press release|release)", doc):
                src = self.ctx.statement_source or self.ctx.recent_institution(unit)
            if src:
                return src, f"'{p}' \u2192 the statement's source {src.name}"
            return Speaker(f"unnamed {doc}", "statement"), f"'{p}' with no source named before"
        m = _STATEMENT_FROM.match(p)
        if m:
            sp, why = self.resolve(m.group("x"), unit, unit_text, phrase_start, ents, prev_people)
            return sp, (f"a statement from {sp.name}" if sp else why)
        m = _ROLE_OF.match(p)
        if m and re.search(r"spokes", m.group("role"), re.I):
            sp, _ = self.resolve(m.group("org"), unit, unit_text, phrase_start, ents, prev_people)
            if sp:
                return sp, f"'{p}' \u2192 {sp.name}"
        if m and m.group("role") == m.group("role").casefold():
            # "an aide to Vladimir Putin", "officials at the ministry": the role, not the org
            org, _ = self.resolve(m.group("org"), unit, unit_text, phrase_start, ents, prev_people)
            if org:
                role = re.sub(r"^(?:an?|the|one)\s+", "", m.group("role"))
                return Speaker(f"{org.name} {role}", "source", org.side), f"'{p}' \u2192 {role} of {org.name}"
        both = re.split(r"\s+and\s+", p)
        if len(both) == 2 and all(re.search(r"[A-Z]", b) for b in both):
            a, why_a = self.resolve(both[0], unit, unit_text, phrase_start, ents, prev_people)
            b, _ = self.resolve(both[1], unit, unit_text, phrase_start + len(both[0]), ents, prev_people)
            if a and b and a.name != b.name:
                side = a.side if a.side == b.side else ""
                return Speaker(f"{a.name} and {b.name}", "group", side), f"joint speakers '{p}'"
        words = [w for w in re.findall(r"[\w.'\u2019-]+", low)]
        role_only = bool(words) and all(w in ROLE_WORDS or w in DETS for w in words)
        if role_only and appositive and re.search(r"[A-Z]", appositive):
            sp, why = self.resolve(appositive, unit, unit_text, phrase_start, ents, prev_people)
            if sp:
                return sp, why
        for _, e0, a in self.actors.mentions(p):
            m_org = _ORG_AFTER_PERSON.match(normalize_text(p)[e0:])
            if a.kind == "person" and m_org:
                last = a.name.split()[-1]
                name = f"{last} {m_org.group(0).strip().casefold()}"
                return Speaker(name, "institution", a.side), f"'{p}' \u2192 {name}"
        actor = self.actors.find(p)
        if actor:
            return Speaker(actor.name, actor.kind, actor.side), f"entity list: '{p}' \u2192 {actor.name}"
        end = phrase_start + len(phrase)
        for s, e, label, etext in ents:
            if label == "PERSON" and s < end and e > phrase_start:
                name = self.ctx.full_name(strip_titles(etext))
                if name:
                    return Speaker(name, "person", self.side(name, p + " " + appositive)), f"NER person '{etext}'"
        titled = self._titled(words, p, unit)
        if titled:
            return titled
        inst = self._institution(p, unit_text[:phrase_start], unit)
        if inst:
            return inst
        if role_only:
            if _SPOKES.search(p):
                inst_sp = self.ctx.recent_institution(unit)
                if inst_sp:
                    return inst_sp, f"'{p}' \u2192 institution in context {inst_sp.name}"
            name = " ".join(w for w in words if w not in DETS)
            return Speaker(name, "source", ""), f"unnamed source '{p}'"
        for s, e, label, etext in ents:
            if label in ("ORG", "GPE", "NORP") and s < end and e > phrase_start:
                if words and TITLE_CANON.get(words[-1].rstrip(".")):  # "the Northland governor"
                    name = re.sub(r"^(?:the|a|an)\s+", "", p, flags=re.I)
                    return Speaker(name, "person", self.side(name, p)), f"role '{p}'"
                name = re.sub(r"^the\s+", "", etext, flags=re.I)
                full = self.ctx.full_name(re.sub(r"['\u2019]s$", "", name))
                if full != name and " " in full:  # a surname tagged ORG, but a person named earlier
                    return Speaker(full, "person", self.side(full, p)), f"'{etext}' \u2192 {full}, named earlier"
                return Speaker(name, "institution", self.side(name, p)), f"NER {label.lower()} '{etext}'"
        org = re.sub(r"^(?:the|a|an)\s+", "", p, flags=re.I)
        if re.fullmatch(r"[A-Z][\w.-]*(?:\s+(?:of|for|and|the|on)\s+|\s+)(?:[A-Z][\w.-]*\s*){1,4}", org) \
                and re.search(r"\s(?:of|for|and|on)\s", org):
            return Speaker(org, "institution", self.side(org, p)), f"organization name '{org}'"
        name = strip_titles(p)
        if name and all(t[0][:1].isupper() for t in tokens(name)) and len(name.split()) <= 4 \
                and not any(w.casefold() in _NOT_NAMES for w in name.split()) \
                and not re.search(r"['\u2019]s\b", p):
            name = self.ctx.full_name(name)
            return Speaker(name, "person", self.side(name, p + " " + appositive)), f"capitalized name '{p}'"
        return None, ""

    def _titled(self, words: list[str], p: str, unit: int) -> tuple[Speaker, str] | None:
        """'the president', 'the Northland governor' -> the person last named with that title, when
        the phrase's nationality (if any) agrees with that person's side."""
        if not words or re.match(r"^(?:an?|one)\b", p.casefold()):
            return None
        title = TITLE_CANON.get(words[-1].rstrip("."))
        name = self.ctx.titles.get(title or "")
        if not name and title and p.casefold().startswith("the "):
            # "the Northland governor" with no "Governor X" seen: the person just quoted
            last = self.ctx.recent(unit, 4, ("person",))
            if last and not (self.actors.nationality(p) and last.side
                             and self.actors.nationality(p).side != last.side):
                return last, f"'{p}' \u2192 recent speaker {last.name}"
        if not name:
            return None
        sp = self._actor_speaker(name)
        nat = self.actors.nationality(p)
        if nat and sp.side and nat.side != sp.side:
            return None
        return sp, f"'{p}' \u2192 {name}, titled so earlier"

    def _pronoun(self, pron: str, unit: int, prev_people: list[tuple[int, str]],
                 prev_subject_end: int = 0) -> tuple[Speaker | None, str]:
        """he/she: the previous sentence's speaker, else its subject if a person, else a recent
        speaker, else the first person it names, else the last person named shortly before."""
        if pron in ("he", "she"):
            last = self.ctx.recent(unit, 1)
            if last and last.kind == "person":
                return last, f"pronoun '{pron}' \u2192 previous speaker {last.name}"
            subj = [n for pos, n in prev_people if pos < prev_subject_end]
            if subj:
                return self._actor_speaker(subj[0]), f"pronoun '{pron}' \u2192 {subj[0]}, subject of the previous sentence"
            last = self.ctx.recent(unit, 4, ("person",))
            if last:
                return last, f"pronoun '{pron}' \u2192 recent speaker {last.name}"
            if prev_people:
                name = prev_people[0][1]
                return self._actor_speaker(name), f"pronoun '{pron}' \u2192 {name}, first person in the previous sentence"
            near = [n for u, n in self.ctx.people if unit - u <= 3]
            if near:
                return self._actor_speaker(near[-1]), f"pronoun '{pron}' \u2192 {near[-1]}, last person named"
            return None, ""
        last = self.ctx.recent(unit, 2)
        if pron == "it":
            if last and last.kind != "person":
                return last, f"pronoun 'it' \u2192 previous speaker {last.name}"
            inst = self.ctx.statement_source or self.ctx.recent_institution(unit, 3)
            return (inst, f"pronoun 'it' \u2192 {inst.name}") if inst else (None, "")
        if last:
            return last, f"pronoun '{pron}' \u2192 previous speaker {last.name}"
        return None, ""

    def _institution(self, p: str, before: str, unit: int) -> tuple[Speaker, str] | None:
        """"China's foreign ministry", "the Russian foreign ministry", "his foreign ministry",
        "Russian officials", "Beijing"."""
        low = p.casefold()
        noun = next((n for n in _INSTITUTION_NOUNS if re.search(rf"\b{n}\b", low)), "")
        if re.search(r"\bministry of foreign affairs\b", low):
            noun, low = "ministry", low.replace("ministry of foreign affairs", "foreign ministry")
        nat = self.actors.nationality(p)
        adjective, side = "", ""
        why = ""
        if nat:
            adjective, side = nat.adjective, nat.side
            if not adjective:
                word = re.search(r"[A-Z][\w.]*(?:\s[A-Z][\w.]*)?", normalize_text(p))
                adjective = re.sub(r"'s?$", "", word.group(0)) if word else ""
            why = f"nationality '{adjective}'"
        elif re.match(r"^(?:his|her|its|their)\b", low) and noun:
            people = [a for _, _, a in self.actors.mentions(before) if a.kind == "person" and a.country]
            owner = people[0] if people else None
            if owner is None:
                last = self.ctx.recent(unit, 3, ("person",))
                owner = self.actors.get(last.name) if last else None
            if owner is not None and owner.country:
                adjective = self.actors.adjective_for_country(owner.country) or owner.country
                side, why = owner.side, f"'{p.split()[0]}' \u2192 {owner.name}'s country"
        if not adjective:
            return None
        if not noun:
            words = [w for w in re.findall(r"[\w.'\u2019-]+", p) if w.casefold() not in DETS]
            if len(words) == 1:  # "China said", "Beijing has said"
                name = re.sub(r"['\u2019]s$", "", words[0])
                return Speaker(name, "country", side), f"country '{name}'"
            return None
        if noun == "ministry":
            quals = [q for q in _MINISTRY_QUALIFIERS if re.search(rf"\b{q}\b", low)]
            name = f"{adjective} {(quals[-1] + ' ') if quals else ''}ministry"
        else:
            name = f"{adjective} {noun}"
        return Speaker(name, "institution" if noun != "president" else "person", side), why


def strip_titles(name: str) -> str:
    """'Kremlin spokesman Dmitry Peskov' -> 'Dmitry Peskov': keep what follows the last title word."""
    toks = [t[0] for t in tokens(normalize_text(name))]
    toks = [t for t in toks if t[:1].isalnum()]
    cut = 0
    for i, t in enumerate(toks):
        low = t.casefold()
        if low in NAME_PREFIX_WORDS or low.endswith("-to-be") or low.endswith(("'s", "\u2019s")) \
                or low in ROLE_WORDS:
            cut = i + 1
    rest = toks[cut:] or [t for t in toks if t.casefold() not in DETS]
    return re.sub(r"['\u2019]s$", "", " ".join(rest)).strip()
