"""Facts a report states about the meeting itself, read from one parsed claim: where the
sides met, on which days, how long, what kind of visit it was, how they were in contact
(telephone or video), when a body was founded, which round or session it was.

Each fact fills a slot ("meeting place", "visit kind") with a canonical value that two outlets'
claims can be compared on, keeps the words it was read from (shown to the analyst) and says
whom it is about: the people named in the claim, or the visitor when the claim names one.
`stance.framing.event_facts` decides which facts of one event speak of the same slot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stance.text.dates import DAY_MONTH, WEEKDAYS, month_number
from stance.text.meetings import (
    CONTACT_MEDIA,
    CONTACT_WORDS,
    DATED_HISTORY_VERBS,
    DURATION_UNITS,
    MEETING_WORDS,
    PLACE_RELATIONS,
    VISIT_KINDS,
    VISIT_WORDS,
)
from stance.text.numbers import WORD_NUM, WORD_ORD, number_value, ordinal_value, show_number
from stance.text.places import is_country
from stance.text.stems import stem
from stance.text.titles import TITLE_WORDS

# kinds of discrepancy (the `kind` column); "who" facts come from stance.framing.roles
PLACE, DATE, NUMBER, WHAT = "place", "date", "number", "what"
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NUM = r"(?:\d+(?:\.\d+)?|" + "|".join(WORD_NUM) + r")(?:[- ]and[- ]a[- ]half)?"
_QUALIFIER = r"(?:(more than|over|nearly|almost|about|around|some|at least|less than|under|roughly|approximately)\s+)?"
DURATION = re.compile(rf"\b{_QUALIFIER}({_NUM})[- ](hours?|minutes?|days?)\b(?:[- ]long)?", re.IGNORECASE)
# "one day after", "two days later": a distance in time, not a length
_RELATIVE = re.compile(r"^\s*(?:after|before|later|earlier|ago|since|ahead|from now|prior)\b", re.IGNORECASE)
_WEEKDAY_SPAN = re.compile(
    r"\b(" + "|".join(WEEKDAYS) + r")\s*(?:and|to|through|till|until|-|\u2013)\s*(" + "|".join(WEEKDAYS) + r")\b",
    re.IGNORECASE)
_DAY_RANGE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|\u2013|to|and)\s*(\d{1,2})")
_RANGE_END = re.compile(r"\s*(?:-|\u2013|to|and)\s*(\d{1,2})\b(?!\s*(?:hours?|days?|[%:]))")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# Cheap tests on the whole text before walking the tokens: a token can only be a year, an
# ordinal or a weekday when the text holds one (most claims hold none).
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")
_ANY_WEEKDAY = re.compile("|".join(WEEKDAYS))  # on the lower-cased text, as token.lower_
ANY_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)|" + "|".join(map(re.escape, sorted(WORD_ORD, key=len, reverse=True))))
_LASTING = frozenset({"last", "spend", "run", "continue", "go"})  # "the talks lasted N hours"
_OTHER_TIME = frozenset({"next", "last", "previous", "upcoming", "future", "forthcoming", "earlier", "later",
                         "past", "former", "planned", "expected"})
# words too common in descriptions of a call or a series to tell two of them apart
_GENERIC = frozenset({"two", "both", "side", "sides", "country", "countries", "new", "first", "next",
                      "regular", "high", "level", "between", "the", "of", "a", "an", "and", "their"})


@dataclass(frozen=True)
class SlotFact:
    """One checkable value a claim gives for a slot of the meeting."""

    kind: str  # PLACE | DATE | NUMBER | WHAT
    slot: str  # "meeting place", "meeting days", "visit kind", ...
    key: frozenset[str]  # what else must match: the body founded, the call described ...
    value: str  # canonical, compared
    shown: str  # as written, shown to the analyst
    people: tuple[str, ...] = ()  # whom it is about (a visitor); () = the people the claim names
    sides: int = 2  # people it is about: 2 sides of a meeting, 1 visitor, 0 when the key says it all
    # a fact of a named body rather than of the meeting (the year it was founded): true whatever
    # meeting the report is about, so compared across events too (stance.framing.standing_facts)
    standing: bool = False


def _meeting(tok) -> bool:
    """Does `tok` report the meeting ("met", "talks", "held discussions")?"""
    if tok.lemma_.casefold() in MEETING_WORDS:
        return True
    return any(c.dep_ in ("dobj", "attr") and c.lemma_.casefold() in MEETING_WORDS for c in tok.children)


def _another_meeting(tok) -> bool:
    """Is the meeting word qualified as another gathering: one of a body ("the BRICS leaders'
    summit", "the G20 meeting") or at another time ("next month's summit", "will meet next week")?"""
    if tok.pos_ == "VERB":
        return any(w.lower_ in _OTHER_TIME for c in tok.children if c.dep_ in ("npadvmod", "advmod")
                   for w in c.subtree)
    for c in tok.children:
        if c.dep_ not in ("poss", "compound", "amod", "nmod", "npadvmod"):
            continue
        for w in c.subtree:
            if w.lower_ in _OTHER_TIME or w.ent_type_ in ("ORG", "EVENT", "DATE") or (
                    w.is_upper and len(w.text) >= 3 and w.ent_type_ != "PERSON"):
                return True
    return False


def _near_meeting(tok, hops: int = 5) -> bool:
    """Is `tok` attached to a word reporting the meeting, through at most `hops` heads and no
    other verb ("met in Vienna", "talks with Wang Yi outside Beijing"; not "the embassy in
    Washington said")?"""
    t = tok
    for _ in range(hops):
        if t.head is t:
            return False
        t = t.head
        if _meeting(t):
            return not _another_meeting(t)
        if t.pos_ == "VERB" and not _meeting(t):
            return False
    return False


def _places_meeting(prep) -> bool:
    """Does the preposition before a place attach to the meeting word itself ("met in
    Vienna", "their meeting in Beijing"), not to a person or body ("counterparts in Beijing")?"""
    head = prep.head
    if head.lower_ == "outskirts" and head.dep_ == "pobj":  # "on the outskirts of X"
        head = head.head.head
    for _ in range(3):  # "met her counterpart Jonas Weber in Geneva": the place hangs on a side
        if _meeting(head) or not (head.pos_ == "PROPN" or head.lemma_.casefold() in TITLE_WORDS):
            break
        if head.dep_ not in ("dobj", "pobj", "conj", "appos", "compound"):
            break
        head = head.head.head if head.dep_ == "pobj" and head.head.lower_ in ("with", "and") else head.head
    return head is not prep and _meeting(head) and not _another_meeting(head)


def _mentions_meeting(doc) -> bool:
    return any(_meeting(t) for t in doc)


def _ent_of(tok):
    doc = tok.doc
    return next((e for e in doc.ents if e.start <= tok.i < e.end), None)


def _place_name(ent) -> str:
    name = re.sub(r"^the\s+", "", ent.text, flags=re.IGNORECASE)
    return re.sub(r"^(St\.?|Saint)\s+", "St ", name)


def meeting_places(doc) -> list[SlotFact]:
    """Where the meeting happened: (relation, place) for a city or venue right after in / at /
    outside / near in a claim reporting the meeting. Countries are left out ("talks in China"
    does not contradict "talks in Beijing"); a claim naming two places of the meeting is
    skipped (which one is meant is not clear); "Beijing, China" is one place."""
    if not _mentions_meeting(doc):
        return []
    found: dict[str, tuple[str, str, str]] = {}
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS or ent.start == 0:
            continue
        prev = doc[ent.start - 1]
        if prev.text == "," and ent.start >= 2 and doc[ent.start - 2].ent_type_ in PLACE_LABELS:
            continue  # "Beijing, China": the country only locates the city
        rel, start = PLACE_RELATIONS.get(prev.lower_), prev.i
        if rel is None and prev.lower_ == "of" and ent.start >= 2 and doc[ent.start - 2].lower_ == "outskirts":
            rel, start = "outside", ent.start - 2
        name = _place_name(ent)
        if rel is None or is_country(name) or not _places_meeting(prev):
            continue
        found.setdefault(name.casefold(), (rel, name, ent.label_, doc[start:ent.end].text))
    if len(found) != 1:
        return []
    (rel, name, label, shown), = found.values()
    return [SlotFact(PLACE, "meeting place", frozenset(), f"{rel}|{name.casefold()}|{label}", shown)]


def _weekdays_of(doc) -> list[tuple[set[str], str]]:
    """(days, words) of the weekdays that date the meeting: a span ("on Tuesday and Wednesday")
    or one day attached to the meeting word ("met on Friday", not "said Friday")."""
    spans = []
    for m in _WEEKDAY_SPAN.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None and any(t.lower_ in WEEKDAYS and _near_meeting(t) for t in span):
            spans.append(({m.group(1).casefold(), m.group(2).casefold()}, m.group(0)))
    if spans or _WEEKDAY_SPAN.search(doc.text):
        return spans  # a span dates the meeting, or (a visit's span) not: its days are no single day
    out = []
    if not _ANY_WEEKDAY.search(doc.text.lower()):
        return out
    for t in doc:
        if t.lower_ in WEEKDAYS and _near_meeting(t):
            out.append(({t.lower_}, t.text))
    return out


def _monthdays_of(doc) -> list[tuple[set[str], str]]:
    """Calendar days of the meeting ("on August 27-28", "on 16 May") attached to the meeting word."""
    text, out = doc.text, []
    for m in DAY_MONTH.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or not _near_meeting(span.root):
            continue
        words = m.group(0)
        if m.group(1):  # "27-28 August", "16 May"
            month, first = month_number(m.group(2)), int(m.group(1))
            rng = _DAY_RANGE.match(words)
        else:  # "August 27-28", "May 16"
            month, first = month_number(m.group(3)), int(m.group(4))
            rng = _RANGE_END.match(text, m.end())
            if rng:
                words += rng.group(0)
        last = int(rng.group(rng.lastindex)) if rng else first
        days = set(range(first, last + 1)) if first < last <= first + 7 else {first}
        out.append(({f"{month:02d}-{d:02d}" for d in days}, words.strip()))
    return out


def meeting_days(doc) -> list[SlotFact]:
    """The days the meeting took place: weekdays compared with weekdays, calendar days with
    calendar days; a span of days is its own slot (a two-day meeting)."""
    out = []
    for days, words in _weekdays_of(doc):
        slot = "meeting days" if len(days) > 1 else "meeting day"
        out.append(SlotFact(DATE, slot, frozenset({"weekday"}), "|".join(sorted(days)), words))
    for days, words in _monthdays_of(doc):
        slot = "meeting days" if len(days) > 1 else "meeting day"
        out.append(SlotFact(DATE, slot, frozenset({"calendar"}), "|".join(sorted(days)), words))
    return out


def durations(doc) -> list[SlotFact]:
    """How long the meeting or the visit lasted ("more than 10 hours", "a two-day visit")."""
    text = doc.text
    out = []
    for m in DURATION.finditer(text):
        if _RELATIVE.match(text[m.end():]):
            continue
        value = number_value(m.group(2).replace("-", " "))
        if value is None:
            continue
        unit = DURATION_UNITS[m.group(3).casefold()]
        after = text[m.end():m.end() + 40].casefold()
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        visit = next((t for t in doc[span.end:span.end + 4] if t.lemma_.casefold() in VISIT_WORDS), None) \
            if span is not None else None
        if visit is not None:
            out.append(SlotFact(NUMBER, f"{unit}s of the visit", frozenset(), show_number(value), m.group(0).strip(),
                                visitor(visit), sides=1))
        elif span is not None and _lasts(span, after):
            out.append(SlotFact(NUMBER, f"{unit}s of the meeting", frozenset(), show_number(value), m.group(0).strip()))
    return out


def _lasts(span, after: str) -> bool:
    """Is a length of time the meeting's: "N hours of talks", "N-hour talks", "talks lasted N
    hours", "the two spent N hours together" (not "flew eight hours to Geneva")?"""
    if re.match(r"\s*(?:together|of (?:talks|meetings|discussions|negotiations))\b", after):
        return True
    unit = span[-1] if span[-1].lemma_.casefold() in DURATION_UNITS else span.root
    if _meeting(unit.head) or _near_meeting(unit):
        return True
    verb = next((t for t in unit.ancestors if t.pos_ in ("VERB", "AUX")), None)
    return verb is not None and verb.lemma_.casefold() in _LASTING and _mentions_meeting(span.doc)


def visitor(visit) -> tuple[str, ...]:
    """The person making the visit: its possessor ("Lavrov's visit"), or the subject of the
    clause it belongs to ("Lavrov arrived on a visit", "Lavrov, who is on a visit")."""
    poss = next((c for c in visit.children if c.dep_ == "poss"), None)
    if poss is not None:
        return _person_at(poss)
    t = visit
    for _ in range(4):
        if t.head is t:
            break
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.lower_ in ("who", "which", "that") and t.dep_ == "relcl":
                subj = t.head
            return _person_at(subj) if subj is not None else ()
    return ()


def _person_at(tok) -> tuple[str, ...]:
    ent = _ent_of(tok)
    if ent is not None and ent.label_ == "PERSON":
        return (ent.text,)
    if tok.pos_ == "PROPN":
        run = [c.text for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok.text]
        return (" ".join(run),)
    return ()


def visit_kinds(doc) -> list[SlotFact]:
    """The protocol kind of a visit ("state visit", "official visit") and who made it."""
    out = []
    for t in doc:
        if t.lemma_.casefold() not in VISIT_WORDS or t.pos_ != "NOUN":
            continue
        kinds = [c for c in t.children if c.dep_ in ("amod", "compound") and c.lower_ in VISIT_KINDS]
        if len(kinds) == 1:
            k = kinds[0]
            out.append(SlotFact(WHAT, "visit kind", frozenset({t.lemma_.casefold()}), VISIT_KINDS[k.lower_],
                                f"{k.text} {t.text}", visitor(t), sides=1))
    return out


def _describers(tok, skip: set[int]) -> set[str]:
    """Stems of the words describing a noun (compounds, adjectives, "between ..." phrases),
    without titles, numbers and words every call shares."""
    words: set[str] = set()
    for c in tok.children:
        if c.i in skip:
            continue
        if c.dep_ in ("compound", "amod", "nmod", "poss") or (c.dep_ == "prep" and c.lower_ in ("between", "with")):
            for w in c.subtree:
                if (w.i not in skip and w.is_alpha and not w.is_stop and w.lower_ not in _GENERIC
                        and w.lower_ not in TITLE_WORDS and w.lower_ not in CONTACT_MEDIA):
                    words.add(stem(w.lemma_ if w.pos_ == "NOUN" else w.text, 4))
    return words


def contact_media(doc) -> list[SlotFact]:
    """How the sides were (or will be) in contact: "telephone call", "video call", "in-person
    meeting". The call is told apart from other calls by the words describing it ("theater
    commander call" vs "Biden-Xi call")."""
    out = []
    for t in doc:
        if t.lemma_.casefold() not in CONTACT_WORDS or t.pos_ != "NOUN":
            continue
        media = [c for c in t.children if c.dep_ in ("compound", "amod") and c.lower_ in CONTACT_MEDIA]
        hyphen = re.search(r"(in-person|face-to-face)\s*$", doc.text[:t.idx], re.IGNORECASE)
        if len(media) == 1:
            medium, words, skip = CONTACT_MEDIA[media[0].lower_], media[0].text, {media[0].i}
        elif hyphen and not media:
            medium, words, skip = CONTACT_MEDIA[hyphen.group(1).casefold()], hyphen.group(1), set()
            skip = {w.i for w in doc if hyphen.start() <= w.idx < t.idx}
        else:
            continue
        key = _describers(t, skip)
        if key:
            out.append(SlotFact(WHAT, "contact format", frozenset(key), medium, f"{words} {t.text}",
                                sides=0))
    return out


def _proper_name(tok) -> str:
    """The name a proper noun ends ("Council" of "the Harbour Council", "the Nordic Council"):
    two bodies named by one word each ("Council") are not told apart."""
    run = [c for c in tok.lefts if (c.dep_ == "compound" and c.pos_ == "PROPN")
           or (c.dep_ in ("compound", "amod") and c.text[:1].isupper() and c.is_alpha)] + [tok]
    return " ".join(c.text for c in run) if tok.pos_ == "PROPN" else ""


def history_years(doc) -> list[SlotFact]:
    """The year a named body was founded, a treaty signed or a member joined ("BRICS was
    founded in 2006", "BRICS, founded in 2009")."""
    out = []
    if not _ANY_YEAR.search(doc.text):
        return out
    for t in doc:
        cls = DATED_HISTORY_VERBS.get(t.lemma_.casefold())
        if cls is None or t.pos_ != "VERB":
            continue
        year = next((y for p in t.children if p.dep_ == "prep" and p.lower_ == "in"
                     for y in p.subtree if _YEAR.match(y.text)), None)
        if year is None:
            continue
        subj = next((c for c in t.children if c.dep_ in ("nsubjpass", "nsubj")), None)
        if t.dep_ in ("acl", "relcl") and (subj is None or subj.lower_ in ("which", "that")):
            subj = t.head  # "BRICS, founded in ...", "the Council, which was set up in ..."
        name = _proper_name(subj) if subj is not None else ""
        if name:
            out.append(SlotFact(DATE, f"year {name} {cls}", frozenset({name.casefold()}), year.text,
                                f"{t.text} in {year.text}", sides=0, standing=True))
    return out


def ordinals(doc) -> list[SlotFact]:
    """Which session of a series it was ("the 14th meeting of BRICS security officials")."""
    out = []
    if not ANY_ORDINAL.search(doc.text.casefold()):
        return out
    for t in doc:
        value = ordinal_value(t.text)
        if value is None or t.dep_ != "amod" or t.head.pos_ != "NOUN":
            continue
        noun = t.head
        of = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"]
        key = {stem(w.lemma_, 4) for p in of for w in p.subtree
               if w.is_alpha and not w.is_stop and w.lower_ not in _GENERIC}
        if key:
            out.append(SlotFact(NUMBER, f"number of the {noun.lemma_}", frozenset(key | {noun.lemma_.casefold()}),
                                str(value), f"{t.text} {noun.text}", sides=0))
    return out


EXTRACTORS = (meeting_places, meeting_days, durations, visit_kinds, contact_media, history_years, ordinals)


def slot_facts(doc) -> tuple[SlotFact, ...]:
    """Every slot fact of one parsed claim."""
    return tuple(f for extract in EXTRACTORS for f in extract(doc))
