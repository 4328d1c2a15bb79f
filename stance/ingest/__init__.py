"""Ingestion: files, folders, records or uploaded bytes -> clean `Article`s with provenance.

    result = ingest_paths(["seeds/"], settings)        # everything at once
    for chunk in iter_ingest(paths, settings): ...      # streaming, flat memory

Unusable inputs never stop a run: each becomes a one-line `Problem` (naming the input and what
to do) and the other inputs go on. Exact duplicates are skipped; near-duplicate copies of a story
on other publishers are linked to their original through `syndicated_of`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path

from stance.config.settings import Settings
from stance.errors import IngestError
from stance.ingest.build import build_article
from stance.ingest.dating import date_from_copy
from stance.ingest.readers import RawDoc, iter_docs, read_bytes
from stance.ingest.registry import Registry, load_registry
from stance.ingest.results import DUPLICATE, IngestResult, Problem
from stance.ingest.syndication import SignatureIndex, minhash, shingle_hashes
from stance.schema import Article

__all__ = ["DUPLICATE", "IngestResult", "Linker", "Problem", "SignatureIndex", "ingest_bytes",
           "ingest_paths", "ingest_text", "iter_ingest", "problem_message"]


def _registry(settings: Settings, registry: Registry | None) -> Registry:
    return registry if registry is not None else load_registry(settings.registry_path, settings.actors_path)


class Linker:
    """Skips exact duplicates and links syndicated copies across one run (plus `known` stored
    articles). Every ingestion path feeds its built articles through one of these, in input
    order: `ingest_paths`, `iter_ingest`, `ingest_bytes` and the Dask engine's client."""

    def __init__(self, settings: Settings, known: SignatureIndex | None) -> None:
        self.index = known if known is not None else SignatureIndex(threshold=settings.syndication_threshold)
        self.seen: dict[str, str] = {}  # article_id -> source, this run
        self.dated: dict[str, tuple[str, str]] = {}  # article_id -> (published, source), this run

    def _date_copies(self, art: Article, out: IngestResult) -> Article:
        """Undated copies of a story take their date from a dated copy of the same group (the
        day the story names, "on Friday", before that copy's date, or else that date itself)."""
        root = self.index.root(art.article_id)
        group = [i for i in self.dated if self.index.root(i) == root]
        known = sorted((self.dated[i][0], self.dated[i][1]) for i in group if self.dated[i][0])
        if not known:
            return art
        ref, ref_source = known[0]

        def dated(a: Article) -> Article:
            if a.published:
                return a
            iso, how = date_from_copy(a.text, ref, ref_source)
            self.dated[a.article_id] = (iso, a.source)
            a = dataclasses.replace(a, published=iso, date_source=how,
                                    warnings=tuple(w for w in a.warnings if not w.startswith("no date found")))
            return a

        for i, a in enumerate(out.articles):
            if a.article_id in group and not a.published:
                out.articles[i] = dated(a)
        return dated(art)

    def accept(self, art: Article, out: IngestResult) -> None:
        """Add `art` to `out` (linked to its original when it is a copy), or a DUPLICATE problem."""
        if art.article_id in self.seen or art.article_id in self.index:
            first = self.seen.get(art.article_id, "an article already in the store")
            out.problems.append(Problem(art.source, f"duplicate of {first} (same text); skipped",
                                        "warning", kind=DUPLICATE))
            return
        self.seen[art.article_id] = art.source
        original, relinks = self.index.link(art.article_id, minhash(art.text), art.published,
                                            shingles=shingle_hashes(art.text))
        if original:
            art = dataclasses.replace(art, syndicated_of=original)
        if relinks:  # an earlier copy arrived later: re-point the copies of this run
            for i, a in enumerate(out.articles):
                if a.article_id in relinks:
                    out.articles[i] = dataclasses.replace(a, syndicated_of=relinks[a.article_id])
        self.dated.setdefault(art.article_id, (art.published, art.source))
        if original or relinks:
            art = self._date_copies(art, out)
        out.articles.append(art)
        for w in art.warnings:
            out.problems.append(Problem(art.source, w, "warning"))


def _consume(doc: RawDoc | IngestError, registry: Registry, linker: Linker, out: IngestResult) -> None:
    """Process one document into `out` (an article, or a problem)."""
    if isinstance(doc, IngestError):
        out.problems.append(Problem(doc.source, problem_message(doc)))
        return
    try:
        linker.accept(build_article(doc, registry), out)
    except IngestError as err:
        out.problems.append(Problem(err.source or doc.source, problem_message(err)))


def problem_message(err: IngestError) -> str:
    """The `Problem.message` of an unusable input: what was wrong and what to do (the source
    is the Problem's own field, so it is not repeated)."""
    hint = f" {err.hint}" if err.hint else ""
    return f"{err.message}.{hint}".replace("..", ".")


def ingest_paths(paths: Iterable[str | Path] | str | Path, settings: Settings, registry: Registry | None = None,
                 known: SignatureIndex | None = None) -> IngestResult:
    """Ingest files and folders. `known` holds the store's signatures (see
    `stance.store.articles.load_signatures`) so duplicates and copies of stored stories are found."""
    out = IngestResult()
    reg = _registry(settings, registry)
    linker = Linker(settings, known)
    for doc in iter_docs(paths, settings.max_file_mb):
        _consume(doc, reg, linker, out)
    return out


def iter_ingest(paths: Iterable[str | Path] | str | Path, settings: Settings, registry: Registry | None = None,
                chunk_size: int = 500, known: SignatureIndex | None = None) -> Iterator[IngestResult]:
    """Like `ingest_paths` but yields results every `chunk_size` articles, so memory stays flat.
    Syndicated copies are linked within and across chunks; saving with `save_articles` re-links
    originals that arrive after their copies."""
    reg = _registry(settings, registry)
    linker = Linker(settings, known)
    out = IngestResult()
    for doc in iter_docs(paths, settings.max_file_mb):
        _consume(doc, reg, linker, out)
        if len(out.articles) >= chunk_size:
            yield out
            out = IngestResult()
    if out.articles or out.problems:
        yield out


def ingest_text(text: str, source: str, settings: Settings, registry: Registry | None = None,
                meta: dict | None = None) -> Article:
    """One article from pasted text (or `meta["html"]`); raises IngestError when unusable."""
    meta = dict(meta or {})
    html = meta.pop("html", "")
    if not (text or "").strip() and not (html or "").strip():
        raise IngestError("empty text: nothing to ingest", source=source, hint="Paste the article text.")
    doc = RawDoc(source, html if html and not (text or "").strip() else text,
                 "html" if html and not (text or "").strip() else "text",
                 {k: str(v) for k, v in meta.items() if v not in (None, "")})
    return build_article(doc, _registry(settings, registry))


def ingest_bytes(data: bytes, filename: str, settings: Settings, registry: Registry | None = None,
                 known: SignatureIndex | None = None) -> IngestResult:
    """Ingest an uploaded file (the dashboard's upload widget)."""
    out = IngestResult()
    reg = _registry(settings, registry)
    linker = Linker(settings, known)
    for doc in read_bytes(data, filename, settings.max_file_mb):
        _consume(doc, reg, linker, out)
    return out
