"""The background encoder: texts handed over while the main thread works are encoded once, in a
worker thread, and stored as encoding them in place would store them; the main thread's work
beside it runs while it encodes, on one BLAS thread; errors reach the main thread."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

import stance.embed.background as background
from stance.embed import HashEmbedder
from stance.embed.background import BackgroundEncoder
from stance.store import open_store
from stance.store.embeddings import load_cached, text_key

TEXTS = [f"Minister {name} met envoy {other} in Lorvik on day {i}."
         for i, (name, other) in enumerate([("Arvo", "Bel"), ("Cas", "Dorn"), ("Elm", "Fane"),
                                            ("Gil", "Hale"), ("Ines", "Jory"), ("Kai", "Lund")])]


class CountingEmbedder(HashEmbedder):
    """The hash embedder, counting the texts it encodes and noting, per call, whether the main
    thread said it was working beside it (`share_cores`); `delay` seconds per call."""

    def __init__(self, delay: float = 0.0) -> None:
        super().__init__()
        self.delay, self.encoded, self.beside_seen = delay, [], []
        self.beside: threading.Event | None = None

    def share_cores(self, beside):
        self.beside = beside

    def encode(self, texts):
        texts = list(texts)
        self.beside_seen.append(bool(self.beside and self.beside.is_set()))
        time.sleep(self.delay)
        self.encoded += texts
        return super().encode(texts)


@pytest.fixture()
def store(tmp_path):
    s = open_store(str(tmp_path / "s.db"))
    yield s
    s.close()


def test_texts_handed_over_in_pieces_are_encoded_once_and_stored_as_encoded_in_place(store):
    emb = CountingEmbedder()
    with BackgroundEncoder(lambda: emb) as enc:
        enc.submit(store, TEXTS[:4])
        enc.submit(store, TEXTS[2:] + TEXTS[:1])  # repeats: already handed over
        written = enc.finish(store, pages=[TEXTS])  # every stored text again: nothing new
        assert sorted(emb.encoded) == sorted(TEXTS) and written == len(TEXTS)
        assert enc.written == len(TEXTS)
    stored = load_cached(store, emb.name, [text_key(t) for t in TEXTS])
    expected = HashEmbedder().encode(TEXTS)
    for t, row in zip(TEXTS, expected, strict=True):
        assert np.array_equal(stored[text_key(t)], row)
    emb2 = CountingEmbedder()
    with BackgroundEncoder(lambda: emb2) as enc:  # a later run: every vector is stored already
        assert enc.finish(store, pages=[TEXTS]) == 0
    assert emb2.encoded == []


def test_work_beside_runs_while_the_encoder_works_and_stops_when_it_is_done(store, monkeypatch):
    from stance import nlp

    monkeypatch.setattr(background, "JOB", 2)  # three jobs
    monkeypatch.setattr(nlp, "_load", lambda: 0.0)  # an idle machine: every BLAS thread otherwise
    emb = CountingEmbedder(delay=0.2)
    steps, threads = [], []

    def meanwhile():
        for i in range(1000):
            threads.append(nlp._threads_now())
            steps.append(i)
            time.sleep(0.05)
            yield

    with BackgroundEncoder(lambda: emb) as enc:
        enc.submit(store, TEXTS)
        enc.finish(store, meanwhile=meanwhile())
    assert nlp._threads_now() is None  # outside: the load rule again
    assert 3 <= len(steps) < 1000  # ran beside the encoder, dropped once it was done
    assert set(threads) == {1}  # spaCy kept to one BLAS thread beside it
    assert any(emb.beside_seen)  # the encoder was told the main thread worked
    assert len(load_cached(store, emb.name, [text_key(t) for t in TEXTS])) == len(TEXTS)


def test_handing_over_waits_when_too_many_texts_wait(store, monkeypatch):
    monkeypatch.setattr(background, "MAX_WAITING", 2)
    monkeypatch.setattr(background, "JOB", 1)
    emb = CountingEmbedder(delay=0.05)
    with BackgroundEncoder(lambda: emb) as enc:
        peak = 0
        for t in TEXTS:
            enc.submit(store, [t, t + " Again."])
            peak = max(peak, len(enc._waiting))
        enc.finish(store)
    assert peak <= 2 + 2  # at most one submission beyond the bound
    assert len(emb.encoded) == 2 * len(TEXTS)


def test_a_model_that_cannot_load_fails_the_run_in_the_main_thread(store):
    def broken():
        raise RuntimeError("model files missing: run make install")

    with BackgroundEncoder(broken) as enc, pytest.raises(RuntimeError, match="make install"):
        enc.submit(store, TEXTS)


def test_an_encoding_error_reaches_the_main_thread_and_stores_nothing_half(store):
    class Failing(CountingEmbedder):
        def encode(self, texts):
            raise ValueError("bad batch")

    with BackgroundEncoder(lambda: Failing()) as enc:
        enc.submit(store, TEXTS)
        with pytest.raises(ValueError, match="bad batch"):
            enc.finish(store)
    assert store.query("SELECT COUNT(*) FROM embeddings")[0][0] == 0


class PaddingEmbedder(CountingEmbedder):
    """An encoder whose vectors would depend on their batch (as torch's padded batches do)."""

    def __init__(self, delay: float = 0.0) -> None:
        super().__init__(delay)
        self.batch_independent = False
        self.jobs: list[list[str]] = []

    def encode(self, texts):
        self.jobs.append(list(texts))
        return super().encode(texts)


def test_an_encoder_that_pads_gets_one_job_per_hand_over_whatever_the_timing(store):
    for delay in (0.0, 0.1):  # a fast and a slow worker: texts wait and could be merged
        emb = PaddingEmbedder(delay)
        with BackgroundEncoder(lambda emb=emb: emb) as enc:
            enc.submit(store, TEXTS[:2])
            enc.submit(store, TEXTS[2:5])
            enc.submit(store, TEXTS[5:])
            enc.finish(store)
        assert emb.jobs == [TEXTS[:2], TEXTS[2:5], TEXTS[5:]]
        with store.transaction() as conn:
            conn.execute("DELETE FROM embeddings")
    merged = CountingEmbedder(delay=0.1)  # vectors independent of the batch: what waits is merged
    with BackgroundEncoder(lambda: merged) as enc:
        for t in TEXTS:
            enc.submit(store, [t])
        enc.finish(store)
    assert len(merged.beside_seen) < len(TEXTS)


def test_a_failure_in_the_main_thread_stops_the_worker_and_nothing_waits_forever(store):
    emb = CountingEmbedder(delay=0.05)
    with pytest.raises(KeyError), BackgroundEncoder(lambda: emb) as enc:
        enc.submit(store, TEXTS)
        raise KeyError("extraction failed")
    enc._thread.join(timeout=5)
    assert not enc._thread.is_alive()
    with pytest.raises(RuntimeError, match="stopped"):  # a stopped encoder is not waited for
        enc.submit(store, ["A text handed over after the stop."])
        enc.finish(store)


def test_the_time_the_worker_waits_for_texts_is_counted(store):
    emb = CountingEmbedder()
    with BackgroundEncoder(lambda: emb) as enc:
        assert enc.embedder is emb  # loaded: from now on the worker waits for texts
        time.sleep(0.3)
        enc.submit(store, TEXTS)
        enc.finish(store)
        assert 0.25 <= enc.idle_seconds < 5
        assert emb.encoded
