"""Streamlit entry point: `streamlit run app.py -- --db stance.db` (or `make run`).

It listens on 127.0.0.1 only: `.streamlit/config.toml` sets `server.address`, and `make run`
passes the same address. To serve a team, configure sign-in and roles first (README, "Team
deployment"); without them the app runs in a local single-user mode and says so.

A thin shell: it reads the database choice and the widgets, decides the session's access
(`stance.dashboard.access`), loads the stored results (cached here and only here), and hands
them to the views in `stance.dashboard`. No analysis happens in this file; the embedding model
is loaded only when articles are added.
"""

from __future__ import annotations

import argparse
import sys

import streamlit as st

from stance.config.settings import Settings, ensure_offline, load_settings
from stance.dashboard.access import current_access, render_account, render_gate
from stance.dashboard.corpus_view import render_corpus
from stance.dashboard.discrepancies_view import render_discrepancies
from stance.dashboard.event_view import render_event
from stance.dashboard.export import Provenance, render_export
from stance.dashboard.filters import event_label, render_filters
from stance.dashboard.framing_view import render_framing
from stance.dashboard.talking_points_view import render_talking_points
from stance.dashboard.text import md_escape
from stance.dashboard.upload_view import render_upload
from stance.errors import StanceError
from stance.results import Results
from stance.store import Store
from stance.store.analysis import data_version, load_results

VIEWS = {
    "event": "Event comparison",
    "corpus": "Corpus",
    "framing": "Outlet framing",
    "discrepancies": "Discrepancies",
    "talking_points": "Talking points",
    "add": "Add articles",
    "export": "Export",
    "annotate": "Annotate",
    "corrections": "Correct events",
}


def _settings(argv: list[str]) -> Settings:
    """Settings from stance.toml / STANCE_* variables, with `--db FILE` (after `--`) winning."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db", default=None)
    args, _ = parser.parse_known_args(argv)
    return load_settings(db_path=args.db)


@st.cache_resource(show_spinner=False)
def get_store(path: str) -> Store:
    return Store(path)


@st.cache_data(show_spinner="Loading results\u2026", max_entries=4)
def get_results(path: str, version: tuple) -> Results:
    """Results of the store at `path`; `version` (see data_version) invalidates the cache when
    the analysis changes, e.g. after an upload or a CLI run on the same file."""
    return load_results(get_store(path))


@st.cache_data(show_spinner="Hashing the model weights\u2026", max_entries=4)
def get_model_info(path: str, version: tuple, _settings: Settings) -> dict:
    """The manifest's model part (weights hashed once per stored analysis, not per rerun)."""
    from stance.manifest import model_info

    return model_info(_settings, get_store(path))


@st.cache_resource(show_spinner="Loading the embedding model\u2026")
def get_embedder(backend: str, cache_dir: str, _settings: Settings):
    from stance.embed import get_embedder as load

    return load(_settings)


def main() -> None:
    ensure_offline()
    st.set_page_config(page_title="stance: compare outlets claim by claim", layout="wide")
    access = current_access()
    if not access.can("view"):
        render_gate(access)
        return
    try:
        settings = _settings(sys.argv[1:])
        store = get_store(settings.db_path)
        version = data_version(store)
        results = get_results(settings.db_path, version)
    except StanceError as exc:
        st.error(md_escape(str(exc)))
        st.stop()
        return

    st.sidebar.title("stance")
    render_account(access)
    views = [v for v in VIEWS if access.may_open(v)]
    # `?view=event` opens a view; the URL follows the choice so a link reopens the same view.
    if "view" not in st.session_state and st.query_params.get("view") in views:
        st.session_state["view"] = st.query_params["view"]
    if st.session_state.get("view") not in (None, *views):
        del st.session_state["view"]  # a view this account may not open
    view = st.sidebar.radio("View", views, format_func=lambda v: VIEWS.get(v, v), key="view")
    st.query_params["view"] = view
    selection = render_filters(results)
    st.sidebar.caption(md_escape(f"Database: {settings.db_path}"))
    if results.is_empty() and view not in ("add", "annotate"):
        st.info(f"No analysed articles yet in {md_escape(settings.db_path)}. Run "
                "`stance analyze seeds --db <this file>` or use **Add articles**.")
        return

    in_event = selection.narrow(results)
    everywhere = selection.narrow(results, by_event=False)
    name = event_label(results.events, selection.event_id)
    provenance = Provenance(store, settings, filters=selection.as_dict(),
                            model=lambda: get_model_info(settings.db_path, version, settings))
    if view == "event":
        render_event(in_event, name, provenance)
    elif view == "corpus":
        render_corpus(everywhere)
    elif view == "framing":
        render_framing(in_event)
    elif view == "discrepancies":
        render_discrepancies(in_event)
    elif view == "talking_points":
        render_talking_points(everywhere)
    elif view == "add":
        render_upload(store, settings,
                      get_embedder=lambda: get_embedder(settings.embed_backend, settings.cache_dir, settings),
                      on_stored=get_results.clear, access=access)
    elif view == "export":
        render_export(everywhere, in_event, name, provenance)
    elif view == "annotate":
        from stance.dashboard.annotate_view import render_annotation  # loaded only when used

        render_annotation(store, settings, results=in_event, access=access)
    elif view == "corrections":
        from stance.dashboard.corrections_view import render_corrections  # loaded only when used

        render_corrections(store, settings, results, access=access, on_stored=get_results.clear,
                           get_embedder=lambda: get_embedder(settings.embed_backend, settings.cache_dir, settings))


main()
