"""The Dask engine gives exactly the single-process result: same articles, claims, events,
groups and aligned rows in the same store tables, with one model load per worker."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from stance.config.settings import load_settings

pytestmark = pytest.mark.slow


def _tables(store) -> dict[str, pd.DataFrame]:
    from stance.store.analysis import load_results

    q = {
        "articles": "SELECT article_id, source, outlet, publisher, published, title, syndicated_of, "
                    "n_chars, text FROM articles ORDER BY article_id",
        "claims": "SELECT * FROM claims ORDER BY claim_id",
        "events": 'SELECT event_id, label, start, "end", place, participants FROM events ORDER BY event_id',
        "event_articles": "SELECT * FROM event_articles ORDER BY event_id, article_id",
        "groups": "SELECT * FROM claim_groups ORDER BY group_id",
        "members": "SELECT group_id, claim_id, ROUND(similarity, 4) AS s FROM group_members "
                   "ORDER BY group_id, claim_id",
        "framing": "SELECT * FROM claim_framing ORDER BY claim_id",
    }
    out = {k: pd.read_sql_query(sql, store.conn) for k, sql in q.items()}
    aligned = load_results(store).aligned
    out["aligned"] = aligned.sort_values(["event_id", "group_id", "claim_id"]).reset_index(drop=True)
    return out


@pytest.fixture(scope="module")
def cluster_client():
    from distributed import Client, LocalCluster

    from stance.engine.cluster import QUIET_HTTP

    cluster = LocalCluster(host="127.0.0.1", n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None, scheduler_kwargs=QUIET_HTTP)
    client = None
    try:
        client = Client(cluster)
        yield client
    finally:
        if client is not None:
            client.close()
        cluster.close()


def test_dask_engine_equals_single_process(tmp_path: Path, seeds_dir: Path, cluster_client) -> None:
    from stance.embed import HashEmbedder
    from stance.engine import analyze_dask
    from stance.pipeline import analyze
    from stance.store import Store

    local_settings = load_settings(None, db_path=str(tmp_path / "local.db"), embed_backend="hash")
    dask_settings = local_settings.replace(db_path=str(tmp_path / "dask.db"), engine="dask")
    local_store, dask_store = Store(local_settings.db_path), Store(dask_settings.db_path)

    local = analyze([seeds_dir], local_store, local_settings, embedder=HashEmbedder())
    dist = analyze_dask([seeds_dir], dask_store, dask_settings, client=cluster_client)

    assert local.n_claims > 20 and local.n_events >= 1 and local.n_groups > 0
    for field in ("n_inputs_ok", "n_articles", "n_duplicates", "n_claims", "n_events", "n_groups"):
        assert getattr(dist, field) == getattr(local, field), field
    assert sorted(dist.problems) == sorted(local.problems)
    a, b = _tables(local_store), _tables(dask_store)
    for name in a:
        assert len(a[name]) > 0, f"{name}: empty in the single-process run"
        pd.testing.assert_frame_equal(a[name], b[name], check_dtype=False, obj=name)

    # encoding ran on the workers, each loading its model once
    from stance.engine.worker import model_loads

    loads = cluster_client.run(model_loads)
    assert sum(loads.values()) >= 1 and max(loads.values()) == 1


def test_rerun_on_cluster_encodes_nothing_new(tmp_path: Path, seeds_dir: Path, cluster_client) -> None:
    from stance.engine import analyze_dask
    from stance.store import Store

    settings = load_settings(None, db_path=str(tmp_path / "again.db"), embed_backend="hash")
    store = Store(settings.db_path)
    first = analyze_dask([seeds_dir], store, settings, client=cluster_client)
    again = analyze_dask([seeds_dir], store, settings, client=cluster_client)
    assert first.encoded > 0 and first.n_claims > 0
    assert again.n_articles == 0 and again.n_claims == 0 and again.encoded == 0
    assert again.n_events == first.n_events and again.n_groups == first.n_groups


def test_local_cluster_started_and_closed_when_no_client(tmp_path: Path, seeds_dir: Path) -> None:
    """Without a client or scheduler the engine starts its own LocalCluster on 127.0.0.1 and
    shuts it down: no worker process outlives the run."""
    import multiprocessing

    from stance.engine import analyze_dask
    from stance.store import Store

    settings = load_settings(None, db_path=str(tmp_path / "own.db"), embed_backend="hash")
    before = {p.pid for p in multiprocessing.active_children()}
    seed = sorted(seeds_dir.glob("*.txt"))[:2]
    report = analyze_dask(seed, Store(settings.db_path), settings)
    assert report.n_articles == 2 and report.n_claims > 0
    leaked = {p.pid for p in multiprocessing.active_children()} - before
    assert not leaked


def test_unreachable_scheduler_is_a_settings_error(tmp_path: Path, seeds_dir: Path) -> None:
    from stance.engine import analyze_dask
    from stance.errors import SettingsError
    from stance.store import Store

    settings = load_settings(None, db_path=str(tmp_path / "x.db"), embed_backend="hash",
                             scheduler="tcp://127.0.0.1:9")
    with pytest.raises(SettingsError, match="scheduler"):
        analyze_dask([seeds_dir], Store(settings.db_path), settings)


def test_cluster_aligner_equals_local_alignment(seeds_dir: Path, cluster_client) -> None:
    """Events aligned in parallel tasks (several per worker) give the groups of a local loop."""
    from stance.align.groups import align_event
    from stance.claims import extract_claims
    from stance.config.thresholds import load_thresholds
    from stance.embed import HashEmbedder
    from stance.engine.cluster import ClusterAligner
    from stance.events.grouping import group_events
    from stance.ingest import ingest_paths

    settings = load_settings(None, embed_backend="hash")
    articles = ingest_paths([seeds_dir], settings).articles
    claims = extract_claims(articles).claims
    emb = HashEmbedder()
    events = group_events(articles, claims, emb, settings)
    by_id = {a.article_id: a for a in articles}
    jobs = []
    for ev in events:
        ev_claims = [c for c in claims if c.article_id in ev.article_ids]
        jobs.append((ev, ev_claims, emb.encode([c.claim_text for c in ev_claims])))
    thresholds = load_thresholds(settings)
    local = [align_event(ev, cl, v, by_id, thresholds) for ev, cl, v in jobs]
    dist = ClusterAligner(cluster_client, claims_per_task=20)(iter(jobs), by_id, thresholds)
    assert len(events) >= 2 and sum(len(g) for g in local) > 0
    assert dist == local
