"""Stance labels with their cues, on written sentences and the seeds; background claims."""

from __future__ import annotations

import pytest

from stance.framing import frame_claims, load_lexicon
from stance.framing.stance_labels import label_stance
from stance.schema import Claim
from tests.test_framing_terms import seed_claims


def claim(text: str, attribution: str = "outlet_voice", *, sentence: str = "", verb: str = "",
          speaker: str = "", idx: int = 0, sub: int = 0, article: str = "a1") -> Claim:
    return Claim(f"{article}-{idx}-{sub}", article, 0, idx, 0.0, idx == 0, text, sentence or text, sub,
                 speaker=speaker, attribution=attribution, reporting_verb=verb)


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_asserted_outlet_voice():
    r = label_stance(claim("Wang Yi held talks with Sergei Lavrov in Moscow on Monday."))
    assert r.stance == "asserted" and "own voice" in r.cue


def test_attributed_with_neutral_verb():
    r = label_stance(claim("the two sides agreed to deepen ties", "indirect", verb="said", speaker="Wang Yi",
                           sentence="Wang Yi said the two sides agreed to deepen ties."))
    assert r.stance == "attributed" and "Wang Yi" in r.cue and "said" in r.cue


@pytest.mark.parametrize("verb", ["claimed", "touted", "insisted", "alleged"])
def test_distancing_reporting_verbs(verb):
    r = label_stance(claim("the drills were purely defensive", "indirect", verb=verb, speaker="Moscow",
                           sentence=f"Moscow {verb} the drills were purely defensive."))
    assert r.stance == "distanced" and verb in r.cue


@pytest.mark.parametrize("text, cue", [
    ("The so-called peace plan was unveiled in Beijing.", "so-called"),
    ("The ministry tried to portray itself as a mediator.", "tried to portray itself"),
    ("Moscow has frequently touted its new partners.", "touted"),
    ("The ministry allegedly ordered the strikes.", "allegedly"),
    ('The two leaders celebrated their "friendship" at the summit.', "scare quotes"),
])
def test_distancing_wording_in_outlet_voice(text, cue):
    r = label_stance(claim(text))
    assert r.stance == "distanced" and cue in r.cue


def test_speakers_own_words_are_not_scare_quotes():
    r = label_stance(claim('Wang hailed "strategic cooperation" between the two countries', "partial_quote",
                           verb="hailed", speaker="Wang Yi"))
    assert r.stance == "attributed"


@pytest.mark.parametrize("sentence, cue", [
    ("Beijing says it is neutral, while supplying Moscow with key components.", "while"),
    ("The government promised reform, but little has changed since then.", "but"),
    ("Trade rose sharply, although sanctions remain in place.", "although"),
    ("The talks went ahead despite protests from Kyiv.", "despite"),
    ("The envoy accused the bloc of sabotage without providing evidence.", "without providing evidence"),
    ("China has backed Moscow politically but stopped short of sending arms.", "stopped short of"),
])
def test_contested_by_counter_information_in_same_sentence(sentence, cue):
    r = label_stance(claim(sentence))
    assert r.stance == "contested" and cue in r.cue


def test_contested_by_following_but_sentence():
    c = claim("China has offered Moscow a lifeline.")
    assert label_stance(c).stance == "asserted"
    r = label_stance(c, next_sentence="But it has avoided sending weapons.")
    assert r.stance == "contested" and "next sentence" in r.cue
    # a "But" inside someone's quoted statement does not contest the outlet's claim
    assert label_stance(c, next_sentence="But we will go on.", next_is_outlet_voice=False).stance == "asserted"


def test_contrast_inside_reported_speech_belongs_to_the_speaker():
    s = ("China has kept out of the quarrel, saying that while borders must be respected, the West "
         "should listen to Russia's complaints.")
    assert label_stance(claim(s)).stance == "asserted"
    said = claim("the situation is complex, but ties are strong", "indirect", verb="said", speaker="Wang",
                 sentence="Wang said the situation is complex, but ties are strong.")
    assert label_stance(said).stance == "attributed"


