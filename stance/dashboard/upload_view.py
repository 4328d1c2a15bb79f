"""Add articles: upload files or paste text; analysed with a progress bar, stored, and shown
without restarting the app. The embedding model is loaded only here, on first use. In a team
deployment only admins may add articles (`stance.dashboard.access`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import streamlit as st

from stance.config.settings import Settings
from stance.dashboard.access import LOCAL, Access
from stance.dashboard.snapshot import write_snapshot
from stance.dashboard.text import md_escape
from stance.errors import StanceError
from stance.schema import stable_hash
from stance.store import Store

UPLOAD_TYPES = ["txt", "html", "htm", "json", "jsonl", "csv"]
_REPORT_KEY = "upload_report"


def pasted_file(text: str, *, title: str = "", outlet: str = "", url: str = "",
                published: str = "") -> tuple[str, bytes]:
    """Pasted text as an input file: a plain .txt page, or a JSON record when the analyst gave
    metadata (record metadata wins over detection in ingestion)."""
    meta = {k: v.strip() for k, v in (("title", title), ("outlet", outlet), ("url", url),
                                      ("published", published)) if v and v.strip()}
    name = "pasted_" + stable_hash(text, *meta.values(), length=10)
    if meta:
        return name + ".json", json.dumps({"text": text, **meta}, ensure_ascii=False).encode("utf-8")
    return name + ".txt", text.encode("utf-8")


def _show_last_report() -> None:
    rep = st.session_state.get(_REPORT_KEY)
    if not rep:
        return
    st.success(f"Stored {rep['n_articles']} new articles and {rep['n_claims']} claims; "
               f"{rep['n_events']} events analysed. The other views show them now.")
    for line in rep["problems"]:
        st.warning(md_escape(line))
    for line in rep.get("duplicates", []):
        st.caption(md_escape(f"duplicate {line}"))
    for line in rep["warnings"][:20]:
        st.caption(md_escape(line))


def render_upload(store: Store, settings: Settings, get_embedder: Callable[[], Any],
                  on_stored: Callable[[], None], access: Access = LOCAL) -> None:
    """`get_embedder` loads (once, cached by app.py) the model; `on_stored` invalidates the
    cached results so every view reloads them (from the snapshot written here, which a
    restarted server reads too)."""
    st.subheader("Add articles")
    if not access.can("upload"):
        st.error("Only admins can add articles to this deployment.")
        return
    _show_last_report()
    files = st.file_uploader("Article files (.txt page dumps, .html, .json/.jsonl/.csv records)",
                             type=UPLOAD_TYPES, accept_multiple_files=True, key="upload_files")
    st.markdown("**or paste an article**")
    text = st.text_area("Article text", height=200, key="paste_text")
    c = st.columns(4)
    title = c[0].text_input("Title (optional)", key="paste_title")
    outlet = c[1].text_input("Outlet (optional)", key="paste_outlet")
    url = c[2].text_input("URL (optional)", key="paste_url")
    published = c[3].text_input("Date YYYY-MM-DD (optional)", key="paste_date")
    if not st.button("Analyze", type="primary", key="analyze"):
        return
    inputs: list[tuple[str, bytes]] = [(f.name, f.getvalue()) for f in files or []]
    if text.strip():
        inputs.append(pasted_file(text, title=title, outlet=outlet, url=url, published=published))
    if not inputs:
        st.warning("Nothing to analyse: upload a file or paste an article's text.")
        return
    from stance.pipeline import analyze_uploads  # the pipeline (and its models) load on demand

    bar = st.progress(0.0, text="loading the model")

    def progress(stage: str, fraction: float) -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=stage)

    try:
        report = analyze_uploads(inputs, store, settings, embedder=get_embedder(), progress=progress)
    except StanceError as exc:
        st.error(md_escape(str(exc)))
        return
    st.session_state[_REPORT_KEY] = {
        "n_articles": report.n_articles, "n_claims": report.n_claims,
        "n_events": getattr(report, "n_events", 0),
        "problems": list(report.problems), "warnings": list(report.warnings),
        "duplicates": list(report.duplicates),
    }
    write_snapshot(store, settings.cache_dir)  # the next server start reads it, not SQLite
    on_stored()
    st.rerun()
