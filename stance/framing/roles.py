"""Who holds which title: the office each report gives a named person, and when two titles
cannot both be right.

A title is read next to a person's name, before it ("Ukrainian Foreign Minister Dmytro
Kuleba", "secretary of the Security Council Sergei Shoigu") or as an apposition after it
("Wang Yi, director of the Office of ..."), and broken into what is compared: the title word
(minister, secretary, head), its rank (prime, deputy), its portfolio (foreign, defence), the body
it belongs to (Security Council). Two titles of one person contradict when
they name different offices of the same kind ("Prime Minister" vs "Foreign Minister") or
different posts in the same body ("head of the Security Council" vs "its secretary"); one
office held by two different people ("X, director of the Office of ..." vs "Y, director of the
Office of ...") contradicts too. Relations ("counterpart"), crowd ranks ("member", "spokesman")
and past or future titles ("former Prime Minister") are never compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stance.text.stems import stem
from stance.text.titles import (
    INSTITUTIONS,
    OFFICE_HEAD_WORDS,
    PORTFOLIOS,
    RANKS,
    RELATIONAL_TITLES,
    TIME_QUALIFIERS,
    TITLE_CANON,
    TITLES,
    TOP_OFFICES,
)

_LINKS = frozenset({"of", "for"})
_FILLERS = frozenset({"the", "a", "an", "'s", "\u2019s", "-", "also", "and", "affairs", "national", "top",
                      "senior", "chief"})
_NATION_LABELS = frozenset({"NORP", "GPE"})
# ranks that several people hold at once: "a deputy foreign minister" is one of many
_SHARED_RANKS = frozenset({"deputy", "vice", "assistant"})
MIN_ORG_WORDS = 2  # a body named by one word ("Nato chief") is too vague to pin an office to one person
ORG_OVERLAP = 0.5  # share of body words two names of one body have in common ("Russian [Federation] Security Council")


@dataclass(frozen=True)
class Role:
    """One title as written and the parts compared."""

    text: str
    base: str  # canonical title word: "minister", "secretary", "head", "secretary-general"
    ranks: frozenset[str]
    portfolio: frozenset[str]
    org: frozenset[str]  # stems of the body's name

    @property
    def office(self) -> str:
        """"prime minister", "vice premier", "minister": the office without portfolio or body."""
        return " ".join([*sorted(self.ranks), self.base])


@dataclass(frozen=True)
class TitledName:
    """A person's name as written in a claim and the title written next to it."""

    name: str
    role: Role


def _canon(word: str) -> str:
    w = word.casefold().rstrip(".")
    if w in OFFICE_HEAD_WORDS - {"president"}:
        return "head"
    return TITLE_CANON.get(w, w)


def _words(tokens) -> list[str]:
    return [t.lower_ for t in tokens if t.lower_ not in _FILLERS and t.lower_ not in _LINKS and t.is_alpha]


