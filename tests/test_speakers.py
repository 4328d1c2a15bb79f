"""Speaker resolution across sentences: pronouns, titles and role nouns, anonymous and collective
speakers, reported speech without a verb of saying, and the outlet's own voice. Every sentence
here was written for the test (invented people; real countries only where a side is meant)."""

from __future__ import annotations

from claims_helpers import claims_of, find

from stance.claims.speaker import SPEAKER_KINDS, person_name


# -- pronouns: the most recent compatible person ----------------------------------------------
def test_she_skips_the_man_who_spoke_last():
    cs = claims_of("Ms. Anna Kowal met Mr. Piotr Nowak in Warsaw on Monday. Kowal said the talks had "
                   "been useful. Nowak said a deal was close.\n\n"
                   "\u201cWe will sign it in May,\u201d she added.")
    c = find(cs, "sign it in May")
    assert c.speaker == "Anna Kowal" and c.attribution == "direct_quote"
    assert c.speaker_as_written == "she" and c.speaker_kind == "person"


def test_pronoun_bound_to_its_sentence_subject_not_the_previous_speaker():
    cs = claims_of("Mr. Piotr Nowak said the budget was fair.\n\n"
                   "In an interview on Tuesday, Ms. Anna Kowal attacked what she called "
                   "\u201ca budget for the few.\u201d")
    c = find(cs, "budget for the few")
    assert c.speaker == "Anna Kowal" and "subject of its sentence" in c.attribution_cue


def test_gender_shown_by_he_in_the_speakers_own_sentence():
    cs = claims_of("Jonas Varga said he would stay in office. Ilse Brandt, his deputy, said she "
                   "disagreed.\n\n\u201cThe vote was clear,\u201d Brandt said.\n\n"
                   "\u201cI will not resign,\u201d he said.\n\n\u201cHe must go,\u201d she said.")
    assert find(cs, "will not resign").speaker == "Jonas Varga"
    assert find(cs, "must go").speaker == "Ilse Brandt"


# -- titles and role nouns ----------------------------------------------------------------------
def test_role_noun_with_nationality_takes_the_person_of_that_side():
    cs = claims_of("Chinese Foreign Minister Li Wenhao hosted his German counterpart Jonas Varga in "
                   "Xiamen. Li said the fishing dispute could be settled.\n\n"
                   "\u201cWe will set up a joint panel,\u201d the German foreign minister added.")
    c = find(cs, "joint panel")
    assert c.speaker == "Jonas Varga" and c.speaker_side == "West"
    assert c.speaker_as_written == "the German foreign minister"


def test_title_written_before_a_name_with_an_initial():
    cs = claims_of("Secretary of State Helen R. Marsh met the delegation in Lisbon.\n\n"
                   "The Secretary stressed the importance of open channels.")
    c = find(cs, "open channels")
    assert c.speaker == "Helen Marsh" and "titled so earlier" in c.attribution_cue


def test_the_chinese_official_refers_to_the_chinese_speaker():
    cs = claims_of("Li Wenhao told the trade envoys that tariffs would fall next year, the state "
                   "broadcaster reported.\n\n"
                   "The Chinese official warned against \u201cnew walls around markets.\u201d")
    assert find(cs, "tariffs would fall").speaker == "Li Wenhao"  # the outlet passes on his words
    c = find(cs, "walls around markets")
    assert c.speaker == "Li Wenhao" and c.speaker_as_written == "The Chinese official"


def test_middle_initials_are_dropped_from_the_canonical_name():
    assert person_name("Helen R. Marsh") == "Helen Marsh" == person_name("Helen R Marsh")
    assert person_name("J. K. Moss") == "J. K. Moss"  # only initials: nothing to drop to
    c = claims_of("\u201cThe plan is sound,\u201d said Helen R. Marsh.")[0]
    assert c.speaker == "Helen Marsh"


# -- anonymous, collective and documentary speakers --------------------------------------------
def test_anonymous_official_kept_as_written_and_referred_back_to():
    cs = claims_of("A senior US official said the two delegations would swap draft texts.\n\n"
                   "Pressed on the dispute, the US official answered: \u201cWe are not there yet.\u201d\n\n"
                   "The meetings would continue in June, the official added.")
    first = find(cs, "swap draft texts")
    assert first.speaker == "senior US official" and first.speaker_kind == "anonymous"
    assert first.speaker_side == "West"
    assert find(cs, "not there yet").speaker == "senior US official"
    last = find(cs, "continue in June")
    assert last.speaker == "senior US official" and last.speaker_as_written == "the official"


def test_speaker_between_commas_with_a_relative_clause():
    c = claims_of("However, the other side overreacted in the incident, a senior Chinese official who "
                  "asked not to be named told the Daily Planet on Friday.")[0]
    assert c.speaker == "senior Chinese official" and c.speaker_kind == "anonymous"
    c = claims_of("However, the other side overreacted in the incident, a senior Chinese official who "
                  "asked not to be named, told the Daily Planet on Friday.")[0]
    assert c.speaker == "senior Chinese official"


def test_official_ahead_of_an_event_found_by_the_parse():
    c = claims_of("A Chinese official ahead of the summit said the agenda was open.")[0]
    assert c.speaker == "Chinese official" and c.speaker_kind == "anonymous" and c.speaker_side == "China"


