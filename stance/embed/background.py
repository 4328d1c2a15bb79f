"""Encoding beside the other stages: claim texts are encoded in a worker thread while the main
thread extracts the claims of the next articles and reads ahead what framing will need.

Encoding is most of a run's time on a laptop, and the encoders (OpenVINO, torch) spend it in
native code that releases the GIL, so a thread is enough to overlap it with the Python stages.
While the main thread works beside it (`working()`), OpenVINO infers on one thread fewer
(`OpenVINOEmbedder.share_cores`) and spaCy multiplies on one BLAS thread
(`stance.nlp.one_blas_thread`): the two share the cores instead of stalling each other. When
the main thread only waits, the encoder gets every core back.

Only the main thread touches the store: it hands texts over (`submit`) and writes the vectors
back (`write`, `finish`), each batch in one transaction, so a run stopped at any point leaves
whole vectors or none. The OpenVINO and hash encoders give a text the same vector whatever is
encoded with it (`batch_independent`; OpenVINO batches by exact token count,
tests/test_embed_batching.py), so their jobs merge whatever waits; a padding encoder (torch)
gets one job per hand-over, the same on every run.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

import numpy as np

from stance.embed.base import Embedder

JOB = 4096  # texts per encode call at most: enough for full batches of each token length
# texts handed over but not taken by the worker yet: `submit` waits beyond this (flat memory)
MAX_WAITING = 4 * JOB


class BackgroundEncoder:
    """A worker thread that loads the embedder (`load`, called once in the worker, so model
    loading overlaps the first claims too) and encodes the texts handed to it, oldest first."""

    def __init__(self, load: Callable[[], Embedder]) -> None:
        self._load = load
        self._embedder: Embedder | None = None
        self._ready = threading.Event()
        self._cv = threading.Condition()
        self._waiting: dict[str, str] = {}  # text key -> text, handed over, not taken yet
        self._sizes: deque[int] = deque()  # texts of each hand-over still (partly) waiting
        self._busy = 0  # texts being encoded now
        self._done: list[tuple[list[str], np.ndarray]] = []  # encoded, not written yet
        self._open: set[str] = set()  # keys handed over and not written (main thread only)
        self._error: BaseException | None = None
        self._closed = False
        self._beside = threading.Event()
        self._working = 0
        self.written = 0  # vectors stored by `write`
        self.handovers = 0  # calls of `submit` (whether or not they had new texts)
        self.encode_seconds = 0.0  # wall seconds the worker spent encoding
        self.load_seconds = 0.0
        # wall seconds the loaded worker waited for texts (counted when each wait ends): the
        # encoder's share of a run's idle core time, e.g. before the first claims are stored
        self.idle_seconds = 0.0
        self._thread = threading.Thread(target=self._run, name="stance-encoder", daemon=True)
        self._thread.start()

    # -- the worker -------------------------------------------------------------------------

    def _run(self) -> None:
        t0 = time.perf_counter()
        try:
            emb = self._load()
            share = getattr(emb, "share_cores", None)
            if share is not None:
                share(self._beside)
            self._embedder = emb
        except BaseException as exc:  # noqa: BLE001 - raised again in the main thread
            with self._cv:
                self._error = exc
                self._cv.notify_all()
            return
        finally:
            self.load_seconds = time.perf_counter() - t0
            self._ready.set()
        while True:
            with self._cv:
                t0 = time.perf_counter()
                while not self._waiting and not self._closed:
                    self._cv.wait()
                self.idle_seconds += time.perf_counter() - t0
                if self._closed:
                    return
                # one job per hand-over, unless the encoder's vectors do not depend on what is
                # encoded together (`batch_independent`): then what waits is merged into jobs of
                # up to JOB texts (full batches); a padding encoder (torch) gets the same jobs
                # on every run, so its vectors do not depend on the worker's timing
                size = JOB if getattr(emb, "batch_independent", False) else self._sizes[0]
                keys = list(islice(self._waiting, size))
                texts = [self._waiting.pop(k) for k in keys]
                self._drop_sizes(len(keys))
                self._busy = len(keys)
                self._cv.notify_all()
            t0 = time.perf_counter()
            try:
                vecs = emb.encode(texts)
            except BaseException as exc:  # noqa: BLE001 - raised again in the main thread
                with self._cv:
                    self._error, self._busy = exc, 0
                    self._cv.notify_all()
                return
            self.encode_seconds += time.perf_counter() - t0
            with self._cv:
                self._done.append((keys, vecs))
                self._busy = 0
                self._cv.notify_all()

    def _drop_sizes(self, n: int) -> None:
        """Take `n` texts off the front hand-overs' sizes (under the lock)."""
        while n > 0 and self._sizes:
            if self._sizes[0] <= n:
                n -= self._sizes.popleft()
            else:
                self._sizes[0] -= n
                n = 0

    # -- the main thread --------------------------------------------------------------------

    @property
    def embedder(self) -> Embedder:
        """The loaded embedder (waits for the worker to load it; raises what loading raised)."""
        self._ready.wait()
        self._raise()
        assert self._embedder is not None
        return self._embedder

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    @contextmanager
    def working(self) -> Iterator[None]:
        """Mark the main thread busy beside the encoder (nestable): the encoder leaves it a
        core and spaCy keeps to one BLAS thread."""
        from stance.nlp import one_blas_thread

        self._working += 1
        self._beside.set()
        try:
            with one_blas_thread():
                yield
        finally:
            self._working -= 1
            if not self._working:
                self._beside.clear()

    @contextmanager
    def _waiting_only(self) -> Iterator[None]:
        """The main thread only waits: every core to the encoder meanwhile."""
        was = self._beside.is_set()
        self._beside.clear()
        try:
            yield
        finally:
            if was:
                self._beside.set()

    def submit(self, store, texts: Iterable[str], meanwhile: Iterator | None = None) -> None:
        """Hand over the texts that have no stored vector and are not handed over already.
        Beyond MAX_WAITING texts waiting, first waits for the worker (running `meanwhile`'s
        steps, if any, while it works)."""
        from stance.store.embeddings import stored_keys, text_key

        self._raise()
        self.handovers += 1
        new: dict[str, str] = {}
        for t in texts:
            k = text_key(t)
            if k not in self._open and k not in new:
                new[k] = t
        if not new:
            return
        stored = stored_keys(store, self.embedder.name, list(new))
        new = {k: t for k, t in new.items() if k not in stored}
        while new and len(self._waiting) >= MAX_WAITING:
            self.write(store)
            if not self._step(meanwhile):
                self._wait(lambda: len(self._waiting) < MAX_WAITING or self._done)
        with self._cv:
            self._waiting.update(new)
            self._sizes.append(len(new))
            self._cv.notify_all()
        self._open.update(new)

    def write(self, store) -> int:
        """Store the vectors encoded so far (a transaction per job); returns how many."""
        with self._cv:
            done, self._done = self._done, []
        self._raise()
        if not done:
            return 0
        from stance.store.embeddings import save_vectors

        n = 0
        for keys, vecs in done:
            save_vectors(store, self.embedder.name, keys, vecs)
            self._open.difference_update(keys)
            n += len(keys)
        self.written += n
        return n

    def finish(self, store, pages: Iterable[list[str]] = (), meanwhile: Iterator | None = None) -> int:
        """Hand over `pages` of texts (each page's unstored texts), then write every vector as
        it comes, running `meanwhile`'s steps while the worker is busy (each `next` does one
        bounded piece of work; the rest is dropped once the encoder is done). Returns how many
        vectors were written by this call."""
        written = 0
        for texts in pages:
            self.submit(store, texts, meanwhile)
            written += self.write(store)
        while True:
            written += self.write(store)
            with self._cv:
                if not self._waiting and not self._busy and not self._done:
                    break
            if not self._step(meanwhile):
                self._wait(lambda: bool(self._done))
        self._raise()
        return written

    def _step(self, meanwhile: Iterator | None) -> bool:
        """One step of `meanwhile` beside the encoder; False when there is none left."""
        if meanwhile is None:
            return False
        with self.working():
            return next(meanwhile, _END) is not _END

    def _wait(self, ready: Callable[[], bool]) -> None:
        with self._waiting_only(), self._cv:
            while not ready() and self._error is None:
                if self._closed or not self._thread.is_alive():
                    raise RuntimeError("the background encoder stopped before its texts were encoded")
                self._cv.wait(timeout=1.0)
        self._raise()

    def close(self) -> None:
        """Stop the worker (after the job it is encoding, if any); nothing more is written."""
        with self._cv:
            self._closed = True
            self._cv.notify_all()

    def __enter__(self) -> BackgroundEncoder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_END = object()

__all__ = ["BackgroundEncoder", "JOB", "MAX_WAITING"]
