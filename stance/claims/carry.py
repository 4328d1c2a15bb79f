"""Speakers carried across sentences: a claim without a cue of its own that still is someone's.

- a clause split off a sentence keeps the sentence's reporting frame ("X said A, and B");
- a quotation runs on over sentences and paragraphs ('"A." he added. "B."', '"A. B," he said.');
- an unquoted sentence in the first person ("We agreed to ...") continues the speech of the
  last speaker of its paragraph: an outlet does not say "we" in a news report;
- a readout's indirect speech runs on in the present tense ("Wang said China will ... . The
  relationship is hard-earned."): the sentence after a frame that opens its paragraph, with its
  main verb in the present tense or a modal, continues the frame (narration is in the past);
- a whole sentence in quotation marks with no cue anywhere near is the last speaker's words, not
  a scare quote; so is a quotation a colon introduces ("... was plain to him: \u201cWe ...\u201d").
Each rule writes why into the claim's attribution cue.
"""

from __future__ import annotations

import re

from stance.claims.attribution import Resolver
from stance.claims.cues import clause_subject
from stance.claims.quotes import starts_with_quote
from stance.claims.units import Prepared, Unit, quote_letters
from stance.claims.verbs import CONTENT_VERBS, TARGET_VERBS


def inherit_frame(prev: Unit, u: Unit) -> None:
    """"X said A, and B": a reporting frame that opens the sentence governs every clause
    coordinated after its complement, so a split-off part without its own cue keeps X."""
    if prev.sentence_index != u.sentence_index or prev.speaker is None:
        return
    if prev.cue is not None:
        if prev.cue.kind == "participle" or len(prev.text[prev.cue.end:].split()) < 3:
            return  # "A, X said, and B": the frame follows its complement and governs A only
        if prev.cue.verb in TARGET_VERBS:
            return  # "X accused Y of Z, but B": a verb with an object, not a clause, governs nothing more
        verb = prev.cue.verb
    elif prev.frame_verb:
        verb = prev.frame_verb
    else:
        return
    u.speaker, u.frame_verb = prev.speaker, verb
    u.why = f"reporting frame '{verb}' of {prev.speaker.name} governs the coordinated clause"


def frame_back(units: list[Unit], k: int) -> None:
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


def quote_only(u: Unit) -> bool:
    if not u.quotes:
        return False
    q, o = quote_letters(u)
    return bool(u.quotes) and (u.starts_in_quote or q >= 0.6 * max(1, q + o))


def carry_quote(p: Prepared, k: int, res: Resolver, defer: bool = True) -> None:
    """A quotation sentence without its own cue takes the speaker of the same quotation or of
    the attributed quote just before it (the 'he added. "..."' pattern). With `defer`, a
    quotation opening a paragraph waits for a cue later in that paragraph."""
    u = p.units[k]
    if not quote_only(u):
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
    if defer and attributed_later(p, k):
        return  # '"A. B," Roe said.': the quotation is attributed within its own paragraph
    if first and k > 0 and (starts_with_quote(u.text) or u.starts_in_quote):
        v = p.units[k - 1]
        if v.speaker and (v.quotes or p.para_quote_open[v.paragraph]):
            u.speaker, u.why = v.speaker, f"quotation paragraph continues previous speaker {v.speaker.name}"


def attributed_later(p: Prepared, k: int) -> bool:
    """Does a later sentence of the same paragraph attribute the unit's quotation ('"A. B," Roe
    said.')? Then fill_from_later gives it that speaker at the paragraph's end."""
    u = p.units[k]
    qids = {qi for _, _, qi in u.quotes}
    return any(v.cues and qids & {qi for _, _, qi in v.quotes}
               for v in p.units[k + 1:] if v.paragraph == u.paragraph)


