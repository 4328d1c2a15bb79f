"""The read-side helpers the views rest on: the claims behind a figure, how many claims each
profile number rests on, the one text-matching rule, and the parsing of clicks."""

from __future__ import annotations

import pandas as pd
import pytest

from stance.dashboard.evidence import point_base, point_ids, point_label, row_indices, selected_cells
from stance.results import (
    EVIDENCE_COLUMNS,
    MIN_EVIDENCE,
    Results,
    evidence_frame,
    filter_results,
    framing_support,
    text_hits,
)
from stance.store.analysis import load_results
from tests.dashboard_db import E1, build_store, clicked


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Results:
    return load_results(build_store(tmp_path_factory.mktemp("data") / "data.db"))


def test_evidence_lists_each_claim_once_in_date_order_with_what_a_reader_checks(results):
    rows = evidence_frame(results, ["c-ah-unga", "c-reu-meet", "c-ah-unga", "", "c-missing"])
    assert list(rows.columns) == EVIDENCE_COLUMNS
    assert rows["claim_id"].tolist() == ["c-reu-meet", "c-ah-unga"]  # Feb 2023 before Sept 2023
    first = rows.iloc[0]
    assert (first["counts_under"], first["published"], first["speaker"], first["attribution"]) == \
        ("Reuters", "2023-02-22", "China", "indirect")
    assert first["title"] == "China's Wang Yi meets Russia's security chief"
    assert first["url"] == "https://www.yomiuri.co.jp/reuters-wang" and first["event_id"] == E1


def test_undated_claims_come_last(results):
    undated = Results(**{**results.__dict__, "aligned": results.aligned.assign(
        published=results.aligned["published"].where(results.aligned["claim_id"] != "c-reu-meet", ""))})
    assert evidence_frame(undated, ["c-reu-meet", "c-ah-unga"])["claim_id"].tolist() == ["c-ah-unga", "c-reu-meet"]


def _profile(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["event_id", "outlet", "dimension", "value", "score", "evidence_claim_ids"])


def test_a_share_rests_on_all_the_claims_it_is_a_share_of():
    framing = framing_support(_profile([
        ("e", "Harbor Post", "stance_share", "asserted", 0.75, "a b c"),
        ("e", "Harbor Post", "stance_share", "contested", 0.25, "d"),
        ("e", "Harbor Post", "tone", "claims", 0.1, "a b c d"),
        ("e", "Harbor Post", "background_share", "background", 0.5, "a b"),
        ("e", "Harbor Post", "quoted_side", "Ruritania", 1.0, "c"),
        ("e", "Harbor Post", "tone_target", "Freedonia", -0.3, "a b"),
        ("e", "Harbor Post", "outlet_type", "wire", 0.0, ""),
        ("e", "Kestrel Wire", "stance_share", "asserted", 1.0, "x y"),
    ])).set_index(["outlet", "dimension", "value"])
    assert framing.loc[("Harbor Post", "stance_share", "contested"), ["n", "base", "thin"]].tolist() == [1, 4, False]
    assert framing.loc[("Harbor Post", "background_share", "background"), ["n", "base"]].tolist() == [2, 4]
    assert framing.loc[("Harbor Post", "quoted_side", "Ruritania"), ["n", "base", "thin"]].tolist() == [1, 1, True]
    assert framing.loc[("Harbor Post", "tone_target", "Freedonia"), ["n", "base", "thin"]].tolist() == [2, 2, True]
    assert not framing.loc[("Harbor Post", "outlet_type", "wire"), "thin"]  # metadata is no figure
    assert framing.loc[("Kestrel Wire", "stance_share", "asserted"), ["base", "thin"]].tolist() == [2, True]
    assert MIN_EVIDENCE == 3


def test_text_matching_is_literal_and_looks_at_claim_speaker_and_group(results):
    aligned = results.aligned
    assert set(aligned[text_hits(aligned, "LAVROV")]["claim_id"]) == {"c-ah-unga"}  # the speaker
    assert set(aligned[text_hits(aligned, "(a+b)")]["claim_id"]) == set()  # not a pattern
    assert "c-afp-visit" in set(aligned[text_hits(aligned, "in moscow")]["claim_id"])  # its group's wording
    assert len(filter_results(results, text="   ").aligned) == len(aligned)  # blank: no filter


def test_clicks_are_read_from_chart_and_table_states():
    state = clicked(["c1 c2", "Harbor Post, contested", 9], ["c2 c3"])
    assert point_ids(state) == ("c1", "c2", "c3")
    assert point_label(state) == "Harbor Post, contested" and point_base(state) == 9
    assert point_ids(clicked("g-one")) == ("g-one",)  # a bare group id (the coverage matrix)
    assert point_label(clicked(["c1"])) == "" and point_base(clicked(["c1", "x"])) is None
    assert point_ids(None) == () and point_ids({"selection": {"points": []}}) == ()
    table = {"selection": {"rows": [2], "columns": [], "cells": [[1, "Harbor Post"]]}}
    assert row_indices(table) == [2] and selected_cells(table) == [(1, "Harbor Post")]
    assert point_label(clicked(["c1", "Harbor Post &amp; Co"])) == "Harbor Post & Co"
