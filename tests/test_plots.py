"""Chart builders: checked through `fig.to_dict()` on a small analysed store modelled on the seeds."""

from __future__ import annotations

import pandas as pd
import pytest

from stance.plots import (
    coverage_figure,
    coverage_table,
    quoted_sides_figure,
    stance_mix_figure,
    talking_points_figure,
    timeline_figure,
    tone_targets_figure,
)
from stance.plots.coverage_matrix import CARRIED, COPY, OMITTED
from stance.results import Results, coverage_frame, filter_results
from stance.store.analysis import load_results
from tests.dashboard_db import E1, E2, build_store


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Results:
    store = build_store(tmp_path_factory.mktemp("plots") / "plots.db")
    return load_results(store)


@pytest.fixture(scope="module")
def sept(results) -> Results:
    return filter_results(results, event_id=E2)


COPY_COL = "Example Daily (copy of AFP)"


def test_coverage_table_statuses(sept):
    table = coverage_table(coverage_frame(sept), sept.groups, sept.aligned).set_index("group_id")
    assert set(table.columns) >= {"Al-Ahed", "AFP", COPY_COL}
    # the "neutral party" / "refrained from taking sides" group: both outlets, plus the copy
    assert table.loc["g-neutral", ["Al-Ahed", "AFP", COPY_COL]].tolist() == [CARRIED, CARRIED, COPY]
    # a line only Al-Ahed carries: AFP and the copy omit it
    assert table.loc["g-unga", ["Al-Ahed", "AFP", COPY_COL]].tolist() == [CARRIED, OMITTED, OMITTED]
    # the talks group: the copy does not carry it
    assert table.loc["g-talks", COPY_COL] == OMITTED


def test_coverage_table_sorts_by_outlets_or_position(sept):
    by_outlets = coverage_table(coverage_frame(sept), sept.groups, sept.aligned, sort="outlets")
    n = by_outlets["n_outlets"].tolist()
    assert n == sorted(n, reverse=True) and n[0] == 2 and n[-1] == 1
    by_pos = coverage_table(coverage_frame(sept), sept.groups, sept.aligned, sort="position")
    assert by_pos["first_position"].is_monotonic_increasing
    assert set(by_pos["group_id"]) == set(by_outlets["group_id"])
    with pytest.raises(ValueError):
        coverage_table(coverage_frame(sept), sept.groups, sept.aligned, sort="random")


def test_coverage_table_columns_ordered_by_what_they_carry(sept):
    table = coverage_table(coverage_frame(sept), sept.groups, sept.aligned)
    sources = list(table.columns[4:])
    assert sources[0] == "Al-Ahed"  # carries all five groups
    assert sources[-1] == COPY_COL


def test_coverage_figure_is_a_heatmap_with_escaped_hover(sept):
    fig = coverage_figure(coverage_frame(sept), sept.groups, sept.aligned).to_dict()
    trace = fig["data"][0]
    assert trace["type"] == "heatmap"
    assert len(trace["y"]) == len(sept.groups) == 5
    assert trace["y"][0].startswith("[2] ")
    table = coverage_table(coverage_frame(sept), sept.groups, sept.aligned)
    assert [list(r) for r in trace["z"]] == table[list(table.columns[4:])].to_numpy().tolist()
    hover = " ".join(t for row in trace["text"] for t in row)
    assert "&lt;b&gt;and other forums&lt;/b&gt;" in hover
    assert "<b>and other forums" not in hover
    assert "neutral party" in hover and "refrained from taking sides" in hover
    assert trace["customdata"][0][0] == table["group_id"].iloc[0]


