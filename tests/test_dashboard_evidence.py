"""Evidence on click, driven headlessly: a click on a bar, a cell, a marker or a table row opens
the claims behind it with outlet, date, speaker and a link to the original; thin numbers say so.

Clicks are given to the app as the selection state Streamlit stores for the chart or table, with
the `customdata` the chart builder really put on that mark."""

from __future__ import annotations

import html

import pytest

from stance.plots import quoted_sides_figure, stance_mix_figure, timeline_figure
from stance.results import filter_results
from stance.store import Store
from stance.store.analysis import load_results
from tests import dashboard_db
from tests.dashboard_db import E1, E2, clicked, html_of, open_app

# fixtures shared by the dashboard tests (a store modelled on the seeds, the app served locally)
dash_db = dashboard_db.dash_db
served_locally = dashboard_db.served_locally


@pytest.fixture()
def results(dash_db):
    return load_results(Store(dash_db))


def _mark(fig, trace_name: str, label_start: str) -> list:
    """The customdata of the mark of trace `trace_name` on the axis label starting `label_start`."""
    for t in fig.data:
        if t.name == trace_name:
            axis = t.y if t.orientation == "h" else t.x
            i = next(i for i, v in enumerate(axis) if str(v).startswith(label_start))
            return list(t.customdata[i])
    raise AssertionError(f"no trace {trace_name}")


def test_a_stance_bar_opens_its_claims_with_outlet_date_speaker_and_link(results):
    sept = filter_results(results, event_id=E2)
    mark = _mark(stance_mix_figure(sept.aligned), "attributed", "AFP")
    at = open_app("framing", **{"stance_mix~0": clicked(mark)})
    assert not at.exception, [e.value for e in at.exception]
    assert "**Stance toward its claims: AFP, attributed**" in [m.value for m in at.markdown]
    body = html_of(at)
    # both AFP claims labelled "attributed", each with what a reader needs to check it
    assert body.count("class='stance-ev'") == 2
    assert html.escape("China's top diplomat Wang Yi will begin a four-day visit") in body
    assert "18th round" in body
    # the canonical speaker, its kind, the page's own words when they differ, voice and verb
    assert ("<b>AFP</b> \u00b7 2023-09-17 \u00b7 Chinese foreign ministry (institution; "
            "as written: his foreign ministry; indirect, said)") in body
    assert "Chinese foreign ministry (institution; direct quote, said)" in body  # written as named
    assert 'href="https://www.afp.com/en/news/wang-yi-russia"' in body
    assert any(c.value.startswith("n = 3 claims (2 listed)") for c in at.caption)  # a share of 3
    assert "Thin evidence" not in body


def test_a_bar_on_fewer_than_three_claims_is_marked_thin_in_its_evidence(results):
    sept = filter_results(results, event_id=E2)
    mark = _mark(quoted_sides_figure(sept.aligned), "China", "AFP")  # AFP quotes two claims
    at = open_app("framing", **{"quoted_sides~0": clicked(mark)})
    body = html_of(at)
    assert "Thin evidence: this number rests on 2 claims, fewer than 3." in body
    assert body.count("class='stance-ev'") == 2


def test_a_profile_cell_opens_the_claims_of_that_outlet(dash_db):
    at = open_app("framing")
    profile = next(d.value for d in at.dataframe if list(d.value.columns[:2]) == ["what", "value"])
    row = next(i for i, (w, v) in enumerate(zip(profile["what"], profile["value"], strict=True))
               if (w, v) == ("terms chosen", "ukraine war: conflict"))
    at.session_state["profile~0"] = {"selection": {"rows": [], "columns": [], "cells": [[row, "Al-Ahed"]]}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.value.startswith("**Profile: Al-Ahed, terms chosen ukraine war: conflict**") for m in at.markdown)
    body = html_of(at)
    assert "refrained from taking sides" in body and "Thin evidence" in body  # one claim


def test_a_claim_list_row_opens_the_claims_behind_it(dash_db):
    at = open_app("framing")
    omits = [d.value for d in at.dataframe if list(d.value.columns[:2]) == ["outlet", "claim"]][2]
    row = next(i for i, c in enumerate(omits["claim"]) if "coordinate their efforts" in c)
    at.session_state["omits~0"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert any(m.value.startswith("**Omits (carried by other outlets): AFP**") for m in at.markdown)
    body = html_of(at)  # what the others carry, escaped
    assert "Sergei Lavrov (person; indirect, noted)" in body and "&lt;b&gt;and other forums&lt;/b&gt;" in body
    assert "<b>and other forums" not in body


def test_evidence_is_found_even_when_a_filter_hides_its_claims(results):
    sept = filter_results(results, event_id=E2)
    mark = _mark(stance_mix_figure(sept.aligned), "attributed", "AFP")
    at = open_app("framing", f_stances=["contested"], **{"stance_mix~0": clicked(mark)})
    assert html_of(at).count("class='stance-ev'") == 2


def test_an_article_marker_of_the_corpus_timeline_lists_its_claims(results):
    fig = timeline_figure(results.articles, results.aligned)
    mark = next(list(d) for t in fig.data for d in t.customdata if "c-reu-meet" in d[0])
    at = open_app("corpus", **{"timeline~0": clicked(mark)})
    assert not at.exception, [e.value for e in at.exception]
    body = html_of(at)
    assert body.count("class='stance-ev'") == 2  # the Reuters article's two claims
    assert "met Russia&#x27;s security chief" in body and "unilateral bullying" in body
    assert "original: China&#x27;s Wang Yi meets Russia&#x27;s security chief" in body


def test_a_talking_point_row_lists_its_wording_at_every_event(dash_db):
    at = open_app("talking_points", **{"tp_table~0": {"selection": {"rows": [0], "columns": [], "cells": []}}})
    assert not at.exception, [e.value for e in at.exception]
    body = html_of(at)
    assert body.count("class='stance-ev'") == 2
    # two meetings: each item names its event
    assert "Wang Yi - Lavrov talks, Moscow, 2023-09-18" in body and "Wang Yi - Putin meeting, Moscow, 2023-02-22" in body


def test_a_click_on_a_matrix_row_selects_its_claim_group(dash_db):
    at = open_app("event", coverage=clicked(["g-unga"]))
    assert at.selectbox(key="group").value == "g-unga"
    assert "coordinate their efforts" in html_of(at)
    at.selectbox(key="group").set_value("g-talks").run()  # the selector wins after the click
    assert at.selectbox(key="group").value == "g-talks"


def test_no_drawer_without_a_click(dash_db):
    for view in ("framing", "corpus", "talking_points", "speaker"):
        at = open_app(view)
        assert "class='stance-ev'" not in html_of(at), view
        assert not any(m.value.startswith("**Stance toward") for m in at.markdown)


def test_every_event_view_still_opens_with_evidence_lookup_for_the_other_event(dash_db):
    at = open_app("framing", event=E1)
    assert not at.exception
    profile = next(d.value for d in at.dataframe if list(d.value.columns[:2]) == ["what", "value"])
    assert list(profile.columns[2:]) == ["Chinese Foreign Ministry", "Reuters"]
