"""Each attribution pattern, on seed sentences and on sentences written for the test."""

from __future__ import annotations

from claims_helpers import claims_of, find, seed_claims


# -- pronoun carry-over ------------------------------------------------------------------------
def test_pronoun_takes_previous_speaker_seed():
    c = find(seed_claims("001_ce2b9602adbcc576.txt"), "He further noted")
    assert c.speaker == "Sergei Lavrov" and c.reporting_verb == "noted"
    assert "pronoun" in c.attribution_cue and c.attribution == "indirect"


def test_pronoun_written_and_first_person_fallback():
    cs = claims_of("Michael Carter met the delegation in Oslo on Tuesday.\n\n"
                   "He said the talks had been useful.\n\n"
                   "Japanese Prime Minister Fumio Kishida told reporters the plan was sound. "
                   "He added that the vote would come later.")
    c = find(cs, "talks had been useful")
    assert c.speaker == "Michael Carter" and "subject of the previous sentence" in c.attribution_cue
    assert find(cs, "Michael Carter met").attribution == "outlet_voice"
    assert find(cs, "plan was sound").speaker == "Fumio Kishida"
    c = find(cs, "vote would come later")
    assert c.speaker == "Fumio Kishida" and "previous speaker" in c.attribution_cue
    cs = claims_of("The delegation met Michael Carter in Oslo on Tuesday. He said the talks had been useful.")
    c = find(cs, "talks had been useful")
    assert c.speaker == "Michael Carter" and "first person in the previous sentence" in c.attribution_cue


def test_pronoun_it_takes_institution():
    cs = claims_of("The two sides discussed trade, according to a statement from the Russian foreign "
                   "ministry. It added that a new round of talks would follow.")
    c = find(cs, "It added")
    assert c.speaker == "Russian foreign ministry" and c.speaker_side == "Russia"


# -- "For his part, X said" --------------------------------------------------------------------
def test_for_his_part_seed():
    c = find(seed_claims("003_b5873b51e5301179.txt"), "For his part")
    assert c.speaker == "Sergei Lavrov" and c.reporting_verb == "said"
    assert c.claim_text.startswith("For his part")


def test_for_his_part_written():
    c = claims_of("For her part, Ursula von der Leyen said the bloc would keep its sanctions.")[0]
    assert c.speaker == "Ursula von der Leyen" and c.speaker_side == "West"


# -- quote paragraph continued after "he added" ------------------------------------------------
def test_quote_after_he_added_seed():
    c = find(seed_claims("001_ce2b9602adbcc576.txt"), "bear special responsibility")
    assert c.speaker == "Wang Yi" and c.attribution == "direct_quote" and c.reporting_verb == "added"


def test_quote_continued_after_he_added_written():
    cs = claims_of("Lavrov spoke to reporters in Ankara.\n\n"
                   "\u201cWe are ready for talks,\u201d he added. \u201cBut the West must listen.\u201d\n\n"
                   "\u201cThere is no other way.\u201d\n\n"
                   "The meeting ended at noon.")
    assert find(cs, "ready for talks").speaker == "Sergei Lavrov"
    cont = find(cs, "West must listen")
    assert cont.speaker == "Sergei Lavrov" and cont.attribution == "direct_quote"
    assert "continues" in cont.attribution_cue
    assert find(cs, "no other way").speaker == "Sergei Lavrov"
    assert find(cs, "meeting ended").attribution == "outlet_voice"


def test_multi_sentence_quote_attributed_after():
    cs = claims_of("\u201cThe sanctions are illegal. They hurt ordinary people,\u201d Peskov said.")
    assert all(c.speaker == "Dmitry Peskov" for c in cs) and len(cs) == 2
    assert all(c.attribution == "direct_quote" for c in cs)


