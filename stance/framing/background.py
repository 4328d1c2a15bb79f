"""Background/context claims: what an outlet adds that is not about the meeting itself.

Explainable cues from the lexicon's [background] section:
- a time other than the meeting's ("after Russia invaded Ukraine", "last year", "in recent
  months", "in March") in the outlet's own voice, or in the reporting clause of a claim
  attributed to a source speaking at another time ("an aide said in July");
- an outlet-voice claim with no meeting word (met/talks/visit/exchanged/both sides), no meeting
  participant (a person named in the article's meeting claims), outside the paragraphs that
  recount the meeting: general context such as "China and Russia are strategic allies";
- a claim attributed to someone who is not a participant, in a sentence dated at another time
  ("Last month, the defence minister ... called for ...").
Claims attributed to meeting participants are what was said at the meeting, so they are not
background unless their reporting clause itself is dated elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from stance.framing.terms import Lexicon
from stance.schema import Claim
from stance.text.dates import MONTHS
from stance.text.normalize import normalize_text
from stance.text.titles import INSTITUTIONS, TITLE_WORDS

_REPORTED_AT_OTHER_TIME = re.compile(
    r"\b(said|saying|says|told|announced|wrote|stated)\s+(in|last|earlier|on)\s+"
    r"(" + "|".join(MONTHS) + r"|year|month|week|(19|20)\d\d)\b",
    re.IGNORECASE,
)


# capitalised words that are titles, institutions or function words, not names of people taking part
_TITLE_WORDS = TITLE_WORDS | INSTITUTIONS | frozenset("""
the a an on in at of for and with by his her its their this that after before during last next new
affairs united nations republic people's communist
""".split())
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?(?:\s+[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?)*")


def _is_target_alias(word: str, lexicon: Lexicon) -> bool:
    return any(p.fullmatch(word) for pats in lexicon.targets.values() for p in pats)


def _may_be_name(word: str, lexicon: Lexicon) -> bool:
    """Not a title, institution or function word, and not a tone target's alias ("Kremlin")."""
    return word.casefold() not in _TITLE_WORDS and not _is_target_alias(word, lexicon)


def _other_time(text: str, lexicon: Lexicon) -> re.Match[str] | None:
    for pat in lexicon.other_time:
        m = pat.search(text)
        if m:
            return m
    return None


def _has_meeting_word(text: str, lexicon: Lexicon) -> bool:
    return any(p.search(text) for p in lexicon.meeting)


@dataclass(frozen=True)
class ArticleContext:
    """What an article says about its meeting: who takes part, which paragraphs recount it."""

    participants: frozenset[str] = frozenset()
    meeting_paragraphs: frozenset[int] = frozenset()


def _names(text: str, lexicon: Lexicon) -> set[str]:
    out: set[str] = set()
    for m in _NAME.finditer(text):
        run = m.group(0).split()
        # a body's name ends in its institution noun ("Political Bureau", "Security Council"); a
        # person's name may follow it ("Security Council Secretary Nikolai Patrushev")
        body = max((k + 1 for k, w in enumerate(run) if w.casefold() in INSTITUTIONS), default=0)
        words = [w for w in run[body:] if _may_be_name(w, lexicon)]
        if len(words) >= 2 or (words and len(run) >= 2):
            out.update(words)
    return out


def article_context(claims: Sequence[Claim], lexicon: Lexicon) -> ArticleContext:
    """Participants and meeting paragraphs of one article.

    Participants are the people named in claims about the meeting (a meeting word and no other
    time; title words and country aliases dropped, so "Russian President Vladimir Putin met Wang
    Yi" gives Vladimir, Putin, Wang, Yi) and the speakers of claims not dated elsewhere. A meeting
    paragraph holds such a meeting claim or a claim attributed to a participant: readouts often
    go on in outlet voice ("Although crises ... emerge, ...") within the paragraph of the account.
    """
    names: set[str] = set()
    meeting_claims: list[Claim] = []
    dated: dict[str, bool] = {}  # sentence -> dated at another time? (its claims share it)

    def elsewhere(c: Claim) -> bool:
        sentence = normalize_text(c.sentence_text or c.claim_text)
        if sentence not in dated:
            dated[sentence] = _other_time(sentence, lexicon) is not None
        return dated[sentence]

    for c in claims:
        if elsewhere(c):
            continue
        text = normalize_text(c.claim_text)
        if c.speaker and c.attribution != "outlet_voice":
            names.update(w for w in c.speaker.split() if w[:1].isupper() and w.casefold() not in _TITLE_WORDS)
        if _has_meeting_word(text, lexicon):
            names.update(_names(text, lexicon))
            meeting_claims.append(c)
    paragraphs = {c.paragraph for c in meeting_claims}
    for c in claims:
        if c.attribution != "outlet_voice" and set(c.speaker.split()) & names and not elsewhere(c):
            paragraphs.add(c.paragraph)
    return ArticleContext(frozenset(names), frozenset(paragraphs))


def detect_background(claim: Claim, lexicon: Lexicon, ctx: ArticleContext | None = None) -> tuple[bool, str]:
    """(is_background, cue) for one claim; `ctx` from article_context() of its article."""
    ctx = ctx or ArticleContext()
    text = normalize_text(claim.claim_text)
    sentence = normalize_text(claim.sentence_text) or text
    if claim.attribution != "outlet_voice":
        m = _REPORTED_AT_OTHER_TIME.search(sentence)
        if m:
            return True, f"reported at another time: \"{m.group(0)}\""
        m = _other_time(sentence, lexicon)
        speaker = set(claim.speaker.split())
        if m and speaker and not speaker & ctx.participants:
            return True, f"a non-participant ({claim.speaker}) at another time: \"{m.group(0)}\""
        return False, ""
    m = _other_time(text, lexicon)
    if m:
        return True, f"refers to another time or event: \"{m.group(0)}\""
    if lexicon.meeting and not _has_meeting_word(text, lexicon):
        named = [w for w in re.findall(r"[A-Z][\w'-]+", text) if w in ctx.participants]
        if not named and claim.paragraph not in ctx.meeting_paragraphs:
            return True, "outlet voice with no reference to the meeting (no meeting word or participant)"
    return False, ""
