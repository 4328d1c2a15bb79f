"""Pass 1 and 2 of the claims stage: an article's claim units, their quotations and cues, and
NER on the few units that need it.

1. per article: paragraphs -> sentences (offsets) -> claim units (a sentence, or its independent
   clauses: see split.py; a split-off clause keeps the sentence's reporting frame); quotations
   per paragraph, and over paragraphs when a quotation runs on without marks; attribution cues
   per unit (patterns; the parse only where the patterns cannot find a verb's subject);
2. spaCy NER (tok2vec + ner only) over the few units whose speaker phrase the entity list,
   pronouns and role words cannot settle, in one `nlp.pipe` call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stance.claims.actors import Actors
from stance.claims.context import NAME_PREFIX_WORDS
from stance.claims.cues import DETS, INTRO, PRONOUNS, ROLE_WORDS, Cue, clause_subject, find_cues
from stance.claims.quotes import closes_first, scan_quotes, starts_with_quote
from stance.claims.segment import sentence_spans, split_paragraphs
from stance.claims.speaker import Speaker
from stance.claims.split import split_sentence
from stance.claims.subjects import needs_parse, parse_cues
from stance.nlp import ANALYSES, PIPE_BATCH
from stance.schema import Article
from stance.text.datelines import strip_dateline
from stance.text.normalize import normalize_text
from stance.text.titles import TITLE_CANON, TITLE_WORDS

DIRECT_RATIO = 0.8  # quoted share of the non-attribution letters for a direct quote
LONG_SENTENCE_WORDS = 400


@dataclass
class Unit:
    """One claim-to-be: a sentence or an independent part of one. Offsets are in the paragraph."""

    paragraph: int
    sentence_index: int
    sub_index: int
    start: int
    end: int
    text: str
    sentence_text: str
    quotes: list[tuple[int, int, int]]  # (start, end, paragraph quote index), unit offsets
    starts_in_quote: bool
    cues: list[Cue] = field(default_factory=list)
    ents: tuple = ()
    needs_ner: bool = False
    speaker: Speaker | None = None
    cue: Cue | None = None
    why: str = ""
    split_why: str = ""  # set on the parts after the first of a split sentence
    frame_verb: str = ""  # reporting verb of the frame this part shares with the part before
    present: bool = False  # main verb in the present tense or a modal (parsed only where it matters)
    label_end: int = 0  # a transcript label opening the unit ("ROE:") ends here: attribution, not words
    wants_parse: bool = False  # parse_units still has to parse it (an open cue, or its tense)
    wants_tense: bool = False


@dataclass
class Prepared:
    article: Article
    units: list[Unit]
    n_sentences: int
    para_quote_open: list[bool]  # paragraph ends inside an open quotation


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def _parser():
    """Tagger + parser (no NER) for the few sentences with a candidate split point."""
    from stance.nlp import load_spacy

    return load_spacy(disable=("ner", "lemmatizer"))


_KNOWN_WORDS = ROLE_WORDS | DETS | INTRO | PRONOUNS | NAME_PREFIX_WORDS


# "the secretary", "The Chinese official": a role noun that refers back to somebody named before
_DEFINITE_ROLE = re.compile(r"^(?:the|this)\s+(?:[\w.-]+\s+){0,3}(?:" + "|".join(
    sorted(set(TITLE_CANON) | {"official", "diplomat"}, key=len, reverse=True)) + r")$", re.I)
ROLE_REACH = 4  # sentences before a role noun searched for names
_PERSONAL = {"he", "she", "him", "her", "his"}
_CAPS_RUN = re.compile(r"\b[A-Z][\w'\u2019-]*\.?(?:\s+[A-Z][\w'\u2019-]*\.?)+")


def _speaker_label(dateline: str, actors: Actors) -> bool:
    """Is what looks like a dateline a transcript's speaker label ("SECRETARY ROE:", "Jane Roe
    (retranslated):")? Yes when it ends in a colon and names a person or holds a title."""
    if not dateline.rstrip().endswith(":"):
        return False
    words = {w.casefold().strip(".,()") for w in dateline.split()}
    found = actors.find(dateline.title() if dateline.isupper() else dateline)
    return bool(words & TITLE_WORDS) or (found is not None and found.kind == "person")


def _unknown_names(text: str) -> bool:
    """A run of capitalized words holding one that no title or known word explains ("Secretary
    of State Helen R. Marsh"): a name for NER."""
    return any(any(w.casefold().rstrip(".") not in _KNOWN_WORDS and len(w.rstrip(".")) > 1
                   for w in m.group(0).split()) for m in _CAPS_RUN.finditer(text))


