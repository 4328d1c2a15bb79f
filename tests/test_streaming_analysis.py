"""Streaming analysis: events formed page by page equal one pass over everything; events close
before the input ends; talking points link across batches and forget lines past the horizon;
re-analysis keeps every article in exactly one event."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from stance.align.talking_points import TalkingPointIndex, link_talking_points
from stance.config.settings import Settings
from stance.config.thresholds import load_thresholds
from stance.embed import HashEmbedder
from stance.events.grouping import group_events, iter_events, settle
from stance.pipeline import analyze
from stance.schema import Article, ClaimGroup, GroupMember, stable_hash
from stance.store import Store
from stance.unionfind import DisjointSet

PEOPLE = [("Wang Yi", "Sergei Lavrov"), ("Antony Blinken", "Dmytro Kuleba"),
          ("Olaf Scholz", "Emmanuel Macron")]
PLACES = ["Moscow", "Washington", "Paris"]
TOPICS = ["trade and energy", "the war in Ukraine", "climate finance"]


def _article(k: int, meeting: int, day: date | None) -> Article:
    a, b = PEOPLE[meeting % 3]
    place, topic = PLACES[meeting % 3], TOPICS[meeting % 3]
    text = (f"{a} held talks with {b} in {place} on {topic}, officials said.\n\n"
            f"Report {k}: the two discussed {topic} and agreed to meet again.")
    return Article(article_id=stable_hash("stream", str(k)), source=f"{k}.txt", text=text,
                   outlet=f"outlet{k % 4}", published=day.isoformat() if day else "",
                   title=f"{a} meets {b} in {place}")


def _corpus() -> list[Article]:
    """Twelve meetings, a week apart, three articles each over two days; undated copies of two
    reports (the same people meet every third week, so only the best match tells them apart)."""
    start = date(2023, 1, 2)
    arts = [_article(3 * m + i, m, start + timedelta(days=7 * m + i // 2))
            for m in range(12) for i in range(3)]
    return arts + [_undated_copy(arts[13], 100), _undated_copy(arts[28], 101)]


def _undated_copy(a: Article, k: int) -> Article:
    return replace(a, article_id=stable_hash("stream", str(k)), source=f"{k}.txt", published="",
                   outlet="blog")


def _pages(articles: list[Article], size: int):
    ordered = sorted(articles, key=lambda a: (a.published != "", a.published, a.article_id))
    for i in range(0, len(ordered), size):
        yield ordered[i:i + size], None, None


def _partition(events) -> set[tuple[str, ...]]:
    return {e.article_ids for e in events}


def test_paged_sweep_gives_the_events_of_one_pass() -> None:
    arts, emb = _corpus(), HashEmbedder()
    whole = group_events(arts, None, emb, Settings())
    assert len(whole) >= 12  # meetings a week apart stay apart
    for size in (1, 4, 7):
        paged = settle(iter_events(_pages(arts, size), Settings(), emb))
        assert _partition(paged) == _partition(whole)
        assert sorted(e.label for e in paged) == sorted(e.label for e in whole)
    # each undated copy joined the dated meeting it reports
    by_article = {a: e.event_id for e in whole for a in e.article_ids}
    copies = _corpus()[-2:]
    assert by_article[copies[0].article_id] == by_article[_corpus()[13].article_id]
    assert by_article[copies[1].article_id] == by_article[_corpus()[28].article_id]


def test_events_close_before_the_input_ends() -> None:
    arts = _corpus()
    consumed = []

    def pages():
        for k, page in enumerate(_pages(arts, 3)):
            consumed.append(k)
            yield page

    first = next(iter(iter_events(pages(), Settings(), HashEmbedder())))
    assert first and len(consumed) < len(arts) // 3  # yielded long before the last page
    assert all(e.end < "2023-02" for e in first)


def test_days_out_of_order_are_refused() -> None:
    arts = _corpus()
    late, early = arts[10], arts[0]
    with pytest.raises(ValueError, match="in order"):
        list(iter_events([([late], None, None), ([early], None, None)], Settings(), HashEmbedder()))


def _group(gid: str, event: str, claim: str) -> ClaimGroup:
    return ClaimGroup(group_id=gid, event_id=event, representative_claim_id=claim,
                      representative=f"text of {claim}", members=(GroupMember(claim, 1.0),),
                      outlets=("x",))


def _unit(seed: int, base: np.ndarray | None = None, noise: float = 0.0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=32) if base is None else \
        base + noise * np.random.default_rng(seed).normal(size=32)
    return (v / np.linalg.norm(v)).astype(np.float32)


def test_talking_points_link_across_batches_and_forget_past_the_horizon() -> None:
    line, other = _unit(1), _unit(2)
    vecs = {"c1": line, "c2": _unit(3, line, 0.05), "c3": other, "c4": _unit(4, line, 0.05),
            "c5": _unit(5, line, 0.05)}
    texts = {k: f"claim {k}" for k in vecs}
    th = load_thresholds().replace(talking_point=0.8)
    index = TalkingPointIndex(th, horizon_days=30)
    b1 = [_group("g1", "e1", "c1"), _group("g3", "e1", "c3")]
    out1, _ = index.link(b1, {k: vecs[k] for k in ("c1", "c3")}, texts, day=100)
    out2, _ = index.link([_group("g2", "e2", "c2")], {"c2": vecs["c2"]}, texts, day=110)
    assert out2[0].talking_point_id == out1[0].talking_point_id != out1[1].talking_point_id
    # the batch call is the same path on one batch
    whole = link_talking_points(b1 + [_group("g2", "e2", "c2")], vecs, th, texts_by_claim=texts)
    assert [g.talking_point_id for g in whole] == [g.talking_point_id for g in out1 + out2]
    # seen on day 110: still linked 30 days later (day 140); seen then, forgotten 31 days on
    out3, _ = index.link([_group("g4", "e3", "c4")], {"c4": vecs["c4"]}, texts, day=140)
    assert out3[0].talking_point_id == out1[0].talking_point_id
    out4, _ = index.link([_group("g5", "e4", "c5")], {"c5": vecs["c5"]}, texts, day=171)
    assert out4[0].talking_point_id != out1[0].talking_point_id
    assert set(index.vectors) == {"c5"}  # both earlier lines were forgotten with their vectors


@pytest.fixture(scope="module")
def analyzed_by_chunk(tmp_path_factory, seeds_dir: Path):
    out = {}
    for size in (1, 500):
        tmp = tmp_path_factory.mktemp(f"chunk{size}")
        store = Store(tmp / "s.db")
        settings = Settings(db_path=str(tmp / "s.db"), embed_backend="hash", chunk_size=size)
        analyze([seeds_dir], store, settings, embedder=HashEmbedder())
        out[size] = store
    return out


def _membership(store: Store) -> set[tuple[str, str]]:
    return {(r[0], r[1]) for r in store.query(
        "SELECT g.event_id, m.claim_id FROM group_members m JOIN claim_groups g USING (group_id)")}


def test_chunk_size_changes_neither_events_nor_groups(analyzed_by_chunk) -> None:
    one, many = analyzed_by_chunk[1], analyzed_by_chunk[500]
    events = "SELECT event_id, label FROM events ORDER BY event_id"
    assert [tuple(r) for r in one.query(events)] == [tuple(r) for r in many.query(events)]
    assert _membership(one) == _membership(many)
    groups = "SELECT group_id FROM claim_groups ORDER BY group_id"
    assert [r[0] for r in one.query(groups)] == [r[0] for r in many.query(groups)]
    assert len(one.query(events)) == 3


def test_reanalysis_keeps_each_article_in_one_event(tmp_path: Path, seeds_dir: Path) -> None:
    """Adding the other reports of a meeting replaces the event that held the first one."""
    store = Store(tmp_path / "s.db")
    settings = Settings(db_path=str(tmp_path / "s.db"), embed_backend="hash")
    emb = HashEmbedder()
    first, rest = sorted(seeds_dir.glob("*.txt"))[:1], sorted(seeds_dir.glob("*.txt"))[1:]
    analyze(first, store, settings, embedder=emb)
    before = {r[0] for r in store.query("SELECT event_id FROM events")}
    analyze(rest, store, settings, embedder=emb)
    rows = store.query("SELECT article_id, COUNT(*) AS n FROM event_articles GROUP BY article_id")
    assert len(rows) == 5 and all(r["n"] == 1 for r in rows)
    assert store.query("SELECT COUNT(*) FROM events")[0][0] == 3
    after = {r[0] for r in store.query("SELECT event_id FROM events")}
    assert not before & after  # the first article's event gained members: a new id
    orphans = store.query("SELECT COUNT(*) FROM claim_groups WHERE event_id NOT IN (SELECT event_id FROM events)")
    assert orphans[0][0] == 0


def _one_pass(arts: list[Article], emb, window: int) -> set[tuple[str, ...]]:
    """Reference: every candidate link of the whole corpus, applied strongest first (a link
    whose two groups disagree on places or counterparts is refused, as the sweep does; who is
    from where is read from the whole corpus, which the sweep knows by the time it links)."""
    from stance.events.grouping import _vectors, profiles
    from stance.events.profiles import Gist
    from stance.events.rule import EventRule

    rule = EventRule.from_settings(Settings(event_window_days=window), load_thresholds())
    prof, vec = profiles(arts), _vectors(arts, emb)
    context = Gist()
    for p in prof:
        context = context.merge(Gist(nationality=p.gist.nationality))
    pairs = sorted((-float(vec[i] @ vec[j]), i, j) for i in range(len(arts)) for j in range(i + 1, len(arts))
                   if rule.compatible(prof[i], prof[j], float(vec[i] @ vec[j]), context))
    sets = DisjointSet(range(len(arts)))
    days = {i: [p.day] for i, p in enumerate(prof)}
    gists = {i: p.gist for i, p in enumerate(prof)}
    for _, i, j in pairs:
        a, b = sets.find(i), sets.find(j)
        span = days[a] + days[b]
        if a != b and (max(span) - min(span)).days <= window and rule.mergeable(gists[a], gists[b], context):
            kept, gone = sets.union(a, b)
            days[kept] = span
            gists[kept] = gists[kept].merge(gists[gone])
    return {tuple(sorted(arts[i].article_id for i in idx)) for idx in sets.groups().values()}


def _daily_coverage() -> list[Article]:
    """The same two ministers in the same city every day for six weeks: candidate links chain
    through the whole period, so nothing can be applied early."""
    start = date(2023, 3, 1)
    return [_article(3 * d + i, 0, start + timedelta(days=d)) for d in range(42) for i in range(2)]


@pytest.mark.parametrize("corpus", [_corpus, _daily_coverage])
def test_sweep_applies_links_as_one_pass_over_all_would(corpus, monkeypatch) -> None:
    import stance.events.sweep as event_sweep

    arts = [a for a in corpus() if a.published]
    monkeypatch.setattr(event_sweep, "FORCE_WINDOWS", 10**6)  # never apply a chain early
    swept = _partition(settle(iter_events(_pages(arts, 5), Settings(), HashEmbedder())))
    assert swept == _one_pass(arts, HashEmbedder(), Settings().event_window_days)


def test_long_chains_are_applied_early_and_stay_valid() -> None:
    import stance.events.grouping as events
    import stance.events.sweep as event_sweep

    arts, window = _daily_coverage(), Settings().event_window_days
    from stance.events.rule import EventRule

    sweep = event_sweep.EventSweep(EventRule.from_settings(Settings(), load_thresholds()))
    items = list(zip(events.profiles(arts), events._vectors(arts, HashEmbedder()), strict=True))
    out, most_pending = [], 0
    for day in sorted({p.day for p, _ in items}):
        out += sweep.add_day(day, [it for it in items if it[0].day == day])
        most_pending = max(most_pending, len(sweep.pending))
    out += sweep.finish()
    assert sorted(a for e in out for a in e.article_ids) == sorted(a.article_id for a in arts)
    assert all((date.fromisoformat(e.end) - date.fromisoformat(e.start)).days <= window for e in out)
    per_day = 2 * 2 * (window + 1)  # links a day's two articles can have
    assert most_pending <= per_day * (event_sweep.FORCE_WINDOWS + 2) * window
    assert len(sweep.prof) == 0 and len(sweep.vec) == 0  # everything handed over and let go


def _line_corpus(n_lines: int = 6, per_line: int = 5, n_other: int = 20):
    """Groups of claims that repeat `n_lines` lines across events (one group per repeat, a
    little noise each), and unrelated one-off groups; vectors and texts by claim."""
    groups, vecs = [], {}
    lines = [_unit(100 + k) for k in range(n_lines)]
    for k, line in enumerate(lines):
        for r in range(per_line):
            cid = f"l{k}r{r}"
            vecs[cid] = _unit(1000 + 10 * k + r, line, 0.04)
            groups.append(_group(f"g{cid}", f"e{r}", cid))
    for k in range(n_other):
        vecs[f"o{k}"] = _unit(5000 + k)
        groups.append(_group(f"go{k}", f"e{k % per_line}", f"o{k}"))
    order = np.random.default_rng(7).permutation(len(groups))
    return [groups[i] for i in order], vecs, {c: f"claim {c}" for c in vecs}


def _tp_partition(groups) -> set[frozenset[str]]:
    by_tp: dict[str, set[str]] = {}
    for g in groups:
        by_tp.setdefault(g.talking_point_id, set()).add(g.group_id)
    return {frozenset(v) for v in by_tp.values()}


@pytest.mark.parametrize("indexed_from", [10**9, 8])  # exact neighbours / the index kept across batches
def test_streaming_talking_points_equal_one_batch(monkeypatch, indexed_from: int) -> None:
    """Linking batch by batch gives the talking points of one batch over everything, both on
    the exact path and on the path that keeps one growing index (forced here from 8 rows)."""
    import stance.align.talking_points as tp

    groups, vecs, texts = _line_corpus()
    th = load_thresholds().replace(talking_point=0.8)
    whole = link_talking_points(groups, vecs, th, texts_by_claim=texts)
    monkeypatch.setattr(tp, "HNSW_FROM", indexed_from)
    index = TalkingPointIndex(th)
    streamed = []
    for start in range(0, len(groups), 7):
        batch = groups[start:start + 7]
        out, _ = index.link(batch, {m.claim_id: vecs[m.claim_id] for g in batch for m in g.members},
                            texts, day=start)
        streamed += out
    assert len(_tp_partition(whole)) == 6 + 20  # every line found, every one-off alone
    assert _tp_partition(streamed) == _tp_partition(whole)
    if indexed_from == 8:
        assert len(index.rows) > 0  # the kept index was used
