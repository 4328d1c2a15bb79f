"""The dashboard's state in its address: the view, the event and every filter, so a shared link
reopens the same view.

`PARAMS` lists each widget whose value belongs in the URL (its session-state key, the URL
parameter, whether it holds several values or is an on/off switch, and the views that show
it). `restore()` seeds the widgets from the URL on a session's first run; `publish(view)`
writes the current values back after the views have run, dropping parameters of other views
and defaults, and never touching parameters it does not own. Values that are no longer valid
(an event that vanished after a re-analysis, an outlet filtered away) are dropped by
`keep_valid` before the widget is drawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class Param:
    key: str  # session-state key of the widget
    name: str  # URL parameter
    many: bool = False  # a list (repeated parameter)
    flag: bool = False  # on/off switch, "1" in the URL when on
    views: tuple[str, ...] = ()  # views that draw the widget; () = every view (sidebar)


PARAMS = (
    Param("view", "view"),
    Param("event", "event"),
    Param("f_outlets", "outlet", many=True),
    Param("f_sides", "side", many=True),
    Param("f_stances", "stance", many=True),
    Param("f_text", "text"),
    Param("cov_sort", "sort", views=("event",)),
    Param("group", "group", views=("event",)),
    Param("framing_outlets", "compare", many=True, views=("framing",)),
    Param("tp_within", "within", flag=True, views=("talking_points",)),
    Param("speaker", "speaker", views=("speaker",)),
    Param("speaker_all", "all_statements", flag=True, views=("speaker",)),
    Param("search", "q", views=("search",)),
)
_RESTORED = "_url_restored"


def restore() -> None:
    """On the first run of a session, put the URL's values into the widgets' session state."""
    if st.session_state.get(_RESTORED):
        return
    st.session_state[_RESTORED] = True
    for p in PARAMS:
        if p.name not in st.query_params or p.key in st.session_state:
            continue
        if p.many:
            st.session_state[p.key] = [v for v in st.query_params.get_all(p.name) if v]
        elif p.flag:
            st.session_state[p.key] = st.query_params.get(p.name) in ("1", "true", "on")
        else:
            st.session_state[p.key] = st.query_params.get(p.name, "")


def keep_valid(key: str, options: Iterable[object]) -> None:
    """Drop a stored value (or the list items) that is not among a widget's `options`, before
    the widget is drawn (Streamlit refuses a value outside its options)."""
    if key not in st.session_state:
        return
    allowed = set(options)
    value = st.session_state[key]
    if isinstance(value, list):
        kept = [v for v in value if v in allowed]
        if kept != value:
            st.session_state[key] = kept
    elif value not in allowed:
        del st.session_state[key]


def _encoded(p: Param) -> list[str] | str | None:
    value = st.session_state.get(p.key)
    if p.many:
        return [str(v) for v in value] if value else None
    if p.flag:
        return "1" if value else None
    return str(value) if value not in (None, "") else None


def publish(view: str) -> None:
    """Write the current values of the sidebar and of `view`'s widgets to the URL; parameters
    of other views and empty values are removed."""
    for p in PARAMS:
        value = _encoded(p) if (not p.views or view in p.views) else None
        current = (st.query_params.get_all(p.name) if p.many else st.query_params.get(p.name)) \
            if p.name in st.query_params else None
        if value is None:
            if current is not None:
                del st.query_params[p.name]
        elif value != current:
            st.query_params[p.name] = value


def navigate(view: str, **state: str) -> None:
    """A button callback that opens `view` with these widget values (e.g. event=..., group=...):
    run before the next script run, so it may set the values of widgets already drawn."""
    st.session_state["view"] = view
    for key, value in state.items():
        st.session_state[key] = value
