"""What an article says about its meeting: who met (the people its title and first lines name),
which country each of them represents ("Ukrainian Foreign Minister ..."), and where they met
(cities after "in/at/to/visit", from the gazetteer in `stance.events.places`).

Read from the title, dateline and the first lede paragraphs only: news names who met where first,
and later paragraphs bring background (earlier meetings, next month's summit).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from stance.events.days import own_days
from stance.events.places import Places
from stance.schema import Article
from stance.text.datelines import NOT_PLACES
from stance.text.titles import INSTITUTIONS, TITLE_WORDS

LEDE_PARAGRAPHS = 6
# NER reads the title, dateline and whole lede paragraphs up to about this many characters: news
# names who met where first, and NER over six paragraphs costs more than encoding the claims
LEDE_NER_CHARS = 700
# people first named within this many characters of the body (or in the title) are the
# article's principals: the ones who met, not the background ("after the presidents met last year")
PRINCIPAL_CHARS = 320
# at most this many words between a nationality and the name it introduces ("Secretary of the
# Ruritanian National Security Council Anna Berg")
NATION_REACH = 8

# title words (one owner: stance.text.titles) and the verbs spaCy's small model glues to names
_NOT_NAME = TITLE_WORDS | {"meets", "met", "meet", "holds", "held", "says", "said", "tells", "told"}
# words that are never a person's name, capitalised in a title ("Meets With Her Counterpart") or
# a page's label ("STORY:", "VIDEO"): a "name" made only of them is not a person
_NEVER_NAME = frozenset({"with", "and", "for", "from", "to", "at", "in", "on", "by", "of", "the", "a",
                         "an", "her", "his", "their", "its"}) | {w.casefold() for w in NOT_PLACES}
# words that may stand between a nationality and a name: titles, bodies, "of the", acronyms
_BETWEEN = TITLE_WORDS | INSTITUTIONS | {"of", "the", "and", "for", "affairs", "'s", "\u2019s", ",", "-"}


def parse_day(s: str) -> date | None:
    try:
        return date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


@lru_cache(maxsize=1 << 16)
def name_tokens(name: str) -> frozenset[str]:
    """Case-folded words of a person's name without initials ("Ana J. Ribeiro" -> ana,
    ribeiro), so "Ribeiro" and "Ana Ribeiro" share a token."""
    return frozenset(t for t in re.split(r"[\s\-]+", name.casefold().replace(".", ". "))
                     if t and not t.endswith(".") and len(t) > 1)


@dataclass
class Gist:
    """Who met where, for one article or a group of them (merged by `merge`)."""

    principals: Counter = field(default_factory=Counter)  # name -> articles naming them first
    tokens: frozenset[str] = frozenset()  # name tokens of everyone the articles mention
    nationality: dict[str, Counter] = field(default_factory=dict)  # name token -> countries
    cities: Counter = field(default_factory=Counter)  # meeting city -> articles naming it
    countries: frozenset[str] = frozenset()  # countries of those cities

    def merge(self, other: Gist) -> Gist:
        nat = {t: Counter(c) for t, c in self.nationality.items()}
        for t, c in other.nationality.items():
            nat.setdefault(t, Counter()).update(c)
        return Gist(self.principals + other.principals, self.tokens | other.tokens, nat,
                    self.cities + other.cities, self.countries | other.countries)


@dataclass
class ArticleProfile:
    article: Article
    day: date | None
    persons: Counter
    surnames: set[str]
    gist: Gist
    days: frozenset[tuple[int, int]] = frozenset()  # (month, day) it gives itself (`days.own_days`)


def ner_lede(a: Article) -> tuple[str, int]:
    """Title, dateline and the first paragraphs, whole, up to LEDE_NER_CHARS (at least one),
    and where the body starts in that text."""
    parts = [a.title, a.dateline]
    body = len(a.title) + len(a.dateline) + 2
    size = len(a.title) + len(a.dateline)
    for k, par in enumerate(a.paragraphs[:LEDE_PARAGRAPHS]):
        if k and size + len(par) > LEDE_NER_CHARS:
            break
        parts.append(par)
        size += len(par)
    return "\n".join(parts), body


def clean_person(name: str) -> str:
    """Drop titles and verbs spaCy's small model glues to names ("Ana Ribeiro Meets")."""
    name = re.sub(r"['\u2019]s$", "", name.strip())
    toks = [t for t in name.split() if t.casefold().strip(".,") not in _NOT_NAME]
    if not toks or len(toks) > 4 or not all(t[:1].isupper() for t in toks):
        return ""
    if all(t.casefold().strip(".,:") in _NEVER_NAME for t in toks):
        return ""
    return " ".join(toks)


def _nation_before(doc, start: int, places: Places) -> str:
    """The country named just before a person's name ("U.S. Secretary of State", "China's top
    diplomat", "his Ukrainian counterpart"), walking back over titles and bodies; '' if none."""
    k, seen = start - 1, 0
    while k >= 0 and seen < NATION_REACH:
        tok = doc[k]
        text = tok.text
        if k > 0:  # two-word nationalities ("South African", "North Korean")
            pair = places.nation(f"{doc[k - 1].text} {text}")
            if pair:
                return pair
        nation = places.nation(text)
        if nation and text[:1].isupper():
            return nation
        low = text.casefold()
        if low not in _BETWEEN and not (text.isupper() and len(text) <= 5) and not tok.is_punct:
            return ""
        k -= 1
        seen += 1
    return ""


def build_profiles(articles: Sequence[Article], places: Places) -> list[ArticleProfile]:
    """One profile per article (NER over its lede: PERSON names, their nationality, meeting cities)."""
    from stance.nlp import PIPE_BATCH, load_spacy

    # only NER runs: the small model's NER embeds its own tok2vec (no listener), so the shared
    # tok2vec and the tagger cost time without changing any entity
    nlp = load_spacy(disable=("parser", "lemmatizer", "attribute_ruler", "tok2vec", "tagger"))
    ledes = [ner_lede(a) for a in articles]
    out = []
    for a, (text, body), doc in zip(articles, ledes,
                                    nlp.pipe([t for t, _ in ledes], batch_size=PIPE_BATCH), strict=True):
        persons: Counter = Counter()
        principals: Counter = Counter()
        nationality: dict[str, Counter] = {}
        first: list[str] = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            name = clean_person(ent.text)
            if not name or places.nation(name) or places.city(name):
                continue
            persons[name] += 1
            first.append(name)
            if ent.start_char < body + PRINCIPAL_CHARS or ent.start_char < len(a.title):
                principals[name] = 1
            nation = _nation_before(doc, ent.start, places)
            if nation:
                for t in name_tokens(name):
                    nationality.setdefault(t, Counter())[nation] += 1
        for name in first:  # a long preamble: at least the first two people named
            if len({frozenset(name_tokens(p)) for p in principals}) >= 2:
                break
            if not any(name_tokens(name) & name_tokens(p) for p in principals):
                principals[name] = 1
        found = places.meeting_cities("\n".join(" ".join(line.split()) for line in text.split("\n")))
        cities = Counter(dict.fromkeys((c for c, _ in found), 1))
        tokens = frozenset(t for p in persons for t in name_tokens(p))
        gist = Gist(principals, tokens, nationality, cities, frozenset(n for _, n in found))
        day = parse_day(a.published)
        out.append(ArticleProfile(replace(a, text=""),  # the sweep may hold it for weeks: no text
                                  day, persons, set(tokens), gist, own_days(a) if day is None else frozenset()))
    return out
