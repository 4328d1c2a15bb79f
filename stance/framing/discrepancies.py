"""Aligned claims that disagree on a checkable detail: place, date/weekday, number/ordinal,
negation, or who did what.

Each kind has a small explainable extractor; two members of a group (from different articles)
disagree when both state the detail and the values do not overlap. "One outlet says Moscow,
another St Petersburg", "9th round" vs "18th round", "Monday" vs "Tuesday".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from stance.nlp import PIPE_BATCH
from stance.schema import Claim, ClaimGroup, Discrepancy
from stance.text.dates import DAY_MONTH, MONTHS, WEEKDAYS, YEAR, month_number
from stance.text.negation import first_negation
from stance.text.normalize import normalize_text
from stance.text.stems import stem

WORD_NUM = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
WORD_ORD = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
NOT_PLACES = set(MONTHS) | set(WEEKDAYS) | {"the", "a", "an", "his", "her", "its", "their", "this", "that",
                                             "order", "addition", "response", "return", "particular", "fact"}
SYMMETRIC = {"meet", "talk", "hold", "agree", "exchange", "discuss", "sign", "negotiate", "speak", "confer"}
# reporting verbs: who *said* it is attribution, not who did what
REPORTING = {"say", "tell", "add", "note", "state", "stress", "emphasize", "emphasise", "announce", "report",
             "write", "claim", "insist", "argue", "explain", "reiterate", "underline", "point"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}

_PLACE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?((?:St\.?|Saint|[A-Z][\w'-]+)(?:\s+(?:[A-Z][\w'-]+))*)")
_WEEKDAY = re.compile(r"(?<!until )(?<!till )(?<!through )(?<!by )(?<!since )\b(" + "|".join(WEEKDAYS) + r")\b",
                      re.IGNORECASE)
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b|\b(" + "|".join(WORD_ORD) + r")\b", re.IGNORECASE)
_CARDINAL = re.compile(r"\b(\d+(?:[.,]\d+)?|" + "|".join(WORD_NUM) + r")(?:[- ](?:and[- ]a[- ]half[- ])?)([a-z]+)\b",
                       re.IGNORECASE)
_AFTER_IN_AT = re.compile(r"\b(?:in|at)\s+(?:the\s+)?(\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """English country/territory names from babel's CLDR data (used to compare like with like)."""
    try:
        from babel import Locale

        return frozenset(n.casefold() for n in Locale("en").territories.values())
    except Exception:  # pragma: no cover - babel ships with the installed stack
        return frozenset()


def places(text: str) -> set[str]:
    out = set()
    for m in _PLACE.finditer(text):
        name = re.sub(r"^(St\.?|Saint)\s+", "St ", m.group(1))
        if name.split()[0].casefold() not in NOT_PLACES and not re.fullmatch(r"\d+", name):
            out.add(name)
    return out


def dates(text: str) -> tuple[set[str], set[str]]:
    """(weekdays, month-day strings like '09-18') in the text."""
    days = {m.group(1).casefold() for m in _WEEKDAY.finditer(text)}
    md = set()
    for m in DAY_MONTH.finditer(text):
        if m.group(1):
            md.add(f"{month_number(m.group(2)):02d}-{int(m.group(1)):02d}")
        else:
            md.add(f"{month_number(m.group(3)):02d}-{int(m.group(4)):02d}")
    return days, md


def _strip_dates(text: str) -> str:
    return YEAR.sub(" ", DAY_MONTH.sub(" ", text))


