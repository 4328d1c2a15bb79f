"""The analysis views under AppTest on the made-up store: discrepancies, corpus, outlet
framing and talking points each show what the stored analysis holds."""

from __future__ import annotations

from tests.app_helpers import db, html_bodies, no_model, run, served_on_this_computer  # noqa: F401 - fixtures


def test_discrepancies_view_shows_both_claims_with_the_values_marked(db, no_model):  # noqa: F811
    at = run("discrepancies")
    body = html_bodies(at)
    assert "<mark>12th</mark>" in body and "<mark>7th</mark>" in body


def test_corpus_view_marks_syndicated_copies(db, no_model):  # noqa: F811
    at = run("corpus")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "5" and metrics["Syndicated copies"] == "1"
    articles = at.dataframe[1].value
    copy = articles[articles["publisher"] == "Quay Daily"]
    assert copy["copy_of"].iloc[0].startswith("Halden: Norland FM Mira Castellan to visit Kestria")
    assert (articles[articles["publisher"] != "Quay Daily"]["copy_of"] == "").all()


def test_framing_view_compares_outlets_side_by_side(db, no_model):  # noqa: F811
    at = run("framing")
    assert len(at.get("plotly_chart")) == 3
    frames = [d.value for d in at.dataframe]
    # the profiles side by side: one column per outlet, human names, each number with its n
    profile = next(f for f in frames if list(f.columns[:2]) == ["what", "value"])
    assert list(profile.columns) == ["what", "value", "Halden", "Lantern"]
    rows = {(w, v): r for w, v, *r in profile.itertuples(index=False)}
    assert rows[("type", "")] == ["wire", "state media"]
    assert rows[("terms chosen", "dispute label: war")] == ["1 claim *", ""]  # not "dispute_label=war"
    assert rows[("background share", "background")] == ["35% (0 of 0) *", "20% (0 of 0) *"]
    assert not any("_" in w for w, _ in rows)  # no raw names ("background_share")
    lists = [f for f in frames if list(f.columns[:2]) == ["outlet", "claim"]]
    lede, only_here, omits = lists
    assert lede.set_index("outlet").loc["Halden", "claim"].startswith("Norland's chief diplomat Mira Castellan will")
    assert set(only_here["outlet"]) == {"Lantern"} and len(only_here) == 2  # the summit and third-party lines
    assert any("harbour-states summit" in t for t in only_here["claim"])
    assert (omits["outlet"] == "Halden").sum() == 2
    assert any("line up their positions" in t for t in omits[omits["outlet"] == "Halden"]["claim"])
    headings = " ".join(m.value for m in at.markdown)
    assert "**Only this outlet says** (Halden: 0, Lantern: 2)" in headings


def test_talking_points_view_lists_the_recurring_line(db, no_model):  # noqa: F811
    at = run("talking_points")
    table = at.dataframe[0].value
    assert table["events"].tolist() == [2] and table["n"].tolist() == [2]
    assert set(table["outlets"].iloc[0].split("; ")) == {"Lantern", "Norland Foreign Ministry"}