# -- according to a statement / the statement said ---------------------------------------------
def test_according_to_statement_and_statement_said_seed():
    cs = seed_claims("000_cefc9ea15f620592.txt")
    a = find(cs, "ways to improve global governance")
    assert a.speaker == "Chinese foreign ministry" and a.reporting_verb == "according to"
    assert "statement" in a.attribution_cue or "entity list" in a.attribution_cue
    b = find(cs, "exchanged views on the Ukraine situation")
    assert b.speaker == "Chinese foreign ministry" and "statement" in b.attribution_cue
    assert b.claim_text.startswith("The two sides")


def test_according_to_statement_written():
    cs = claims_of("Kyiv will host the summit, according to a statement issued by the Ukrainian "
                   "foreign ministry. Ten leaders will attend, the statement said.")
    assert find(cs, "host the summit").speaker == "Ukrainian foreign ministry"
    b = find(cs, "Ten leaders")
    assert b.speaker == "Ukrainian foreign ministry" and b.speaker_side == "Ukraine"


# -- a spokesperson said -----------------------------------------------------------------------
def test_spokesperson_takes_institution_seed():
    c = find(seed_claims("004_c953ebcc01dabc56.txt"), "detailed exchange of views")
    assert c.speaker == "Russian foreign ministry" and c.attribution == "direct_quote"
    assert "spokesperson" in c.attribution_cue


def test_spokesperson_written():
    cs = claims_of("The Chinese foreign ministry announced the visit on Friday. "
                   "\u201cThe trip will deepen trust,\u201d a spokesman said.")
    assert find(cs, "deepen trust").speaker == "Chinese foreign ministry"
    cs = claims_of("A spokesperson for the Kremlin said the date was not fixed.")
    assert cs[0].speaker == "Kremlin"


# -- X's foreign ministry said in a statement --------------------------------------------------
def test_country_foreign_ministry_statement_seed():
    cs = seed_claims("004_c953ebcc01dabc56.txt")
    c = find(cs, "18th round")
    assert c.speaker == "Chinese foreign ministry" and c.attribution == "partial_quote"
    his = find(cs, "four-day visit")
    assert his.speaker == "Chinese foreign ministry" and "Wang Yi" in his.attribution_cue


def test_country_foreign_ministry_written():
    cs = claims_of("Russia's foreign ministry said in a statement that the meeting was productive. "
                   "The talks will resume in May, the statement said.")
    assert cs[0].speaker == "Russian foreign ministry" and cs[0].attribution == "indirect"
    assert cs[1].speaker == "Russian foreign ministry"


# -- scare quotes ------------------------------------------------------------------------------
def test_scare_quotes_outlet_voice_seed():
    cs = seed_claims("000_cefc9ea15f620592.txt")
    c = find(cs, "Cold War")
    assert c.speaker == "China" and "mentality" in c.quoted_spans and c.attribution == "partial_quote"


def test_scare_quotes_written():
    c = claims_of("The two allies tout a \u201cno limits\u201d partnership.")[0]
    assert c.attribution == "outlet_voice" and c.speaker == "" and c.quoted_spans == ("no limits",)
    assert "scare quotes" in c.attribution_cue


# -- partial and direct quotes -----------------------------------------------------------------
def test_partial_quote_seed_and_written():
    c = find(seed_claims("001_ce2b9602adbcc576.txt"), "isn't directed against anyone")
    assert c.speaker == "Wang Yi" and c.attribution == "partial_quote" and c.reporting_verb == "stressed"
    c = claims_of("Blinken warned that Moscow was \u201cplaying with fire\u201d over the region.")[0]
    assert c.speaker == "Antony Blinken" and c.attribution == "partial_quote"
    assert c.quoted_spans == ("playing with fire",) and c.reporting_verb == "warned"


def test_direct_quote_speaker_after_seed_and_written():
    c = find(seed_claims("003_b5873b51e5301179.txt"), "Both sides have a firmer will")
    assert c.speaker == "Wang Yi" and c.attribution == "direct_quote"
    c = claims_of("\u201cWe will not back down,\u201d said Volodymyr Zelenskyy.")[0]
    assert c.speaker == "Volodymyr Zelensky" and c.attribution == "direct_quote"
    assert c.speaker_side == "Ukraine"


