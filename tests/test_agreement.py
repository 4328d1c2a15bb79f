"""Agreement figures: Cohen's kappa (scikit-learn) and Krippendorff's alpha (`krippendorff`)
against hand computations and the published example, the undefined cases, and the
store-level table/adjudication logic."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from annotate_data import make_store

from stance.annotate.agreement import (
    adjudicate,
    agreement_table,
    cohen_kappa,
    disagreements,
    item_labels,
    krippendorff_alpha_nominal,
    reference_labels,
)
from stance.store import annotations as sa


def test_kappa_small_hand_value() -> None:
    # p_o = 3/4; marginals a: yes 2 no 2, b: yes 3 no 1 -> p_e = (2*3 + 2*1)/16 = 1/2
    # kappa = (0.75 - 0.5) / (1 - 0.5) = 0.5
    assert cohen_kappa(["yes", "yes", "no", "no"], ["yes", "yes", "yes", "no"]) == pytest.approx(0.5)


def test_alpha_hand_computed_small_table() -> None:
    # Three annotators, five units ('.' = missing):
    #   unit   A  B  C
    #   u1     a  a  a      m=3, 6 ordered pairs x 1/2 -> o_aa += 3
    #   u2     a  b  .      m=2, 2 ordered pairs x 1   -> o_ab += 1, o_ba += 1
    #   u3     b  b  b      m=3                        -> o_bb += 3
    #   u4     a  b  b      m=3: (a,b)x2 (b,a)x2 (b,b)x2, each x 1/2 -> o_ab += 1, o_ba += 1, o_bb += 1
    #   u5     c  .  .      m=1, not pairable          -> ignored
    # o_aa = 3, o_ab = o_ba = 2, o_bb = 4; n_a = 5, n_b = 6, n = 11
    # alpha = 1 - (n - 1) * (o_ab + o_ba) / (n_a*n_b + n_b*n_a) = 1 - 10 * 4 / 60 = 1/3
    units = [["a", "a", "a"], ["a", "b"], ["b", "b", "b"], ["a", "b", "b"], ["c"]]
    assert krippendorff_alpha_nominal(units) == pytest.approx(1 / 3, abs=1e-12)


def test_alpha_published_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", 4 coders x 12 units,
    # nominal alpha = 0.743 as published.
    coders = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    units = [[c[u] for c in coders if c[u] is not None] for u in range(12)]
    assert round(krippendorff_alpha_nominal(units), 3) == 0.743


def test_kappa_undefined_without_variation() -> None:
    # one label used by both: chance agreement is 1, kappa = 0/0 (was reported as 1.0 by the
    # hand-written version; scikit-learn and the literature leave it undefined)
    assert math.isnan(cohen_kappa(["yes", "yes"], ["yes", "yes"]))
    assert cohen_kappa(["yes", "no"], ["no", "yes"]) == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        cohen_kappa(["yes"], [])


def test_alpha_edge_cases() -> None:
    # no variation among the pairable values: undefined (was 1.0 before the library)
    assert math.isnan(krippendorff_alpha_nominal([["a", "a"], ["a", "a"]]))
    assert math.isnan(krippendorff_alpha_nominal([["a", "a"], ["b"]]))
    assert math.isnan(krippendorff_alpha_nominal([["a"], ["b"]]))  # nothing pairable
    # two annotators, perfect disagreement on a balanced table is below zero
    assert krippendorff_alpha_nominal([["a", "b"], ["b", "a"]]) < 0


def _label(store, who: str, sid: str, kind: str, iid: str, label: str, value: str = "") -> None:
    sa.record_annotation(store, annotator=who, session_id=sid, item_type=kind, item_id=iid,
                         label=label, value=value, prediction="yes" if kind == "membership"
                         else "")


def test_table_per_kind_disagreements_and_adjudication(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s.db")
    sid = {w: sa.start_session(store, w, {}) for w in ("ann", "ben", "cat")}
    ann = ["yes", "no", "yes", "partly"]
    ben = ["yes", "no", "no", "partly"]
    for k, (x, y) in enumerate(zip(ann, ben, strict=True)):
        _label(store, "ann", sid["ann"], "membership", f"g1:m{k}", x)
        _label(store, "ben", sid["ben"], "membership", f"g1:m{k}", y)
    # an earlier answer replaced by a later one counts once; a skip does not count
    _label(store, "ann", sid["ann"], "stance", "m0", "distanced")
    _label(store, "ann", sid["ann"], "stance", "m0", "asserted")
    _label(store, "ann", sid["ann"], "stance", "m1", sa.SKIP)
    for who, labs in (("ann", ["asserted", "contested"]), ("ben", ["asserted", "asserted"]),
                      ("cat", ["asserted", "contested"])):
        for iid, lab in zip(("m0", "solo"), labs, strict=True):
            _label(store, who, sid[who], "stance", iid, lab)
    labels = item_labels(store)
    table = agreement_table(labels).set_index("item_type")
    m = table.loc["membership"]
    assert (m["annotators"], m["items_multi"], m["disagreements"]) == (2, 4, 1)
    # p_o = 3/4; marginals ann yes 2 no 1 partly 1, ben yes 1 no 2 partly 1 -> p_e = 5/16;
    # kappa = (12/16 - 5/16) / (11/16) = 7/11
    assert m["kappa"] == pytest.approx(7 / 11)
    assert m["observed_agreement"] == pytest.approx(0.75)
    s = table.loc["stance"]
    assert s["annotators"] == 3 and math.isnan(s["kappa"])
    assert s["alpha"] == pytest.approx(krippendorff_alpha_nominal(
        [["asserted"] * 3, ["contested", "asserted", "contested"]]))
    open_items = disagreements(labels)
    assert sorted(zip(open_items["item_type"], open_items["item_id"], strict=True)) == [
        ("membership", "g1:m2"), ("stance", "solo")]
    assert "ann=yes" in open_items.iloc[0]["answers"] and "ben=no" in open_items.iloc[0]["answers"]
    ref = reference_labels(labels)
    assert ("membership", "g1:m2") not in ref and ref[("membership", "g1:m3")] == ("partly", "agreed")

    adjudicate(store, annotator="cat", item_type="membership", item_id="g1:m2", label="no")
    labels = item_labels(store)
    assert ("membership", "g1:m2") not in set(zip(disagreements(labels)["item_type"],
                                                 disagreements(labels)["item_id"], strict=True))
    assert reference_labels(labels)[("membership", "g1:m2")] == ("no", "adjudicated")
    # the adjudication wins even when a later annotator label disagrees with it
    _label(store, "ben", sid["ben"], "membership", "g1:m2", "yes")
    assert reference_labels(item_labels(store))[("membership", "g1:m2")] == ("no", "adjudicated")
    assert agreement_table(item_labels(store)).set_index("item_type").loc[
        "membership", "adjudicated"] == 1


def test_speaker_answers_compare_names(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s.db")
    s1, s2 = sa.start_session(store, "ann", {}), sa.start_session(store, "ben", {})
    sa.record_annotation(store, annotator="ann", session_id=s1, item_type="speaker",
                         item_id="m1", label="correct", prediction="Wang Yi")
    sa.record_annotation(store, annotator="ben", session_id=s2, item_type="speaker",
                         item_id="m1", label="wrong", value="  wang   yi ", prediction="Wang Yi")
    labels = item_labels(store)
    assert labels[("speaker", "m1")].agreed
    assert reference_labels(labels)[("speaker", "m1")] == ("wang yi", "agreed")
