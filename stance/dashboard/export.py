"""Export view: the CSV files of the current filter, exactly as `stance analyze --out` writes them,
and their `manifest.json` (what produced them: `stance.manifest`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from stance.config.settings import Settings
from stance.export import aligned_csv, discrepancies_csv, framing_csv
from stance.manifest import (
    MANIFEST_NAME,
    articles_info,
    build_manifest,
    manifest_bytes,
    store_counts,
    utc_now,
)
from stance.results import Results
from stance.store.db import Store


@dataclass(frozen=True)
class Provenance:
    """What a dashboard download's manifest needs besides the files: the store and settings the
    results come from, the sidebar filters, and the model description (`model()`, cached by
    app.py so the weights are not hashed on every rerun)."""

    store: Store
    settings: Settings
    filters: dict[str, Any]
    model: Callable[[], dict[str, Any]]
    started_at: str = field(default_factory=utc_now)

    def manifest(self, scope: str, outputs: dict[str, bytes], results: Results) -> bytes:
        arts = results.articles.drop_duplicates("article_id")
        doc = build_manifest(
            settings=self.settings, command={"name": "dashboard download"}, started_at=self.started_at,
            model=self.model(), articles=articles_info(zip(arts["article_id"], arts["source"],
                                                           strict=True)),
            outputs=outputs, rows={"aligned_claims.csv": len(results.aligned),
                                   "framing.csv": len(results.framing),
                                   "discrepancies.csv": len(results.discrepancies)},
            counts={"stored": store_counts(self.store), "in_scope": results.counts()},
            scope={"description": scope, "filters": self.filters})
        return manifest_bytes(doc)


def render_downloads(results: Results, scope: str, key: str = "dl",
                     provenance: Provenance | None = None) -> None:
    """Download buttons over `results` (already filtered); `scope` names the filter. With
    `provenance`, a manifest.json describing exactly these files comes with them."""
    st.caption(f"Scope: {scope}. {len(results.aligned)} aligned claims, {len(results.framing)} "
               f"framing rows, {len(results.discrepancies)} discrepancies.")
    files = {"aligned_claims.csv": aligned_csv(results), "framing.csv": framing_csv(results),
             "discrepancies.csv": discrepancies_csv(results)}
    keys = {"aligned_claims.csv": "aligned", "framing.csv": "framing", "discrepancies.csv": "disc"}
    cols = st.columns(len(files) + (provenance is not None))
    for col, (name, blob) in zip(cols, files.items(), strict=False):
        col.download_button(name, blob, file_name=name, mime="text/csv",
                            key=f"{key}_{keys[name]}", on_click="ignore")
    if provenance is not None:
        cols[-1].download_button(MANIFEST_NAME, provenance.manifest(scope, files, results),
                                 file_name=MANIFEST_NAME, mime="application/json",
                                 key=f"{key}_manifest", on_click="ignore",
                                 help="What produced these files: tool and model versions, "
                                      "weights hashes, thresholds, settings, articles, counts.")


def render_export(all_filtered: Results, event_filtered: Results, event_name: str,
                  provenance: Provenance | None = None) -> None:
    st.subheader("Export")
    everything = st.toggle("All events (ignore the event selection)", key="export_all")
    if everything:
        render_downloads(all_filtered, "all events, sidebar filters applied", key="dl_all",
                         provenance=provenance)
    else:
        render_downloads(event_filtered, f"{event_name}, sidebar filters applied", key="dl_event",
                         provenance=provenance)
