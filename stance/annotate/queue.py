"""The order items are put to an analyst: least sure first, resumable, skip allowed.

Membership items whose similarity lies nearest the alignment threshold come first, then
label items whose prediction is weakly supported; ties break by item type and id so two
analysts with the same filter see the same order (which makes their labels overlap early,
so agreement can be measured). Items already answered or skipped in the session are left out,
so reopening a session continues where it stopped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stance.annotate.items import DEFAULT_ITEM_TYPES, TYPE_ORDER, Item, build_items
from stance.settings import Settings
from stance.store import annotations as sa
from stance.store.db import Store

# Used only when neither settings nor a thresholds file give one.
FALLBACK_THRESHOLD = 0.6
THRESHOLD_KEYS = ("align_threshold", "align", "threshold")


def _threshold_from(obj: Any) -> float | None:
    if isinstance(obj, (int, float)) and not isinstance(obj, bool):
        return float(obj)
    if isinstance(obj, dict):
        for k in THRESHOLD_KEYS:
            if k in obj:
                got = _threshold_from(obj[k])
                if got is not None:
                    return got
        return None
    for k in THRESHOLD_KEYS:
        v = getattr(obj, k, None)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return float(v)
    return None


def alignment_threshold(settings: Settings) -> float:
    """The threshold alignment uses now: the settings override, else what
    `stance.align.load_thresholds(settings)` returns, else the file named by
    `settings.thresholds_path`, else a fallback."""
    if settings.align_threshold is not None:
        return float(settings.align_threshold)
    try:
        from stance.align import load_thresholds  # type: ignore[attr-defined]
    except ImportError:
        load_thresholds = None
    if load_thresholds is not None:
        try:
            got = _threshold_from(load_thresholds(settings))
        except Exception:  # a broken thresholds file must not block annotation
            got = None
        if got is not None:
            return got
    if settings.thresholds_path and Path(settings.thresholds_path).exists():
        try:
            got = _threshold_from(json.loads(Path(settings.thresholds_path).read_text("utf-8")))
        except (OSError, ValueError):
            got = None
        if got is not None:
            return got
    return FALLBACK_THRESHOLD


def order_items(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda it: (round(it.certainty, 6), TYPE_ORDER.get(it.item_type, 9),
                                         it.item_id))


@dataclass(frozen=True)
class QueueState:
    remaining: list[Item]
    done: int
    total: int

    @property
    def current(self) -> Item | None:
        return self.remaining[0] if self.remaining else None

    @property
    def progress_text(self) -> str:
        return f"{self.done} / {self.total}"


def session_queue(store: Store, settings: Settings, session_id: str) -> QueueState:
    """Remaining items of a session in least-sure-first order, with progress counts."""
    sess = sa.get_session(store, session_id)
    filt = sess["filter"]
    items = build_items(store, alignment_threshold(settings), filt.get("event_id", "") or "",
                        tuple(filt.get("item_types") or DEFAULT_ITEM_TYPES))
    if filt.get("outlet"):
        items = [it for it in items if it.outlet == filt["outlet"]]
    done_keys = sa.session_done(store, session_id)
    remaining = [it for it in items if it.key not in done_keys]
    return QueueState(order_items(remaining), len(items) - len(remaining), len(items))
