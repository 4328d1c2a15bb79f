"""Boilerplate on unseen sites: each kind of block is dropped by its general shape, and the story's
own paragraphs stay (the last line of a cut page too)."""

from __future__ import annotations

import pytest

from stance.ingest.boilerplate import clean_page
from tests.conftest import norm

P1 = ("The foreign ministers of Norvania and Estmark agreed on Tuesday to reopen talks on a grain corridor, "
      "both governments said after a three-hour meeting in Vienna.")
P2 = "Norvanian Foreign Minister Ilse Darrow said technical teams would meet in Geneva within two weeks."
P3 = "Her counterpart said any deal would depend on guarantees for ships leaving the northern ports."
P4 = ("Traders in Rotterdam said prices would stay high until the first ships actually reached the southern ports, "
      "and farmers in the north asked for compensation for the lost")  # the page is cut here


def _clean(block: str, where: str = "middle") -> list[str]:
    parts = {"top": [block, P1, P2, P3, P4], "middle": [P1, P2, block, P3, P4], "end": [P1, P2, P3, block, P4]}[where]
    return clean_page("Grain talks to resume\n\n" + "\n\n".join(parts)).paragraphs


@pytest.mark.parametrize("block,where", [
    # site notices and prompts (two words of a page talking about itself or its reader)
    ("An official .gov website is run by a government agency of the Republic of Ruritania.", "top"),
    ("The padlock or https:// shows a secure connection to this .gov site. Enter private details only on "
     "official, secure sites.", "top"),
    ("Breaking News Sign up for free email alerts on the harbor and more, sent the moment it happens. By entering "
     "your email to get this newsletter, you accept our Terms & Conditions and Privacy Policy", "middle"),
    ("Your subscription lets you comment on our stories. Before you post a first comment, choose a display "
     "name on the Profile page of your subscriber account.", "end"),
    ("If you keep browsing this site you consent to our use of cookies and our updated Privacy Policy.", "top"),
    # promotions and player furniture
    ("Finally, a news app for people who read to the end. Harbor Herald Mobile App.", "top"),
    ("The audio of this story is generated with AI assistance", "top"),
    # related links and list lead-ins
    ("Also ReadEnvoys trade warnings over river dam", "middle"),
    ("Read also: Estmark recalls its ambassador after border incident", "middle"),
    ("Estmark recalls its ambassador after a border incident near the northern ports", "middle"),  # no full stop
    # captions and photo credits
    ("Ilse Darrow speaks to reporters in Vienna on Tuesday [File: Jane Roe/Harbor Wire]", "middle"),
    ("Ilse Darrow shakes hands with Pavel Oresky in Vienna, Austria, May 14, 2024. /Harbor TV", "top"),
    ("Ilse Darrow (left) meets Pavel Oresky in Vienna on Tuesday. Photo: X/ @IlseDarrow", "top"),
    ("Ilse Darrow (right) meets her Estmark counterpart in Vienna, Austria, on May 14, 2024.", "middle"),
    ("Ilse Darrow arrives in Vienna. REUTERS/Jane Roe/Pool", "middle"),
])
def test_block_is_dropped_and_story_kept(block, where):
    kept = _clean(block, where)
    assert norm(block) not in norm(" ".join(kept)), f"kept {block!r}"
    assert kept[:1] == [P1] and P2 in kept and P3 in kept and kept[-1] == P4


def test_list_after_a_lead_in_is_not_story():
    kept = _clean("A little more news:\n\nEstmark holds a snap election in June after the coalition collapses", "end")
    assert not any("snap election" in k for k in kept)


def test_a_closing_credit_is_no_photo_credit():
    kept = clean_page("Grain talks\n\n" + "\n\n".join([P1, P2, P3 + " (Harbor Wire/Northwind)"])).paragraphs
    assert kept[-1].endswith("(Harbor Wire/Northwind)")


def test_sentences_mentioning_a_website_are_kept():
    line = "In a statement on its website, the ministry said the talks would resume in June."
    assert line in _clean(line)
