"""Events: one meeting's articles merge; a different meeting of the same people in the same
week (another place) does not; ids are stable; labels are readable."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from stance.config.settings import Settings
from stance.events.grouping import group_events
from stance.schema import Article, stable_hash


def art(text: str, published: str = "", title: str = "", outlet: str = "x") -> Article:
    return Article(article_id=stable_hash(text), source=f"{outlet}.txt", text=text,
                   outlet=outlet, published=published, title=title)


MOSCOW_A = art("Chinese Foreign Minister Wang Yi sat down with Sergei Lavrov in Moscow on Monday. "
               "The ministers discussed the Ukraine crisis and bilateral trade.",
               "2023-09-18", "Wang Yi meets Lavrov in Moscow", "afp")
MOSCOW_B = art("Russian Foreign Minister Sergei Lavrov received Wang Yi in Moscow, where the two "
               "discussed trade and Ukraine.", "2023-09-19", "Lavrov hosts Wang in Moscow", "tass")
NEW_YORK = art("Wang Yi and Sergei Lavrov met again on Friday in New York on the sidelines of the "
               "United Nations General Assembly to discuss Ukraine and trade.", "2023-09-21",
               "Wang and Lavrov meet at the UN in New York", "reuters")
LATER = art("Wang Yi held talks with Sergei Lavrov in Moscow about Ukraine and trade.",
            "2023-12-01", "Wang Yi in Moscow again", "afp")


def _by_article(events):
    return {a: e.event_id for e in events for a in e.article_ids}


def test_same_meeting_merges_other_place_or_month_does_not():
    events = group_events([MOSCOW_A, MOSCOW_B, NEW_YORK, LATER], None, None, Settings())
    ev = _by_article(events)
    assert ev[MOSCOW_A.article_id] == ev[MOSCOW_B.article_id]
    assert ev[NEW_YORK.article_id] != ev[MOSCOW_A.article_id]
    assert ev[LATER.article_id] != ev[MOSCOW_A.article_id]
    assert sorted(a for e in events for a in e.article_ids) == sorted(
        a.article_id for a in (MOSCOW_A, MOSCOW_B, NEW_YORK, LATER))


def test_event_id_stable_and_label_readable():
    one = group_events([MOSCOW_A, MOSCOW_B])
    two = group_events([MOSCOW_B, MOSCOW_A])
    assert [e.event_id for e in one] == [e.event_id for e in two]
    label = one[0].label
    assert "Wang Yi" in label and "Lavrov" in label and "Moscow" in label and "2023-09-18" in label


def test_undated_article_joins_on_content_only():
    undated = art(MOSCOW_A.text + " Extra line.", "", MOSCOW_A.title, "blog")
    ev = _by_article(group_events([MOSCOW_A, undated]))
    assert ev[MOSCOW_A.article_id] == ev[undated.article_id]


def test_single_and_empty_inputs():
    assert group_events([]) == []
    events = group_events([LATER])
    assert len(events) == 1 and events[0].article_ids == (LATER.article_id,)


def test_seed_events_match_gold(gold):
    from tests.seed_claims import seed_records

    articles, _ = seed_records()
    ev = _by_article(group_events(articles))
    gold_ev = {}
    for a in articles:
        name = Path(a.source.split("#")[0]).name
        if name in gold["articles"]:
            gold_ev[a.article_id] = gold["articles"][name]["event"]
    ours, theirs = defaultdict(set), defaultdict(set)
    for aid, g in gold_ev.items():
        ours[ev[aid]].add(aid)
        theirs[g].add(aid)
    assert sorted(map(sorted, ours.values())) == sorted(map(sorted, theirs.values()))


class _CountingEmbedder:
    """HashEmbedder that records which texts it was asked to encode."""

    def __init__(self) -> None:
        from stance.embed import HashEmbedder

        self.inner, self.seen = HashEmbedder(), []

    def encode(self, texts):
        self.seen += list(texts)
        return self.inner.encode(texts)


def _seed_gold_groups(articles, events, gold):
    ev = _by_article(events)
    ours, theirs = defaultdict(set), defaultdict(set)
    for a in articles:
        name = Path(a.source.split("#")[0]).name
        if name in gold["articles"]:
            ours[ev[a.article_id]].add(a.article_id)
            theirs[gold["articles"][name]["event"]].add(a.article_id)
    return sorted(map(sorted, ours.values())), sorted(map(sorted, theirs.values()))


def test_lede_vectors_from_claim_vectors_skip_encoding_and_match_gold(gold):
    """With the pipeline's claim vectors, ledes are not encoded again and the seed events
    are still the gold ones; an article without claims falls back to encoding its lede."""
    from tests.seed_claims import seed_records

    articles, claims = seed_records()
    emb = _CountingEmbedder()
    vecs = emb.encode([c.claim_text for c in claims])
    by_claim = {c.claim_id: vecs[k] for k, c in enumerate(claims)}
    emb.seen.clear()
    events = group_events(articles, claims, emb, Settings(), vectors_by_claim=by_claim)
    assert emb.seen == []
    ours, theirs = _seed_gold_groups(articles, events, gold)
    assert ours == theirs
    events = group_events([*articles, LATER], claims, emb, Settings(), vectors_by_claim=by_claim)
    assert len(emb.seen) == 1 and "Wang Yi in Moscow again" in emb.seen[0]
    assert (LATER.article_id,) in [e.article_ids for e in events]


def test_undated_articles_compare_against_nearest_only():
    """Many undated copies of one report, on many sites, still join each other (bounded
    comparison); with no dated report to join they form one event, flagged unassigned."""
    copies = [Article(article_id=stable_hash("copy", str(k)), source=f"o{k}.txt", text=MOSCOW_A.text,
                      outlet=f"o{k}", title=MOSCOW_A.title) for k in range(80)]
    events = group_events(copies)
    assert len(events) == 1 and len(events[0].article_ids) == 80
    assert events[0].unassigned
