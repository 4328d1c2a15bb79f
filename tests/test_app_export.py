"""Downloads under AppTest on the made-up store: the Export view serves every CSV file of the
current filter with its columns and a manifest.json hashing exactly those files; the event view
offers the same."""

from __future__ import annotations

import io

import pandas as pd

from stance.schema import ALIGNED_COLUMNS, DISCREPANCY_COLUMNS, FRAMING_COLUMNS
from tests.app_helpers import db, downloads, no_model, run, served_on_this_computer  # noqa: F401 - fixtures
from tests.dashboard_db import E1, E2


def test_export_serves_the_filtered_csv_files(db, no_model, downloads):  # noqa: F811
    at = run("export")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["aligned_claims.csv", "articles.csv", "claims.csv", "events.csv", "framing.csv",
                      "discrepancies.csv", "manifest.json"]
    aligned = pd.read_csv(io.BytesIO(downloads["aligned_claims.csv"]), keep_default_na=False)
    assert list(aligned.columns) == ALIGNED_COLUMNS
    assert set(aligned["event_id"]) == {E2} and len(aligned) == 10
    assert list(pd.read_csv(io.BytesIO(downloads["framing.csv"])).columns) == FRAMING_COLUMNS
    disc = pd.read_csv(io.BytesIO(downloads["discrepancies.csv"]), keep_default_na=False)
    assert list(disc.columns) == DISCREPANCY_COLUMNS and disc["kind"].tolist() == ["number"]

    downloads.clear()
    at.sidebar.multiselect(key="f_outlets").select("Halden")
    at.run()
    aligned = pd.read_csv(io.BytesIO(downloads["aligned_claims.csv"]), keep_default_na=False)
    assert set(aligned["outlet"]) == {"Halden"} and len(aligned) == 5
    framing = pd.read_csv(io.BytesIO(downloads["framing.csv"]), keep_default_na=False)
    assert set(framing["outlet"]) == {"Halden"}

    downloads.clear()
    at.toggle(key="export_all").set_value(True)
    at.run()
    aligned = pd.read_csv(io.BytesIO(downloads["aligned_claims.csv"]), keep_default_na=False)
    assert set(aligned["event_id"]) == {E2}  # the wire reported only the June talks
    at.sidebar.multiselect(key="f_outlets").unselect("Halden")
    at.run()
    aligned = pd.read_csv(io.BytesIO(downloads["aligned_claims.csv"]), keep_default_na=False)
    assert set(aligned["event_id"]) == {E1, E2} and len(aligned) == 14


def test_downloads_come_with_a_manifest_of_exactly_those_files(db, no_model, downloads):  # noqa: F811
    import hashlib
    import json

    at = run("export")
    at.sidebar.multiselect(key="f_outlets").select("Halden")
    at.run()
    doc = json.loads(downloads["manifest.json"])
    served = {o["file"]: o for o in doc["outputs"]}
    assert set(served) == {"aligned_claims.csv", "articles.csv", "claims.csv", "events.csv", "framing.csv",
                           "discrepancies.csv"}
    for name, o in served.items():
        assert o["sha256"] == hashlib.sha256(downloads[name]).hexdigest()
    assert served["aligned_claims.csv"]["rows"] == 5  # the wire's claims of the event
    assert doc["scope"]["filters"]["outlets"] == ["Halden"] and doc["scope"]["filters"]["event_id"] == E2
    assert doc["command"]["name"] == "dashboard download"
    assert doc["counts"]["stored"]["articles"] == 5 and doc["articles"]["count"] >= 1
    assert {"align", "source"} <= set(doc["thresholds"]) and doc["settings"]["db_path"] == str(db)
    assert doc["model"]["backend_setting"] == "hash" and doc["started_at"] <= doc["finished_at"]
    # the event view's downloads carry one too
    downloads.clear()
    at.sidebar.radio[0].set_value("event")
    at.run()
    assert "manifest.json" in downloads
