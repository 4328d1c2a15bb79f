"""Group articles that report the same meeting or visit into events.

Two articles join when their dates fall within `settings.event_window_days`, they name at
least one common participant (PERSON entities of title and lede, matched by surname), their
meeting places are compatible (same place, or a city inside the named country), and their
title+lede texts are similar. A different meeting of the same people in the same week is held
apart by the place check. Undated articles are grouped on content alone (stricter text match).
Clusters grow by union only while the event's dates still fit in one window, so a series of
weekly meetings cannot chain into one event.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from stance.embed import Embedder
from stance.schema import Article, Claim, Event, stable_hash
from stance.settings import Settings

# cities that often host meetings -> their country, so "in Moscow" and "visit Russia" agree
CITY_COUNTRY = {
    "moscow": "russia", "st petersburg": "russia", "saint petersburg": "russia", "sochi": "russia",
    "kazan": "russia", "vladivostok": "russia", "beijing": "china", "shanghai": "china",
    "tunxi": "china", "huangshan": "china", "guilin": "china", "xiamen": "china",
    "washington": "united states", "new york": "united states", "kyiv": "ukraine",
    "kiev": "ukraine", "minsk": "belarus", "budapest": "hungary", "brussels": "belgium",
    "berlin": "germany", "paris": "france", "london": "united kingdom", "ankara": "turkey",
    "istanbul": "turkey", "new delhi": "india", "delhi": "india", "tehran": "iran",
    "astana": "kazakhstan", "tashkent": "uzbekistan", "samarkand": "uzbekistan",
    "bishkek": "kyrgyzstan", "jakarta": "indonesia", "bali": "indonesia", "geneva": "switzerland",
    "malta": "malta", "valletta": "malta", "vienna": "austria", "tokyo": "japan",
    "seoul": "south korea", "pyongyang": "north korea", "johannesburg": "south africa",
}
SIM_WITH_PARTICIPANT = 0.15  # tf-idf/embedding similarity of ledes when a participant is shared
SIM_CONTENT_ONLY = 0.45  # similarity needed with no shared participant or no dates
LEDE_PARAGRAPHS = 6


@dataclass
class _Profile:
    article: Article
    day: date | None
    persons: Counter
    surnames: set[str]
    places: Counter
    place_keys: set[str]


def _parse_day(s: str) -> date | None:
    try:
        return date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


def _lede(a: Article) -> str:
    return "\n".join([a.title, a.dateline, *a.paragraphs[:LEDE_PARAGRAPHS]]).strip()


def _place_key(place: str) -> str:
    p = re.sub(r"^the\s+", "", place.casefold()).strip(". ")
    return CITY_COUNTRY.get(p, p)


_NOT_NAME = {"meets", "met", "meet", "holds", "held", "says", "said", "president", "minister",
             "councilor", "councillor", "state", "foreign", "chinese", "russian", "director",
             "secretary", "premier", "spokesman", "spokeswoman", "counterpart", "mr", "ms"}


def _clean_person(name: str) -> str:
    """Drop titles and verbs spaCy's small model glues to names ("Vladimir Putin Meets")."""
    toks = [t for t in name.split() if t.casefold().strip(".,") not in _NOT_NAME]
    if not toks or len(toks) > 4 or not all(t[:1].isupper() for t in toks):
        return ""
    return " ".join(toks)


_PLACE_AFTER_IN = re.compile(r"\b(?:in|to|at|visit(?:s|ed|ing)?)\s+((?:[A-Z][a-z]+\s?){1,3})")


def _profiles(articles: Sequence[Article]) -> list[_Profile]:
    from stance.nlp import load_spacy

    nlp = load_spacy(disable=("parser", "lemmatizer", "attribute_ruler"))
    ledes = [_lede(a) for a in articles]
    out = []
    for a, doc in zip(articles, nlp.pipe(ledes, batch_size=32), strict=False):
        persons: Counter = Counter()
        places: Counter = Counter()
        for ent in doc.ents:
            name = re.sub(r"['\u2019]s$", "", ent.text.strip())
            if ent.label_ == "PERSON":
                name = _clean_person(name)
                if name:
                    persons[name] += 1
            elif ent.label_ in ("GPE", "LOC") and name[:1].isupper():
                places[name] += 1
        # meeting places: GPEs introduced by "in/to/visit" (a dateline city is where the
        # report was filed, not necessarily where the meeting was)
        met = {m.group(1).strip() for m in _PLACE_AFTER_IN.finditer(" ".join(ledes[len(out)].split()))}
        meeting = Counter({p: c for p, c in places.items() if p in met}) or places
        out.append(_Profile(a, _parse_day(a.published), persons,
                            {t.casefold() for p in persons for t in p.split()}, meeting,
                            {_place_key(p) for p in meeting}))
    return out


