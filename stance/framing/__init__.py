"""Framing: how each outlet presents the same meeting, every label explained by its cue.

Public API (the pipeline wires these into `stance analyze`):
- load_lexicon(extra_path) -> Lexicon
- frame_claims(claims, lexicon, context) -> list[ClaimFraming]   (stance, tone, terms, background)
- find_discrepancies(groups, claims_by_id) -> list[Discrepancy]
- word_diff(a, b) / varying_phrases(a, b) / changed_tokens(text, reference)   (the one diff:
  summaries and the dashboard's highlighting)
- build_profiles(events, groups, claims_by_id, framings, articles, registry) -> list[FramingRow]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from stance.framing.background import article_context, detect_background
from stance.framing.discrepancies import find_discrepancies
from stance.framing.profile import build_profiles
from stance.framing.stance_labels import label_stance
from stance.framing.terms import TERM_SEP, Lexicon, find_terms, load_lexicon, split_terms
from stance.framing.tone import compound, target_tones
from stance.schema import Claim, ClaimFraming
from stance.text.diff import changed_tokens, closest, varying_phrases, word_diff
from stance.text.normalize import normalize_text

__all__ = [
    "TERM_SEP", "Lexicon", "build_profiles", "changed_tokens", "closest", "find_discrepancies",
    "frame_claims", "load_lexicon", "split_terms", "varying_phrases", "word_diff",
]


def _article_sentences(claims: Sequence[Claim]) -> list[tuple[int, str, bool, tuple[str, ...]]]:
    """(sentence_index, text, all-claims-outlet-voice, speakers) per distinct sentence, in order."""
    by_index: dict[int, tuple[str, bool, tuple[str, ...]]] = {}
    for c in sorted(claims, key=lambda c: (c.sentence_index, c.sub_index)):
        text, voice, speakers = by_index.get(c.sentence_index, (normalize_text(c.sentence_text or c.claim_text),
                                                                  True, ()))
        if c.speaker and c.speaker not in speakers:
            speakers = (*speakers, c.speaker)
        by_index[c.sentence_index] = (text, voice and c.attribution == "outlet_voice", speakers)
    return [(i, t, v, sp) for i, (t, v, sp) in sorted(by_index.items())]


def frame_claims(
    claims: Sequence[Claim],
    lexicon: Lexicon,
    context: Mapping[str, Sequence[Claim]] | None = None,
) -> list[ClaimFraming]:
    """Stance, tone, target tone, terms and background for each claim, in input order.

    `context` maps article_id -> that article's claims in order; it supplies the next sentence
    (a following "But ..." contests a claim) and the previous sentences ("the crisis" after "the
    Ukraine issue"). Without it, the claims given for each article serve as their own context.
    """
    pool: dict[str, list[Claim]] = {}
    if context:
        for aid, cs in context.items():
            pool[aid] = list(cs)
    own: dict[str, list[Claim]] = {}
    for c in claims:
        own.setdefault(c.article_id, []).append(c)
    for aid, cs in own.items():
        pool.setdefault(aid, cs)
    sentences = {aid: _article_sentences(cs) for aid, cs in pool.items()}
    article_ctx = {aid: article_context(cs, lexicon) for aid, cs in pool.items()}
    # indexes, so a long article costs linear time: a sentence's position, the claims of each
    # sentence, and only as many previous sentences as any concept looks back
    position = {aid: {} for aid in sentences}
    for aid, sents in sentences.items():
        for k, s in enumerate(sents):
            position[aid].setdefault(s[0], k)
    by_sentence: dict[tuple[str, int], list[Claim]] = {}
    for aid, cs in pool.items():
        for x in cs:
            by_sentence.setdefault((aid, x.sentence_index), []).append(x)
    lookback = max((concept.lookback for concept in lexicon.concepts), default=0)
    out: list[ClaimFraming] = []
    for c in claims:
        sents = sentences.get(c.article_id, [])
        pos = position.get(c.article_id, {}).get(c.sentence_index)
        nxt, nxt_voice, nxt_speakers = "", True, ()
        previous: list[str] = []
        if pos is not None:
            if pos + 1 < len(sents) and sents[pos + 1][0] == c.sentence_index + 1:
                _, nxt, nxt_voice, nxt_speakers = sents[pos + 1]
            previous = [s[1] for s in sents[max(0, pos - lookback):pos]]
        # earlier sub-claims of the same sentence also count as "previous" for anaphora
        same = [normalize_text(x.claim_text) for x in by_sentence.get((c.article_id, c.sentence_index), [])
                if x.sub_index < c.sub_index]
        st = label_stance(c, nxt, nxt_voice, nxt_speakers)
        bg, bg_cue = detect_background(c, lexicon, article_ctx.get(c.article_id))
        text = normalize_text(c.claim_text)
        out.append(ClaimFraming(
            claim_id=c.claim_id,
            stance=st.stance,
            stance_cue=st.cue,
            tone=round(compound(text), 4),
            target_tones=target_tones(text, lexicon.targets),
            terms=find_terms(text, lexicon, previous + same),
            is_background=bg,
            background_cue=bg_cue,
        ))
    return out
