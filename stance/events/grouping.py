"""Group articles that report the same meeting or visit into events.

Two dated articles join when their dates fall within `settings.event_window_days`, their meeting
places and participants agree (`stance.events.rule`: another city in another country, or the same
person meeting people of another country, is another meeting) and their title+lede texts are
similar (a lower bar when they name a common participant). Clusters grow by union only while the
event's dates still fit in one window and the two groups still agree, so a series of weekly
meetings cannot chain into one event. Links are applied strongest first;
`stance.events.sweep.EventSweep` does so in one pass over the articles in date order, holding only
a few weeks of them. An undated article joins the event it matches clearly best, or stays
unassigned (`Event.unassigned`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from itertools import groupby

import numpy as np

from stance.config.settings import Settings
from stance.config.thresholds import Thresholds, load_thresholds
from stance.embed import Embedder
from stance.events.places import load_places
from stance.events.profiles import LEDE_PARAGRAPHS, ArticleProfile, build_profiles
from stance.events.rule import EventRule
from stance.events.sweep import EventSweep
from stance.schema import Article, Claim, Event

LEDE_CLAIMS = 8  # first lede claims averaged into an article's lede vector


def _lede(a: Article) -> str:
    return "\n".join([a.title, a.dateline, *a.paragraphs[:LEDE_PARAGRAPHS]]).strip()


def profiles(articles: Sequence[Article], settings: Settings | None = None) -> list[ArticleProfile]:
    """Who met where, per article, with the gazetteer of `settings` (shipped + places_path)."""
    settings = settings or Settings()
    return build_profiles(articles, load_places(settings.places_path))


# articles whose profiles are held at most when built ahead (an article without its text, a few
# counters): memory stays flat on any input; the others are built as the sweep reads them
MAX_PROFILES_AHEAD = 100_000


class ProfilesAhead:
    """Article profiles built ahead, while the encoder works (`stance.embed.background`): a
    profile reads its own article only (lede NER, places), not the vectors the events need.
    `iter_events(..., ahead=)` takes an article's profile from here when the article has not
    changed since (its date may be set later, from its event), and builds the others."""

    def __init__(self, settings: Settings | None = None, max_articles: int | None = None) -> None:
        self.settings = settings or Settings()
        self.profiles: dict[str, tuple[ArticleProfile, int]] = {}  # id -> (profile, hash of its text)
        self.max_articles = MAX_PROFILES_AHEAD if max_articles is None else max_articles

    def steps(self, pages: Iterable[Sequence[Article]]) -> Iterator[None]:
        """Build the profiles of `pages` of articles, yielding after each page."""
        for page in pages:
            if len(self.profiles) + len(page) > self.max_articles:
                return
            for a, prof in zip(page, profiles(page, self.settings), strict=True):
                self.profiles[a.article_id] = (prof, hash(a.text))
            yield

    def take(self, articles: Sequence[Article]) -> list[ArticleProfile]:
        """Profiles of `articles`, in order: built ahead where the article is the same, else now
        (each profile built ahead is handed out once: the sweep may change it)."""
        found: dict[int, ArticleProfile] = {}
        for k, a in enumerate(articles):
            prof, text = self.profiles.pop(a.article_id, (None, 0))
            if prof is not None and text == hash(a.text) and prof.article == replace(a, text=""):
                found[k] = prof
        todo = [a for k, a in enumerate(articles) if k not in found]
        fresh = iter(profiles(todo, self.settings)) if todo else iter(())
        return [found[k] if k in found else next(fresh) for k in range(len(articles))]


def is_lede_claim(c: Claim) -> bool:
    """A claim of the lede paragraphs, the ones an article's lede vector is made of."""
    return c.is_lede or c.paragraph < LEDE_PARAGRAPHS


def _claim_ledes(articles: Sequence[Article], claims: Sequence[Claim],
                 vectors_by_claim: Mapping[str, np.ndarray]) -> dict[int, np.ndarray]:
    """Lede vector of each article = normalized mean of its first LEDE_CLAIMS claims of the
    lede paragraphs, from vectors the pipeline already computed (no second encoding)."""
    pos = {a.article_id: k for k, a in enumerate(articles)}
    picked: dict[int, list[tuple[int, int, np.ndarray]]] = {}
    for c in claims:
        k = pos.get(c.article_id)
        v = vectors_by_claim.get(c.claim_id)
        if k is None or v is None or not is_lede_claim(c):
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