def _capitalized_unknown(phrase: str, actors: Actors) -> bool:
    """Does the phrase hold a capitalized word that no rule or list explains (a name for NER)?"""
    names = [w for w in re.findall(r"\b[A-Z][\w'\u2019.-]*", phrase)
             if re.sub(r"['\u2019]s$", "", w).casefold() not in _KNOWN_WORDS]
    if not names:
        return False
    return actors.find(phrase) is None and actors.nationality(phrase) is None


def prepare(article: Article, actors: Actors, parse=None, defer: bool = False,
            split_only: bool = False) -> tuple[Prepared, list[str]]:
    """Pass 1 for one article: units, quotations and cues; warnings for odd input. `parse`
    (text -> spaCy Doc) checks candidate split points; by default the shared small model. The
    few units that need a parse of their own (a verb's subject, a sentence's tense) are parsed
    here one by one, or, with `defer`, left to `parse_units` to parse a whole batch at once.
    `split_only` stops after each sentence's split check: a first pass whose `parse` only
    collects the sentences to parse in a batch needs no units, cues or warnings (none made)."""
    parse = parse or (lambda text: _parser()(text))
    label = f"{article.source or 'article'} [{article.article_id}]"
    warnings: list[str] = []
    units: list[Unit] = []
    para_open: list[bool] = []
    paragraphs = split_paragraphs(article.text)
    si = 0
    carried = False  # the previous paragraph ended inside a quotation
    for pi, para in enumerate(paragraphs):
        starts_open = carried and not starts_with_quote(para) and _quote_runs_on(paragraphs, pi)
        qscan = scan_quotes(para, open_at_start=starts_open)
        para_open.append(qscan.open_at_end)
        carried = qscan.open_at_end
        if qscan.open_at_end and (pi + 1 >= len(paragraphs) or not starts_with_quote(paragraphs[pi + 1])) \
                and not _quote_runs_on(paragraphs, pi + 1):
            warnings.append(f"{label}: unbalanced quotation marks in paragraph {pi}; the quotation "
                            "was taken to run to the paragraph's end. Check the source text.")
        for s, e in sentence_spans(para):
            sent = para[s:e]
            dateline, rest = strip_dateline(sent) if s == 0 else ("", sent)
            if dateline and _speaker_label(dateline, actors):
                dateline, rest = "", sent  # "SECRETARY ROE:" opens a turn; it is no place
            s += len(sent) - len(rest)
            sent = rest
            if not sent.strip():
                continue
            if len(sent.split()) > LONG_SENTENCE_WORDS:
                warnings.append(f"{label}: a sentence of {len(sent.split())} words in paragraph {pi} "
                                "has no sentence punctuation; kept as one claim. Check the paragraph breaks.")
            pq = [(max(qs, s) - s, min(qe, e) - s, k) for k, (qs, qe) in enumerate(qscan.spans)
                  if qs < e and qe > s]
            parts = split_sentence(sent, [(a, b) for a, b, _ in pq], parse)
            if split_only:
                continue
            for sub, part in enumerate(parts):
                us, ue = part.start, part.end
                text = sent[us:ue].strip()
                lead = len(sent[us:ue]) - len(sent[us:ue].lstrip())
                us += lead
                uq = [(max(a, us) - us, min(b, us + len(text)) - us, k) for a, b, k in pq
                      if a < us + len(text) and b > us]
                in_q = any(qs < s + us <= qe or qs == s + us == 0 and starts_open for qs, qe in qscan.spans)
                u = Unit(pi, si, sub, s + us, s + us + len(text), text, sent.strip(), uq, in_q,
                         split_why=part.why)
                u.cues = find_cues(text, [(a, b) for a, b, _ in uq])
                u.wants_parse = needs_parse(u.cues)
                _flag_ner(u, actors)
                units.append(u)
            si += 1
    _mark_tense_wanted(units)
    prep = Prepared(article, units, si, para_open)
    if not defer and not split_only:
        parse_units([prep], actors, lambda texts: [parse(t) for t in texts])
    return prep, warnings


def _flag_ner(u: Unit, actors: Actors) -> None:
    for c in u.cues:
        phrase = c.phrase or (clause_subject(u.text[:c.start]) if c.kind == "participle" else "")
        if _capitalized_unknown(phrase, actors) or _capitalized_unknown(c.appositive, actors):
            u.needs_ner = True


