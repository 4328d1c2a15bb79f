"""The alignment guards: subject side read from the actors data (not from a table in code),
meetings, attribution marks and near-identical wording."""

from __future__ import annotations

import pytest

from stance.align.features import (
    SIDE_MARKS,
    claim_marks,
    describes_meeting,
    marks_conflict,
    meeting_participants,
    near_identical,
    pair_guard,
    subject_side,
)


@pytest.mark.parametrize("text,side", [
    ("Chinese Foreign Minister Wang Yi said ties are strong.", "China"),
    ("The U.S. will continue to use diplomacy, the secretary said.", "West"),
    ("Lavrov stressed that the talks were useful.", "Russia"),
    ("BEIJING (Reuters) - Putin said the talks were useful.", "Russia"),  # the dateline is no subject
    ("China and Russia held talks in Moscow.", ""),  # a joint subject
    ("Chinese troops were said to be ready.", ""),  # the adjective qualifies no title or person
    ("He also made sure the course of relations with the U.S. holds.", ""),  # a pronoun subject
    ("But we will not give in to pressure from Washington.", ""),
])
def test_subject_side(text, side):
    assert subject_side(text) == side


def _write(tmp_path, text: str):
    p = tmp_path / "actors.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_subject_guard_reads_the_analyst_actors(tmp_path):
    p = str(_write(tmp_path, 'sides = ["Northland", "Southland"]\n\n'
                             '[[person]]\nname = "Ada Quill"\naliases = ["Quill"]\nside = "Northland"\n\n'
                             '[[person]]\nname = "Bo Reed"\naliases = ["Reed"]\nside = "Southland"\n'))
    assert subject_side("Quill said the talks went well.", p) == "Northland"
    assert subject_side("Quill said the talks went well.") == ""  # not in the shipped data
    blocked, _, why = pair_guard("Quill pledged support for the plan.", "Reed pledged support for the plan.", p)
    assert blocked and "Northland" in why


# --- the second look: meetings, attribution marks, near-identical wording -----------------


ACTORS = ('sides = ["Northland", "Southland"]\n\n'
          '[[person]]\nname = "Ada Quill"\naliases = ["Quill"]\nside = "Northland"\n\n'
          '[[person]]\nname = "Bo Reed"\naliases = ["Reed"]\nside = "Southland"\n\n'
          '[[person]]\nname = "Cy Vesk"\naliases = ["Vesk"]\nside = "Northland"\n\n'
          '[[person]]\nname = "Dana Holm"\naliases = ["Holm"]\nside = "Southland"\n')


@pytest.mark.parametrize("text", [
    "Foreign Minister Quill met President Reed in Tallow on Tuesday.",
    "Northland Foreign Minister Ada Quill held talks with Bo Reed in Marrow.",
])
def test_a_meeting_names_both_parties_so_no_subject_side(tmp_path, text):
    p = str(_write(tmp_path, ACTORS))
    assert subject_side("Quill said the ties are strong.", p) == "Northland"  # the same person alone
    assert subject_side(text, p) == ""


def test_meeting_participants_only_for_meeting_claims(tmp_path):
    p = str(_write(tmp_path, ACTORS))
    assert meeting_participants("Ada Quill held talks with Bo Reed in Marrow.", p) == {"Ada Quill", "Bo Reed"}
    assert meeting_participants("Ada Quill said the talks with Bo Reed went well.", p) == frozenset()


def _marks(text, speaker="", side="", actors=""):
    return claim_marks(text, speaker, side, actors)


def test_marks_conflict_on_speaker_side_and_person():
    a = _marks("Relations are at their lowest point.", "Qin Gang", "China")
    b = _marks("Relations must stop spiralling down.", "Wang Yi", "China")
    assert marks_conflict(a, b) == "speaker"  # two people of one side: two propositions
    c = _marks("We thank our friends for their support.", "Vladimir Putin", "Russia")
    assert marks_conflict(a, c) == "speaker_side"
    d = _marks("Relations are at their lowest point.", "Chinese foreign ministry", "China")
    assert marks_conflict(a, d) == ""  # an institution of the same side is no other person
    assert marks_conflict(a, _marks("Relations are at their lowest point.")) == ""  # unknown
    joint = _marks("Ties will grow stronger.", "Xi Jinping and Vladimir Putin", "")
    assert marks_conflict(b, joint) == ""  # a joint speaker is no one person
    # talking points compare sides only: another speaker of one side repeats the line
    assert marks_conflict(a, b, SIDE_MARKS) == ""


def test_meeting_marks_conflict_only_when_each_names_someone_the_other_does_not(tmp_path):
    p = str(_write(tmp_path, ACTORS))
    quill = _marks("Ada Quill held talks with Bo Reed in Tallow.", actors=p)
    vesk = _marks("Cy Vesk met Bo Reed in Tallow.", actors=p)
    vesk_more = _marks("Cy Vesk met Bo Reed and asked him to greet Dana Holm.", actors=p)
    assert marks_conflict(quill, vesk) == "met"
    assert marks_conflict(vesk, vesk_more) == ""  # the longer report names one more person
    # groups carry the union of their members' marks
    group = {k: vesk[k] | vesk_more[k] for k in vesk}
    assert marks_conflict(group, quill) == "met"


@pytest.mark.parametrize("a,b,same", [
    ("I came to the capital to strengthen channels of communication.",
     "“I came to the capital to strengthen challenges of communication.”", True),  # a typo
    ("The visit could help stabilizing U.S.-Northland relations, Quill said.",
     "The visit could help stabilising US-Northland relations, Quill said", True),
    ("Both sides agreed to make good use of this channel.",
     "Neither side agreed on a date for the next round.", False),
    ("■", ".", False),  # no words, nothing to compare
])
def test_near_identical(a, b, same):
    assert near_identical(a, b) is same


@pytest.mark.parametrize(("text", "report"), [
    ("Orla Penn and Tavi Esk met in Quorra on Tuesday.", True),  # nobody of the actors data
    ("The two sides held talks.", True),  # a role noun is a participant
    ("Orla Penn hosted Tavi Esk at the Lantern Palace.", True),
    ("Penn received the visiting Esk in Quorra.", True),
    ("The two delegations sat down with each other in Sarn on 3 May.", True),
    ("The ministers' talks lasted more than six hours.", True),
    ("Penn, a member of the council, made the remarks during a meeting with Esk on the sidelines "
     "of the Winter Forum.", True),
    ("SARN (Wire) - Penn met Esk on the final day of a two-day visit.", True),
    ('"We met in Quorra on Monday," Penn told reporters.', True),
    # a substantive line on top of who met whom
    ("Orla Penn held candid and constructive talks with Tavi Esk.", False),
    ("Penn met Esk and both agreed to reopen the river crossing.", False),
    ("Penn received the proposal for a new canal.", False),
    ("The talks lasted long.", False),  # nobody is named
    ("Penn said the canal toll will fall.", False),  # no meeting word
])
def test_describes_meeting_only_who_met_whom_where_and_when(text, report):
    assert describes_meeting(text) is report