def test_coverage_figure_has_clickable_points_naming_each_cells_group(sept):
    fig = coverage_figure(coverage_frame(sept), sept.groups, sept.aligned).to_dict()
    heat, points = fig["data"]
    assert points["type"] == "scatter" and points["marker"]["opacity"] == 0
    n_cols = len(heat["x"])
    assert len(points["customdata"]) == len(heat["y"]) * n_cols
    for i, gid in enumerate(points["customdata"]):
        assert heat["customdata"][i // n_cols][i % n_cols] == gid
        assert points["y"][i] == heat["y"][i // n_cols] and points["x"][i] == heat["x"][i % n_cols]


def test_labels_from_articles_cannot_carry_markup(sept, results):
    evil = "<a href='https://x.example'>click</a>"
    groups = sept.groups.assign(representative=evil)
    evil_outlet = {"AFP": "<i>AFP</i>"}
    aligned = sept.aligned.assign(source_label=sept.aligned["source_label"].replace(evil_outlet))
    coverage = coverage_frame(sept).assign(source_label=lambda f: f["source_label"].replace(evil_outlet))
    fig = coverage_figure(coverage, groups, aligned).to_dict()
    labels = list(fig["data"][0]["y"]) + list(fig["data"][0]["x"])
    assert not any("<" in t for t in labels)
    assert any("&lt;a href='https://x.example'&gt;click" in t for t in labels)
    tl = timeline_figure(results.articles.assign(counts_under="<b>X</b>", title=evil)).to_dict()
    assert all(y == "&lt;b&gt;X&lt;/b&gt;" for t in tl["data"] for y in t["y"])
    assert not any("<a " in h for t in tl["data"] for h in t["text"])


def test_coverage_figure_caps_rows_and_says_so(sept):
    fig = coverage_figure(coverage_frame(sept), sept.groups, sept.aligned, max_rows=2).to_dict()
    assert len(fig["data"][0]["y"]) == 2
    assert "top 2 shown" in fig["layout"]["title"]["text"]


def test_timeline_marks_copies_and_counts_undated(results):
    fig = timeline_figure(results.articles).to_dict()
    xs = sum(len(t["x"]) for t in fig["data"])
    assert xs == 5
    copies = [t for t in fig["data"] if t["marker"]["symbol"] == "circle-open"]
    assert len(copies) == 1 and len(copies[0]["x"]) == 1
    undated = results.articles.assign(published=["", *results.articles["published"][1:]])
    fig2 = timeline_figure(undated).to_dict()
    assert "1 undated not shown" in fig2["layout"]["title"]["text"]
    assert sum(len(t["x"]) for t in fig2["data"]) == 4


def test_stance_mix_shares_per_outlet(sept):
    fig = stance_mix_figure(sept.aligned).to_dict()
    names = [t["name"] for t in fig["data"]]
    assert names[:1] == ["asserted"] and "contested" in names
    outlets = fig["data"][0]["y"]
    for i, outlet in enumerate(outlets):
        total = sum(t["x"][i] for t in fig["data"])
        assert total == pytest.approx(1.0), outlet
        counts = {t["name"]: t["customdata"][i] for t in fig["data"]}
        own = sept.aligned[~sept.aligned["is_copy"]]  # a copy in its original's event is no voice
        expected = own[own["counts_under"] == outlet]["stance"].value_counts().to_dict()
        assert {k: v for k, v in counts.items() if v} == expected


def test_quoted_sides_leave_out_the_outlets_own_voice(sept):
    fig = quoted_sides_figure(sept.aligned).to_dict()
    by_side = {t["name"]: dict(zip(t["x"], t["y"], strict=True)) for t in fig["data"]}
    assert by_side["Russia"]["Al-Ahed"] == 1  # Lavrov
    assert by_side["China"]["Al-Ahed"] == 2  # Wang Yi and the foreign ministry
    total = sum(sum(d.values()) for d in by_side.values())
    own = sept.aligned[~sept.aligned["is_copy"]]
    attributed = own[(own["attribution"] != "outlet_voice") & (own["speaker"] != "")]
    assert total == len(attributed)


def test_tone_targets_pivot(sept):
    fig = tone_targets_figure(sept.framing).to_dict()
    trace = fig["data"][0]
    assert list(trace["x"]) == ["Russia", "West"]
    z = dict(zip(trace["y"], [list(r) for r in trace["z"]], strict=True))
    assert z["Al-Ahed"] == pytest.approx([0.3, -0.4])
    assert z["AFP"] == pytest.approx([-0.2, 0.1])


def test_talking_points_over_time(results):
    fig = talking_points_figure(results.aligned, results.events).to_dict()
    assert {t["name"] for t in fig["data"]} == {"Al-Ahed", "Chinese Foreign Ministry"}
    labels = {y for t in fig["data"] for y in t["y"]}
    assert len(labels) == 1 and labels.pop().endswith("(2 events)")
    dates = sorted(str(x)[:10] for t in fig["data"] for x in t["x"])
    assert dates == ["2023-02-22", "2023-09-18"]


def test_talking_points_need_two_events_unless_asked(results):
    one_event = results.aligned.assign(talking_point_id=results.aligned["talking_point_id"].where(
        results.aligned["event_id"] == E2, ""))
    fig = talking_points_figure(one_event, results.events).to_dict()
    assert fig["data"] == [] and "2 or more events" in fig["layout"]["annotations"][0]["text"]
    fig = talking_points_figure(one_event, results.events, min_events=1).to_dict()
    assert [y for t in fig["data"] for y in t["y"]][0].endswith("(1 events)")


@pytest.mark.parametrize("builder", [
    lambda r: coverage_figure(coverage_frame(r), r.groups, r.aligned),
    lambda r: timeline_figure(r.articles),
    lambda r: stance_mix_figure(r.aligned),
    lambda r: quoted_sides_figure(r.aligned),
    lambda r: tone_targets_figure(r.framing),
    lambda r: talking_points_figure(r.aligned, r.events),
])
def test_empty_results_give_an_explained_blank_figure(builder):
    fig = builder(Results.empty()).to_dict()
    assert fig["data"] == [] or all(not t.get("x") for t in fig["data"])
    assert fig["layout"]["annotations"][0]["text"].startswith("No ")


def test_builders_do_not_mutate_their_input(sept):
    before = sept.aligned.copy()
    coverage_figure(coverage_frame(sept), sept.groups, sept.aligned)
    stance_mix_figure(sept.aligned)
    quoted_sides_figure(sept.aligned)
    pd.testing.assert_frame_equal(before, sept.aligned)
    assert E1 not in set(sept.aligned["event_id"])


def test_quoted_sides_come_from_the_data(sept):
    """Sides are whatever the actors data named, ordered by how often they are quoted."""
    from stance.dashboard.filters import speaker_sides

    aligned = sept.aligned.assign(speaker_side=sept.aligned["speaker_side"].replace({"Russia": "Atlantis"}))
    names = [t["name"] for t in quoted_sides_figure(aligned).to_dict()["data"]]
    assert names[0] == "China" and "Atlantis" in names and "Russia" not in names
    assert speaker_sides(Results(**{**sept.__dict__, "aligned": aligned})) == ["Atlantis", "China"]
