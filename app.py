"""Streamlit entry point: `streamlit run app.py -- --db stance.db` (or `make run`, which starts it
as `python -m stance.dashboard.serve app.py ...`: the same server, with this file's imports done
before it listens, so the first visitor does not wait for them).

It listens on 127.0.0.1 only: `.streamlit/config.toml` sets `server.address`, and `make run`
passes the same address. To serve a team, configure sign-in and roles first (README, "Team
deployment"); without them the app runs in a local single-user mode and says so.

A thin shell: it reads the database choice and the widgets, decides the session's access
(`stance.dashboard.access`), loads the stored results (cached here and only here), and hands
them to the views in `stance.dashboard`. No analysis happens in this file; the embedding model
is loaded only when articles are added.

Only what every run needs is imported here; each view's module is imported when the view is
first opened (`_render`), so a fresh process draws its first view without loading the others.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

import streamlit as st

from stance.config.settings import Settings, ensure_offline, load_settings
from stance.dashboard.access import current_access, render_account, render_gate
from stance.dashboard.export import Provenance
from stance.dashboard.filters import Selection, event_label, render_filters
from stance.dashboard.memo import Memo
from stance.dashboard.snapshot import cached_results
from stance.dashboard.text import md_escape
from stance.dashboard.url_state import keep_valid, publish, restore
from stance.errors import StanceError
from stance.results import Results
from stance.store import Store
from stance.store.analysis import data_version

VIEWS = {
    "event": "Event comparison",
    "corpus": "Corpus",
    "framing": "Outlet framing",
    "discrepancies": "Discrepancies",
    "talking_points": "Talking points",
    "speaker": "Speakers",
    "search": "Search",
    "help": "Help",
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
def freeze_imports() -> bool:
    """Once per process, after the imports: move every object alive now (modules, classes,
    functions of Streamlit, pandas, plotly) out of the cycle collector's view, so its full
    collections during a load walk only what the session creates. Only what exists at the
    first run is frozen (later reruns call the cached function, not gc.freeze)."""
    gc.freeze()
    return True


@st.cache_resource(show_spinner=False)
def get_store(path: str) -> Store:
    return Store(path)


@st.cache_resource(show_spinner="Loading results\u2026", max_entries=4)
def get_results(path: str, version: tuple, cache_dir: str) -> Results:
    """Results of the store at `path`; `version` (see data_version) invalidates the cache when
    the analysis changes, e.g. after an upload or a CLI run on the same file. Kept as loaded,
    not pickled: `st.cache_data` would copy 50k rows in on the first run and out on every
    rerun. Views only read it (filters return new frames; pandas copies on write). A new
    version or process reads them from the snapshot the analysis (or the last process) left in
    `cache_dir`, if still current."""
    return cached_results(get_store(path), cache_dir, version)


@st.cache_data(show_spinner="Hashing the model weights\u2026", max_entries=4)
def get_model_info(path: str, version: tuple, _settings: Settings) -> dict:
    """The manifest's model part (weights hashed once per stored analysis, not per rerun)."""
    from stance.manifest import model_info

    return model_info(_settings, get_store(path))


@st.cache_resource(show_spinner=False, max_entries=256)
def _memo(name: str, key: tuple, _build):
    """What a view built for one data version and selection (see stance.dashboard.memo). Kept
    as built, not copied: figures and tables are only read after they are built, and a
    pickled copy of a figure costs as much to revive as to build."""
    return _build()


def memo_for(path: str, version: tuple, selection: Selection) -> Memo:
    """The views' cache for this database, data version and sidebar selection."""
    scope = (path, version, *((k, tuple(v) if isinstance(v, list) else v) for k, v in selection.as_dict().items()))
    return lambda name, key, build: _memo(name, (*scope, *key), build)


@st.cache_resource(show_spinner="Loading the embedding model\u2026")
def get_embedder(backend: str, cache_dir: str, _settings: Settings):
    from stance.embed import get_embedder as load

    return load(_settings)


def main() -> None:
    freeze_imports()
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
        results = get_results(settings.db_path, version, settings.cache_dir)
    except StanceError as exc:
        st.error(md_escape(str(exc)))
        st.stop()
        return

    st.sidebar.title("stance")
    render_account(access)
    views = [v for v in VIEWS if access.may_open(v)]
    # The address holds the view, the event and every filter (`?view=event&event=...`): a
    # session starts from it, and it follows every choice, so a link reopens the same view.
    restore()
    keep_valid("view", views)  # a view this account may not open
    view = st.sidebar.radio("View", views, format_func=lambda v: VIEWS.get(v, v), key="view")
    try:
        _render(view, results, store, settings, version, access)
    finally:
        publish(view)


def _render(view: str, results: Results, store: Store, settings: Settings, version: tuple, access) -> None:
    """The sidebar filters and the chosen view."""
    selection = render_filters(results)
    # the file's name on screen (screenshots and shared screens carry no folder of this
    # computer); its full path on hover
    st.sidebar.caption(md_escape(f"Database: {Path(settings.db_path).name}"), help=md_escape(str(settings.db_path)))
    if results.is_empty() and view not in ("add", "annotate", "help"):
        st.info(f"No analysed articles yet in {md_escape(settings.db_path)}. Run "
                "`stance analyze seeds --db <this file>` or use **Add articles**.")
        return

    in_event = selection.narrow(results)

    def everywhere() -> Results:  # every event under the filters: only the views that show them
        return selection.narrow(results, by_event=False)

    name = event_label(results.events, selection.event_id)
    provenance = Provenance(store, settings, filters=selection.as_dict(),
                            model=lambda: get_model_info(settings.db_path, version, settings))
    memo = memo_for(settings.db_path, version, selection)
    if view == "event":
        from stance.dashboard.event_view import render_event

        render_event(in_event, name, provenance, memo=memo)
    elif view == "corpus":
        from stance.dashboard.corpus_view import render_corpus

        render_corpus(everywhere(), results, memo=memo)
    elif view == "framing":
        from stance.dashboard.framing_view import render_framing

        render_framing(in_event, results, memo=memo)
    elif view == "discrepancies":
        from stance.dashboard.discrepancies_view import render_discrepancies

        render_discrepancies(in_event)
    elif view == "talking_points":
        from stance.dashboard.talking_points_view import render_talking_points

        render_talking_points(everywhere(), results, memo=memo)
    elif view == "speaker":
        from stance.dashboard.speaker_view import render_speakers

        render_speakers(everywhere(), results, memo=memo)
    elif view == "search":
        from stance.dashboard.search_view import render_search

        render_search(everywhere(), memo=memo)
    elif view == "help":
        from stance.dashboard.help_view import render_help

        render_help()
    elif view == "add":
        from stance.dashboard.upload_view import render_upload

        render_upload(store, settings,
                      get_embedder=lambda: get_embedder(settings.embed_backend, settings.cache_dir, settings),
                      on_stored=get_results.clear, access=access)
    elif view == "export":
        from stance.dashboard.export import render_export

        render_export(everywhere(), in_event, name, provenance)
    elif view == "annotate":
        from stance.dashboard.annotate_view import render_annotation

        render_annotation(store, settings, results=in_event, access=access)
    elif view == "corrections":
        from stance.dashboard.corrections_view import render_corrections

        render_corrections(store, settings, results, access=access, on_stored=get_results.clear,
                           get_embedder=lambda: get_embedder(settings.embed_backend, settings.cache_dir, settings))

main()