def numbers(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """(ordinals, cardinals) as {following noun: value}; numbers inside dates are ignored."""
    text = _strip_dates(text)
    ords: dict[str, str] = {}
    for m in _ORDINAL.finditer(text):
        value = m.group(1) or str(WORD_ORD[m.group(2).casefold()])
        nxt = re.match(r"\s*(?:[A-Z][\w-]*\s+)*([a-z][\w-]*)", text[m.end():])
        ords[nxt.group(1).casefold() if nxt else ""] = value
    cards: dict[str, str] = {}
    for m in _CARDINAL.finditer(text):
        raw = m.group(1).casefold()
        value = str(WORD_NUM.get(raw, raw)).replace(",", "")
        noun = m.group(2).casefold()
        if noun not in ("st", "nd", "rd", "th", "of", "and", "to"):
            cards[noun.rstrip("s")] = value
    return ords, cards


@dataclass(frozen=True)
class Facts:
    """Everything the checks read from one wording, computed once per distinct text.

    `actor` ((verb lemma, proper-noun subject)) and `parsed_places` ({(place, entity label)})
    come from spaCy and are None until parsed; the rest is pattern-based."""

    text: str
    weekdays: frozenset[str]
    monthdays: frozenset[str]
    ordinals: Mapping[str, str]
    cardinals: Mapping[str, str]
    negator: str
    negated: str
    stems: frozenset[str]
    regex_places: frozenset[str]
    may_name_place: bool  # a capitalised word after in/at (any case): NER may find a place
    actor: tuple[str, str] | None = None
    parsed_places: frozenset[tuple[str, str]] | None = None


def text_facts(text: str) -> Facts:
    days, md = dates(text)
    ords, cards = numbers(text)
    neg, word = first_negation(text)
    return Facts(text, frozenset(days), frozenset(md), ords, cards, neg, word,
                 frozenset(stem(w) for w in re.findall(r"[A-Za-z]+", text)), frozenset(places(text)),
                 any(m.group(1).isupper() for m in _AFTER_IN_AT.finditer(text)))


def _actor_pipeline():
    """Tagger + parser (+ the attribute ruler that sets POS); NER is not needed for who-did-what
    and the small model's NER has its own tok2vec, so leaving it out changes no parse."""
    from stance.nlp import load_spacy

    return load_spacy(disable=("ner", "lemmatizer"))


def _place_pipeline():
    """NER alone (it embeds its own tok2vec), for place names after "in"/"at"."""
    from stance.nlp import load_spacy

    return load_spacy(disable=("parser", "lemmatizer", "attribute_ruler", "tok2vec", "tagger"))


def _lemma(token) -> str:
    """The lemma the full pipeline would give: the attribute ruler's when it set one, else the
    rule lemmatizer's (run on this token only instead of on every token of every text)."""
    if token.lemma != 0:
        return token.lemma_
    from stance.nlp import load_spacy

    lemmatizer = load_spacy().nlp.get_pipe("lemmatizer")
    return lemmatizer.rule_lemmatize(token)[0]


def _actor_from_doc(doc) -> tuple[str, str]:
    """(verb lemma, proper-noun subject) of the first sentence with a verbal root.

    The verb is the root's, or the reported clause's when the root is a reporting verb ("China
    said X met Y"); the subject is "" when it is not a proper noun."""
    for sent in doc.sents:
        root = sent.root
        if root.pos_ not in ("VERB", "AUX"):
            continue
        if _lemma(root).casefold() in REPORTING:
            comp = [c for c in root.children if c.dep_ in ("ccomp", "xcomp")]
            if not comp:
                return "", ""
            root = comp[0]
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        name = (" ".join(t.text for t in subj.subtree if t.pos_ == "PROPN")
                if subj is not None and subj.pos_ == "PROPN" else "")
        return _lemma(root).casefold(), name
    return "", ""


def _places_from_doc(doc) -> frozenset[tuple[str, str]]:
    """GPE/LOC/FAC entities right after "in"/"at", with their label."""
    found: set[tuple[str, str]] = set()
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS and ent.start > 0 and doc[ent.start - 1].lower_ in ("in", "at"):
            name = re.sub(r"^the\s+", "", ent.text, flags=re.IGNORECASE)
            found.add((re.sub(r"^(St\.?|Saint)\s+", "St ", name), ent.label_))
    return frozenset(found)


def facts_for(texts: Sequence[str], cache: dict[str, Facts] | None = None, *,
              actors: Sequence[str] = (), places_of: Sequence[str] = ()) -> dict[str, Facts]:
    """Facts of `texts` in `cache` (text -> Facts, owned by the caller so later events reuse it).

    `actors`: texts that need the who-did-what parse; `places_of`: texts that need place
    entities. Each runs through the smallest spaCy pipeline that yields it, batched, and each
    text is parsed at most once per cache."""
    from dataclasses import replace

    cache = {} if cache is None else cache
    for t in dict.fromkeys([*texts, *actors, *places_of]):
        if t not in cache:
            cache[t] = text_facts(t)
    todo = [t for t in dict.fromkeys(actors) if cache[t].actor is None]
    if todo:
        for t, doc in zip(todo, _actor_pipeline().pipe(todo, batch_size=PIPE_BATCH), strict=True):
            cache[t] = replace(cache[t], actor=_actor_from_doc(doc))
    todo = [t for t in dict.fromkeys(places_of) if cache[t].parsed_places is None]
    if todo:
        for t, doc in zip(todo, _place_pipeline().pipe(todo, batch_size=PIPE_BATCH), strict=True):
            cache[t] = replace(cache[t], parsed_places=_places_from_doc(doc))
    return cache


def _same_entity(a: str, b: str) -> bool:
    ta, tb = set(a.casefold().split()), set(b.casefold().split())
    return bool(ta & tb)


def _place_discrepancy(pa: set[str], pb: set[str], a: str, b: str,
                       labels: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """Both name where it happened and the names differ, comparing like with like (a city is not
    contradicted by its country, nor a region by a city)."""
    if not pa or not pb or {p.casefold() for p in pa} & {p.casefold() for p in pb}:
        return None
    if any(p.casefold() in b.casefold() for p in pa) or any(p.casefold() in a.casefold() for p in pb):
        return None
    countries, labels = _countries(), labels or {}
    kinds_a = {(labels.get(p, ""), p.casefold() in countries) for p in pa}
    kinds_b = {(labels.get(p, ""), p.casefold() in countries) for p in pb}
    if not kinds_a & kinds_b:
        return None
    return ", ".join(sorted(pa)), ", ".join(sorted(pb))


def compare(a: str, b: str, parse: bool = True) -> list[tuple[str, str, str]]:
    """(kind, value_a, value_b) for every detail on which two wordings disagree.

    With `parse`, places come from spaCy entities and the who-did-what check runs; without it,
    places come from capitalised words after in/at and actors are skipped (fast path).
    """
    if not parse:
        facts = facts_for([a, b])
        return compare_facts(facts[a], facts[b], parse=False)
    facts = facts_for([a, b], actors=[a, b], places_of=[a, b])
    return compare_facts(facts[a], facts[b])


def compare_facts(fa: Facts, fb: Facts, parse: bool = True) -> list[tuple[str, str, str]]:
    """`compare` on precomputed facts; parsed fields that are None count as not parsed."""
    out: list[tuple[str, str, str]] = []
    if parse and fa.parsed_places is not None and fb.parsed_places is not None:
        pla, plb = fa.parsed_places, fb.parsed_places
        place = _place_discrepancy({p for p, _ in pla}, {p for p, _ in plb}, fa.text, fb.text,
                                   dict(pla | plb))
    elif parse:
        place = None  # no place candidate on one side: nothing to contradict
    else:
        place = _place_discrepancy(set(fa.regex_places), set(fb.regex_places), fa.text, fb.text)
    if place:
        out.append(("place", *place))
    wa, da, wb, db = fa.weekdays, fa.monthdays, fb.weekdays, fb.monthdays
    if wa and wb and not wa & wb:
        out.append(("date", ", ".join(sorted(wa)), ", ".join(sorted(wb))))
    if da and db and not da & db:
        out.append(("date", ", ".join(sorted(da)), ", ".join(sorted(db))))
    oa, na, ob, nb = fa.ordinals, fa.cardinals, fb.ordinals, fb.cardinals
    for noun in sorted(set(oa) & set(ob)):
        if oa[noun] != ob[noun]:
            out.append(("number", f"{oa[noun]} {noun}".strip(), f"{ob[noun]} {noun}".strip()))
    for noun in sorted(set(na) & set(nb)):
        if na[noun] != nb[noun]:
            out.append(("number", f"{na[noun]} {noun}", f"{nb[noun]} {noun}"))
    if fa.negator and not fb.negator and fa.negated and stem(fa.negated) in fb.stems:
        out.append(("negation", f"{fa.negator} {fa.negated}", "(affirmative)"))
    elif fb.negator and not fa.negator and fb.negated and stem(fb.negated) in fa.stems:
        out.append(("negation", "(affirmative)", f"{fb.negator} {fb.negated}"))
    (va, sa), (vb, sb) = fa.actor or ("", ""), fb.actor or ("", "")
    if va and va == vb and va not in SYMMETRIC | REPORTING and sa and sb and not _same_entity(sa, sb):
        out.append(("actor", f"{sa} {va}", f"{sb} {vb}"))
    return out


def find_discrepancies(groups: Sequence[ClaimGroup], claims_by_id: Mapping[str, Claim],
                       parse: bool = True, parse_cache: dict | None = None) -> list[Discrepancy]:
    """Discrepancies between members of each group that come from different articles.

    Each (group, kind, value pair) is reported once, on the first pair of claims showing it.
    Every text's facts are computed once per call (the pipeline makes one call per batch of
    events); pass the same `parse_cache` dict to several calls to share them. Only texts compared with another article's are parsed,
    and place entities are looked for only where both sides of some pair name a place after
    "in"/"at" (a place discrepancy needs a place on each side).
    """
    cache: dict[str, Facts] = {} if parse_cache is None else parse_cache
    compared: list[tuple[ClaimGroup, list[tuple[Claim, str]]]] = []
    for g in groups:
        members = [claims_by_id[m.claim_id] for m in g.members if m.claim_id in claims_by_id]
        pairs = [(c, normalize_text(c.claim_text)) for c in members]
        # only wordings that differ can disagree: a group of syndicated copies needs no parse
        if len({c.article_id for c in members}) > 1 and len({t for _, t in pairs}) > 1:
            compared.append((g, pairs))
    texts = [t for _, ms in compared for _, t in ms]
    facts_for(texts, cache)
    actors: list[str] = []
    places_of: list[str] = []
    if parse:
        actors = texts
        for _, ms in compared:  # a place needs NER only if another article's member has one too
            with_place = [(c.article_id, t) for c, t in ms if cache[t].may_name_place]
            if len({aid for aid, _ in with_place}) > 1:
                places_of.extend(t for _, t in with_place)
        facts_for([], cache, actors=actors, places_of=places_of)
    out: list[Discrepancy] = []
    for g, ms in compared:
        seen: set[tuple[str, str, str]] = set()
        for (ca, a), (cb, b) in combinations(ms, 2):
            if ca.article_id == cb.article_id or a == b:
                continue
            for kind, va, vb in compare_facts(cache[a], cache[b], parse):
                key = (kind, *sorted((va.casefold(), vb.casefold())))
                if key in seen:
                    continue
                seen.add(key)
                out.append(Discrepancy(g.group_id, ca.claim_id, cb.claim_id, kind, va, vb))
    return out