def fill_from_later(p: Prepared, paragraph: int) -> None:
    """'"A. B," he said.': earlier sentences of one quotation take the speaker named after it."""
    units = [u for u in p.units if u.paragraph == paragraph]
    for i, u in enumerate(units):
        if u.speaker or not quote_only(u):
            continue
        qids = {qi for _, _, qi in u.quotes}
        for v in units[i + 1:]:
            if v.speaker and (qids & {qi for _, _, qi in v.quotes}
                              or (v.quotes and v.cue and v.cue.kind in ("subject", "inverted"))
                              or _bare_attribution(v)):
                u.speaker, u.why = v.speaker, f"quotation attributed in sentence {v.sentence_index} ({v.speaker.name})"
                break
            if not quote_only(v):
                break


def _bare_attribution(u: Unit) -> bool:
    """'Durbin said.' on its own: the sentence is nothing but its attribution."""
    if u.cue is None:
        return False
    rest = u.text[:u.cue.start] + u.text[u.cue.end:]
    return len(re.findall(r"[^\W\d_]+", rest)) <= 3


_FIRST_PERSON = re.compile(r"\b(?:I(?=\s+[a-z]|['\u2019](?:m|ve|d|ll)\b)|[Ww]e|[Mm]y|[Oo]ur|us|me)\b")
# "are expected to meet", "is set to visit": the outlet announcing what comes next
_SCHEDULED = re.compile(r"\b(?:is|are|was|were)\s+(?:expected|scheduled|set|due|slated|likely|poised|"
                        r"planned|planning|going)\s+to\b", re.I)
_EDITORIAL_WE = re.compile(r"\b(?:as|what)\s+(?:we|I)\s+(?:have\s+|had\s+)?(?:wrote|written|reported|noted|"
                           r"explained|mentioned|said|argued|predicted|detailed|revealed|learned)\b", re.I)
_NARRATIVE_START = re.compile(r"^\W*(?:(?:and|but|yet|so)\s+)?(?:he|she|they|it|his|her|their|this|that|"
                              r"these|those|others|some|many|critics)\b", re.I)
_ADDING_THAT = re.compile(r",\s+(?:adding|saying|noting|stressing)\s+that\b")
BARE_QUOTE_WORDS = 4  # a quotation this long, filling its sentence, is somebody's words
BARE_QUOTE_REACH = 8  # units back to the speaker of a quotation without a cue


def unquoted(u: Unit) -> str:
    """The unit's text with its quotations blanked."""
    chars = list(u.text)
    for s, e, _ in u.quotes:
        for i in range(max(0, s), min(len(chars), e)):
            chars[i] = " "
    return "".join(chars)


def first_person(text: str) -> bool:
    """Does the text speak in the first person? The outlet's editorial "as we reported" does not
    count."""
    return bool(_FIRST_PERSON.search(_EDITORIAL_WE.sub(" ", text)))


def continue_first_person(p: Prepared, k: int) -> None:
    """"We agreed to ...", "the understandings President Biden and I reached": a first-person
    sentence outside quotation marks continues the last speaker of its paragraph."""
    u = p.units[k]
    if u.speaker is not None or not first_person(unquoted(u)):
        return
    for j in range(k - 1, -1, -1):
        v = p.units[j]
        if v.paragraph != u.paragraph:
            return
        if v.speaker is not None:
            u.speaker, u.frame_verb = v.speaker, (v.cue.verb if v.cue else v.frame_verb)
            u.why = f"first-person sentence continues {v.speaker.name}'s words"
            _same_sentence(p, k)
            return


