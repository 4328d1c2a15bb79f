"""The outlet's stance toward each claim: asserted, attributed, distanced or contested.

Every label comes with the cue that set it, so an analyst can see why. Rules (most specific
first, the others reported as secondary cues):

- contested: the outlet pairs the claim with counter-information in its own voice: a contrast
  clause (", while", ", but", "although", "despite", "even as", "however") outside the claim and
  outside quoted speech, a limiting aside ("stopped short of", "without providing evidence"), or
  the next sentence in outlet voice opening with "But"/"However"/"Yet".
- distanced: a distancing verb or phrase in the outlet's voice (claimed, touted, insisted,
  alleged, so-called, "tried to portray itself as"), or scare quotes (a short quoted phrase in a
  claim the outlet states itself).
- attributed: reported speech with a neutral verb.
- asserted: the outlet's own voice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from stance.schema import Claim
from stance.text.normalize import normalize_text

DISTANCING = re.compile(
    r"\b(claim(?:ed|ing)|claims? that|tout(?:s|ed|ing)?|insist(?:s|ed|ing)?|alleg(?:e|es|ed|edly|ing)"
    r"|purport(?:s|ed|edly)?|so-called|supposed(?:ly)?|ostensibl[ey]"
    r"|(?:sought|seeks?|seeking|tried|tries|trying|attempt(?:s|ed|ing)?) to "
    r"(?:position|portray|present|cast|paint|style|frame|project)(?: \w+)?"
    r"|(?:portrays?|portrayed|presents?|presented|styles?|styled|bills?|billed) (?:itself|themselves|himself|herself))\b",
    re.IGNORECASE,
)
DISTANCING_VERBS = {"claim", "claimed", "claims", "tout", "touted", "touts", "touting", "insist", "insisted",
                    "insists", "allege", "alleged", "alleges", "purported", "purports"}
CONTRAST = re.compile(
    r"(?:^|[,;:]\s*|\s-\s*)(while|whereas|but(?! also\b)|although|though|even though|even as|despite|in spite of"
    r"|however|yet|nevertheless|nonetheless)\b"
    r"|\b(although|despite|in spite of|even though|even as|whereas)\b",
    re.IGNORECASE,
)
CRITICAL_ASIDE = re.compile(
    r"\bstopped short of\b|\bwithout (?:providing |giving |offering )?(?:evidence|proof)\b",
    re.IGNORECASE,
)
NEXT_COUNTER = re.compile(r"^\W*(but|however|yet|still|nevertheless|nonetheless|in fact)\b", re.IGNORECASE)
# where reported speech starts inside a sentence: cues after this belong to the speaker
SPEECH_START = re.compile(r",\s*(saying|adding|noting|stressing|arguing)\b|\b(said|says|added|noted) that\b",
                          re.IGNORECASE)
_QUOTED = re.compile(r"\"([^\"]{1,300})\"")


@dataclass(frozen=True)
class StanceResult:
    stance: str
    cue: str


def _strip_quotes(text: str) -> str:
    """Quoted speech replaced by placeholders of the same length (cues inside belong to the speaker)."""
    return _QUOTED.sub(lambda m: '"' + "_" * len(m.group(1)) + '"', text)


def _outlet_voice_part(sentence: str) -> str:
    """The sentence up to where reported speech starts, quotes blanked."""
    s = _strip_quotes(sentence)
    m = SPEECH_START.search(s)
    return s[: m.start()] if m else s


def _claim_span(sentence: str, claim_text: str) -> tuple[int, int]:
    i = sentence.find(claim_text)
    if i < 0:
        i = sentence.casefold().find(claim_text.casefold())
    return (i, i + len(claim_text)) if i >= 0 else (0, len(sentence))


def _snippet(text: str, start: int, width: int = 60) -> str:
    return text[start: start + width].strip().rstrip(",;")


def _contrast_cue(claim: Claim, sentence: str) -> str:
    """A contrast clause in outlet voice in the sentence, outside the claim's own text."""
    voice = _outlet_voice_part(sentence)
    lo, hi = _claim_span(sentence, normalize_text(claim.claim_text))
    whole = hi - lo >= len(sentence) - 2
    for m in CONTRAST.finditer(voice):
        start = m.start(1) if m.group(1) else m.start(2)
        if not whole and lo <= start < hi and start > lo + 2:
            continue  # the contrast sits inside this claim: it frames another clause, not this one
        if whole and start < 3:
            continue  # a sentence opening "While ..." frames its main clause, which is this claim
        return f"contrast in outlet voice: \"{_snippet(sentence, start)}\""
    m = CRITICAL_ASIDE.search(voice)
    if m and not (lo <= m.start() < hi and hi - lo < len(sentence) - 2 and m.start() > lo + 2):
        return f"critical aside: \"{_snippet(sentence, m.start())}\""
    return ""


