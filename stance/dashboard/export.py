"""Export view: the CSV files of the current filter, exactly as `stance analyze --out` writes them."""

from __future__ import annotations

import streamlit as st

from stance.export import aligned_csv, discrepancies_csv, framing_csv
from stance.results import Results


def render_downloads(results: Results, scope: str, key: str = "dl") -> None:
    """Three download buttons over `results` (already filtered); `scope` names the filter."""
    st.caption(f"Scope: {scope}. {len(results.aligned)} aligned claims, {len(results.framing)} "
               f"framing rows, {len(results.discrepancies)} discrepancies.")
    cols = st.columns(3)
    cols[0].download_button("aligned_claims.csv", aligned_csv(results), file_name="aligned_claims.csv",
                            mime="text/csv", key=f"{key}_aligned", on_click="ignore")
    cols[1].download_button("framing.csv", framing_csv(results), file_name="framing.csv",
                            mime="text/csv", key=f"{key}_framing", on_click="ignore")
    cols[2].download_button("discrepancies.csv", discrepancies_csv(results),
                            file_name="discrepancies.csv", mime="text/csv", key=f"{key}_disc",
                            on_click="ignore")


def render_export(all_filtered: Results, event_filtered: Results, event_name: str) -> None:
    st.subheader("Export")
    everything = st.toggle("All events (ignore the event selection)", key="export_all")
    if everything:
        render_downloads(all_filtered, "all events, sidebar filters applied", key="dl_all")
    else:
        render_downloads(event_filtered, f"{event_name}, sidebar filters applied", key="dl_event")