def test_bodies_outlets_and_documents_keep_their_kind():
    cs = claims_of("The White House said the call was productive. State media reported that the "
                   "visit would go ahead. The Chinese foreign ministry said on its website that both "
                   "sides were ready. The presidents closed the visit with a joint statement that said "
                   "both nations would \u201coppose unilateral sanctions\u201d.")
    wh = find(cs, "call was productive")
    assert (wh.speaker, wh.speaker_kind, wh.speaker_side) == ("White House", "body", "West")
    media = find(cs, "visit would go ahead")
    assert media.speaker == "State media" and media.speaker_kind == "outlet"
    mfa = find(cs, "both sides were ready")
    assert mfa.speaker == "Chinese foreign ministry" and mfa.speaker_kind == "body"
    joint = find(cs, "unilateral sanctions")
    assert joint.speaker == "joint statement" and joint.speaker_kind == "document"
    assert all(c.speaker_kind in SPEAKER_KINDS for c in cs if c.speaker)


def test_a_journalist_of_an_outlet_is_no_outlet():
    c = claims_of("\u201cThe vote was rigged,\u201d the Lakeside Radio host said.")[0]
    assert c.speaker == "Lakeside Radio host" and c.speaker_kind == "anonymous"
    c = claims_of("\u201cThe vote was rigged,\u201d Lakeside Radio reported.")[0]
    assert c.speaker == "Lakeside Radio" and c.speaker_kind == "outlet"


def test_an_outlet_reports_a_statement_but_issues_none():
    cs = claims_of("The German foreign ministry said in a statement that the envoy was recalled. "
                   "Lakeside Radio reported the news first.\n\n"
                   "The envoy will return in May, the statement said.")
    c = find(cs, "return in May")
    assert c.speaker == "German foreign ministry" and c.speaker_as_written == "the statement"


def test_person_named_inside_an_institutions_phrase():
    c = claims_of("\u201cThe talks were useful,\u201d State Department spokesman Carl Brenner said.")[0]
    assert c.speaker == "Carl Brenner" and c.speaker_kind == "person" and c.speaker_side == "West"
    c = claims_of("\u201cThe talks were useful,\u201d a State Department spokesman said.")[0]
    assert c.speaker == "U.S. State Department" and c.speaker_kind == "body"


def test_relative_clause_names_the_speaker():
    c = claims_of("The envoy also met Minister Jonas Varga, who stated that the border would stay open.")[0]
    assert c.speaker == "Jonas Varga"


# -- reported speech without a verb of saying ---------------------------------------------------
def test_according_to_him_and_in_her_words():
    cs = claims_of("Mr. Piotr Nowak spoke to reporters on Monday. According to him, the deal is "
                   "close.\n\nMs. Anna Kowal was less sure. In her words, the deal is still far off.")
    assert find(cs, "deal is close").speaker == "Piotr Nowak"
    assert find(cs, "still far off").speaker == "Anna Kowal"


def test_quoted_as_saying():
    cs = claims_of("Jonas Varga met the press.\n\n\u201cThe vote is over,\u201d a local paper quoted "
                   "him as saying. \u201cThe answer was no,\u201d Ilse Brandt was quoted as saying.")
    assert find(cs, "vote is over").speaker == "Jonas Varga"
    assert find(cs, "answer was no").speaker == "Ilse Brandt"


def test_colon_then_quotation_in_one_paragraph_and_quote_over_sentences():
    cs = claims_of("Jonas Varga said the talks in Riga had gone on for an hour.\n\n"
                   "On the border, the choice was plain to him: \u201cWe must open it.\u201d\n\n"
                   "\u201cThe border is closed. It will stay closed,\u201d Ilse Brandt said.")
    assert find(cs, "must open it").speaker == "Jonas Varga"
    assert find(cs, "border is closed").speaker == "Ilse Brandt"
    assert find(cs, "stay closed").speaker == "Ilse Brandt"


def test_continuing_a_closing_frame():
    c = claims_of("The ministry will not back down, Varga continued.")[0]
    assert c.speaker == "Varga" and c.reporting_verb == "continued"


# -- frames in one sentence ---------------------------------------------------------------------
def test_closing_frame_governs_the_sentence():
    c = claims_of("Both teams left without a deal, with Varga repeating his objections, a senior aide "
                  "told reporters.")[0]
    assert c.speaker == "senior aide" and c.speaker_kind == "anonymous"


def test_person_speaks_through_an_according_to_source():
    c = claims_of("According to a statement from the German foreign ministry, Minister Jonas Varga "
                  "said the grain corridor would stay open.")[0]
    assert c.speaker == "Jonas Varga"


# -- the outlet's own voice ---------------------------------------------------------------------
def test_country_opened_background_stays_outlet_voice():
    for text in ("Moscow claims to be a neutral broker in the river dispute.",
                 "Kyiv has kept warm relations with the northern states for decades.",
                 "Trawlers fill the strait every spring despite Russia's claims to the reefs nearby.",
                 "Prices rose all winter, with Berlin blaming the pipeline operators."):
        c = claims_of(text)[0]
        assert c.attribution == "outlet_voice" and c.speaker == "", text
    c = claims_of("Moscow claimed that the vessel had strayed into the bay by accident.")[0]
    assert c.speaker == "Moscow" and c.speaker_kind == "body" and c.attribution == "indirect"
