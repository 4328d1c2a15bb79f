"""Talking points per claim: a hub group's claims each carry their own line, a shared formula
decides a claim's line before plain neighbours do, and the claim's line is stored, read back
(also from a database stored before migration 0014), renamed and exported."""

from __future__ import annotations

import csv
import io

from stance.align.talking_points import TalkingPointIndex, link_talking_points
from stance.export import aligned_csv
from stance.schema import Article, Claim, ClaimGroup, Event, GroupMember
from stance.store import Store
from stance.store.analysis import load_results, rename_talking_points, save_event_analysis
from stance.store.articles import save_articles
from stance.store.claims import save_claims
from tests.conftest import database_before
from tests.test_align_talking_lines import TH, group, unit


def lines(groups: list[ClaimGroup]) -> dict[str, str]:
    return {m.claim_id: m.talking_point_id for g in groups for m in g.members}


def test_a_hub_groups_claims_each_carry_their_own_line():
    """The hub group (event e1) holds two claims on line A and one on line B; each is linked to
    its own line in another event, lines A and B stay apart, and the group shows line A (the
    line most of its linked claims carry)."""
    texts = {"h1": "The council pledged steady grain deliveries to the coast.",
             "h2": "The council again pledged steady grain deliveries to the coast.",
             "h3": "The council said the new bridge toll will fall in spring.",
             "a1": "The council promised steady grain shipments to the coast.",
             "b1": "Officials said the bridge toll will be cut in the spring."}
    vecs = {"h1": unit(1, 0, 0, 0), "h2": unit(1, 0.05, 0, 0), "a1": unit(1, 0.1, 0, 0),
            "h3": unit(0, 0, 1, 0), "b1": unit(0, 0, 1, 0.1)}
    groups = [group("g_hub", "e1", [(c, texts[c]) for c in ("h1", "h2", "h3")]),
              group("g_a", "e2", [("a1", texts["a1"])]), group("g_b", "e3", [("b1", texts["b1"])])]
    linked = link_talking_points(groups, vecs, TH, texts)
    line = lines(linked)
    assert line["h1"] == line["h2"] == line["a1"]
    assert line["h3"] == line["b1"] != line["a1"]  # the hub does not tie line B to line A
    by_id = {g.group_id: g for g in linked}
    assert by_id["g_hub"].talking_point_id == line["a1"]
    assert by_id["g_b"].talking_point_id == line["b1"]


def test_a_shared_formula_decides_the_line_before_a_closer_plain_neighbour():
    """Claim c shares the rare formula "omnilateral" with f1 and f2 (other events, cosine 0.6,
    below the plain threshold), while its nearest plain neighbour p (cosine 0.8) shares none:
    c carries the formula line, and p, far from the formula claims, stays apart."""
    texts = {"c": "The envoy praised an omnilateral order and the new rail link at the summit.",
             "f1": "Delegates called for an omni-lateral world in their closing statement.",
             "f2": "The minister defended omnilateralism before the assembly on Monday.",
             "p": "The envoy praised the new rail link at the summit on Monday."}
    vecs = {"c": unit(0.6, 0.8, 0), "f1": unit(1, 0, 0), "f2": unit(1, 0, 0.05), "p": unit(0, 1, 0)}
    groups = [group("gc", "e1", [("c", texts["c"])]), group("gf1", "e2", [("f1", texts["f1"])]),
              group("gf2", "e3", [("f2", texts["f2"])]), group("gp", "e4", [("p", texts["p"])])]
    line = lines(link_talking_points(groups, vecs, TH, texts))
    assert line["c"] == line["f1"] == line["f2"] != line["p"]


def test_streaming_index_keeps_claim_lines_across_batches():
    """A claim of a later batch joins the line of an earlier batch's claim, not the line of
    the earlier claim's group-mate."""
    texts = {"x1": "Harbour fees will stay frozen this year.", "x2": "The mayor opened a new school.",
             "y1": "Harbour fees will remain frozen this year, he said."}
    vecs = {"x1": unit(1, 0, 0), "x2": unit(0, 1, 0), "y1": unit(1, 0.05, 0)}
    index = TalkingPointIndex(TH)
    first, _ = index.link([group("gx", "e1", [("x1", texts["x1"]), ("x2", texts["x2"])])], vecs, texts)
    second, _ = index.link([group("gy", "e2", [("y1", texts["y1"])])], vecs, texts)
    one, two = lines(first), lines(second)
    assert two["y1"] == one["x1"] != one["x2"]


