"""Export view: every CSV file of the current filter, exactly as `stance analyze --out` writes them
(`stance.export.output_files`), and their `manifest.json` (what produced them: `stance.manifest`)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from stance.config.settings import Settings
from stance.export import OUTPUT_FILES, claims_of, output_files
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


class Downloads:
    """The files of one download row, built on the first click rather than on every rerun:
    six CSV files of 50k claims and their manifest take longer than the rest of a view, and
    most reruns (a filter change, a click on the matrix) download nothing. Streamlit calls a
    button's data function on a worker thread when it is clicked; the files are built once,
    under a lock, so a second click (or the manifest after a CSV) serves the same bytes."""

    def __init__(self, results: Results, scope: str, provenance: Provenance | None) -> None:
        self.results, self.scope, self.provenance = results, scope, provenance
        self._lock = threading.Lock()
        self._files: dict[str, bytes] | None = None
        self._manifest: bytes | None = None
        self._claims = 0  # rows of claims.csv, once built

    def names(self) -> list[str]:
        """The files served, in order: without `provenance` claims.csv cannot be read and is
        left out, and no manifest comes."""
        names = [n for n in OUTPUT_FILES if self.provenance is not None or n != "claims.csv"]
        return names + ([MANIFEST_NAME] if self.provenance is not None else [])

    def files(self) -> dict[str, bytes]:
        with self._lock:
            if self._files is None:
                store = self.provenance.store if self.provenance is not None else None
                claims = claims_of(store, self.results) if store is not None else None
                files = output_files(self.results, claims if claims is not None else pd.DataFrame())
                if claims is None:
                    del files["claims.csv"]
                self._files, self._claims = files, 0 if claims is None else len(claims)
            return self._files

    def manifest(self) -> bytes:
        files = self.files()
        with self._lock:
            if self._manifest is None:
                r = self.results
                rows = {"aligned_claims.csv": len(r.aligned), "articles.csv": len(r.articles),
                        "claims.csv": self._claims, "events.csv": len(r.events),
                        "framing.csv": len(r.framing), "discrepancies.csv": len(r.discrepancies)}
                self._manifest = self.provenance.manifest(self.scope, files, r,
                                                          {n: rows[n] for n in files})
            return self._manifest

    def data(self, name: str) -> Callable[[], bytes]:
        """What the button of `name` serves, as the function Streamlit calls on a click."""
        if name == MANIFEST_NAME:
            return self.manifest
        return lambda: self.files()[name]


def render_downloads(results: Results, scope: str, key: str = "dl",
                     provenance: Provenance | None = None) -> None:
    """Download buttons over `results` (already filtered); `scope` names the filter. With
    `provenance` (the store the results come from), claims.csv and a manifest.json describing
    exactly the files served come too; without it, claims.csv cannot be read and is left out.
    The files are built when a button is clicked (`Downloads`)."""
    st.caption(f"Scope: {scope}. {len(results.aligned)} aligned claims, {len(results.articles)} "
               f"articles, {len(results.framing)} framing rows, {len(results.discrepancies)} "
               "discrepancies.")
    bundle = Downloads(results, scope, provenance)
    buttons = [(n, "application/json" if n == MANIFEST_NAME else "text/csv",
                MANIFEST_HELP if n == MANIFEST_NAME else "") for n in bundle.names()]
    for start in range(0, len(buttons), BUTTONS_PER_ROW):
        cols = st.columns(BUTTONS_PER_ROW)
        for col, (name, mime, helptext) in zip(cols, buttons[start:start + BUTTONS_PER_ROW], strict=False):
            col.download_button(name, bundle.data(name), file_name=name, mime=mime, on_click="ignore",
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
