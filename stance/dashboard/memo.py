"""The views' cache hook. `app.py` owns the cache (`st.cache_data`, keyed on the database, its
data version and the sidebar selection); a view only names what it builds and the widget values
it depends on, so charts and tables are built once per selection, not on every rerun and every
new browser tab. Without a cache (`build_now`) a view builds everything itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Memo(Protocol):
    def __call__(self, name: str, key: tuple[Any, ...], build: Callable[[], T]) -> T: ...


def build_now(name: str, key: tuple[Any, ...], build: Callable[[], T]) -> T:
    """No cache: build on every call."""
    return build()
