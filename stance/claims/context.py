"""What an article has said so far: the memory speaker resolution reads, unit by unit.

Pronouns, role nouns ("the minister", "the Chinese official") and bare surnames ("Roe") refer
back to people, bodies and documents named earlier in the same article. `Context` keeps them in
reading order with what the text told about each person: the titles written before the name
("Foreign Minister", "his Ukrainian counterpart"), the side those words give, and the gender the
text shows (an honorific, a gendered title, or "he"/"she" bound to the person in one sentence).
It never guesses a gender from a first name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stance.claims.cues import DETS, ROLE_WORDS, tokens
from stance.claims.speaker import Speaker
from stance.text.dates import MONTHS, WEEKDAYS
from stance.text.normalize import normalize_text
from stance.text.titles import HONORIFICS, TITLE_CANON, TITLE_MODIFIERS, TITLE_WORDS

# words cut before a name: titles (also abbreviated with their full stop), words of an office's
# name ("Senate", "White House") and the determiners before them
NAME_PREFIX_WORDS = TITLE_WORDS | {f"{h}." for h in HONORIFICS} | {
    "senate", "house", "white", "the", "a", "an", "his", "her", "its", "their"}
NOT_FIRST_NAME = {"the", "in", "on", "at", "for", "and", "but", "as", "when", "while", "after", "if",
                  "new", "north", "south", "east", "west", "united", "republican", "democrat",
                  "democratic", "american", "russian", "chinese", "monday", "tuesday", "wednesday",
                  "thursday", "friday", "saturday", "sunday"}
_NO_FIRST_NAME = frozenset(NAME_PREFIX_WORDS | NOT_FIRST_NAME | TITLE_MODIFIERS)  # never a given name

# words before a name that show a gender: honorifics and gendered titles
MALE_WORDS = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "congressman", "chairman",
                        "spokesman", "father", "brother", "uncle"})
FEMALE_WORDS = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "madam", "madame", "lady", "queen",
                          "princess", "congresswoman", "chairwoman", "spokeswoman", "sister"})
# capitalized words that are no names of speakers
NOT_NAMES = {*WEEKDAYS, *MONTHS, "updated", "update", "editor", "breaking", "watch", "read", "photo",
              "video", "today", "yesterday"}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
                  "herself": "f"}


@dataclass
class Person:
    """What the article has told about one named person."""

    titles: set[str] = field(default_factory=set)  # canonical titles (TITLE_CANON values)
    side: str = ""
    gender: str = ""  # "m" | "f" | "" (unknown)


@dataclass
class Context:
    """Recent speakers, the last statement's source, the people, bodies and documents mentioned,
    and the full names of people (so a later "Roe" becomes "Jane Roe")."""

    history: list[tuple[int, Speaker]] = field(default_factory=list)  # (unit index, speaker)
    statement_source: Speaker | None = None
    names: dict[str, str] = field(default_factory=dict)  # surname/given name -> full name
    institutions: list[tuple[int, Speaker]] = field(default_factory=list)  # mentioned or speaking
    titles: dict[str, str] = field(default_factory=dict)  # "president" -> last person so titled
    people: list[tuple[int, str]] = field(default_factory=list)  # (unit, person mentioned)
    persons: dict[str, Person] = field(default_factory=dict)  # full name -> what the text says
    texts: list[str] = field(default_factory=list)  # unit texts read so far
    # bare name -> (texts searched, full name found there or ""): each text is searched for a
    # name once, so a long article costs linear, not quadratic, time
    _found: dict[str, tuple[int, str]] = field(default_factory=dict)

    def add(self, unit: int, sp: Speaker, statement: bool = False) -> None:
        self.history.append((unit, sp))
        if sp.kind in ("body", "outlet"):
            self.institutions.append((unit, sp))
        if statement and sp.kind in ("body", "outlet", "person"):
            self.statement_source = sp  # "Roe said in a statement ... the statement continued"
        if sp.kind == "person":
            self.remember_name(sp.name)
            if sp.side and not self.person(sp.name).side:
                self.person(sp.name).side = sp.side

    def person(self, name: str) -> Person:
        return self.persons.setdefault(name, Person())

    def note_words_before(self, name: str, before: str) -> None:
        """Titles, side-free gender words and honorifics written just before a mention of
        `name` ("Foreign Minister", "Ms.", "spokeswoman")."""
        info = self.person(name)
        for tok in re.findall(r"[A-Za-z][\w-]*\.?", before)[-6:]:
            low = tok.casefold()
            title = TITLE_CANON.get(low.rstrip("."))
            if title:
                self.titles[title] = name
                info.titles.add(title)
            if low in MALE_WORDS or low.rstrip(".") in MALE_WORDS:
                info.gender = info.gender or "m"
            elif low in FEMALE_WORDS or low.rstrip(".") in FEMALE_WORDS:
                info.gender = info.gender or "f"

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
        searched, found = self._found.get(name, (0, ""))
        pat = re.compile(r"\b([A-Z][a-z]+(?:\s[A-Z]\.)?)\s" + re.escape(name) + r"\b")
        for text in reversed(self.texts[searched:]):  # the latest text naming the person wins
            hit = next((m for m in pat.finditer(text)
                        if m.group(1).split()[0].casefold() not in _NO_FIRST_NAME),
                       None)
            if hit:
                found = f"{hit.group(1)} {name}"
                break
        self._found[name] = (len(self.texts), found)
        return found or name

    def recent(self, unit: int, within: int, kinds: tuple[str, ...] = ()) -> Speaker | None:
        for u, sp in reversed(self.history):
            if unit - u > within:
                break
            if not kinds or sp.kind in kinds:
                return sp
        return None

    def recent_institution(self, unit: int, within: int = 8, noun: str = "",
                           kinds: tuple[str, ...] = ("body", "outlet")) -> Speaker | None:
        """The body (or outlet) last mentioned or speaking; with `noun` ("ministry"), the last one
        whose name holds it."""
        for u, sp in reversed(self.institutions):
            if unit - u > within:
                break
            if sp.kind in kinds and (not noun or re.search(rf"\b{re.escape(noun)}\b", sp.name, re.I)):
                return sp
        return None

    def gender_ok(self, name: str, gender: str) -> bool:
        """Can a he/she of `gender` refer to `name`? Unknown genders are compatible."""
        known = self.persons.get(name)
        return not gender or known is None or not known.gender or known.gender == gender


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


__all__ = ["Context", "Person", "NAME_PREFIX_WORDS", "NOT_NAMES", "PRONOUN_GENDER", "strip_titles"]
