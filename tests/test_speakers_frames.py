"""Speakers the page's own frame gives: transcripts' turn-takers, interviews, readouts, statements
introduced by a colon, first-person and present-tense continuation, quotations running over
paragraphs. Sentences written for the test (invented people and outlets)."""

from __future__ import annotations

from claims_helpers import claims_of, find


# -- transcripts --------------------------------------------------------------------------------
def test_upper_case_label_speaks_following_paragraphs():
    cs = claims_of("Remarks to the Press\n\n"
                   "SECRETARY MARSH: Good evening. Thank you all for coming.\n\n"
                   "Let me first thank our hosts for three long and useful days.\n\n"
                   "We have made real progress on the grain corridor, and we will keep at it.\n\n"
                   "The talks covered energy and trade.\n\n"
                   "Our partners agreed to meet again in June.")
    assert find(cs, "Good evening").speaker == "Marsh"
    for needle in ("thank our hosts", "real progress", "energy and trade", "meet again in June"):
        c = find(cs, needle)
        assert c.speaker == "Marsh" and c.attribution == "direct_quote", needle
        assert "turn of Marsh" in c.attribution_cue
    assert find(cs, "Remarks to the Press").attribution == "outlet_voice"


def test_named_label_with_title_and_note_and_a_later_label():
    cs = claims_of("Vladimir Putin (retranslated): Dear colleagues, the river talks are over.\n\n"
                   "Our ministers will sign the water accord in the autumn.\n\n"
                   "President Anton Vale: I am glad the accord is ready.")
    assert find(cs, "water accord in the autumn").speaker == "Vladimir Putin"  # the actors file's name
    c = find(cs, "accord is ready")
    assert c.speaker == "Anton Vale" and c.speaker_as_written == "President Anton Vale"


def test_label_ending_in_said_introduces_one_statement_only():
    cs = claims_of("President Anton Vale said: We will rebuild the bridge this year.\n\n"
                   "We owe it to the families on both banks.\n\n"
                   "We thank you all.")
    assert find(cs, "rebuild the bridge").speaker == "Anton Vale"
    assert find(cs, "owe it to the families").speaker == "Anton Vale"  # the statement's paragraph
    assert find(cs, "thank you all").attribution == "outlet_voice"  # a colon's frame stops there


def test_turn_ends_at_a_paragraph_of_plain_narration():
    cs = claims_of("Jonas Varga, Foreign Minister: We will not change course.\n\n"
                   "The conference ended on Sunday.\n\n"
                   "Delegates flew home on Monday.")
    assert find(cs, "not change course").speaker == "Jonas Varga"
    assert find(cs, "flew home").attribution == "outlet_voice"


def test_datelines_photos_and_sections_are_no_turn_takers():
    for text in ("Washington: The talks resumed on Monday after a break.",
                 "Photo: The ministers shook hands before the talks.",
                 "Background: The two countries restored ties in 1992."):
        c = claims_of(text)[0]
        assert c.attribution == "outlet_voice" and c.speaker == "", text


def test_interview_question_and_answer():
    cs = claims_of("Ilse Brandt told the Lakeside Radio that she hoped for a deal.\n\n"
                   "Lakeside Radio: What did you discuss with the minister?\n\n"
                   "We discussed the border and the river treaty, and we agreed to talk again.")
    q = find(cs, "What did you discuss")
    assert q.speaker == "Lakeside Radio" and q.speaker_kind == "outlet"
    a = find(cs, "river treaty")
    assert a.speaker == "Ilse Brandt" and "answer" in a.attribution_cue


# -- readouts and statements --------------------------------------------------------------------
def test_readout_attributable_to_its_issuer():
    cs = claims_of("The following is attributable to Spokesperson Carl Brenner:\n\n"
                   "The Secretary met the foreign minister of Ruritania in Geneva.\n\n"
                   "The two sides had a frank discussion of regional security.")
    for needle in ("met the foreign minister", "frank discussion"):
        c = find(cs, needle)
        assert c.speaker == "Carl Brenner" and c.attribution == "indirect", needle
        assert "readout attributable to Carl Brenner" in c.attribution_cue


def test_statement_introduced_by_a_colon():
    cs = claims_of("Jonas Varga responded in a statement on Friday:\n\n"
                   "The report is false from start to finish. I will sue the paper.\n\n"
                   "The paper stood by its story.")
    c = find(cs, "false from start to finish")
    assert c.speaker == "Jonas Varga" and c.attribution == "direct_quote"
    assert find(cs, "sue the paper").speaker == "Jonas Varga"
    assert find(cs, "stood by its story").attribution == "outlet_voice"


# -- continuation without a cue -----------------------------------------------------------------
def test_first_person_sentence_continues_the_speaker_of_its_paragraph():
    cs = claims_of("Minister Jonas Varga said the ceasefire was holding. The border and I are both "
                   "safer than a year ago.\n\n"
                   "As we reported on Monday, the border reopened on Sunday.")
    c = find(cs, "safer than a year ago")
    assert c.speaker == "Jonas Varga" and "first-person" in c.attribution_cue
    assert find(cs, "border reopened").attribution == "outlet_voice"  # the outlet's "we"


def test_present_tense_sentence_continues_an_indirect_frame():
    cs = claims_of("Varga said that Ruritania will keep its border open. The treaty is the "
                   "natural basis of the two countries' relations. The talks ended at noon.\n\n"
                   "The ministers are expected to meet again in June.")
    c = find(cs, "natural basis")
    assert c.speaker == "Varga" and "present-tense" in c.attribution_cue
    assert find(cs, "ended at noon").attribution == "outlet_voice"  # narration, past tense
    assert find(cs, "expected to meet").attribution == "outlet_voice"  # a new paragraph


# -- quotations over paragraphs -----------------------------------------------------------------
def test_quotation_runs_through_a_paragraph_without_marks():
    cs = claims_of("Quote from Ilse Brandt: \u201cThe river belongs to both of our peoples.\n\n"
                   "We will keep it clean together.\n\n"
                   "Nobody will divide us.\u201d\n\n"
                   "The treaty was signed in 1994.")
    for needle in ("belongs to both", "keep it clean", "divide us"):
        c = find(cs, needle)
        assert c.speaker == "Ilse Brandt" and c.attribution == "direct_quote", needle
    assert find(cs, "signed in 1994").attribution == "outlet_voice"