def _similarity(articles: Sequence[Article], embedder: Embedder | None) -> np.ndarray:
    texts = [_lede(a) for a in articles]
    if embedder is not None:
        v = embedder.encode(texts)
        return v @ v.T
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # only stop words / empty texts
        return np.eye(len(texts), dtype=np.float32)
    return (x @ x.T).toarray()


def _compatible(a: _Profile, b: _Profile, sim: float, window: int) -> bool:
    if a.day and b.day and abs((a.day - b.day).days) > window:
        return False
    if a.place_keys and b.place_keys and not (a.place_keys & b.place_keys):
        return False
    if a.day and b.day and a.surnames & b.surnames:
        return sim >= SIM_WITH_PARTICIPANT
    return sim >= SIM_CONTENT_ONLY


def group_events(articles: Sequence[Article], claims: Sequence[Claim] | None = None,
                 embedder: Embedder | None = None, settings: Settings | None = None) -> list[Event]:
    """Events over `articles` (every article lands in exactly one event). `claims` are not
    needed for grouping; they are accepted so callers can pass what they have."""
    settings = settings or Settings()
    articles = list(dict.fromkeys(articles))
    if not articles:
        return []
    window = settings.event_window_days
    prof = _profiles(articles)
    sim = _similarity(articles, embedder)
    n = len(articles)
    parent = list(range(n))
    days: dict[int, list[date]] = {i: [p.day] if p.day else [] for i, p in enumerate(prof)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(n), key=lambda i: (prof[i].day or date.max, articles[i].article_id))
    dated = [i for i in order if prof[i].day]
    undated = [i for i in order if not prof[i].day]
    pairs = []
    for x, i in enumerate(dated):
        for j in dated[x + 1:]:
            if (prof[j].day - prof[i].day).days > window:
                break  # sorted by date: nothing later is in the window
            if _compatible(prof[i], prof[j], float(sim[i, j]), window):
                pairs.append((-float(sim[i, j]), i, j))
    for x, i in enumerate(undated):  # no date: compared with everything, on content only
        for j in dated + undated[x + 1:]:
            if _compatible(prof[i], prof[j], float(sim[i, j]), window):
                pairs.append((-float(sim[i, j]), i, j))
    for _, i, j in sorted(pairs):
        a, b = find(i), find(j)
        if a == b:
            continue
        span = days[a] + days[b]
        if span and (max(span) - min(span)).days > window:
            continue
        parent[b] = a
        days[a] = span
    comps: dict[int, list[int]] = {}
    for i in order:
        comps.setdefault(find(i), []).append(i)
    events = [_make_event([prof[i] for i in idx]) for idx in comps.values()]
    return sorted(events, key=lambda e: (e.start or "9999", e.event_id))


def _make_event(members: list[_Profile]) -> Event:
    ids = tuple(sorted(p.article.article_id for p in members))
    dated = sorted(p.day for p in members if p.day)
    persons: Counter = Counter()
    by_surname: dict[str, str] = {}
    for p in members:
        for name, c in p.persons.items():
            key = name.split()[-1].casefold()
            persons[key] += c + 2  # articles naming someone count more than repetitions
            if len(name) > len(by_surname.get(key, "")):
                by_surname[key] = name
    places: Counter = Counter()
    for p in members:
        places.update(p.places)
    top = [by_surname[k] for k, _ in persons.most_common(2)]
    cities = Counter({k: v for k, v in places.items() if k.casefold() in CITY_COUNTRY})
    place = (cities or places).most_common(1)[0][0] if places else ""
    start = dated[0].isoformat() if dated else ""
    parts = [" - ".join(top) + (" talks" if len(top) > 1 else "") if top else
             (members[0].article.title[:60] or "Untitled event")]
    if place:
        parts.append(place)
    if start:
        parts.append(start)
    return Event(event_id=stable_hash("event", *ids), label=", ".join(parts), article_ids=ids,
                 start=start, end=dated[-1].isoformat() if dated else "",
                 participants=tuple(by_surname[k] for k, _ in persons.most_common(6)), place=place)
