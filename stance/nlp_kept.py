"""Analyses of a text kept by one pass for a later pass over the same text (`stance.nlp` runs
them on through the components they lack: `PipelineView.pipe(texts, reuse=ANALYSES)`).

The claims stage parses some units (tagger, parser) and runs NER alone on others; the discrepancy
check later runs the whole pipeline over claim texts, some of them the very same. Keeping those
analyses (bounded, each used once) spares it that part of the work with the same docs as a
fresh run (tests/test_speed_reuse.py).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

import numpy as np

# tokens of parsed docs kept at most (oldest dropped first): a tensor-less parsed doc costs about
# 0.36 KB a token (RSS of 2,000 claim texts), so this is ~18 MB however large the input (issue 17
# keeps a 2 MB paragraph's RSS low); the 278 real articles of the bench keep about 20k tokens
MAX_KEPT_TOKENS = 50_000
MAX_KEPT_ENTS = 20_000  # texts whose entities are kept (a few tuples each)
_NO_TENSOR = np.zeros((0, 0), dtype=np.float32)


class Analyses:
    """What an earlier pass learnt about a text, for a later pass over the same text: its doc
    after the first components of the pipeline (`keep_doc`), or its entities from NER alone
    (`keep_ents`). The claims stage parses and runs NER on some units; the discrepancy check
    later runs the whole pipeline on claim texts, many of them the same. A kept doc goes on
    through the components it lacks, in pipeline order (what a fresh run does); kept entities
    stand for the NER step (NER embeds its own tok2vec: the same entities with or without the
    other components, tests/test_nlp.py). Each entry is used once, then dropped."""

    def __init__(self, max_tokens: int = MAX_KEPT_TOKENS, max_ents: int = MAX_KEPT_ENTS) -> None:
        self.max_tokens, self.max_ents = max_tokens, max_ents
        self.docs: OrderedDict[str, tuple[tuple[str, ...], Any]] = OrderedDict()
        self.ents: OrderedDict[str, tuple] = OrderedDict()
        self.tokens = 0

    def keep_doc(self, doc, components: Iterable[str]) -> None:
        if len(doc) > self.max_tokens or doc.text in self.docs:
            return
        self.docs[doc.text] = (tuple(components), doc)
        self.tokens += len(doc)
        while self.tokens > self.max_tokens:
            _, (_, old) = self.docs.popitem(last=False)
            self.tokens -= len(old)

    def keep_ents(self, text: str, ents: Iterable[tuple[int, int, str]]) -> None:
        if self.max_ents <= 0:
            return
        self.ents[text] = tuple(ents)
        self.ents.move_to_end(text)
        while len(self.ents) > self.max_ents:
            self.ents.popitem(last=False)

    def take(self, text: str, names: list[str]):
        """(doc or None, components still to run, entities or None) for a run of `names`."""
        doc, done = None, 0
        kept = self.docs.get(text)
        if kept is not None and tuple(names[:len(kept[0])]) == kept[0]:
            del self.docs[text]
            doc, done = kept[1], len(kept[0])
            self.tokens -= len(doc)
        todo = names[done:]
        ents = self.ents.pop(text, None) if "ner" in todo else None
        return doc, tuple(n for n in todo if not (n == "ner" and ents is not None)), ents

    def clear(self) -> None:
        self.docs.clear()
        self.ents.clear()
        self.tokens = 0


ANALYSES = Analyses()


def finish(nlp, texts: list[str], names: list[str], analyses: Analyses, batch_size: int) -> list:
    """Docs of `texts` through the components `names`, starting from what `analyses` kept: texts
    are grouped by the components left to run, each group goes through them in pipeline order
    (`pipe`, `batch_size` docs at a time), and kept entities are set where NER was skipped."""
    groups: dict[tuple[str, ...], list[int]] = {}
    start: list = [None] * len(texts)
    ents: list = [None] * len(texts)
    for i, t in enumerate(texts):
        doc, todo, found = analyses.take(t, names)
        start[i] = doc if doc is not None else nlp.make_doc(t)
        ents[i] = found
        groups.setdefault(todo, []).append(i)
    out: list = [None] * len(texts)
    for todo, idx in groups.items():
        docs: Iterable = (start[i] for i in idx)
        for name, proc in nlp.pipeline:
            if name in todo:
                docs = proc.pipe(docs, batch_size=batch_size) if hasattr(proc, "pipe") else map(proc, docs)
        for i, doc in zip(idx, docs, strict=True):
            if ents[i] is not None:
                spans = [doc.char_span(s, e, label=label) for s, e, label in ents[i]]
                if None in spans:  # not this doc's tokens (cannot happen for the same text): run NER
                    doc = nlp.get_pipe("ner")(doc)
                else:
                    doc.ents = spans
            doc.tensor = _NO_TENSOR  # as `PipelineView.pipe`: a chunk's docs are held until read
            out[i] = doc
    return out