def test_indirect_appositive_and_unknown_person_via_ner():
    cs = claims_of("Maria Kowalczyk, the Polish deputy minister, said the pipeline would open.")
    assert cs[0].speaker == "Maria Kowalczyk" and cs[0].attribution == "indirect"


def test_transliteration_variant_is_one_speaker():
    a = claims_of("Sergey Lavrov said the talks went well.")[0]
    b = claims_of("Sergej Lavrov said the talks went well.")[0]
    assert a.speaker == b.speaker == "Sergei Lavrov"


# -- sentence split into claims ----------------------------------------------------------------
def test_split_two_speakers_keeps_sentence():
    text = "Wang said the visit was a success, and Lavrov said the partnership would deepen."
    cs = claims_of(text)
    assert [c.sub_index for c in cs] == [0, 1]
    assert cs[0].speaker == "Wang Yi" and cs[1].speaker == "Sergei Lavrov"
    assert all(c.sentence_text == text and c.sentence_index == 0 for c in cs)
    assert cs[1].claim_text.startswith("Lavrov said")


def test_two_subject_clauses_split_in_outlet_voice():
    text = "China and Russia held talks in Moscow, and the two sides agreed to meet again in May."
    cs = claims_of(text)
    assert [c.claim_text for c in cs] == ["China and Russia held talks in Moscow",
                                          "the two sides agreed to meet again in May."]
    assert all(c.attribution == "outlet_voice" and c.speaker == "" for c in cs)
    assert cs[1].attribution_cue == "split: independent clause joined by ', and'"


def test_split_clause_keeps_the_reporting_frame():
    text = ("At a briefing on Friday, the Russian foreign ministry said Wang would travel on to talks "
            "with Sergei Lavrov, and the two planned to \u201cpool their efforts on questions of "
            "regional security\u201d.")
    cs = claims_of(text)
    assert [c.sub_index for c in cs] == [0, 1]
    assert all(c.sentence_text == text and c.sentence_index == 0 for c in cs)
    assert cs[1].claim_text.startswith("the two planned to")
    assert cs[0].speaker == cs[1].speaker == "Russian foreign ministry"
    assert cs[1].speaker_side == cs[0].speaker_side == "Russia" and cs[1].reporting_verb == "said"
    assert cs[0].quoted_spans == ()
    assert cs[1].quoted_spans == ("pool their efforts on questions of regional security",)
    assert "reporting frame 'said'" in cs[1].attribution_cue and "split:" in cs[1].attribution_cue
    assert len({c.claim_id for c in cs}) == 2


def test_frame_after_its_complement_does_not_carry_over():
    cs = claims_of("The talks went well, Lavrov said on Monday, and the ministers flew home to Moscow.")
    assert len(cs) == 2 and cs[0].speaker == "Sergei Lavrov"
    assert cs[1].speaker == "" and cs[1].attribution == "outlet_voice"


def test_frame_closing_the_sentence_governs_both_clauses():
    cs = claims_of("Old quarrels should be put aside in Europe, and every country's security "
                   "worries deserve a fair hearing, Lavrov said.")
    assert len(cs) == 2 and cs[0].speaker == cs[1].speaker == "Sergei Lavrov"
    assert cs[0].reporting_verb == "said" and "after the coordinated clauses" in cs[0].attribution_cue
    cs = claims_of("Wang saw Lavrov and Patrushev in Moscow on Monday, and the two sides talked about "
                   "world trade rules, according to a statement from China's foreign ministry.")
    assert [c.speaker for c in cs] == ["Chinese foreign ministry"] * 2


def test_but_and_semicolon_split_full_clauses():
    cs = claims_of("The ministers agreed on trade in Beijing, but the two sides remained divided on energy.")
    assert [c.claim_text for c in cs][1] == "the two sides remained divided on energy."
    cs = claims_of("The ministers agreed on trade in Beijing; the two sides remained divided on energy.")
    assert len(cs) == 2 and "joined by ';'" in cs[1].attribution_cue