def continue_present(p: Prepared, k: int, res: Resolver) -> None:
    """"Wang said that A. B is the natural choice of the two countries.": right after an
    indirect-speech frame that opens its sentence ("X said that ...", or "..., X said, adding
    that ..."), a sentence of the same paragraph without cue or quotation, whose main verb is
    in the simple present or a modal, goes on reporting the frame's speaker (readouts write
    whole paragraphs so; narration is in the past, and a new subject - a person, a pronoun, a
    demonstrative - starts the outlet's own sentence)."""
    u = p.units[k]
    if u.speaker is not None or u.cues or u.quotes or not u.present or k == 0:
        return
    v = p.units[k - 1]
    if v.paragraph != u.paragraph or v.speaker is None or _NARRATIVE_START.match(u.text) \
            or _SCHEDULED.search(u.text) or res.name_in(clause_subject(u.text)):
        return
    if not (_opens_indirect_frame(v) or v.why.startswith("present-tense")):
        return
    verb = v.cue.verb if v.cue else v.frame_verb
    u.speaker, u.frame_verb = v.speaker, verb
    u.why = f"present-tense sentence continues the reporting frame '{verb}' of {v.speaker.name}"
    _same_sentence(p, k)


def _opens_indirect_frame(v: Unit) -> bool:
    """"X said (that) ..." opening the sentence, or "..., X said, adding that ...": indirect
    speech that a readout goes on with."""
    c = v.cue
    if c is None or c.kind != "subject" or c.verb not in CONTENT_VERBS:
        return False
    q, o = quote_letters(v)
    if q > o:  # a direct quotation: its speaker's words ended with it
        return False
    opens = len(v.text[:c.start].split()) <= 6 and bool(re.match(r"\s+(?:that\s+)?\w", v.text[c.end:]))
    return opens or bool(_ADDING_THAT.search(v.text, c.end))


def attribute_bare_quote(p: Prepared, k: int, res: Resolver) -> None:
    """A sentence that is a quotation of several words, with no cue in reach: the words of the
    article's last speaker (a scare quote is a phrase, not a sentence)."""
    u = p.units[k]
    if u.speaker is not None or not quote_only(u) or u.cues:
        return
    quoted = " ".join(u.text[s:e] for s, e, _ in u.quotes)
    if len(quoted.split()) < BARE_QUOTE_WORDS:
        return
    sp = res.ctx.recent(k, BARE_QUOTE_REACH, ("person", "anonymous", "body"))
    if sp is not None:
        u.speaker, u.why = sp, f"quotation without a cue: the last speaker, {sp.name}"


def colon_quote(p: Prepared, k: int, res: Resolver) -> None:
    """"The choice was plain to him: \u201cWe must open it.\u201d": a quotation a colon introduces,
    with no cue, is the words of the person the clause before the colon names (a pronoun or a
    name), else of the last speaker."""
    u = p.units[k]
    if u.speaker is not None or u.cues:
        return
    m = _COLON_QUOTE.search(u.text)
    if m is None or not any(s <= m.end() < e + 1 for s, e, _ in u.quotes):
        return
    before = u.text[:m.start()]
    who = _PERSON_WORD.findall(before)
    sp = None
    if who:
        sp, _ = res.resolve(who[-1], k, u.text, before.rfind(who[-1]), u.ents)
    for _, name in ([] if sp else res.mentioned_people(before, u.ents)):
        sp = res.person_speaker(name)
    sp = sp or res.ctx.recent(k, BARE_QUOTE_REACH, ("person", "anonymous", "body"))
    if sp is not None:
        u.speaker, u.why = sp, f"quotation introduced by a colon: {sp.name}"


_COLON_QUOTE = re.compile(r":\s*[\"\u201c\u00ab\u2018']")
_PERSON_WORD = re.compile(r"\b(?:he|she|him|her)\b", re.I)


def _same_sentence(p: Prepared, k: int) -> None:
    """A speaker found for a later part of a split sentence also speaks its earlier parts."""
    u = p.units[k]
    j = k
    while j > 0 and p.units[j].split_why and p.units[j - 1].sentence_index == u.sentence_index \
            and p.units[j - 1].speaker is None:
        v = p.units[j - 1]
        v.speaker, v.frame_verb, v.why = u.speaker, u.frame_verb, u.why
        j -= 1


__all__ = ["inherit_frame", "frame_back", "quote_only", "carry_quote", "fill_from_later",
           "continue_first_person", "continue_present", "attribute_bare_quote", "colon_quote",
           "first_person", "unquoted"]
