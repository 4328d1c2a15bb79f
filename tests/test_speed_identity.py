"""Speed-ups change no output: the seeds and the dev pages, analysed with the speed-ups and with
their reference paths, write byte-identical CSVs.

Reference paths (what the code did before each speed-up, kept here for the comparison):
- claims: every parse made on its own (no doc shared between the split-point check of pass 1
  and the unit parse of `parse_units`); the collecting pass 1 builds whole units (cues, NER
  flags, the unit parse) instead of stopping at each sentence's split check; pysbd compiles its
  patterns through `re`'s own cache, not `sbd._CachedRe`, and runs its own loops, not
  `stance.claims.sbd`'s (sentence spans recomputed);
- claims -> framing: the discrepancy check parses every claim text afresh with the whole
  pipeline (nothing kept of the claims stage's parses and entities in `stance.nlp.ANALYSES`);
- spaCy: lemmas set token by token by the stock lemmatizer (not `FastLemmatizer`'s memo);
- framing: no memo of spellings compared (`similar_spelling`, nor difflib's cheap bounds tried
  first) or names resolved (`People`);
  every claim's tokens walked for years, ordinals and weekdays (no test of its text first);
- encoding beside the other stages: a chunk's claims extracted in one batch (not CLAIMS_BATCH
  articles at a time, the run's first batch FIRST_CLAIMS_BATCH, handed to the background
  encoder as they are stored), no discrepancy word test answered once for the run (each asked
  afresh: `fact_gate.WordTests`), and no discrepancy facts read ahead, no claim framed and no
  article profiled ahead while the encoder works (`stance.framing.ahead`,
  `stance.events.grouping.ProfilesAhead`).
The talking-point index kept across batches is compared with one batch in
tests/test_streaming_analysis.py (below HNSW_FROM rows, as here, the exact path runs).
The hash embedder stands in for the model: none of these speed-ups touches encoding.
"""

from __future__ import annotations

import importlib
import json
import re
import shutil
import sys
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from conftest import SHARED

import stance.claims as claims
import stance.embed.background as background
import stance.events.grouping as grouping
import stance.framing.ahead as framing_ahead
import stance.framing.event_facts as event_facts
import stance.framing.fact_gate as fact_gate
import stance.framing.people as people
import stance.framing.slots as slots
import stance.nlp as nlp
import stance.pipeline as pipeline
from stance.config.settings import Settings
from stance.embed import HashEmbedder
from stance.export import write_outputs
from stance.nlp import PIPE_BATCH
from stance.nlp_lemmatizer import FastLemmatizer
from stance.pipeline import analyze
from stance.store import Store

DEV = SHARED / "dev" / "articles"


def _inputs(folder: Path, seeds_dir: Path) -> Path:
    """The seeds as files and the dev pages as {url, text} records, as the dev scorer feeds them."""
    folder.mkdir()
    for p in seeds_dir.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    with (folder / "dev.jsonl").open("w", encoding="utf-8") as f:
        for page in sorted(DEV.glob("*.txt")):
            head, _, body = page.read_text(encoding="utf-8").partition("\n\n")
            meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
            f.write(json.dumps({"url": meta["url"], "text": body}) + "\n")
    return folder


def _run(inputs: Path, out: Path) -> dict[str, bytes]:
    db = out.with_suffix(".db")
    store = Store(db)
    analyze([inputs], store, Settings(db_path=str(db), embed_backend="hash"), embedder=HashEmbedder())
    paths = write_outputs(store, out)
    store.close()
    return {p.name: p.read_bytes() for p in paths}


def _reference_paths(monkeypatch) -> None:
    def parse_each(self, texts):  # before: the unit parse never reused pass 1's docs
        return self.nlp.pipe(texts, batch_size=PIPE_BATCH)

    monkeypatch.setattr(claims._Parses, "parse_many", parse_each)
    full_prepare = claims.prepare

    def prepare_whole(article, actors, parse=None, defer=False, split_only=False):
        return full_prepare(article, actors, parse, defer=defer)  # before: pass 1 built whole units

    monkeypatch.setattr(claims, "prepare", prepare_whole)
    segment = importlib.import_module("stance.claims.segment")
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] == "pysbd" and hasattr(module, "re"):
            monkeypatch.setattr(module, "re", re)
    import pysbd

    own = pysbd.Segmenter(language="en", clean=False)  # pysbd's own loops (stance.claims.sbd)
    monkeypatch.setattr(segment, "segmenter", lambda: own)
    segment._sentence_spans.cache_clear()
    monkeypatch.setattr(nlp.Analyses, "keep_doc", lambda self, doc, components: None)
    monkeypatch.setattr(nlp.Analyses, "keep_ents", lambda self, text, ents: None)
    nlp.ANALYSES.clear()
    monkeypatch.setattr(FastLemmatizer, "__call__", lambda self, doc: self.stock(doc))
    def plain(a, b):  # difflib's ratio alone, unmemoized
        return a == b or (min(len(a), len(b)) >= people.MIN_FUZZY
                          and SequenceMatcher(None, a, b).ratio() >= people.SAME_SPELLING)

    monkeypatch.setattr(people, "similar_spelling", plain)
    monkeypatch.setattr(event_facts, "similar_spelling", plain)
    monkeypatch.setattr(people.People, "resolve", people.People._resolve)
    monkeypatch.setattr(pipeline, "CLAIMS_BATCH", 10**9)
    monkeypatch.setattr(pipeline, "FIRST_CLAIMS_BATCH", 10**9)
    monkeypatch.setattr(fact_gate, "MAX_ANSWERS", 0)
    monkeypatch.setattr(framing_ahead, "MAX_AHEAD", 0)
    monkeypatch.setattr(framing_ahead, "MAX_FRAMED", 0)
    monkeypatch.setattr(grouping, "MAX_PROFILES_AHEAD", 0)
    for name in ("_ANY_YEAR", "ANY_ORDINAL", "_ANY_WEEKDAY"):  # an empty pattern matches every text
        monkeypatch.setattr(slots, name, re.compile(""))


def _all_work_ahead(monkeypatch) -> list[int]:
    """The run does all its work ahead before waiting for the encoder (with the hash encoder
    encoding would be over at once and leave the work-ahead paths unexercised); returns the
    steps done, as they run."""
    real = background.BackgroundEncoder.finish
    done: list[int] = []

    def finish(self, store, pages=(), meanwhile=None):
        for _ in meanwhile or ():
            done.append(1)
        return real(self, store, pages)

    monkeypatch.setattr(background.BackgroundEncoder, "finish", finish)
    return done


@pytest.mark.slow
def test_speedups_write_the_same_csvs_as_the_reference_paths(tmp_path, seeds_dir, monkeypatch):
    if not DEV.is_dir():
        pytest.skip("dev pages (../shared/dev/articles) not present")
    inputs = _inputs(tmp_path / "in", seeds_dir)
    with monkeypatch.context() as m:
        ahead = _all_work_ahead(m)
        fast = _run(inputs, tmp_path / "fast")
    assert len(ahead) > 10  # the work-ahead paths did run
    with monkeypatch.context() as m:
        _reference_paths(m)
        reference = _run(inputs, tmp_path / "reference")
    assert set(fast) == set(reference) and len(fast) >= 5
    assert sum(b.count(b"\n") for b in fast.values()) > 1000  # a real run, not empty files
    for name in sorted(fast):
        assert fast[name] == reference[name], f"{name} differs with the speed-ups"
