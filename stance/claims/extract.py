"""Articles -> claims with attribution, in three passes so NER runs once, batched, and rarely.

1. per article: paragraphs -> sentences (offsets) -> claim units (a sentence, or its independent
   clauses: see split.py; a split-off clause keeps the sentence's reporting frame); quotations
   per paragraph; attribution cues per unit (patterns only);
2. spaCy NER (tok2vec + ner only) over the few units whose speaker phrase the entity list,
   pronouns and role words cannot settle, in one `nlp.pipe` call;
3. per article, in reading order: resolve speakers with the running context, carry quotations
   over sentences, decide the attribution kind, build `Claim` records.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from stance.claims.actors import Actors
from stance.claims.attribution import NAME_PREFIX_WORDS, Resolver, Speaker
from stance.claims.cues import DETS, INTRO, PRONOUNS, ROLE_WORDS, Cue, clause_subject, find_cues
from stance.claims.language import english_problem
from stance.claims.quotes import scan_quotes, starts_with_quote
from stance.claims.segment import sentence_spans, split_paragraphs
from stance.claims.split import split_sentence
from stance.nlp import PIPE_BATCH
from stance.schema import Article, Claim, make_claim_id
from stance.text.datelines import strip_dateline

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


def _capitalized_unknown(phrase: str, actors: Actors) -> bool:
    """Does the phrase hold a capitalized word that no rule or list explains (a name for NER)?"""
    names = [w for w in re.findall(r"\b[A-Z][\w'\u2019.-]*", phrase)
             if re.sub(r"['\u2019]s$", "", w).casefold() not in _KNOWN_WORDS]
    if not names:
        return False
    return actors.find(phrase) is None and actors.nationality(phrase) is None


def prepare(article: Article, actors: Actors, parse=None) -> tuple[Prepared, list[str]]:
    """Pass 1 for one article: units, quotations and cues; warnings for odd input. `parse`
    (text -> spaCy Doc) checks candidate split points; by default the shared small model."""
    parse = parse or (lambda text: _parser()(text))
    label = f"{article.source or 'article'} [{article.article_id}]"
    warnings: list[str] = []
    units: list[Unit] = []
    para_open: list[bool] = []
    paragraphs = split_paragraphs(article.text)
    si = 0
    for pi, para in enumerate(paragraphs):
        qscan = scan_quotes(para)
        para_open.append(qscan.open_at_end)
        if qscan.open_at_end and (pi + 1 >= len(paragraphs) or not starts_with_quote(paragraphs[pi + 1])):
            warnings.append(f"{label}: unbalanced quotation marks in paragraph {pi}; the quotation "
                            "was taken to run to the paragraph's end. Check the source text.")
        for s, e in sentence_spans(para):
            sent = para[s:e]
            dateline, rest = strip_dateline(sent) if s == 0 else ("", sent)
            s += len(sent) - len(rest)
            sent = rest
            if not sent.strip():
                continue
            if len(sent.split()) > LONG_SENTENCE_WORDS:
                warnings.append(f"{label}: a sentence of {len(sent.split())} words in paragraph {pi} "
                                "has no sentence punctuation; kept as one claim. Check the paragraph breaks.")
            pq = [(max(qs, s) - s, min(qe, e) - s, k) for k, (qs, qe) in enumerate(qscan.spans)
                  if qs < e and qe > s]
            for sub, part in enumerate(split_sentence(sent, [(a, b) for a, b, _ in pq], parse)):
                us, ue = part.start, part.end
                text = sent[us:ue].strip()
                lead = len(sent[us:ue]) - len(sent[us:ue].lstrip())
                us += lead
                uq = [(max(a, us) - us, min(b, us + len(text)) - us, k) for a, b, k in pq
                      if a < us + len(text) and b > us]
                in_q = any(qs < s + us <= qe for qs, qe in qscan.spans)
                u = Unit(pi, si, sub, s + us, s + us + len(text), text, sent.strip(), uq, in_q,
                         split_why=part.why)
                u.cues = find_cues(text, [(a, b) for a, b, _ in uq])
                for c in u.cues:
                    phrase = c.phrase or (clause_subject(text[:c.start]) if c.kind == "participle" else "")
                    if _capitalized_unknown(phrase, actors) or _capitalized_unknown(c.appositive, actors):
                        u.needs_ner = True
                units.append(u)
            si += 1
    return Prepared(article, units, si, para_open), warnings


def run_ner(prepared: list[Prepared], load_nlp) -> None:
    """Pass 2: NER on the units that need it, plus the sentence before a he/she whose own
    sentence names nobody from the entity list."""
    for p in prepared:
        for k, u in enumerate(p.units):
            if k > 0 and not p.units[k - 1].cues and any(c.phrase.casefold() in ("he", "she") for c in u.cues):
                p.units[k - 1].needs_ner = True
    todo = [u for p in prepared for u in p.units if u.needs_ner]
    if not todo:
        return
    nlp = load_nlp()
    texts = list(dict.fromkeys(u.text for u in todo))
    ents_of = {}
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=PIPE_BATCH), strict=True):
        ents_of[text] = tuple((e.start_char, e.end_char, e.label_, e.text) for e in doc.ents)
    for u in todo:
        u.ents = ents_of.get(u.text, ())


def _quote_letters(u: Unit, skip: tuple[int, int] = (0, 0)) -> tuple[int, int]:
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


def resolve_article(p: Prepared, actors: Actors, registry=None) -> None:
    """Pass 3: speakers in reading order, with quotation carry-over."""
    res = Resolver(actors, registry)
    units = p.units
    people_of: dict[int, list[tuple[int, str]]] = {}
    for k, u in enumerate(units):
        prev_people = people_of.pop(k - 1, None) if k else []
        if prev_people is None:
            prev_people = res.mentioned_people(units[k - 1].text, units[k - 1].ents)
        people_of[k] = res.mentioned_people(u.text, u.ents)
        prev_subject_end = 0
        if k and any(c.phrase.casefold() in ("he", "she") for c in u.cues):
            subj = clause_subject(units[k - 1].text)
            prev_subject_end = units[k - 1].text.find(subj) + len(subj) if subj else 0
        ordered = [c for c in u.cues if c.kind != "participle"] + [c for c in u.cues if c.kind == "participle"]
        for c in ordered:
            phrase, start = c.phrase, c.start
            if c.kind == "participle":
                phrase = clause_subject(u.text[:c.start])
                start = u.text.find(phrase) if phrase else 0
            elif c.kind == "inverted":
                start = u.text.find(phrase, c.start)
            sp, why = res.resolve(phrase, k, u.text, max(start, 0), u.ents, prev_people, c.appositive,
                                  prev_subject_end)
            if sp:
                u.speaker, u.cue, u.why = sp, c, why
                break
        if u.speaker is None and u.split_why and k:
            _inherit_frame(units[k - 1], u)
        if u.speaker is None:
            _carry_quote(p, k, res)
        if u.speaker is not None and u.cue is not None and u.split_why:
            _frame_back(units, k)
        if u.speaker is not None:
            if u.cue is not None:
                res.ctx.add(k, u.speaker, statement=u.cue.statement)
            else:
                bisect.insort(res.ctx.history, (k, u.speaker), key=lambda t: t[0])
        res.observe(k, u.text, u.ents, people_of[k])
        if k + 1 == len(units) or units[k + 1].paragraph != u.paragraph:
            _fill_from_later(p, u.paragraph)


def _inherit_frame(prev: Unit, u: Unit) -> None:
    """"X said A, and B": a reporting frame that opens the sentence governs every clause
    coordinated after its complement, so a split-off part without its own cue keeps X."""
    if prev.sentence_index != u.sentence_index or prev.speaker is None:
        return
    if prev.cue is not None:
        if prev.cue.kind == "participle" or len(prev.text[prev.cue.end:].split()) < 3:
            return  # "A, X said, and B": the frame follows its complement and governs A only
        verb = prev.cue.verb
    elif prev.frame_verb:
        verb = prev.frame_verb
    else:
        return
    u.speaker, u.frame_verb = prev.speaker, verb
    u.why = f"reporting frame '{verb}' of {prev.speaker.name} governs the coordinated clause"


def _frame_back(units: list[Unit], k: int) -> None:
    """"A, and B, he said." / "A, and B, according to X.": a frame that closes the sentence,
    after its complement, governs the clauses before it too."""
    u = units[k]
    if len(u.text[:u.cue.start].split()) < 3:
        return  # the frame opens its own clause ("..., and X said B"): it governs B only
    j = k
    while j > 0 and units[j].split_why and units[j - 1].sentence_index == u.sentence_index \
            and units[j - 1].speaker is None:
        v = units[j - 1]
        v.speaker, v.frame_verb = u.speaker, u.cue.verb
        v.why = f"reporting frame '{u.cue.verb}' of {u.speaker.name} after the coordinated clauses"
        j -= 1


def _quote_only(u: Unit) -> bool:
    if not u.quotes:
        return False
    q, o = _quote_letters(u)
    return bool(u.quotes) and (u.starts_in_quote or q >= 0.6 * max(1, q + o))


def _carry_quote(p: Prepared, k: int, res: Resolver) -> None:
    """A quotation sentence without its own cue takes the speaker of the same quotation or of
    the attributed quote just before it (the 'he added. "..."' pattern)."""
    u = p.units[k]
    if not _quote_only(u):
        return
    qids = {qi for _, _, qi in u.quotes}
    for j in range(k - 1, -1, -1):
        v = p.units[j]
        if v.paragraph != u.paragraph:
            break
        if v.speaker and qids & {qi for _, _, qi in v.quotes}:
            u.speaker, u.why = v.speaker, f"same quotation as sentence {v.sentence_index} ({v.speaker.name})"
            return
        if v.speaker and v.quotes:
            verb = v.cue.verb if v.cue else "quote"
            u.speaker, u.why = v.speaker, f"quotation continues after '{verb}' by {v.speaker.name}"
            return
        if v.speaker and v.cue and j == k - 1 and starts_with_quote(u.text):
            u.speaker, u.why = v.speaker, f"quotation follows {v.speaker.name}'s attributed sentence"
            return
    first = k == 0 or p.units[k - 1].paragraph != u.paragraph
    if first and k > 0 and starts_with_quote(u.text):
        v = p.units[k - 1]
        if v.speaker and (v.quotes or p.para_quote_open[v.paragraph]):
            u.speaker, u.why = v.speaker, f"quotation paragraph continues previous speaker {v.speaker.name}"


def _fill_from_later(p: Prepared, paragraph: int) -> None:
    """'"A. B," he said.': earlier sentences of one quotation take the speaker named after it."""
    units = [u for u in p.units if u.paragraph == paragraph]
    for i, u in enumerate(units):
        if u.speaker or not _quote_only(u):
            continue
        qids = {qi for _, _, qi in u.quotes}
        for v in units[i + 1:]:
            if v.speaker and (qids & {qi for _, _, qi in v.quotes}
                              or (v.quotes and v.cue and v.cue.kind in ("subject", "inverted"))
                              or _bare_attribution(v)):
                u.speaker, u.why = v.speaker, f"quotation attributed in sentence {v.sentence_index} ({v.speaker.name})"
                break
            if not _quote_only(v):
                break


def _bare_attribution(u: Unit) -> bool:
    """'Durbin said.' on its own: the sentence is nothing but its attribution."""
    if u.cue is None:
        return False
    rest = u.text[:u.cue.start] + u.text[u.cue.end:]
    return len(re.findall(r"[^\W\d_]+", rest)) <= 3


def build_claims(p: Prepared, lede_paragraphs: int = 1) -> list[Claim]:
    art, out = p.article, []
    for u in p.units:
        spans = tuple(re.sub(r"\s+", " ", u.text[s:e]).strip() for s, e, _ in u.quotes if u.text[s:e].strip())
        kind, speaker, side, verb, why = "outlet_voice", "", "", "", ""
        if u.speaker is not None:
            speaker, side = u.speaker.name, u.speaker.side
            skip = (u.cue.start, u.cue.end) if u.cue else (0, 0)
            q, o = _quote_letters(u, skip) if u.quotes else (0, 1)
            if q and q >= DIRECT_RATIO * (q + o):
                kind = "direct_quote"
            elif q:
                kind = "partial_quote"
            else:
                kind = "indirect"
            verb = u.cue.verb if u.cue else u.frame_verb
            why = u.why
        elif spans:
            why = "no attribution cue: quotation marks are the outlet's own (scare quotes)"
        why = "; ".join(x for x in (why, u.split_why) if x)
        text = re.sub(r"\s+", " ", u.text).strip()
        out.append(Claim(
            claim_id=make_claim_id(art.article_id, u.sentence_index, u.sub_index, text),
            article_id=art.article_id, paragraph=u.paragraph, sentence_index=u.sentence_index,
            position=round(u.sentence_index / max(1, p.n_sentences - 1), 4),
            is_lede=u.paragraph < max(1, lede_paragraphs), claim_text=text,
            sentence_text=re.sub(r"\s+", " ", u.sentence_text).strip(), sub_index=u.sub_index,
            speaker=speaker, speaker_side=side, attribution=kind, reporting_verb=verb,
            quoted_spans=spans, attribution_cue=why))
    return out


__all__ = ["prepare", "run_ner", "resolve_article", "build_claims", "english_problem"]