def _distancing_cue(claim: Claim, text: str) -> str:
    voice = _outlet_voice_part(text)
    m = DISTANCING.search(voice)
    if m:
        return f"distancing wording \"{m.group(0)}\""
    if claim.attribution == "outlet_voice":
        for q in _QUOTED.finditer(text):
            if 1 <= len(q.group(1).split()) <= 3:
                return f"scare quotes in outlet voice: \"{q.group(1)}\""
    return ""


def _framing_distance(claim: Claim, sentence: str, text: str) -> str:
    """For reported speech: a distancing reporting verb, or distancing wording in the outlet's
    framing before the claim ("Beijing, which claims neutrality, said ..."); a speaker's own
    words inside the claim never count."""
    if claim.reporting_verb and claim.reporting_verb.casefold() in DISTANCING_VERBS:
        return f"distancing reporting verb \"{claim.reporting_verb}\""
    lo, _ = _claim_span(sentence, text)
    m = DISTANCING.search(_outlet_voice_part(sentence[:lo])) if lo > 0 else None
    return f"distancing wording \"{m.group(0)}\"" if m else ""


def label_stance(claim: Claim, next_sentence: str = "", next_is_outlet_voice: bool = True,
                 next_speakers: Sequence[str] = ()) -> StanceResult:
    """Stance of the outlet toward one claim, with the cue(s) that set it.

    `next_sentence` is the following sentence of the same article. A "But ..." there contests
    this claim when the outlet says it or someone other than this claim's speaker does ("But
    critics say ..."); the same speaker going on ("But we will ...", he said) does not.
    """
    text = normalize_text(claim.claim_text)
    sentence = normalize_text(claim.sentence_text) or text
    outlet_voice = claim.attribution == "outlet_voice"
    contested = ""
    if outlet_voice:
        contested = _contrast_cue(claim, sentence)
    else:
        lo, hi = _claim_span(sentence, text)
        outside = sentence[:lo] + " " * (hi - lo) + sentence[hi:] if hi - lo < len(sentence) - 2 else ""
        m = CRITICAL_ASIDE.search(_outlet_voice_part(outside)) if outside else None
        if m:
            contested = f"critical aside: \"{_snippet(sentence, m.start())}\""
    nxt = normalize_text(next_sentence)
    other_voice = next_is_outlet_voice or bool(next_speakers and claim.speaker not in next_speakers)
    if not contested and nxt and other_voice and NEXT_COUNTER.match(nxt):
        who = "" if next_is_outlet_voice else f" ({', '.join(sorted(next_speakers))})"
        contested = f"next sentence counters it{who}: \"{_snippet(nxt, 0)}\""
    if outlet_voice:
        distanced = _distancing_cue(claim, text)
    else:
        distanced = _framing_distance(claim, sentence, text)
    if contested:
        cue = contested + (f"; also {distanced}" if distanced else "")
        return StanceResult("contested", cue)
    if distanced:
        return StanceResult("distanced", distanced)
    if not outlet_voice:
        verb = claim.reporting_verb or claim.attribution.replace("_", " ")
        who = claim.speaker or "a source"
        return StanceResult("attributed", f"{claim.attribution} to {who} via \"{verb}\"")
    return StanceResult("asserted", "outlet's own voice, no distancing or counter cue")
