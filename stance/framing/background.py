"""Background/context claims: what an outlet adds that is not about the meeting itself.

Explainable cues from the lexicon's [background] section:
- a time other than the meeting's ("after Russia invaded Ukraine", "last year", "in recent
  months", "in March") in the outlet's own voice, or in the reporting clause of a claim
  attributed to a source speaking at another time ("an aide said in July");
- an outlet-voice claim with no meeting word (met/talks/visit/exchanged/both sides) and no
  meeting participant (a person named in the article's meeting claims): general context such as
  "Sino-US ties have deteriorated".
Claims attributed to meeting participants are what was said at the meeting, so they are not
background unless their reporting clause itself is dated elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from stance.framing.terms import Lexicon
from stance.schema import Claim, normalize_text

_REPORTED_AT_OTHER_TIME = re.compile(
    r"\b(said|saying|says|told|announced|wrote|stated)\s+(in|last|earlier|on)\s+"
    r"(january|february|march|april|may|june|july|august|september|october|november|december"
    r"|year|month|week|(19|20)\d\d)\b",
    re.IGNORECASE,
)


# capitalised words that are titles or institutions, not names of people taking part
_TITLE_WORDS = frozenset("""
president premier prime minister foreign defence defense secretary director office central commission
committee council councilor councillor state member political bureau party general security deputy
vice chairman chair spokesman spokeswoman spokesperson ambassador envoy adviser advisor national
ministry affairs chief head top senior mr mrs ms dr the a an on in at of for and with by his her its
their this that after before during last next new strategic consultation consultations mechanism
united nations assembly organization organisation federation republic people's communist kremlin
""".split())
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?(?:\s+[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?)*")


def _is_target_alias(word: str, lexicon: Lexicon) -> bool:
    return any(p.fullmatch(word) for pats in lexicon.targets.values() for p in pats)


def meeting_participants(claims: Sequence[Claim], lexicon: Lexicon) -> frozenset[str]:
    """Names of people in the article's claims about the meeting (a meeting word and no other time).

    Title words and country/target aliases are dropped, so "Russian President Vladimir Putin met
    Wang Yi" gives {"Vladimir", "Putin", "Wang", "Yi"}; speakers of attributed claims count too.
    """
    names: set[str] = set()
    for c in claims:
        if c.speaker:
            names.update(w for w in c.speaker.split() if w[:1].isupper())
        text = normalize_text(c.claim_text)
        if not any(p.search(text) for p in lexicon.meeting) or any(p.search(text) for p in lexicon.other_time):
            continue
        for m in _NAME.finditer(text):
            words = [w for w in m.group(0).split() if w.casefold() not in _TITLE_WORDS
                     and not _is_target_alias(w, lexicon)]
            if len(words) >= 2 or (words and len(m.group(0).split()) >= 2):
                names.update(words)
    return frozenset(names)


def detect_background(claim: Claim, lexicon: Lexicon,
                      participants: frozenset[str] = frozenset()) -> tuple[bool, str]:
    """(is_background, cue) for one claim; `participants` from meeting_participants()."""
    text = normalize_text(claim.claim_text)
    if claim.attribution != "outlet_voice":
        sentence = normalize_text(claim.sentence_text) or text
        m = _REPORTED_AT_OTHER_TIME.search(sentence)
        if m:
            return True, f"reported at another time: \"{m.group(0)}\""
        return False, ""
    for pat in lexicon.other_time:
        m = pat.search(text)
        if m:
            return True, f"refers to another time or event: \"{m.group(0)}\""
    if lexicon.meeting and not any(p.search(text) for p in lexicon.meeting):
        named = [w for w in re.findall(r"[A-Z][\w'-]+", text) if w in participants]
        if not named:
            return True, "outlet voice with no reference to the meeting (no meeting word or participant)"
    return False, ""
