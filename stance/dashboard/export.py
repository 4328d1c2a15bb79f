"""Export view: every CSV file of the current filter, exactly as `stance analyze --out` writes them
(`stance.export.output_files`), and their `manifest.json` (what produced them: `stance.manifest`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from stance.config.settings import Settings
from stance.export import claims_of, output_files
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

    def manifest(self, scope: str, outputs: dict[str, bytes], results: Results,
                 rows: dict[str, int] | None = None) -> bytes:
        arts = results.articles.drop_duplicates("article_id")
        doc = build_manifest(
            settings=self.settings, command={"name": "dashboard download"}, started_at=self.started_at,
            model=self.model(), articles=articles_info(zip(arts["article_id"], arts["source"],
                                                           strict=True)),
            outputs=outputs, rows=rows,
            counts={"stored": store_counts(self.store), "in_scope": results.counts()},
            scope={"description": scope, "filters": self.filters})
        return manifest_bytes(doc)


BUTTONS_PER_ROW = 4
MANIFEST_HELP = ("What produced these files: tool and model versions, weights hashes, thresholds, "
                 "settings, articles, counts.")


def render_downloads(results: Results, scope: str, key: str = "dl",
                     provenance: Provenance | None = None) -> None:
    """Download buttons over `results` (already filtered); `scope` names the filter. With
    `provenance` (the store the results come from), claims.csv and a manifest.json describing
    exactly the files served come too; without it, claims.csv cannot be read and is left out."""
    claims = claims_of(provenance.store, results) if provenance is not None else None
    files = output_files(results, claims if claims is not None else pd.DataFrame())
    if claims is None:
        del files["claims.csv"]
    rows = {"aligned_claims.csv": len(results.aligned), "articles.csv": len(results.articles),
            "claims.csv": len(claims) if claims is not None else 0, "events.csv": len(results.events),
            "framing.csv": len(results.framing), "discrepancies.csv": len(results.discrepancies)}
    st.caption(f"Scope: {scope}. {len(results.aligned)} aligned claims, {len(results.articles)} "
               f"articles, {len(results.framing)} framing rows, {len(results.discrepancies)} "
               "discrepancies.")
    buttons: list[tuple[str, bytes, str, str]] = [(n, b, "text/csv", "") for n, b in files.items()]
    if provenance is not None:
        served = {n: rows[n] for n in files}
        buttons.append((MANIFEST_NAME, provenance.manifest(scope, files, results, served),
                        "application/json", MANIFEST_HELP))
    for start in range(0, len(buttons), BUTTONS_PER_ROW):
        cols = st.columns(BUTTONS_PER_ROW)
        for col, (name, blob, mime, helptext) in zip(cols, buttons[start:start + BUTTONS_PER_ROW],
                                                     strict=False):
            col.download_button(name, blob, file_name=name, mime=mime, on_click="ignore",
                                key=f"{key}_{name.rsplit('.', 1)[0]}", help=helptext or None)


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
