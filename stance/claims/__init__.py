"""Claims with attribution: each article becomes a list of `Claim` records saying who says what
and how the outlet presents it (direct/partial quote, indirect speech, or its own voice).

    from stance.claims import extract_claims
    result = extract_claims(articles)          # ClaimsResult(claims, warnings)

Rules are explainable: every attributed claim carries `attribution_cue` saying why its speaker
was chosen, and a speaker record: the canonical `speaker`, `speaker_as_written` (the page's words
for it), `speaker_kind` (person, body, document, anonymous, outlet: speaker.py) and `speaker_side`.
Speakers and sides come from `stance/data/actors.toml` (analyst-editable, pass
`actors=load_actors(path)` to merge your own file) and, for people it does not list, spaCy NER.

Modules, in the order a claim meets them: segment/split/quotes (units of text), cues/verbs/
subjects (who a sentence says speaks), units (pass 1 and 2), attribution/bodies/anaphora/context
(a phrase to a speaker), frames (which frame governs a sentence), turns (transcripts, readouts,
colons), carry (speakers across sentences), extract (pass 3 and the `Claim` records).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from stance.claims.actors import Actor, Actors, load_actors
from stance.claims.extract import Prepared, build_claims, english_problem, prepare, resolve_article, run_ner
from stance.claims.segment import segment
from stance.claims.units import parse_units, read_again
from stance.nlp import ANALYSES, PIPE_BATCH
from stance.schema import Article, Claim


@dataclass
class ClaimsResult:
    claims: list[Claim]
    warnings: list[str] = field(default_factory=list)  # one line each, naming the article


# NER alone: it embeds its own tok2vec, so the shared one would be computed for nothing (the
# claims stage and the discrepancy check's name test run it so)
NER_ALONE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


def _ner_pipeline():
    from stance.nlp import load_spacy

    return load_spacy(disable=NER_ALONE)


class _Parses:
    """Tagger and parser (no NER, no lemmas) over the batch's texts, each distinct text parsed
    once: the sentences pass 1 checks for split points and the units `parse_units` parses are
    often the same text (a sentence that is not split is its own unit)."""

    def __init__(self) -> None:
        self.docs: dict[str, object] = {}

    @property
    def nlp(self):  # loaded on first use: a batch may need no parse at all
        from stance.nlp import load_spacy

        return load_spacy(disable=("ner", "lemmatizer"))

    def parse_all(self, texts: list[str]) -> None:
        """Parse and keep `texts` (pass 1's sentences) in one `nlp.pipe` call."""
        todo = [t for t in dict.fromkeys(texts) if t not in self.docs]
        if todo:
            self.docs.update(zip(todo, self.nlp.pipe(todo, batch_size=PIPE_BATCH), strict=True))

    def parse_many(self, texts: list[str]):
        """Docs of `texts` in order, as they come (`parse_units`): docs kept by `parse_all` are
        reused, the others parsed in one `nlp.pipe` stream and not kept."""
        todo = [t for t in texts if t not in self.docs]
        fresh = iter(self.nlp.pipe(todo, batch_size=PIPE_BATCH)) if todo else iter(())
        for t in texts:
            doc = self.docs.get(t)
            if doc is None:
                doc = next(fresh)
                self.keep(doc)
            yield doc

    def keep(self, doc) -> None:
        """Keep a unit's parse for the discrepancy check (`stance.nlp.ANALYSES`), which reads the
        same text again with the whole pipeline; the parse is its first components."""
        if read_again(doc.text):
            ANALYSES.keep_doc(doc, self.nlp.pipe_names)

    def keep_units(self, prepared: Sequence[Prepared]) -> None:
        """`keep` the docs of pass 1 that are also units (a sentence not split is its own unit)."""
        for prep in prepared:
            for u in prep.units:
                doc = self.docs.get(u.text)
                if doc is not None:
                    self.keep(doc)

    def __call__(self, text: str):
        doc = self.docs.get(text)
        if doc is None:
            doc = self.docs[text] = self.nlp(text)
        return doc


def _batch_parser(articles: Sequence[Article], actors: Actors) -> _Parses:
    """Sentences with a candidate split point are few; find them with a pattern-only pass, then
    parse them in one `nlp.pipe` call (each distinct sentence once) instead of one by one."""
    wanted: list[str] = []

    def collect(text: str) -> None:
        wanted.append(text)

    for art in articles:
        try:
            prepare(art, actors, collect, split_only=True)
        except Exception:  # reported by the real pass
            continue
    parses = _Parses()
    parses.parse_all(wanted)
    return parses


def analyze_articles(articles: Sequence[Article], registry=None, actors: Actors | None = None, *,
                     use_ner: bool = True) -> tuple[list[Prepared], list[str]]:
    """The claims pipeline up to resolved units, which keep character offsets (unit start/end and
    quotation spans within the paragraph). `extract_claims` builds `Claim`s from this; evaluation
    scripts use the offsets. Bad articles get a warning and are left out."""
    actors = actors or load_actors()
    warnings: list[str] = []
    prepared: list[Prepared] = []
    todo: list[Article] = []
    for art in articles:
        label = f"{art.source or 'article'} [{art.article_id}]"
        problem = english_problem(art)
        if problem:
            warnings.append(f"{label}: text does not look like English ({problem}); no claims "
                            "extracted. Translate it first or remove it from the input.")
            continue
        todo.append(art)
    parse = _batch_parser(todo, actors)
    for art in todo:
        label = f"{art.source or 'article'} [{art.article_id}]"
        try:
            prep, warns = prepare(art, actors, parse, defer=True)
        except Exception as exc:  # one broken article must not stop the batch
            warnings.append(f"{label}: claims could not be extracted ({type(exc).__name__}: {exc}); "
                            "article skipped. Check its text.")
            continue
        warnings.extend(warns)
        if not prep.units:
            warnings.append(f"{label}: no sentences found in the article body; no claims. "
                            "Check the input file or remove it.")
            continue
        prepared.append(prep)
    parse_units(prepared, actors, parse.parse_many)
    parse.keep_units(prepared)
    if use_ner:
        run_ner(prepared, _ner_pipeline)
    done: list[Prepared] = []
    for prep in prepared:
        try:
            resolve_article(prep, actors, registry)
            done.append(prep)
        except Exception as exc:
            warnings.append(f"{prep.article.source or 'article'} [{prep.article.article_id}]: "
                            f"attribution failed ({type(exc).__name__}: {exc}); article skipped.")
    return done, warnings


def extract_claims(articles: Sequence[Article], registry=None, actors: Actors | None = None, *,
                   use_ner: bool = True, lede_paragraphs: int = 1) -> ClaimsResult:
    """Claims for a batch of articles. Bad articles (empty, not English, broken) get a warning
    and no claims; the others are processed. NER runs once over the batch, only where the entity
    list and the patterns cannot name the speaker; `use_ner=False` skips it entirely."""
    prepared, warnings = analyze_articles(articles, registry, actors, use_ner=use_ner)
    claims: list[Claim] = []
    for prep in prepared:
        claims.extend(build_claims(prep, lede_paragraphs))
    return ClaimsResult(claims, warnings)


__all__ = ["ClaimsResult", "extract_claims", "analyze_articles", "segment",
           "load_actors", "Actors", "Actor", "Claim"]