def parse_role(tokens) -> Role | None:
    """The Role of a title phrase (spaCy tokens, without the name), or None when it names no
    comparable office."""
    toks = [t for t in tokens if not t.is_space]
    if any(t.lower_.strip("-") in TIME_QUALIFIERS for t in toks):
        return None
    segments: list[list] = [[]]
    for t in toks:
        if t.lower_ in _LINKS:
            segments.append([])
        else:
            segments[-1].append(t)
    head_at = next((k for k, seg in enumerate(segments) if any(t.lower_ in TITLES for t in seg)), None)
    if head_at is None:
        return None
    seg = segments[head_at]
    last = max(k for k, t in enumerate(seg) if t.lower_ in TITLES)
    first = last
    while first > 0 and seg[first - 1].lower_ in TITLES:
        first -= 1
    base = "-".join(_canon(t.text) for t in seg[first:last + 1])
    base = {"secretary-head": "secretary-general", "secretary-general": "secretary-general"}.get(base, base)
    if base in RELATIONAL_TITLES or any(t.lower_ in RELATIONAL_TITLES for t in seg[first:last + 1]):
        return None
    before = seg[:first]
    ranks = frozenset(t.lower_ for t in before if t.lower_ in RANKS)
    portfolio = {PORTFOLIOS[t.lower_] for t in before if t.lower_ in PORTFOLIOS}
    org: set[str] = set()
    if any(t.lower_ in INSTITUTIONS for t in before):
        org |= {stem(w) for w in _words(before) if w not in RANKS}
    for later in segments[head_at + 1:]:
        words = _words(later)
        if not words:
            continue
        if all(w in PORTFOLIOS for w in words) and not org:
            portfolio |= {PORTFOLIOS[w] for w in words}
        elif all(t.ent_type_ in _NATION_LABELS for t in later if t.is_alpha and t.lower_ not in _FILLERS):
            continue  # "of the Russian Federation": whose office, not which
        else:
            org |= {stem(w) for w in words}
    if org:  # "Security Council Secretary": the body says it all
        org |= {stem(p) for p in portfolio}
        portfolio = set()
    text = " ".join(t.text for t in toks).replace(" 's", "'s").replace(" \u2019s", "\u2019s")
    return Role(text, base, ranks, frozenset(portfolio), frozenset(org))


def _title_token(t) -> bool:
    low = t.lower_
    return (low in TITLES or low in RANKS or low in PORTFOLIOS or low in INSTITUTIONS
            or low in TIME_QUALIFIERS or low in _FILLERS or low in _LINKS)


def _may_extend(t, tagged: bool = True) -> bool:
    """Can `t` be part of a title phrase next to a name? Without `tagged` (a doc of NER alone:
    no part-of-speech tags), a capitalised word may, whatever its tag."""
    if t.ent_type_ in ("PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"):
        return False
    if t.is_punct and t.text not in ("-", "'s", "\u2019s"):
        return False
    if t.lower_ == "and":
        return False
    if _title_token(t) or t.ent_type_ in ("NORP", "GPE", "ORG"):
        return True
    return (t.is_title or t.is_upper) and (not tagged or t.pos_ in ("PROPN", "NOUN", "ADJ"))


def _left_title(doc, start: int) -> list:
    i = start - 1
    while i >= 0 and _may_extend(doc[i]):
        i -= 1
    toks = list(doc[i + 1:start])
    while toks and toks[0].lower_ in ("the", "a", "an", "of", "for", "'s", "\u2019s", "-", "also"):
        toks = toks[1:]
    while toks and toks[-1].pos_ == "PROPN" and not _title_token(toks[-1]) and toks[-1].ent_type_ not in (
            "NORP", "GPE", "ORG"):
        toks = toks[:-1]  # a first name NER left out of the name ("Antony J. Blinken")
    return toks