def test_no_split_without_two_independent_clauses():
    for text in (
        # shared subject, verb list
        "Wang met Lavrov in Moscow on Monday, and discussed the war in Ukraine at length.",
        # noun-phrase lists
        "The statement stressed peace and stability in the region, and closer economic ties with Asia.",
        "They discussed trade, energy, nuclear security, and the future of arms control talks.",
        # subordinate clauses are not split points
        "Wang met Lavrov in Moscow on Monday, while the war in Ukraine continued to rage.",
        "The ministers met in Beijing for two days, as the two countries deepened their ties.",
        "The ministers met in Beijing for two days, which the West criticized as a show of unity.",
        "Lavrov spoke to reporters in Beijing on Monday, saying that the talks had been frank.",
        # coordination inside a quotation
        "Lavrov said the talks were \u201cvery useful for both of our countries, and the sides "
        "will meet again soon in Moscow\u201d.",
        # a short fragment on one side
        "Lavrov met Wang, and they talked about the war in Ukraine for hours.",
    ):
        cs = claims_of(text)
        assert len(cs) == 1, [c.claim_text for c in cs]
        assert cs[0].sub_index == 0 and "split:" not in cs[0].attribution_cue


def test_outlet_voice_has_no_speaker():
    cs = claims_of("The two capitals drew nearer after the invasion, which the West condemned.")
    assert cs[0].attribution == "outlet_voice" and cs[0].speaker == "" and cs[0].reporting_verb == ""


# -- role nouns that refer back to a titled name; quote-introducing verbs --------------------
def test_title_refers_back_to_named_person():
    cs = claims_of("Russian Foreign Minister Sergei Lavrov arrived in Beijing on Monday. "
                   "Later, President Xi Jinping hosted a dinner.\n\n"
                   "The minister said the visit would deepen ties.\n\n"
                   "\u201cWe are friends,\u201d the president said.")
    c = find(cs, "deepen ties")
    assert c.speaker == "Sergei Lavrov" and "titled so earlier" in c.attribution_cue
    assert find(cs, "We are friends").speaker == "Xi Jinping"


def test_called_and_described_need_a_quotation():
    c = claims_of("Blinken called the plan \u201ca dangerous escalation\u201d on Friday.")[0]
    assert c.speaker == "Antony Blinken" and c.reporting_verb == "called"
    c = claims_of("Blinken called his counterpart on Friday to discuss the plan.")[0]
    assert c.attribution == "outlet_voice"


def test_party_tag_between_name_and_verb():
    c = claims_of("\u201cThis is a historic day,\u201d Rep. Jane Moore (D-Calif.) said.")[0]
    assert c.speaker == "Jane Moore" and c.attribution == "direct_quote"


def test_told_does_not_make_the_listener_the_speaker():
    cs = claims_of("Michael Carter, the former mayor of the city, told the convention on Wednesday "
                   "that the vote was a mistake.")
    assert cs[0].speaker == "Michael Carter"


def test_bare_attribution_sentence_and_following_quote():
    cs = claims_of("\u201cWe offered the minister a meeting.\u201d Durand said. \u201cHis refusal is disappointing.\u201d")
    assert [c.speaker for c in cs] == ["Durand", "Durand", "Durand"]
    assert cs[0].attribution == "direct_quote" and cs[2].attribution == "direct_quote"


def test_quote_after_attributed_indirect_sentence_same_paragraph():
    cs = claims_of("Lavrov says he sees a bigger issue at work. \u201cThere is a culture war going on.\u201d")
    assert cs[1].speaker == "Sergei Lavrov" and "attributed sentence" in cs[1].attribution_cue
    # a whole quoted sentence in the next paragraph, with no cue, is still the last speaker's
    cs = claims_of("Lavrov says he sees a bigger issue at work.\n\n\u201cThis is a quote with no cue of its own.\u201d")
    assert cs[1].speaker == "Sergei Lavrov" and "quotation without a cue" in cs[1].attribution_cue
    cs = claims_of("The summit opened in a cold hall.\n\n\u201cA quotation that nobody in reach has said.\u201d")
    assert cs[1].attribution == "outlet_voice" and cs[1].speaker == ""  # nobody spoke before


