"""Articles -> claims with attribution, in three passes so NER runs once, batched, and rarely.

1. per article: claim units, quotations and cues (units.py: `prepare`);
2. spaCy NER over the few units whose speaker phrase the entity list, pronouns and role words
   cannot settle, in one `nlp.pipe` call (units.py: `run_ner`);
3. per article, in reading order (`resolve_article`): each unit's cues resolved against the
   running context and the governing one chosen (frames.py); the page's own frame applied
   (turns.py: transcripts, readouts, colons); what no cue settles carried from the sentences
   around (carry.py); then the attribution kind and the `Claim` records (`build_claims`).
"""

from __future__ import annotations

import bisect
import re

from stance.claims import carry
from stance.claims.actors import Actors
from stance.claims.anaphora import PRONOUN_FORMS
from stance.claims.attribution import Resolver
from stance.claims.context import PRONOUN_GENDER
from stance.claims.cues import clause_subject
from stance.claims.frames import Candidate, choose, place_speaks
from stance.claims.language import english_problem
from stance.claims.speaker import Speaker
from stance.claims.turns import QUOTED_MODES, Turns
from stance.claims.units import Prepared, Unit, prepare, quote_letters, run_ner
from stance.claims.verbs import TARGET_VERBS
from stance.schema import Claim, make_claim_id

DIRECT_RATIO = 0.8  # quoted share of the non-attribution letters for a direct quote


def resolve_article(p: Prepared, actors: Actors, registry=None) -> None:
    """Pass 3: speakers in reading order."""
    res = Resolver(actors, registry)
    turns = Turns(res, p)
    units = p.units
    people_of: dict[int, list[tuple[int, str]]] = {}
    for k, u in enumerate(units):
        first = k == 0 or units[k - 1].paragraph != u.paragraph
        if first:
            turns.enter(k)
        prev_people = people_of.pop(k - 1, None) if k else []
        if prev_people is None:
            prev_people = res.mentioned_people(units[k - 1].text, units[k - 1].ents)
        # people named inside a quotation are what is spoken of, not who speaks: no antecedents
        people_of[k] = [(pos, n) for pos, n in res.mentioned_people(u.text, u.ents)
                        if not any(s <= pos < e for s, e, _ in u.quotes)]
        _resolve_cues(res, k, u, units, prev_people)
        _bind_gender(res, u)
        framed = turns.applies(k)
        if framed is not None:
            _apply_frame(u, *framed, quoted=turns.mode in QUOTED_MODES)
        if u.speaker is None and u.split_why and k:
            carry.inherit_frame(units[k - 1], u)
        if u.speaker is None:
            carry.carry_quote(p, k, res)
        if u.speaker is None:
            carry.continue_first_person(p, k)
        if u.speaker is None:
            carry.continue_present(p, k, res)
        if u.speaker is not None and u.cue is not None and u.split_why:
            carry.frame_back(units, k)
        if u.speaker is not None:
            if u.cue is not None:
                res.ctx.add(k, u.speaker, statement=u.cue.statement)
            else:
                bisect.insort(res.ctx.history, (k, u.speaker), key=lambda t: t[0])
        res.observe(k, u.text, u.ents, people_of[k])
        if k + 1 == len(units) or units[k + 1].paragraph != u.paragraph:
            _close_paragraph(p, res, k)
            turns.leave(k)


def _close_paragraph(p: Prepared, res: Resolver, last: int) -> None:
    """At a paragraph's end: quotations attributed by a later sentence of it, then what is left
    of them carried from before (carry.py), in reading order."""
    para = p.units[last].paragraph
    carry.fill_from_later(p, para)
    k = last
    while k > 0 and p.units[k - 1].paragraph == para:
        k -= 1
    for j in range(k, last + 1):
        if p.units[j].speaker is not None:
            continue
        for rule in (carry.carry_quote, carry.colon_quote, carry.attribute_bare_quote):
            if rule is carry.carry_quote:
                rule(p, j, res, defer=False)
            else:
                rule(p, j, res)
            if p.units[j].speaker is not None:
                bisect.insort(res.ctx.history, (j, p.units[j].speaker), key=lambda t: t[0])
                break


