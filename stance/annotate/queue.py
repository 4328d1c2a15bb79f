"""The order items are put to an analyst: least sure first, resumable, skip allowed.

Membership items whose similarity lies nearest the alignment threshold come first, then
label items whose prediction is weakly supported; ties break by item type and id so two
analysts with the same filter see the same order (which makes their labels overlap early,
so agreement can be measured). Items already answered or skipped in the session are left out,
so reopening a session continues where it stopped.
"""

from __future__ import annotations

from dataclasses import dataclass

from stance.annotate.items import DEFAULT_ITEM_TYPES, TYPE_ORDER, Item, build_items
from stance.config.settings import Settings
from stance.config.thresholds import load_thresholds
from stance.store import annotations as sa
from stance.store.db import Store


def alignment_threshold(settings: Settings) -> float:
    """The cosine alignment uses now (`stance.config.thresholds`): membership items near it come
    first."""
    return load_thresholds(settings).align


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