def _mark_tense_wanted(units: list[Unit]) -> None:
    """The units a present-tense continuation could attribute need their tense: no cue and no
    quotation of their own, after a unit with a cue in the same paragraph."""
    cued_paragraph = -1
    for u in units:
        if u.cues:
            cued_paragraph = u.paragraph
        elif not u.quotes and u.paragraph == cued_paragraph:
            u.wants_tense = u.wants_parse = True


def parse_units(prepared: list[Prepared], actors: Actors, parse_many) -> None:
    """Parse, in one batch (`parse_many`: texts -> docs, None where no parse is available), the
    units whose cue leaves its subject to the parse or whose tense a continuation needs."""
    units_of: dict[str, list[Unit]] = {}
    for p in prepared:
        for u in p.units:
            if u.wants_parse:
                units_of.setdefault(u.text, []).append(u)
    texts = list(units_of)
    # each doc is used as it comes and dropped: a long article's parses are never all held
    for text, doc in zip(texts, parse_many(texts) if texts else (), strict=True):
        for u in units_of[text]:
            if needs_parse(u.cues):
                u.cues = parse_cues(doc, u.text, u.cues) if doc is not None else [c for c in u.cues if c.kind != "open"]
                _flag_ner(u, actors)
            if u.wants_tense:
                u.present = doc is not None and present_tense(doc)
            u.wants_parse = False


def present_tense(doc) -> bool:
    """Is the main verb of the parsed sentence in the present tense or a modal ("is", "will",
    "should", "has grown")? A past-tense auxiliary or verb says narration."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return False
    heads = [root, *(c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]
    verbs = [*heads, *(c for h in heads for c in h.children if c.dep_ in ("aux", "auxpass"))]
    if any(t.tag_ == "VBD" for t in verbs):
        return False
    if any(h.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in h.children)
           for h in heads):
        return False  # "has threatened": the present perfect reports what happened
    return any(t.tag_ in ("VBZ", "VBP", "MD") for t in verbs)


def _quote_runs_on(paragraphs: list[str], pi: int) -> bool:
    """Does a quotation left open before paragraph `pi` run on through it although it opens with
    no quotation mark? Yes when the first double mark of it (or of the next paragraphs, when
    it has none) closes a quotation: the words in between are still quoted."""
    for para in paragraphs[pi:pi + 3]:
        first = closes_first(para)
        if first is not None:
            return first
    return False


def run_ner(prepared: list[Prepared], load_nlp) -> None:
    """Pass 2: NER on the units that need it, plus the sentence before a he/she whose own
    sentence names nobody from the entity list, and the sentences a definite role noun ("the
    secretary", "the Chinese official") may refer back to when they hold unknown names."""
    for p in prepared:
        for k, u in enumerate(p.units):
            if k > 0 and not p.units[k - 1].cues and any(c.phrase.casefold().split()[:1] and c.phrase.casefold().split()[0]
                                                        in _PERSONAL for c in u.cues):
                p.units[k - 1].needs_ner = True
            if any(_DEFINITE_ROLE.match(c.phrase) for c in u.cues):
                for v in p.units[max(0, k - ROLE_REACH):k]:
                    v.needs_ner = v.needs_ner or _unknown_names(v.text)
    todo = [u for p in prepared for u in p.units if u.needs_ner]
    if not todo:
        return
    nlp = load_nlp()
    texts = list(dict.fromkeys(u.text for u in todo))
    ents_of = {}
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=PIPE_BATCH), strict=True):
        ents_of[text] = tuple((e.start_char, e.end_char, e.label_, e.text) for e in doc.ents)
        if read_again(text):
            ANALYSES.keep_ents(text, ((s, e, label) for s, e, label, _ in ents_of[text]))
    for u in todo:
        u.ents = ents_of.get(u.text, ())


def read_again(text: str) -> bool:
    """Will the discrepancy check parse this unit text as it is? It parses each claim's text
    normalized (`normalize_text`), so an analysis of the unit is kept for it only when the
    unit's text is already in that form (`stance.nlp.ANALYSES`)."""
    return normalize_text(text) == text


def quote_letters(u: Unit, skip: tuple[int, int] = (0, 0)) -> tuple[int, int]:
    inside = [False] * len(u.text)
    for s, e, _ in u.quotes:
        for i in range(max(0, s), min(len(u.text), e)):
            inside[i] = True
    q = o = 0
    for i, c in enumerate(u.text):
        if not c.isalpha() or skip[0] <= i < skip[1]:
            continue
        if inside[i]:
            q += 1
        else:
            o += 1
    return q, o


__all__ = ["Unit", "Prepared", "prepare", "parse_units", "run_ner", "quote_letters", "present_tense", "read_again"]
