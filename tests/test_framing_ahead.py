"""Framing work done ahead while the encoder works (`stance.framing.ahead`). Discrepancy facts:
the facts the check would read itself, only for texts the check's cheap tests let through, at
most MAX_AHEAD of them, none parsed again. Framings: a claim framed ahead, article by article, is
framed as the event batch frames it."""

from __future__ import annotations

from conftest import record_fact_parses

from stance.framing import fact_gate, frame_claims, load_lexicon
from stance.framing.ahead import FactsAhead, FramingsAhead
from stance.framing.event_facts import facts_of
from stance.schema import Claim

FACTUAL = ["Prime Minister Arvo Lind met President Cas Dorn in Lorvik on Tuesday.",
           "The Baltic Grain Council was founded in 1961.",
           "The talks lasted three hours."]
PLAIN = ["Both sides praised the friendly atmosphere.", "They agreed to stay in touch."]


def test_only_texts_that_may_state_a_fact_are_read_ahead_and_they_read_as_the_check_reads(monkeypatch):
    parsed = record_fact_parses(monkeypatch)
    ahead = FactsAhead()
    for _ in ahead.steps([FACTUAL + PLAIN, FACTUAL]):
        pass
    assert sorted(ahead.facts) == sorted(FACTUAL) and sorted(parsed) == sorted(FACTUAL)
    fresh = facts_of(FACTUAL)
    assert all(ahead.facts[t] == fresh[t] for t in FACTUAL)
    assert ahead.facts[FACTUAL[0]].names  # a real parse: the people are found


def test_the_check_takes_facts_read_ahead_and_parses_only_the_others(monkeypatch):
    ahead = FactsAhead()
    for _ in ahead.steps([FACTUAL[:2]]):
        pass
    parsed = record_fact_parses(monkeypatch)
    cache = facts_of(FACTUAL, {}, ahead.facts)
    assert parsed == FACTUAL[2:]
    assert cache[FACTUAL[0]] is ahead.facts[FACTUAL[0]]


def test_reading_ahead_stops_at_its_bound(monkeypatch):
    parsed = record_fact_parses(monkeypatch)
    ahead = FactsAhead(max_texts=2)
    steps = sum(1 for _ in ahead.steps([FACTUAL]))
    assert len(ahead.facts) == 2 and len(parsed) == 2 and steps == 1


ARTICLE_TEXTS = {
    "a1": ["Minister Arvo Lind met envoy Cas Dorn in Lorvik on Monday.",
           "The ministry called the talks constructive and friendly.",
           "But critics said the visit achieved nothing."],
    "a2": ["Envoy Cas Dorn condemned the blockade as illegal.",
           "He thanked his hosts for a warm welcome."],
    "a3": ["Both delegations agreed to meet again in the spring."],
}


def _claims() -> list[Claim]:
    out = []
    for aid, texts in ARTICLE_TEXTS.items():
        for i, t in enumerate(texts):
            out.append(Claim(claim_id=f"{aid}-{i}", article_id=aid, paragraph=i, sentence_index=i,
                             position=i / len(texts), is_lede=i == 0, claim_text=t, sentence_text=t))
    return out


def test_claims_framed_ahead_are_framed_as_the_event_batch_frames_them():
    lexicon = load_lexicon("")
    claims = _claims()
    by_article: dict[str, list[Claim]] = {}
    for c in claims:
        by_article.setdefault(c.article_id, []).append(c)
    ahead = FramingsAhead(lexicon)
    pages = [["a1", "a2"]]  # a3 is not framed ahead
    for _ in ahead.steps(pages, lambda ids: [c for c in claims if c.article_id in ids]):
        pass
    assert set(ahead.framings) == {c.claim_id for c in claims if c.article_id != "a3"}
    event_claims = [c for c in claims if c.article_id in ("a1", "a3")]
    context = {a: by_article[a] for a in ("a1", "a3")}
    got = ahead.frame(event_claims, context)
    expected = {f.claim_id: f for f in frame_claims(event_claims, lexicon, context=context)}
    assert got == expected and list(got) == [c.claim_id for c in event_claims]
    assert {f.stance for f in got.values()} != {""}  # real framings, not empty records


def test_framing_ahead_stops_at_its_bound():
    ahead = FramingsAhead(load_lexicon(""), max_claims=3)
    claims = _claims()
    for _ in ahead.steps([["a1"], ["a2"]], lambda ids: [c for c in claims if c.article_id in ids]):
        pass
    assert set(ahead.framings) == {"a1-0", "a1-1", "a1-2"}


def test_the_check_finds_the_same_with_its_work_done_ahead_and_parses_nothing_again(monkeypatch):
    from test_framing_discrepancies import MEETING, _event

    from stance.framing.discrepancies import find_discrepancies

    texts = [MEETING, "Foreign Minister Maria Lindqvist met Jonas Weber in Lausanne.",
             "The Foreign Minister, Lindqvist said, would return in May.",
             "The Prime Minister of Estmark, the envoy added, stayed home."]
    groups, claims, arts = _event(*texts)
    plain = find_discrepancies(groups, claims, arts)
    ahead = FactsAhead()
    for _ in ahead.steps([texts]):
        pass
    parsed = record_fact_parses(monkeypatch)
    tested: list[str] = []  # the cheap word tests are not asked again either (`fact_gate.WordTests`)
    for name in ("_slot_words", "_titled"):
        word_test = getattr(fact_gate, name)
        monkeypatch.setattr(fact_gate, name, lambda t, *a, f=word_test, **k: tested.append(t) or f(t, *a, **k))
    assert find_discrepancies(groups, claims, arts, ahead=ahead) == plain and len(plain) == 1
    assert parsed == [] and tested == []
    assert ahead.found  # a text that needed a name was told by NER ahead
    assert find_discrepancies(groups, claims, arts) == plain and tested  # without them: tested now

