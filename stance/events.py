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
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from stance.embed import Embedder
from stance.nlp import PIPE_BATCH
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
# NER for participants and places reads the title, dateline and whole lede paragraphs up to about
# this many characters: news names who met where first, and NER over six paragraphs cost more
# than encoding the article's claims
LEDE_NER_CHARS = 700
LEDE_CLAIMS = 8  # first lede claims averaged into an article's lede vector
UNDATED_NEIGHBOURS = 64  # most similar articles an undated article is compared with


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


def _ner_lede(a: Article) -> str:
    """Title, dateline and the first paragraphs, whole, up to LEDE_NER_CHARS (at least one)."""
    parts = [a.title, a.dateline]
    size = len(a.title) + len(a.dateline)
    for k, par in enumerate(a.paragraphs[:LEDE_PARAGRAPHS]):
        if k and size + len(par) > LEDE_NER_CHARS:
            break
        parts.append(par)
        size += len(par)
    return "\n".join(parts).strip()


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

    # only NER runs: the small model's NER embeds its own tok2vec (no listener), so the shared
    # tok2vec and the tagger cost time without changing any entity
    nlp = load_spacy(disable=("parser", "lemmatizer", "attribute_ruler", "tok2vec", "tagger"))
    ledes = [_ner_lede(a) for a in articles]
    out = []
    for a, doc in zip(articles, nlp.pipe(ledes, batch_size=PIPE_BATCH), strict=False):
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


class _Similarity:
    """Lede similarity read pair by pair, never as a full article x article matrix: only
    articles inside one date window (or an undated article's nearest few) are compared."""

    def __init__(self, x) -> None:
        self.x = x
        self.sparse = not isinstance(x, np.ndarray)

    def row(self, i: int, js: Sequence[int] | np.ndarray) -> np.ndarray:
        if not len(js):
            return np.zeros(0, dtype=np.float32)
        if self.sparse:
            return np.asarray((self.x[list(js)] @ self.x[i].T).toarray()).ravel()
        return self.x[np.asarray(js)] @ self.x[i]


def _claim_ledes(articles: Sequence[Article], claims: Sequence[Claim],
                 vectors_by_claim: Mapping[str, np.ndarray]) -> dict[int, np.ndarray]:
    """Lede vector of each article = normalized mean of its first LEDE_CLAIMS claims of the
    lede paragraphs, from vectors the pipeline already computed (no second encoding)."""
    pos = {a.article_id: k for k, a in enumerate(articles)}
    picked: dict[int, list[tuple[int, int, np.ndarray]]] = {}
    for c in claims:
        k = pos.get(c.article_id)
        v = vectors_by_claim.get(c.claim_id)
        if k is None or v is None or not (c.is_lede or c.paragraph < LEDE_PARAGRAPHS):
            continue
        picked.setdefault(k, []).append((c.sentence_index, c.sub_index, v))
    out: dict[int, np.ndarray] = {}
    for k, rows in picked.items():
        rows.sort(key=lambda r: (r[0], r[1]))
        m = np.mean([np.asarray(r[2], dtype=np.float32) for r in rows[:LEDE_CLAIMS]], axis=0)
        norm = float(np.linalg.norm(m))
        if norm > 0:
            out[k] = m / norm
    return out


def _similarity(articles: Sequence[Article], embedder: Embedder | None,
                claims: Sequence[Claim] | None = None,
                vectors_by_claim: Mapping[str, np.ndarray] | None = None) -> _Similarity:
    if vectors_by_claim is not None and claims:
        have = _claim_ledes(articles, claims, vectors_by_claim)
        missing = [k for k in range(len(articles)) if k not in have]
        if have and (embedder is not None or not missing):
            dim = len(next(iter(have.values())))
            mat = np.zeros((len(articles), dim), dtype=np.float32)
            for k, v in have.items():
                mat[k] = v
            if missing:  # articles without claims: encode their lede text
                assert embedder is not None
                mat[missing] = embedder.encode([_lede(articles[k]) for k in missing])
            return _Similarity(mat)
    texts = [_lede(a) for a in articles]
    if embedder is not None:
        return _Similarity(np.asarray(embedder.encode(texts), dtype=np.float32))
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # only stop words / empty texts
        return _Similarity(np.zeros((len(texts), 1), dtype=np.float32))
    return _Similarity(x.tocsr())


def _close(row: np.ndarray, js: Sequence[int], floor: float) -> list[tuple[int, float]]:
    """(article, similarity) of `js` whose similarity reaches `floor` (the lowest any link
    accepts), so the Python-level checks run on few pairs."""
    return [(js[t], float(row[t])) for t in np.flatnonzero(row >= floor)]


def _compatible(a: _Profile, b: _Profile, sim: float, window: int) -> bool:
    if a.day and b.day and abs((a.day - b.day).days) > window:
        return False
    if a.place_keys and b.place_keys and not (a.place_keys & b.place_keys):
        return False
    if a.day and b.day and a.surnames & b.surnames:
        return sim >= SIM_WITH_PARTICIPANT
    return sim >= SIM_CONTENT_ONLY


def group_events(articles: Sequence[Article], claims: Sequence[Claim] | None = None,
                 embedder: Embedder | None = None, settings: Settings | None = None,
                 vectors_by_claim: Mapping[str, np.ndarray] | None = None) -> list[Event]:
    """Events over `articles` (every article lands in exactly one event).

    With `claims` and `vectors_by_claim` (claim_id -> unit vector, as the pipeline already
    has), an article's lede vector is the mean of its first lede claims' vectors, so ledes are
    not encoded a second time; otherwise ledes are encoded with `embedder` (tf-idf without)."""
    settings = settings or Settings()
    articles = list(dict.fromkeys(articles))
    if not articles:
        return []
    window = settings.event_window_days
    prof = _profiles(articles)
    sim = _similarity(articles, embedder, claims, vectors_by_claim)
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
    days_sorted = [prof[i].day.toordinal() for i in dated]  # type: ignore[union-attr]
    pairs = []
    for x, i in enumerate(dated):  # sorted by date: compare only inside the window
        js = dated[x + 1:bisect_right(days_sorted, days_sorted[x] + window)]
        for j, s in _close(sim.row(i, js), js, SIM_WITH_PARTICIPANT):
            if _compatible(prof[i], prof[j], s, window):
                pairs.append((-s, i, j))
    for x, i in enumerate(undated):  # no date: content only, against its nearest few
        js = dated + undated[x + 1:]
        row = sim.row(i, js)
        if len(js) > UNDATED_NEIGHBOURS:
            keep = np.sort(np.argpartition(-row, UNDATED_NEIGHBOURS)[:UNDATED_NEIGHBOURS])
            js, row = [js[t] for t in keep], row[keep]
        for j, s in _close(row, js, SIM_CONTENT_ONLY):
            if _compatible(prof[i], prof[j], s, window):
                pairs.append((-s, i, j))
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
