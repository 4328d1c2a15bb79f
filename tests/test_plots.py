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
from stance.plots._common import THIN_PATTERN, distinct_styles, plural, wrap_label
from stance.plots.coverage_matrix import CARRIED, COPY, OMITTED, TURNED_ANGLE, TURNED_WIDTH
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
    labels = fig["layout"]["yaxis"]["ticktext"]  # rows at 0..n-1, named by the axis
    assert list(trace["y"]) == list(fig["layout"]["yaxis"]["tickvals"]) == list(range(5))
    assert len(labels) == len(sept.groups) == 5 and labels[0].startswith("[2] ")
    table = coverage_table(coverage_frame(sept), sept.groups, sept.aligned)
    assert [list(r) for r in trace["z"]] == table[list(table.columns[4:])].to_numpy().tolist()
    points = fig["data"][1]  # the hover and click layer over the cells
    hover = " ".join(points["text"])
    assert "&lt;b&gt;and other forums&lt;/b&gt;" in hover
    assert "<b>and other forums" not in hover
    assert "neutral party" in hover and "refrained from taking sides" in hover
    assert "carried by 2 outlets" in hover and "carried by 1 outlet<" in hover  # never "1 outlets"
    assert points["customdata"][0] == table["group_id"].iloc[0]


def test_coverage_figure_has_clickable_points_naming_each_cells_group(sept):
    fig = coverage_figure(coverage_frame(sept), sept.groups, sept.aligned).to_dict()
    heat, points = fig["data"]
    assert points["type"] == "scatter" and points["marker"]["opacity"] == 0
    n_cols = len(heat["x"])
    assert len(points["customdata"]) == len(heat["y"]) * n_cols
    table = coverage_table(coverage_frame(sept), sept.groups, sept.aligned)
    for i, gid in enumerate(points["customdata"]):
        assert gid == table["group_id"].iloc[i // n_cols]
        assert points["y"][i] == heat["y"][i // n_cols] and points["x"][i] == heat["x"][i % n_cols]


def test_labels_from_articles_cannot_carry_markup(sept, results):
    evil = "<a href='https://x.example'>click</a>"
    groups = sept.groups.assign(representative=evil)
    evil_outlet = {"AFP": "<i>AFP</i>"}
    aligned = sept.aligned.assign(source_label=sept.aligned["source_label"].replace(evil_outlet))
    coverage = coverage_frame(sept).assign(source_label=lambda f: f["source_label"].replace(evil_outlet))
    fig = coverage_figure(coverage, groups, aligned).to_dict()
    labels = list(fig["layout"]["yaxis"]["ticktext"]) + list(fig["layout"]["xaxis"]["ticktext"])
    assert not any("<" in t.replace("<br>", "") for t in labels)  # only the wrapping break
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
    copies = [t for t in fig["data"] if t["marker"]["symbol"].endswith("-open")]
    assert len(copies) == 1 and len(copies[0]["x"]) == 1
    undated = results.articles.assign(published=["", *results.articles["published"][1:]])
    fig2 = timeline_figure(undated).to_dict()
    assert "1 undated not shown" in fig2["layout"]["title"]["text"]
    assert sum(len(t["x"]) for t in fig2["data"]) == 4


def test_stance_mix_shares_per_outlet(sept):
    fig = stance_mix_figure(sept.aligned).to_dict()
    names = [t["name"] for t in fig["data"]]
    assert names[:1] == ["asserted"] and "contested" in names
    labels = fig["data"][0]["y"]
    own = sept.aligned[~sept.aligned["is_copy"]]  # a copy in its original's event is no voice
    for i, label in enumerate(labels):
        outlet = label.split(" (n=")[0]
        mine = own[own["counts_under"] == outlet]
        assert label == f"{outlet} (n={len(mine)})"  # the claims the bar rests on
        total = sum(t["x"][i] for t in fig["data"])
        assert total == pytest.approx(1.0), outlet
        counts = {t["name"]: t["customdata"][i][3] for t in fig["data"]}
        assert {k: v for k, v in counts.items() if v} == mine["stance"].value_counts().to_dict()
        for t in fig["data"]:  # a segment's evidence is exactly its claims
            ids = set(t["customdata"][i][0].split())
            assert ids == set(mine[mine["stance"] == t["name"]]["claim_id"])
            assert t["customdata"][i][2] == len(mine)


def test_quoted_sides_leave_out_the_outlets_own_voice(sept):
    fig = quoted_sides_figure(sept.aligned).to_dict()
    by_side = {t["name"]: dict(zip(t["x"], t["y"], strict=True)) for t in fig["data"]}
    assert by_side["Russia"]["Al-Ahed (n=3)"] == 1  # Lavrov
    assert by_side["China"]["Al-Ahed (n=3)"] == 2  # Wang Yi and the foreign ministry
    assert fig["layout"]["showlegend"] is True and fig["layout"]["legend"]["title"]["text"] == "speaker side"
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
    assert [y for t in fig["data"] for y in t["y"]][0].endswith("(1 event)")


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


# -- every figure shows its n, carries its evidence, and stays legible ---------------------------

def test_thin_bars_are_labelled_and_hatched(sept):
    fewer = sept.aligned[sept.aligned["claim_id"] != "c-afp-visit"]
    fig = stance_mix_figure(fewer).to_dict()
    labels = fig["data"][0]["y"]
    assert "AFP (n=2)*" in labels and "Al-Ahed (n=5)" in labels  # AFP: two claims of its own left
    thin = labels.index("AFP (n=2)*")
    for t in fig["data"]:
        shapes = t["marker"]["pattern"]["shape"]
        assert shapes[thin] == THIN_PATTERN and all(s == "" for i, s in enumerate(shapes) if i != thin)
    assert any(a["text"].startswith("* and hatched") for a in fig["layout"]["annotations"])
    plenty = stance_mix_figure(sept.aligned[sept.aligned["counts_under"] == "Al-Ahed"]).to_dict()
    assert not plenty["layout"].get("annotations")  # no note when nothing is thin


def test_quoted_sides_has_a_legend_even_with_one_side(sept):
    one = sept.aligned.assign(speaker_side="China")
    fig = quoted_sides_figure(one).to_dict()
    assert [t["name"] for t in fig["data"]] == ["China"]
    assert fig["layout"]["showlegend"] is True
    bar = fig["data"][0]
    ids = set(bar["customdata"][bar["x"].index("Al-Ahed (n=3)")][0].split())
    assert ids == {"c-ah-third", "c-ah-unga", "c-ah-round"}  # the three quotes, clickable


def _tone_rows() -> pd.DataFrame:
    return pd.DataFrame({
        "event_id": ["e"] * 3, "outlet": ["Harbor Post", "Harbor Post", "Kestrel Wire"],
        "dimension": ["tone_target"] * 3, "value": ["Ruritania", "Freedonia", "Ruritania"],
        "score": [-0.34, 0.2, 0.5], "evidence_claim_ids": ["k1 k2 k3 k4", "k5", "k6 k7 k8"],
    })


def test_tone_cells_show_their_n_star_thin_ones_and_click_to_their_claims():
    fig = tone_targets_figure(_tone_rows()).to_dict()
    heat, layer = fig["data"]
    cells = dict(zip([(y, x) for y in heat["y"] for x in heat["x"]], [t for row in heat["text"] for t in row],
                     strict=True))
    assert cells[("Harbor Post", "Ruritania")] == "-0.34<br>n=4"
    assert cells[("Harbor Post", "Freedonia")] == "+0.20*<br>n=1"  # one claim: starred
    assert cells[("Kestrel Wire", "Freedonia")] == ""  # no claim names it
    clicks = {(y, x): d[0] for x, y, d in zip(layer["x"], layer["y"], layer["customdata"], strict=True)}
    assert clicks == {("Harbor Post", "Ruritania"): "k1 k2 k3 k4", ("Harbor Post", "Freedonia"): "k5",
                      ("Kestrel Wire", "Ruritania"): "k6 k7 k8"}
    assert any(a["text"].startswith("* rests on fewer than 3") for a in fig["layout"]["annotations"])


def _many_outlets(n: int) -> pd.DataFrame:
    """One claim group carried by `n` made-up outlets, in one event."""
    rows = []
    for i in range(n):
        outlet = f"Gazette Number {i:02d} of the Northern Provinces"
        rows.append({"event_id": "e", "event_label": "Summit", "group_id": "g", "claim_id": f"c{i}",
                     "article_id": f"a{i}", "source_label": outlet, "counts_under": outlet, "is_copy": False,
                     "claim_text": "The ministers agreed to meet again.", "position": 0.1, "published": "2024-05-0"
                     + str(1 + i % 9), "talking_point_id": "tp", "representative": "Meet again",
                     "speaker": "", "stance": "asserted"})
    return pd.DataFrame(rows)


def test_coverage_columns_turn_and_wrap_beyond_seven_outlets(sept):
    upright = coverage_figure(coverage_frame(sept), sept.groups, sept.aligned).to_dict()
    assert upright["layout"]["xaxis"]["tickangle"] == 0
    assert "Example Daily<br>(copy of AFP)" in upright["layout"]["xaxis"]["ticktext"]  # wrapped, upright
    aligned = _many_outlets(9)
    coverage = pd.DataFrame({"event_id": "e", "group_id": "g", "source_label": aligned["source_label"],
                             "counts_under": aligned["counts_under"], "is_copy": False, "status": 2})
    groups = pd.DataFrame({"group_id": ["g"], "representative": ["Meet again"], "n_outlets": [9]})
    fig = coverage_figure(coverage, groups, aligned).to_dict()
    assert fig["layout"]["xaxis"]["tickangle"] == TURNED_ANGLE
    names = fig["layout"]["xaxis"]["ticktext"]
    assert all("<br>" not in x and len(x) <= TURNED_WIDTH for x in names)  # one short line each
    assert len(set(names)) == 9  # still one column per outlet
    seven = coverage_figure(coverage.head(7), groups, aligned.head(7)).to_dict()
    assert all("<br>" in x for x in seven["layout"]["xaxis"]["ticktext"])


def test_styles_keep_more_than_twenty_outlets_apart():
    styles = distinct_styles(f"outlet {i}" for i in range(110))
    assert len({(s.color, s.symbol) for s in styles.values()}) == 110
    firsts = list(styles.values())[:22]
    assert len({s.color for s in firsts}) == 22  # 22 outlets: 22 colours
    aligned = _many_outlets(24).assign(event_id=lambda f: ["e1", "e2"] * 12)
    events = pd.DataFrame({"event_id": ["e1", "e2"], "start": ["2024-05-01", "2024-06-01"]})
    fig = talking_points_figure(aligned, events, min_events=1).to_dict()
    pairs = {(t["marker"]["color"], t["marker"]["symbol"]) for t in fig["data"]}
    assert len(fig["data"]) == 24 and len(pairs) == 24
    assert fig["data"][0]["customdata"][0][0] == "c0"  # a marker opens its outlet's wording


def test_timeline_events_keep_apart_and_markers_carry_the_articles_claims(results):
    fig = timeline_figure(results.articles, results.aligned).to_dict()
    by_event = {}
    for t in fig["data"]:
        by_event.setdefault(t["legendgroup"], set()).add((t["marker"]["color"], t["marker"]["symbol"].replace("-open", "")))
    assert len(by_event) == 2 and len({next(iter(v)) for v in by_event.values()}) == 2
    clicks = {d[0] for t in fig["data"] for d in t["customdata"]}
    mfa = set(results.aligned[results.aligned["article_id"] == "a-mfa"]["claim_id"])
    assert " ".join(sorted(mfa)) in {" ".join(sorted(c.split())) for c in clicks}


def test_wrap_label_and_plural():
    assert wrap_label("Northern Provinces Gazette Evening Edition", 16) == "Northern<br>Provinces Gazet\u2026"
    assert wrap_label("<i>Ink</i>") == "&lt;i&gt;Ink&lt;/i&gt;"
    assert plural(1, "outlet") == "1 outlet" and plural(2, "outlet") == "2 outlets"
    assert plural(0, "claim") == "0 claims"


def test_file_paths_show_as_file_names_and_names_stay_as_written():
    from stance.plots._common import display_name

    assert display_name("../shared/pages/004_wire.txt") == "004_wire.txt"
    assert display_name("/data/in/feed.jsonl#12") == "feed.jsonl#12"
    assert display_name("C:\\news\\harbor.html") == "harbor.html"
    assert display_name("inbox/2024/harbor_post.txt") == "harbor_post.txt"
    for name in ("Reuters/AFP", "<b>X</b>", "https://example.org/a", "Harbor Post"):
        assert display_name(name) == name


@pytest.mark.parametrize("builder", [
    lambda r: coverage_figure(coverage_frame(r), r.groups, r.aligned),
    lambda r: timeline_figure(r.articles, r.aligned),
    lambda r: stance_mix_figure(r.aligned),
    lambda r: quoted_sides_figure(r.aligned),
    lambda r: talking_points_figure(r.aligned, r.events, min_events=1),
])
def test_charts_lay_out_once_with_room_for_their_labels(results, builder):
    """No plotly automargin (it lays a chart out again until labels fit: 2-3x the drawing time);
    the margin computed instead leaves the longest row label at least 6 px per character."""
    import html as html_lib

    fig = builder(results).to_dict()
    layout = fig["layout"]
    assert layout["xaxis"]["automargin"] is False and layout["yaxis"]["automargin"] is False
    rows = layout["yaxis"].get("ticktext") or [y for t in fig["data"] for y in (t.get("y") or [])
                                                if isinstance(y, str)]
    if rows:  # categories down the side: the left margin holds the longest
        longest = max(len(html_lib.unescape(str(r))) for r in rows)
        assert layout["margin"]["l"] >= 6 * longest
        return
    # categories along the bottom (upright or turned): the bottom margin holds every line
    columns = [x for t in fig["data"] for x in (t.get("x") or []) if isinstance(x, str)]
    assert columns
    lines = max(str(c).count("<br>") + 1 for c in columns)
    longest = max(len(line) for c in columns for line in html_lib.unescape(str(c)).split("<br>"))
    turned = layout["xaxis"].get("tickangle") or 0
    needed = 12 * lines if turned == 0 else 4 * longest  # 45 degrees: ~6 px a character x sin 45
    assert layout["margin"]["b"] >= needed