def _right_title(doc, end: int) -> list:
    """An apposition after the name: ", director of the Office of ...,"."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return []
    j = end + 1
    while j < len(doc) and doc[j].lower_ in ("also", "the", "a", "an"):
        j += 1
    if j >= len(doc) or not (doc[j].lower_ in TITLES or doc[j].lower_ in RANKS or doc[j].lower_ in PORTFOLIOS
                             or doc[j].ent_type_ in _NATION_LABELS):
        return []
    k = j
    while k < len(doc):
        if _may_extend(doc[k]):
            k += 1
        elif doc[k].text == "(" and k + 2 < len(doc) and doc[k + 2].text == ")" and doc[k + 1].is_upper:
            k += 3  # an acronym in brackets: "the Harbour Workers' Party (HWP) Central Council"
        else:
            break
    if k < len(doc) and doc[k].ent_type_ == "PERSON":
        return []  # "X, Treasury Secretary Y": the title is the next person's
    return [t for t in doc[j:k] if not (t.is_bracket or t.doc[t.i - 1].text == "(" and t.is_upper)]


def may_title_a_person(doc) -> bool:
    """Can `titled_names` read a title in `doc`, judged from its tokens and entities alone (NER's
    doc, untagged)? A PERSON entity with an office word (a title that is no relation) among the
    words before it that could form a title phrase, or in an apposition after it: the walks of
    `_left_title` and `_right_title`, looser where they read tags, so nothing they find is missed."""
    def office(toks) -> bool:
        return any(t.lower_ in TITLES and t.lower_ not in RELATIONAL_TITLES for t in toks)

    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        i = ent.start - 1
        while i >= 0 and _may_extend(doc[i], tagged=False):
            i -= 1
        if office(doc[i + 1:ent.start]):
            return True
        j = ent.end + 1
        if j >= len(doc) or doc[ent.end].text != ",":
            continue
        while j < len(doc) and doc[j].lower_ in ("also", "the", "a", "an"):
            j += 1
        k = j
        while k < len(doc):
            if _may_extend(doc[k], tagged=False):
                k += 1
            elif doc[k].text == "(" and k + 2 < len(doc) and doc[k + 2].text == ")" and doc[k + 1].is_upper:
                k += 3
            else:
                break
        if office(doc[j:k]):
            return True
    return False


def person_names(span) -> list[str]:
    """The names in a PERSON entity, without a possessive ending or title words NER took in;
    "Sullivan-Wang" (a meeting named after both sides) and "A / B" are two names."""
    start = span.start
    while start < span.end and (span.doc[start].lower_.rstrip(".") in TITLES or span.doc[start].lower_ in RANKS):
        start += 1
    text = span.doc[start:span.end].text if start < span.end else ""
    text = re.sub(r"['\u2019]s?$", "", text).strip()
    parts = re.split(r"\s*/\s*|\s+[-\u2013]\s+|(?<=[a-z])[-\u2013](?=[A-Z][a-z]+$)", text)
    return [p.strip() for p in parts if p.strip() and any(ch.isupper() for ch in p)]


def person_name(span) -> str:
    """The (last) name in a PERSON entity: see `person_names`."""
    names = person_names(span)
    return names[-1] if names else ""


def titled_names(doc) -> list[TitledName]:
    """Every (name, title) written together in a parsed text."""
    out: list[TitledName] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        name = person_name(ent)
        if not name:
            continue
        for toks in (_left_title(doc, ent.start), _right_title(doc, ent.end)):
            role = parse_role(toks) if toks else None
            if role is not None:
                out.append(TitledName(name, role))
    return out


def orgs_match(a: frozenset[str], b: frozenset[str]) -> bool:
    """Do two names of a body name the same body (one within the other, or most words shared)?"""
    if not a or not b:
        return False
    shared = len(a & b)
    return shared == min(len(a), len(b)) or shared / len(a | b) >= ORG_OVERLAP


def _top(r: Role) -> str:
    return r.office if r.office in TOP_OFFICES else ""


def titles_conflict(a: Role, b: Role) -> bool:
    """Can one person not hold both titles at once?"""
    if a.org and b.org:
        return orgs_match(a.org, b.org) and (a.base != b.base or a.ranks != b.ranks)
    if a.org or b.org:
        return False  # a title without its body may be another post of the same person
    if a.base == b.base:
        return a.ranks != b.ranks or bool(a.portfolio and b.portfolio and a.portfolio != b.portfolio)
    return bool(_top(a) and _top(b) and _top(a) != _top(b))


def same_single_office(a: Role, b: Role) -> bool:
    """Do both titles name one office of one body that only one person holds at a time
    ("secretary of the Standing Committee of the Harbour Council")? A title without its body
    ("Chinese Foreign Minister") is not enough: offices change hands, and two reports months
    apart may both be right."""
    if a.base != b.base or a.ranks != b.ranks or a.ranks & _SHARED_RANKS:
        return False
    return min(len(a.org), len(b.org)) >= MIN_ORG_WORDS and orgs_match(a.org, b.org)