def test_frame_claims_uses_next_sentence_from_context(lexicon):
    a = claim("China has offered Moscow a lifeline.", idx=3)
    b = claim("But it has stopped short of sending arms.", idx=4)
    f = frame_claims([a], lexicon, context={"a1": [a, b]})[0]
    assert f.stance == "contested" and "next sentence" in f.stance_cue


# --- seeds --------------------------------------------------------------------------------

AFP = "004_c953ebcc01dabc56.txt"
ALAHED = "001_ce2b9602adbcc576.txt"


def _framed(seeds_dir, name, lexicon):
    cs = seed_claims(seeds_dir, name)
    return list(zip(cs, frame_claims(cs, lexicon), strict=True))


def test_seed_afp_neutral_party_is_contested_or_distanced(seeds_dir, lexicon):
    (c, f), = [(c, f) for c, f in _framed(seeds_dir, AFP, lexicon) if "position itself as a neutral" in c.claim_text]
    assert f.stance in ("contested", "distanced")
    assert "while offering Moscow" in f.stance_cue and "sought to position itself" in f.stance_cue


def test_seed_afp_sub_claim_split_still_contested(seeds_dir, lexicon):
    """The same judgement when the claim is only the first clause of the sentence."""
    sentence = next(c.sentence_text for c, _ in _framed(seeds_dir, AFP, lexicon)
                    if "position itself as a neutral" in c.claim_text)
    first = sentence.split(", while")[0]
    f = frame_claims([claim(first, sentence=sentence)], lexicon)[0]
    assert f.stance == "contested" and "while offering" in f.stance_cue


@pytest.mark.parametrize("name, needle", [
    (AFP, "after Russia invaded Ukraine in February last year"),
    (AFP, "joint sea and air patrols"),
    (ALAHED, "Sino-US ties have deteriorated"),
])
def test_seed_outlet_voice_background_claims(seeds_dir, lexicon, gold, name, needle):
    assert [name, needle] in gold["outlet_voice"]
    hits = [(c, f) for c, f in _framed(seeds_dir, name, lexicon) if needle.casefold() in c.claim_text.casefold()]
    assert hits and all(f.is_background and f.background_cue for _, f in hits)


def test_seed_meeting_claims_are_not_background(seeds_dir, lexicon):
    framed = _framed(seeds_dir, AFP, lexicon) + _framed(seeds_dir, "002_fd35d8d34b3ec1ad.txt", lexicon)
    for needle in ("four-day visit to Russia", "Putin asked Wang Yi to convey",
                   "exchanged in-depth views on the Ukraine issue"):
        (f,) = [f for c, f in framed if needle in c.claim_text]
        assert not f.is_background, needle


def test_background_cues_on_written_sentences(lexicon):
    cs = [claim("Wang Yi met Sergei Lavrov in Moscow on Monday.", idx=0),
          claim("Last month, the defence minister toured the region.", idx=1),
          claim("Relations have soured in recent years over trade.", idx=2),
          claim("Lavrov praised the visit.", idx=3),
          claim("the president would travel in October", "indirect", verb="saying", idx=4,
                sentence="Contacts will grow, with an aide saying in July the president would travel in October.")]
    fs = frame_claims(cs, lexicon)
    assert [f.is_background for f in fs] == [False, True, True, False, True]
    assert "Last month" in fs[1].background_cue and "in recent years" in fs[2].background_cue
    assert "saying in July" in fs[4].background_cue


def test_but_from_another_source_contests_the_same_speaker_going_on_does_not():
    c = claim("the drills are routine", "indirect", verb="said", speaker="Beijing",
              sentence="Beijing said the drills are routine.")
    r = label_stance(c, "But critics say they rehearse a blockade.", next_is_outlet_voice=False,
                     next_speakers=("critics",))
    assert r.stance == "contested" and "critics" in r.cue
    same = label_stance(c, "But we remain calm, Beijing added.", next_is_outlet_voice=False,
                        next_speakers=("Beijing",))
    assert same.stance == "attributed"


def test_critical_aside_inside_the_speakers_words_does_not_contest():
    c = claim("China stopped short of endorsing the plan", "indirect", verb="said", speaker="Wang",
              sentence="Wang said China stopped short of endorsing the plan.")
    assert label_stance(c).stance == "attributed"
