"""The speaker view: what a person or body is reported to have said at each meeting, by which
outlets, in which voice and with which verb (attribution drift at a glance)."""

from __future__ import annotations

import json

import pytest

from stance.plots import drift_table, speaker_drift_figure
from stance.results import SPEAKER_COLUMN, speaker_statements, speakers
from stance.store import Store
from stance.store.analysis import load_results
from tests import dashboard_db
from tests.dashboard_db import E1, E2, clicked, html_of, open_app

# fixtures shared by the dashboard tests (a store modelled on the seeds, the app served locally)
dash_db = dashboard_db.dash_db
served_locally = dashboard_db.served_locally

MINISTRY = "Chinese foreign ministry"


@pytest.fixture()
def results(dash_db):
    return load_results(Store(dash_db))


def test_speakers_are_listed_most_reported_first(results):
    table = speakers(results)
    # claims, meetings, outlets (a copy counts as AFP), kind, the page's other words for it
    assert table.iloc[0].tolist() == [MINISTRY, 5, 2, 3, "body", [("the ministry", 2), ("his foreign ministry", 1)]]
    wang = table.set_index("speaker").loc["Wang Yi"]
    assert wang["kind"] == "person" and wang["written"] == [("Wang", 1), ("the Chinese foreign minister", 1)]
    assert table.set_index("speaker").at["Sergei Lavrov", "written"] == []  # written as named
    assert set(table["speaker"]) == {MINISTRY, "Wang Yi", "Sergei Lavrov", "China"}
    assert SPEAKER_COLUMN == "speaker"  # the one line to point at a canonical name column


def test_a_statement_brings_the_other_outlets_versions_along(results):
    rows = speaker_statements(results, MINISTRY)
    # the "18th round" statement: AFP quotes the ministry, Al-Ahed paraphrases it, the copy too
    round_ = rows[rows["group_id"] == "g-round"].set_index("claim_id")
    assert round_.loc["c-afp-round", "attribution"] == "direct_quote" and round_.loc["c-ah-round", "attribution"] == "indirect"
    # the visit: AFP attributes it to the ministry, Al-Ahed says it in its own voice
    talks = rows[rows["group_id"] == "g-talks"].set_index("claim_id")
    assert bool(talks.loc["c-afp-visit", "by_speaker"]) and not bool(talks.loc["c-ah-talks", "by_speaker"])
    assert list(dict.fromkeys(rows["event_id"])) == [E1, E2]  # meetings in date order


def test_drift_cells_name_each_outlets_voice_and_verb(results):
    cells = drift_table(speaker_statements(results, MINISTRY)).set_index(["group_id", "outlet"])
    assert cells.loc[("g-round", "AFP"), ["voice", "verb"]].tolist() == ["direct_quote", "said"]
    assert cells.loc[("g-round", "Al-Ahed"), ["voice", "verb"]].tolist() == ["indirect", "said"]
    assert cells.loc[("g-talks", "Al-Ahed"), "voice"] == "outlet_voice"
    assert ("g-round", "Example Daily") not in cells.index  # a copy is no voice of its own
    fig = speaker_drift_figure(speaker_statements(results, MINISTRY), MINISTRY).to_dict()
    heat, layer = fig["data"]
    assert heat["colorbar"]["ticktext"] == ["direct quote", "partial quote", "indirect", "other speaker",
                                            "outlet voice"]
    verbs = {t for row in heat["text"] for t in row if t}
    assert verbs == {"said"}
    assert {d[0] for d in layer["customdata"]} >= {"c-afp-round", "c-ah-round"}


def test_the_view_shows_drift_only_where_two_outlets_report_a_statement(dash_db):
    at = open_app("speaker")
    assert not at.exception, [e.value for e in at.exception]
    box = at.selectbox(key="speaker")
    assert box.value == MINISTRY
    assert box.format_func(MINISTRY) == f"{MINISTRY} \u2013 institution (5 claims, 2 meetings, 3 outlets)"
    written = [c.value for c in at.caption if c.value.startswith("As written")]
    assert written == ["As written: \u201cthe ministry\u201d (2 claims); \u201chis foreign ministry\u201d (1 claim)"]
    table = at.dataframe[0].value
    assert set(table["statement"].str[:20]) == {"Wang \"will go to Rus", "China's foreign mini"}
    afp = table[(table["outlet"] == "AFP") & table["statement"].str.contains("18th")].iloc[0]
    assert afp[["voice", "verb", "reported as said by"]].tolist() == ["direct quote", "said", f"{MINISTRY} (institution)"]
    visit = table[(table["outlet"] == "AFP") & table["statement"].str.startswith("China's foreign")].iloc[0]
    assert visit["reported as said by"] == f"{MINISTRY} (institution; as written: his foreign ministry)"
    ahed = table[(table["outlet"] == "Al-Ahed") & table["statement"].str.startswith("China's foreign")].iloc[0]
    assert ahed[["voice", "reported as said by"]].tolist() == ["outlet's own voice", "(the outlet itself)"]
    summary = " ".join(c.value for c in at.caption)
    assert "5 claims attributed to them in 2 meetings by 3 outlets" in summary
    at.toggle(key="speaker_all").set_value(True).run()  # the Reuters-only statement joins
    assert any("bullying" in s for s in at.dataframe[0].value["statement"])


def test_a_drift_cell_opens_its_wording(results):
    statements = speaker_statements(results, MINISTRY)
    layer = speaker_drift_figure(statements[statements["group_id"] != "g-bully"], MINISTRY).data[1]
    mark = next(list(d) for d in layer.customdata if d[0] == "c-afp-round")
    at = open_app("speaker", **{"drift~0": clicked(mark)})
    body = html_of(at)
    assert body.count("class='stance-ev'") == 1 and "18th round" in body
    assert "Chinese foreign ministry (institution; direct quote, said)" in body


def test_a_link_opens_a_speaker_and_a_speaker_with_one_outlet_per_statement_says_so(dash_db):
    at = open_app(query={"view": "speaker", "speaker": "Wang Yi"})
    assert at.selectbox(key="speaker").value == "Wang Yi"
    assert any("showing every statement" in i.value for i in at.info)
    table = at.dataframe[0].value
    assert set(zip(table["outlet"], table["voice"], table["verb"], strict=True)) == {
        ("Al-Ahed", "direct quote", "stressed"), ("Chinese Foreign Ministry", "indirect", "said")}
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert len(spec["data"][0]["y"]) == 2  # one row per statement, two meetings


def test_filters_apply_to_the_speaker_view(dash_db):
    at = open_app("speaker", f_outlets=["Reuters"])
    box = at.selectbox(key="speaker")
    assert list(box.options) == [
        "China \u2013 institution (1 claim, 1 meeting, 1 outlet)",
        f"{MINISTRY} \u2013 institution (1 claim, 1 meeting, 1 outlet)"]
    box.set_value(MINISTRY).run()
    table = at.dataframe[0].value
    assert set(table["outlet"]) == {"Reuters"} and table["statement"].str.contains("bullying").all()