def _vectors(articles: Sequence[Article], embedder: Embedder | None,
             claims: Sequence[Claim] | None = None,
             vectors_by_claim: Mapping[str, np.ndarray] | None = None) -> np.ndarray:
    """One unit lede vector per article (rows in `articles` order)."""
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
            return mat
    texts = [_lede(a) for a in articles]
    if embedder is not None:
        return np.asarray(embedder.encode(texts), dtype=np.float32)
    # no embedder (small inputs, tests): tf-idf over these articles only
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # only stop words / empty texts
        return np.zeros((len(texts), 1), dtype=np.float32)
    return np.asarray(x.toarray(), dtype=np.float32)


def iter_events(chunks: Iterable[tuple[Sequence[Article], Sequence[Claim] | None,
                                       Mapping[str, np.ndarray] | None]],
                settings: Settings | None = None, embedder: Embedder | None = None,
                thresholds: Thresholds | None = None, ahead: ProfilesAhead | None = None) -> Iterator[list[Event]]:
    """Events over chunks of (articles, their claims, claim_id -> vector), yielded as they
    close (see `EventSweep`). Dated articles must come in date order (a day may run over two
    chunks; an earlier day raises ValueError); undated ones should come first, since an undated
    article is matched only with dated articles read after it. An event may be yielded again
    with undated articles added: `settle` keeps the last version of each. Profiles built `ahead`
    are taken from there."""
    settings = settings or Settings()
    sweep = EventSweep(EventRule.from_settings(settings, thresholds or load_thresholds(settings)))
    pending: list[tuple[ArticleProfile, np.ndarray]] = []  # the latest day seen, maybe not complete
    for articles, claims, vectors_by_claim in chunks:
        articles = list(dict.fromkeys(articles))
        if not articles:
            continue
        profs = ahead.take(articles) if ahead is not None else profiles(articles, settings)
        items = list(zip(profs, _vectors(articles, embedder, claims, vectors_by_claim),
                         strict=True))
        undated = [it for it in items if it[0].day is None]
        if undated:
            sweep.add_undated(sorted(undated, key=lambda it: it[0].article.article_id))
        dated = pending + sorted((it for it in items if it[0].day is not None),
                                 key=lambda it: it[0].day)  # type: ignore[arg-type,return-value]
        pending = []
        for day, group in groupby(dated, key=lambda it: it[0].day):
            pending = list(group)
            if day != dated[-1][0].day:
                if closed := sweep.add_day(day, pending):  # type: ignore[arg-type]
                    yield closed
                pending = []
    if pending:
        if closed := sweep.add_day(pending[0][0].day, pending):  # type: ignore[arg-type]
            yield closed
    if rest := sweep.finish():
        yield rest


def group_events(articles: Sequence[Article], claims: Sequence[Claim] | None = None,
                 embedder: Embedder | None = None, settings: Settings | None = None,
                 vectors_by_claim: Mapping[str, np.ndarray] | None = None) -> list[Event]:
    """Events over `articles` (every article lands in exactly one event), sorted by start.

    With `claims` and `vectors_by_claim` (claim_id -> unit vector, as the pipeline already
    has), an article's lede vector is the mean of its first lede claims' vectors, so ledes are
    not encoded a second time; otherwise ledes are encoded with `embedder` (tf-idf without).
    The pipeline streams the store through `iter_events` instead; both run `EventSweep`."""
    return settle(iter_events([(articles, claims, vectors_by_claim)], settings, embedder))


def settle(parts: Iterable[Sequence[Event]]) -> list[Event]:
    """The events of `iter_events` output that still hold their articles (a later event that
    takes an article replaces the one holding it), sorted by start."""
    owner: dict[str, Event] = {}
    for part in parts:
        for e in part:
            owner.update(dict.fromkeys(e.article_ids, e))
    events = {e.event_id: e for e in owner.values()}.values()
    return sorted(events, key=lambda e: (e.start or "9999", e.event_id))
