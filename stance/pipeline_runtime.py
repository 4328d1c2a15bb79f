"""How a run uses the Python process: the garbage collector's thresholds while it runs.

A run keeps what it allocates (articles, claims, spaCy's and the encoder's models, the
framing read ahead) and frees little of it in cycles, so at Python's default thresholds the
collector walks the ever-growing old generation again and again for nothing: ~0.8 CPU s of
full collections on the real-text bench (`make bench`). During a run the youngest generation
is collected every RUN_GC_THRESHOLD[0] allocations instead of 700 and the older ones less
often; cycles are still collected, only in fewer, bigger passes (peak memory unchanged on the
bench). The caller's thresholds come back when the run ends, however it ends: a library
user's process does not keep the run's setting.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# (gen0 allocations, gen1 every n gen0 passes, gen2 every n gen1 passes) while a run works:
# on the real-text bench collections took 1.0 CPU s at the default (700, 10, 10), 0.25 s here
RUN_GC_THRESHOLD = (50_000, 20, 20)

_lock = threading.Lock()
_depth = 0  # runs in progress in this process (threads): the first sets, the last restores
_saved: tuple[int, ...] = ()


@contextmanager
def run_gc() -> Iterator[None]:
    """RUN_GC_THRESHOLD for the duration of the block, then the thresholds found on entry
    (runs may nest or overlap in threads: the last one to end restores them)."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(*RUN_GC_THRESHOLD)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.set_threshold(*_saved)


__all__ = ["RUN_GC_THRESHOLD", "run_gc"]