def _stored(store: Store) -> None:
    arts = [Article(aid, f"{aid}.txt", "t", outlet=f"Outlet {aid}", published="2024-03-01") for aid in ("a1", "a2")]
    save_articles(store, arts)
    save_claims(store, [Claim(f"c{k}", "a1" if k < 2 else "a2", 0, k, 0.0, False, f"Claim text {k}.")
                        for k in range(3)])
    g = ClaimGroup("g1", "e1", "c0", "Claim text 0.",
                   (GroupMember("c0", 1.0, "tp-a"), GroupMember("c1", 0.9, "tp-b"), GroupMember("c2", 0.8)),
                   ("Outlet a1", "Outlet a2"), talking_point_id="tp-a")
    save_event_analysis(store, Event("e1", "Talks", ("a1", "a2"), start="2024-03-01"), [g], {}, [], [])


def test_each_claims_line_is_stored_renamed_and_exported(tmp_db):
    store = Store(tmp_db)
    _stored(store)
    line = dict(zip(*load_results(store).aligned[["claim_id", "talking_point_id"]].to_numpy().T, strict=True))
    assert line == {"c0": "tp-a", "c1": "tp-b", "c2": "tp-a"}  # no own line: the group's
    rename_talking_points(store, {"tp-b": "tp-z"})
    rows = list(csv.DictReader(io.StringIO(aligned_csv(load_results(store)).decode("utf-8"))))
    assert {r["claim_id"]: r["talking_point_id"] for r in rows} == {"c0": "tp-a", "c1": "tp-z", "c2": "tp-a"}


def test_a_database_stored_before_claim_lines_reads_its_groups_line(tmp_path):
    """Migration 0014 on a database of an older version: its member rows (written without a
    line of their own) read their group's line."""
    path = tmp_path / "old.db"
    conn = database_before(path, "0014_member_talking_point")
    conn.commit()
    conn.close()
    store = Store(path)
    assert "0014_member_talking_point" in store.applied_migrations()
    save_articles(store, [Article("a1", "a1.txt", "t", outlet="Outlet", published="2024-03-01")])
    save_claims(store, [Claim("c1", "a1", 0, 0, 0.0, False, "Old claim.")])
    with store.transaction() as db:  # the rows as the previous version wrote them
        db.execute("INSERT INTO events(event_id, label) VALUES ('e-old', 'Old talks')")
        db.execute("INSERT INTO event_articles(event_id, article_id) VALUES ('e-old', 'a1')")
        db.execute("INSERT INTO claim_groups(group_id, event_id, representative_claim_id, representative, "
                   "n_outlets, talking_point_id) VALUES ('g-old', 'e-old', 'c1', 'Old claim.', 1, 'tp-old')")
        db.execute("INSERT INTO group_members(group_id, claim_id, similarity) VALUES ('g-old', 'c1', 1.0)")
    assert load_results(store).aligned["talking_point_id"].tolist() == ["tp-old"]


def test_a_streaming_batch_clusters_only_the_formulas_its_own_claims_carry():
    """Formula candidates among earlier batches' claims were clustered with their batch: a new
    batch (claims from `new_from` on) looks only at the terms its claims carry."""
    from stance.align.formulas import formula_clusters

    texts = ["The envoy praised an omnilateral order.", "Delegates backed an omnilateral world.",
             "The council called the assembly quorate.", "Observers said the assembly was quorate."]
    units = [group(f"u{k}", f"e{k}", [(f"c{k}", t)]) for k, t in enumerate(texts)]
    gmat = [unit(1, 0.1 * k).reshape(1, -1) for k in range(4)]
    gtexts = [[t] for t in texts]
    everything = {term for _, term, _ in formula_clusters(units, gmat, gtexts, 0.5)}
    assert everything == {"omnilateral", "quorate"}
    assert {term for _, term, _ in formula_clusters(units, gmat, gtexts, 0.5, new_from=3)} == {"quorate"}
