"""Which claim texts the discrepancy check parses: the cheap tests that say a text may state
a slot fact or a title (`stance.framing.slots`, `stance.framing.roles`) before spaCy reads it.

Each test is built from what an extractor needs before it can return anything (the lists and
patterns it reads itself), so a text it turns away holds no fact or title: parsing it would
only cost time (the parse is the largest cost of the discrepancy check).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from stance.framing.roles import may_title_a_person
from stance.framing.slots import ANY_ORDINAL, DURATION, PLACE_LABELS
from stance.text import meetings
from stance.text.dates import DAY_MONTH, WEEKDAYS
from stance.text.titles import RELATIONAL_TITLES, TITLES


def _either(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _fact_words() -> dict[str, re.Pattern[str]]:
    """The words each extractor needs in a text before it can read anything from it, from the
    lists and patterns the extractors themselves read (`stance.framing.slots`, `roles`)."""
    def stems(words) -> re.Pattern[str]:  # any inflection of a lemma ("met", "talks", "visits")
        return re.compile(r"\b(?:" + "|".join(sorted({w[:5] for w in words})) + r")\w*", re.IGNORECASE)

    def kind(words) -> re.Pattern[str]:
        return re.compile(r"\b(?:" + _either(words) + r")\b", re.IGNORECASE)

    m = meetings
    return {"title": kind(TITLES - RELATIONAL_TITLES), "meeting": stems({*m.MEETING_WORDS, "met"}),
            "visit": stems(m.VISIT_WORDS), "contact": stems(m.CONTACT_WORDS), "place": kind(m.PLACE_RELATIONS),
            "visit kind": kind(m.VISIT_KINDS), "medium": kind(m.CONTACT_MEDIA), "weekday": kind(WEEKDAYS),
            "of": kind({"of"}), "together": kind({"together"}),
            "unit": kind(m.DURATION_UNITS)}  # a word `DURATION` needs, found faster than by `DURATION`


def _titled(text: str, title: re.Pattern[str]) -> bool:
    """Can a title word of `text` stand next to a person's name (`roles.titled_names`)? The
    name (it holds a capital letter) comes after the title ("Minister Ana Lima"), or before it
    and a comma ("Ana Lima, minister of ...")."""
    for m in title.finditer(text):
        after, before = text[m.end():], text[:m.start()]
        if any(ch.isupper() for ch in after):
            return True
        comma = before.rfind(",")
        if comma > 0 and any(ch.isupper() for ch in before[:comma]):
            return True
    return False


def may_state_facts(text: str) -> bool:
    """Can `text` state a slot fact or a title (cheap test before parsing)? Only texts with
    what one extractor needs are parsed: a title word that is an office (not "member",
    "counterpart": `roles.parse_role` drops those) next to a possible name; a meeting word with
    a word placing it ("met in"), a weekday or a calendar day; a length of time with a meeting,
    a visit or "together"; a year with a founding verb; an ordinal with the "of" naming its
    series; a visit with its kind ("state visit"); a call with its medium ("video call")."""
    if may_state_standing_fact(text):  # the commonest: a title (tested first, as the cheapest way out)
        return True
    return _slot_words(text)


def _slot_words(text: str, places: bool = True) -> bool:
    """Does `text` hold what one slot extractor needs (`may_state_facts` but titles; without
    `places`, but the meeting place too)?"""
    w = _fact_words()
    meeting = w["meeting"].search(text) is not None
    if meeting and ((places and w["place"].search(text)) or w["weekday"].search(text) or DAY_MONTH.search(text)):
        return True
    if w["unit"].search(text) and DURATION.search(text) and (
            meeting or w["visit"].search(text) or w["together"].search(text)):
        return True
    if w["visit"].search(text) and w["visit kind"].search(text):
        return True
    if w["contact"].search(text) and w["medium"].search(text):
        return True
    return ANY_ORDINAL.search(text.casefold()) is not None and w["of"].search(text) is not None


@lru_cache(maxsize=1)
def _dated_history() -> re.Pattern[str]:
    """A year and a founding, signing or joining verb, in either order (`slots.history_years`)."""
    history = sorted({w[:5] for w in meetings.DATED_HISTORY_VERBS})
    return re.compile(r"\b(?:19|20)\d\d\b.*\b(?:" + "|".join(history) + r")|\b(?:" + "|".join(history)
                      + r")\w*\b.*\b(?:19|20)\d\d\b", re.IGNORECASE | re.DOTALL)


def may_state_standing_fact(text: str) -> bool:
    """Can `text` state a standing fact (`stance.framing.standing_facts`): a title next to a
    possible name, or a year with a founding, signing or joining verb? The only texts parsed
    in an event of one outlet."""
    return _dated_history().search(text) is not None or _titled(text, _fact_words()["title"])


PERSON, PLACE = "person", "place"


def entities_needed(text: str, standing: bool = False) -> frozenset[str] | None:
    """The entities of which `text` (let through by `may_state_facts`, or by
    `may_state_standing_fact` when `standing`) needs one before it can state anything: a PERSON
    next to its title word (`roles.titled_names` reads titles next to PERSON entities only), a
    PLACE right after its meeting's "in", "at" ... (`slots.meeting_places`); None when it may
    state a fact without either (a day, a length of time, a year ...)."""
    if _dated_history().search(text):
        return None
    if standing:
        return frozenset({PERSON})
    if _slot_words(text, places=False):
        return None
    w = _fact_words()
    placed = w["meeting"].search(text) is not None and w["place"].search(text) is not None
    return frozenset({PERSON} if _titled(text, w["title"]) else ()) | frozenset({PLACE} if placed else ())


def _found(doc) -> set[str]:
    """Which of PERSON and PLACE the entities of `doc` (NER's alone) give: a person next to a
    title word (`roles.may_title_a_person`), a place right after a word placing a meeting
    ("in", "outside", "on the outskirts of"), as `slots.meeting_places` reads it."""
    out = {PERSON} if may_title_a_person(doc) else set()
    for e in doc.ents:
        prev = doc[e.start - 1].lower_ if e.start > 0 else ""
        if e.label_ in PLACE_LABELS and (prev in meetings.PLACE_RELATIONS or (
                prev == "of" and e.start >= 2 and doc[e.start - 2].lower_ == "outskirts")):
            return out | {PLACE}
    return out


def entities_found(needs: Mapping[str, frozenset[str]]) -> dict[str, set[str]]:
    """Which of PERSON and PLACE (as `entities_needed` means them) NER finds in each text of
    `needs`. NER runs alone, as the claims stage runs it, and what it finds in a text that has
    one of the entities it needs is kept for its parse (`stance.nlp.ANALYSES`), so no text is
    read by NER twice; entities the claims stage kept are read by the same rule (`_found`), so
    the answer does not depend on whether they were kept."""
    from stance.claims import NER_ALONE
    from stance.nlp import ANALYSES, PIPE_BATCH, load_spacy

    out: dict[str, set[str]] = {}
    todo = []
    nlp = load_spacy(disable=NER_ALONE)
    for t in needs:
        kept = ANALYSES.ents.get(t)
        if kept is None:
            todo.append(t)
            continue
        # the same rule on the same entities: NER's entities do not depend on the other
        # components, so the kept ones are set on the text's tokens and read as a fresh NER doc
        doc = nlp.nlp.make_doc(t)
        spans = [doc.char_span(s, e, label=label) for s, e, label in kept]
        if None in spans:  # not this text's tokens (cannot happen for the same text): run NER
            todo.append(t)
            continue
        doc.ents = spans
        out[t] = _found(doc)
    for t, doc in zip(todo, nlp.pipe(todo, batch_size=PIPE_BATCH), strict=True):
        out[t] = _found(doc)
        if needs[t] & out[t]:
            ANALYSES.keep_ents(t, ((e.start_char, e.end_char, e.label_) for e in doc.ents))
    return out


# word-test answers remembered per run (a key and a small answer each, the text itself is shared
# with the claims): memory stays flat on any input; beyond it, tests are asked again
MAX_ANSWERS = 200_000


class WordTests:
    """The cheap tests' answers for one run, each asked once per text: `FactsAhead` asks them
    while the encoder works (`stance.framing.ahead`), the check asks again once the events are
    known (`find_discrepancies`). A test is a pure function of its text (and flags), so a
    remembered answer is the answer; answers are kept per test function and arguments."""

    def __init__(self, max_answers: int | None = None) -> None:
        self.answers: dict[tuple, object] = {}
        self.max_answers = MAX_ANSWERS if max_answers is None else max_answers

    def __call__(self, test, text: str, *args):
        key = (test, text, args)
        if key in self.answers:
            return self.answers[key]
        answer = test(text, *args)
        if len(self.answers) < self.max_answers:
            self.answers[key] = answer
        return answer


def unnamed(needs: Mapping[str, frozenset[str]]) -> set[str]:
    """The texts in which NER finds none of the entities they need (`entities_needed`,
    `entities_found`)."""
    found = entities_found(needs)
    return {t for t, need in needs.items() if not need & found[t]}