def _resolve_cues(res: Resolver, k: int, u: Unit, units: list[Unit], prev_people: list) -> None:
    """Resolve every cue of the unit and keep the governing one (frames.choose); the other
    voices the sentence names join the context as speakers too."""
    prev_subject = (0, "")
    if k and any(c.phrase.casefold().split()[:1] and c.phrase.casefold().split()[0] in PRONOUN_FORMS
                 for c in u.cues):  # "he", "according to him", "his campaign"
        subj = clause_subject(units[k - 1].text)
        if subj:
            prev_subject = (units[k - 1].text.find(subj) + len(subj), subj)
    found: list[Candidate] = []
    for c in u.cues:
        phrase, start = c.phrase, c.start
        if c.kind == "participle":
            phrase = clause_subject(u.text[:c.start])
            start = u.text.find(phrase) if phrase else 0
        else:  # the phrase inside the cue's region ('," said X' / "a paper quoted him as saying")
            start = u.text.find(phrase, c.start) if phrase else c.start
        sp, why = _bound_pronoun(res, k, u, c, phrase)
        if sp is None:
            sp, why = res.resolve(phrase, k, u.text, max(start, 0), u.ents, prev_people, c.appositive,
                                  prev_subject)
        if sp and place_speaks(u.text, c, sp):
            found.append(Candidate(c, sp, why))
    best = choose(u.text, found)
    if best is not None:
        u.speaker, u.cue, u.why = best.speaker, best.cue, best.why
        for other in found:
            if other is not best:
                res.ctx.add(k, other.speaker)


def _bound_pronoun(res: Resolver, k: int, u: Unit, c, phrase: str) -> tuple[Speaker | None, str]:
    """"Ryan hammered Obama for what he called ...": a he/she inside the sentence is bound to
    the sentence's own subject when that is a person the pronoun fits."""
    pron = PRONOUN_FORMS.get(phrase.casefold(), "")
    if pron not in ("he", "she") or c.start == 0:
        return None, ""
    subj = clause_subject(u.text[:c.start])
    at = u.text.find(subj) if subj else -1
    if not subj or subj.casefold() in PRONOUN_FORMS or any(s <= at < e for s, e, _ in u.quotes) \
            or u.starts_in_quote and at < min((e for s, e, _ in u.quotes if s == 0), default=0):
        return None, ""  # a name inside the quotation is no subject of the frame
    sp, _ = res.resolve(subj, k, u.text, max(u.text.find(subj), 0), u.ents)
    if sp is None or sp.kind != "person" or not res.ctx.gender_ok(sp.name, PRONOUN_GENDER[pron]) \
            or sp.name not in res.ctx.persons and res.actors.get(sp.name) is None and len(sp.name.split()) < 2:
        return None, ""  # a single unknown capitalized word ("Regarding") is no subject
    return sp.written(phrase), f"pronoun '{phrase}' \u2192 {sp.name}, subject of its sentence"


def _bind_gender(res: Resolver, u: Unit) -> None:
    """"Jane Roe said she would stay", "Roe said that he ...": a he/she opening the clause a
    person's own verb of saying introduces is that person, and shows the person's gender."""
    if u.speaker is None or u.speaker.kind != "person" or u.cue is None or u.cue.kind != "subject":
        return
    m = _SAID_PRONOUN.match(carry.unquoted(u), u.cue.end)
    if m is not None and u.cue.verb not in TARGET_VERBS:
        info = res.ctx.person(u.speaker.name)
        info.gender = info.gender or PRONOUN_GENDER[m.group(1).casefold()]


_SAID_PRONOUN = re.compile(r"\s*,?\s*(?:that\s+)?(he|she)\b", re.I)


def _apply_frame(u: Unit, sp: Speaker, why: str, start: int, quoted: bool) -> None:
    """The page's frame speaks the unit (turns.py); a transcript's or a statement's words are
    the speaker's own, so they count as quoted."""
    u.speaker, u.cue, u.why, u.frame_verb, u.label_end = sp, None, why, "said", start
    if quoted and not u.quotes:
        u.quotes = [(start, len(u.text), -1)]


def build_claims(p: Prepared, lede_paragraphs: int = 1) -> list[Claim]:
    art, out = p.article, []
    for u in p.units:
        spans = tuple(re.sub(r"\s+", " ", u.text[s:e]).strip() for s, e, _ in u.quotes if u.text[s:e].strip())
        kind, speaker, side, verb, why = "outlet_voice", "", "", "", ""
        if u.speaker is not None:
            speaker, side = u.speaker.name, u.speaker.side
            skip = (u.cue.start, u.cue.end) if u.cue else (0, u.label_end)
            q, o = quote_letters(u, skip) if u.quotes else (0, 1)
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
            quoted_spans=spans, attribution_cue=why,
            speaker_kind=u.speaker.kind if u.speaker else "",
            speaker_as_written=(u.speaker.as_written or u.speaker.name) if u.speaker else ""))
    return out


__all__ = ["prepare", "run_ner", "resolve_article", "build_claims", "english_problem", "Prepared"]