def test_characterizing_verbs_with_quotation():
    c = claims_of("Schumer denounced the offer as \u201cnot a compromise but hostage taking.\u201d")[0]
    assert c.speaker == "Schumer" and c.reporting_verb == "denounced" and c.attribution == "partial_quote"
    c = claims_of("Schumer denounced the offer on Friday.")[0]
    assert c.attribution == "outlet_voice"
    c = claims_of("Trump spoke in Ohio. He continued: \u201cIt only energizes my base.\u201d")[1]
    assert c.reporting_verb == "continued" and c.speaker == "Donald Trump"
    c = claims_of("The war continued into a second year.")[0]
    assert c.attribution == "outlet_voice"


def test_reads_the_letter():
    cs = claims_of("\u201cWe are deeply concerned about the impact,\u201d reads the letter.")
    assert cs[0].speaker == "letter" and cs[0].attribution == "direct_quote"
    assert cs[0].speaker_kind == "document" and cs[0].speaker_as_written == "the letter"


def test_weekday_or_possessive_is_never_a_speaker_name():
    c = claims_of("In Wednesday's speech the senator attacked the plan, calling it \u201creckless.\u201d",
                  use_ner=False)[0]
    assert "Wednesday" not in c.speaker
    c = claims_of("\u201cWe will win,\u201d the Texas governor said.")[0]
    assert c.speaker == "Texas governor" and c.attribution == "direct_quote"


def test_adverbial_between_commas_party_tag_and_organization_names():
    c = claims_of("Sen. Brian Schatz (D-Hawaii), in an interview, called the nomination \u201cshocking.\u201d")[0]
    assert c.speaker == "Brian Schatz" and c.reporting_verb == "called"
    c = claims_of("\u201cThis is a felony,\u201d said Rep. Darrell Issa, R-Calif., who leads the panel.")[0]
    assert c.speaker == "Darrell Issa" and c.attribution == "direct_quote"
    c = claims_of("\u201cIt was a stunning display,\u201d said Democracy for America.", use_ner=False)[0]
    assert c.speaker == "Democracy for America" and "organization name" in c.attribution_cue


def test_outlet_registry_gives_the_side_of_an_outlet_speaker():
    from stance.ingest.registry import load_registry

    text = "The talks were postponed, according to Reuters."
    c = claims_of(text, registry=load_registry())[0]
    assert c.speaker == "Reuters" and c.speaker_side == "West"
    assert claims_of(text)[0].speaker_side == ""  # without the registry nobody knows Reuters' side


def test_absolute_participle_with_its_own_subject_is_not_attributed():
    c = claims_of("China and Russia are close partners, with both capitals often praising "
                  "their \u201crock solid\u201d friendship.")[0]
    assert c.attribution == "outlet_voice" and c.quoted_spans == ("rock solid",)
    c = claims_of("Romney released a statement late Tuesday saying: \u201cThe comments were wrong.\u201d")[0]
    assert c.speaker == "Romney" and c.attribution == "partial_quote"


def test_ner_org_surname_becomes_the_person_named_earlier_and_definite_role():
    cs = claims_of("Michael Bloomberg, the former New York mayor, spoke on Wednesday.\n\n"
                   "\u201cI built a business,\u201d Bloomberg said.\n\n"
                   "\u201cWe will win this state,\u201d the New York businessman added.")
    assert cs[1].speaker == "Michael Bloomberg"
    c = claims_of("\u201cWe will win,\u201d Rick Perry said.\n\n\u201cThe race is open,\u201d the Texas governor said.")[1]
    assert c.speaker == "Rick Perry" and "recent speaker" in c.attribution_cue
