"""Test helper for the annotation tests: a small analysed event written straight into a temp
store with parameterized SQL (the real pipeline is not needed to test labelling)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from stance.store import Store

EVENT = "ev1"
OUTLETS = ("Wire A", "State B", "Paper C")


def add_article(store: Store, article_id: str, outlet: str, event_id: str = EVENT) -> None:
    with store.transaction() as conn:
        conn.execute("INSERT INTO articles(article_id, source, outlet, n_chars, text) "
                     "VALUES (?, ?, ?, ?, ?)", (article_id, f"{article_id}.txt", outlet, 10,
                                                "body"))
        conn.execute("INSERT OR IGNORE INTO event_articles(event_id, article_id) VALUES (?, ?)",
                     (event_id, article_id))


def add_claim(store: Store, claim_id: str, article_id: str, text: str, *, speaker: str = "",
              attribution: str = "outlet_voice", cue: str = "", stance: str | None = "asserted",
              stance_cue: str = "") -> None:
    with store.transaction() as conn:
        conn.execute("INSERT INTO claims(claim_id, article_id, paragraph, sentence_index, "
                     "position, is_lede, claim_text, speaker, attribution, attribution_cue) "
                     "VALUES (?, ?, 0, 0, 0.5, 0, ?, ?, ?, ?)",
                     (claim_id, article_id, text, speaker, attribution, cue))
        if stance is not None:
            conn.execute("INSERT INTO claim_framing(claim_id, stance, stance_cue) VALUES (?, ?, ?)",
                         (claim_id, stance, stance_cue))


def add_group(store: Store, group_id: str, rep_claim: str, rep_text: str,
              members: Sequence[tuple[str, float]], event_id: str = EVENT) -> None:
    with store.transaction() as conn:
        conn.execute("INSERT INTO claim_groups(group_id, event_id, representative_claim_id, "
                     "representative, outlets, n_outlets) VALUES (?, ?, ?, ?, ?, ?)",
                     (group_id, event_id, rep_claim, rep_text, json.dumps(list(OUTLETS)), 3))
        conn.execute("INSERT INTO group_members(group_id, claim_id, similarity) VALUES (?, ?, 1.0)",
                     (group_id, rep_claim))
        for cid, sim in members:
            conn.execute("INSERT INTO group_members(group_id, claim_id, similarity) "
                         "VALUES (?, ?, ?)", (group_id, cid, sim))


def make_store(path: Path, n_members: int = 4, sims: Sequence[float] | None = None) -> Store:
    """One event, three outlets, one group whose members have the given similarities, a few
    framed claims with and without cues, and one discrepancy."""
    store = Store(path)
    with store.transaction() as conn:
        conn.execute("INSERT INTO events(event_id, label, start) VALUES (?, ?, ?)",
                     (EVENT, "Wang Yi - Lavrov talks, Moscow, 2023-09-18", "2023-09-18"))
    for i, outlet in enumerate(OUTLETS):
        add_article(store, f"a{i}", outlet)
    add_claim(store, "rep", "a0", "China and Russia pledged closer coordination.",
              stance_cue="pledged")
    sims = list(sims) if sims is not None else [0.61, 0.93, 0.72, 0.66][:n_members]
    members = []
    for j, sim in enumerate(sims):
        cid = f"m{j}"
        add_claim(store, cid, f"a{1 + j % 2}", f"Member claim {j} <b>about</b> coordination.",
                  speaker="Wang Yi" if j % 2 else "", attribution="indirect" if j % 2 else
                  "outlet_voice", cue="said" if j % 2 else "")
        members.append((cid, sim))
    add_group(store, "g1", "rep", "China and Russia pledged closer coordination.", members)
    add_claim(store, "solo", "a2", "Lavrov said the talks were frank.", speaker="Sergey Lavrov",
              attribution="direct_quote", cue="said", stance="attributed", stance_cue="said")
    with store.transaction() as conn:
        conn.execute("INSERT INTO discrepancies(group_id, claim_a, claim_b, kind, value_a, "
                     "value_b) VALUES (?, ?, ?, ?, ?, ?)", ("g1", "rep", "m0", "place", "Moscow",
                                                            "Beijing"))
    return store


def write_many(db_path: str, worker: int, n: int) -> int:
    """Concurrent-writer body (run in its own process): n labels, one transaction each."""
    from stance.store import annotations as sa

    store = Store(db_path)
    sid = sa.start_session(store, f"analyst{worker}", {"worker": worker})
    items = ["g1:m0", "g1:m1", "g1:m2", "g1:m3"]
    labels = ["yes", "no", "partly"]
    for k in range(n):
        sa.record_annotation(store, annotator=f"analyst{worker}", session_id=sid,
                             item_type="membership", item_id=items[k % 4],
                             label=labels[k % 3], note=f"w{worker} k{k}", prediction="yes")
    store.close()
    return n


def add_vectors(store: Store, vectors: dict[str, object], model: str = "test-model") -> None:
    """Cache vectors for claims (by claim id) as the embedding stage would."""
    import numpy as np

    from stance.store.embeddings import text_key

    with store.transaction() as conn:
        for cid, vec in vectors.items():
            text = conn.execute("SELECT claim_text FROM claims WHERE claim_id = ?",
                                (cid,)).fetchone()[0]
            v = np.asarray(vec, dtype=np.float32)
            conn.execute("INSERT OR REPLACE INTO embeddings(text_hash, model, dim, vector) "
                         "VALUES (?, ?, ?, ?)", (text_key(text), model, v.shape[0], v.tobytes()))
