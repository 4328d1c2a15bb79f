"""Typed records that cross stage boundaries, and the column names of every table we write.

Stages exchange these frozen dataclasses (or DataFrames whose columns are the constants below);
nothing else crosses a module boundary. CSV column orders are part of the product's contract
with analysts' spreadsheets and scripts, so they live here, once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from stance.text.normalize import normalize_text

# --- enumerations -------------------------------------------------------------------------

ATTRIBUTIONS = ("direct_quote", "partial_quote", "indirect", "outlet_voice")
STANCES = ("asserted", "attributed", "distanced", "contested")
OUTLET_TYPES = ("wire", "state media", "ministry", "public broadcaster", "private", "unknown")
# what a discrepancy is about: where, when, how many or how long, who (holds which title),
# what (kind of visit, how the sides were in contact), and a claim said and denied
DISCREPANCY_KINDS = ("place", "date", "number", "who", "what", "negation")


def stable_hash(*parts: str, length: int = 16) -> str:
    """Short, stable content hash (sha1 hex prefix) over normalized, case-folded parts."""
    h = hashlib.sha1()
    for p in parts:
        h.update(normalize_text(p).casefold().encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


# --- records ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    """One clean article with provenance. `article_id` is a hash of its normalized body text."""

    article_id: str
    source: str  # file name (or file name#record) or URL the article was read from
    text: str  # clean body, paragraphs separated by a blank line
    url: str = ""
    outlet: str = ""  # news organization whose reporting it is (wire or ministry credited)
    publisher: str = ""  # site that carried it
    published: str = ""  # ISO date YYYY-MM-DD, "" when unknown
    date_source: str = ""  # how the date was found ("web address", "timestamp line ..."), "" when undated
    title: str = ""
    dateline: str = ""
    language: str = "en"
    syndicated_of: str = ""  # article_id of the original when this is a syndicated copy
    warnings: tuple[str, ...] = ()

    @property
    def n_chars(self) -> int:
        return len(self.text)

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]

    def row(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in ARTICLE_COLUMNS if k != "n_chars"}
        d["n_chars"] = self.n_chars
        return d


@dataclass(frozen=True)
class Claim:
    """One checkable proposition of an article, with who says it and how."""

    claim_id: str
    article_id: str
    paragraph: int
    sentence_index: int  # index of the sentence in the article (0-based)
    position: float  # 0..1 through the article
    is_lede: bool
    claim_text: str
    sentence_text: str = ""  # the whole sentence the claim was split from
    sub_index: int = 0  # index of the claim inside its sentence
    speaker: str = ""  # normalized; "" when the outlet speaks in its own voice
    speaker_side: str = ""  # one of the sides the actors data declares, or ""
    attribution: str = "outlet_voice"  # one of ATTRIBUTIONS
    reporting_verb: str = ""
    quoted_spans: tuple[str, ...] = ()
    attribution_cue: str = ""  # why the speaker/attribution was chosen (explainability)
    # the speaker record beside the canonical `speaker`: what kind of voice it is (person, body,
    # document, anonymous, outlet: stance.claims.speaker.SPEAKER_KINDS) and the words the page
    # used for it ("the Chinese top diplomat", "a senior US official")
    speaker_kind: str = ""
    speaker_as_written: str = ""

    def row(self) -> dict[str, Any]:
        d = asdict(self)
        d["quoted_spans"] = " | ".join(self.quoted_spans)
        return d


def make_claim_id(article_id: str, sentence_index: int, sub_index: int, text: str) -> str:
    return stable_hash(article_id, str(sentence_index), str(sub_index), text)


@dataclass(frozen=True)
class Event:
    """Articles that report the same meeting or visit. `unassigned`: undated articles that
    matched no dated event well enough, kept apart rather than put in a default bucket (the
    analyst decides where they belong)."""

    event_id: str
    label: str
    article_ids: tuple[str, ...]
    start: str = ""
    end: str = ""
    participants: tuple[str, ...] = ()
    place: str = ""
    unassigned: bool = False


@dataclass(frozen=True)
class GroupMember:
    claim_id: str
    similarity: float  # cosine to the group's representative (1.0 for the representative)
    talking_point_id: str = ""  # the line this claim carries ("" before talking points are linked)


@dataclass(frozen=True)
class ClaimGroup:
    """Claims of one event, from one or more outlets, that report the same proposition."""

    group_id: str
    event_id: str
    representative_claim_id: str
    representative: str
    members: tuple[GroupMember, ...]
    outlets: tuple[str, ...]  # outlets carrying it, syndicated copies counted once (original)
    talking_point_id: str = ""

    @property
    def n_outlets(self) -> int:
        return len(self.outlets)


@dataclass(frozen=True)
class ClaimFraming:
    """Per-claim framing labels, each explained by the cue that set it."""

    claim_id: str
    stance: str  # one of STANCES
    stance_cue: str
    tone: float  # VADER compound of the claim text
    target_tones: dict[str, float] = field(default_factory=dict)  # target -> compound
    terms: dict[str, str] = field(default_factory=dict)  # concept -> chosen term
    is_background: bool = False
    background_cue: str = ""


@dataclass(frozen=True)
class Discrepancy:
    """Two claims of one event, from different outlets, that give one checkable detail different
    values. `group_id` is the claim group of `claim_a` (the two claims need not share a group);
    `slot` says what the values are about ("meeting place (Sullivan, Wang Yi)", "title of
    Kuleba")."""

    group_id: str
    claim_a: str
    claim_b: str
    kind: str  # one of DISCREPANCY_KINDS
    value_a: str
    value_b: str
    event_id: str = ""
    slot: str = ""


class Dimension(StrEnum):
    """What a framing profile row (`FramingRow.dimension`) measures; `stance.framing.profile`
    documents each one's value and score. Members are plain strings in the store and the CSV."""

    STANCE_SHARE = "stance_share"
    QUOTED_SIDE = "quoted_side"
    QUOTED_SPEAKER = "quoted_speaker"
    BACKGROUND_SHARE = "background_share"
    TERM = "term"
    TERM_OWN_VOICE = "term_own_voice"
    TONE = "tone"
    TONE_TARGET = "tone_target"
    ONLY_HERE = "only_here"
    LEDE = "lede"
    OMITS = "omits"
    OUTLET_COUNTRY = "outlet_country"
    OUTLET_TYPE = "outlet_type"
    STATE_AFFILIATED = "state_affiliated"


@dataclass(frozen=True)
class FramingRow:
    event_id: str
    outlet: str
    dimension: str
    value: str
    score: float
    evidence_claim_ids: tuple[str, ...] = ()


# --- CSV / table column orders ------------------------------------------------------------

# List-valued cells. Names (outlets, participants, terms) are joined with LIST_SEP; claim and
# article ids with ID_SEP. Writers and readers go through these functions only.
LIST_SEP = "; "
ID_SEP = " "


def join_list(values: Iterable[str]) -> str:
    """Names as one cell ("AFP; Reuters")."""
    return LIST_SEP.join(str(v) for v in values)


def split_list(cell: object) -> list[str]:
    """The names of a `join_list` cell (empty parts and missing cells give none)."""
    if not isinstance(cell, str):
        return []
    return [p.strip() for p in cell.split(LIST_SEP) if p.strip()]


def join_ids(ids: Iterable[str]) -> str:
    """Ids as one cell ("c1 c2")."""
    return ID_SEP.join(ids)


def split_ids(cell: object) -> list[str]:
    """The ids of a `join_ids` cell."""
    return cell.split() if isinstance(cell, str) else []


ARTICLE_COLUMNS = [
    "article_id", "source", "url", "outlet", "publisher", "published", "date_source", "title", "dateline",
    "language", "syndicated_of", "n_chars",
]

CLAIM_COLUMNS = [
    "claim_id", "article_id", "paragraph", "sentence_index", "sub_index", "position", "is_lede",
    "claim_text", "sentence_text", "speaker", "speaker_side", "speaker_kind", "speaker_as_written",
    "attribution", "reporting_verb", "quoted_spans", "attribution_cue",
]

EVENT_COLUMNS = ["event_id", "label", "start", "end", "place", "participants", "n_articles",
                 "outlets", "article_ids", "unassigned"]

ALIGNED_COLUMNS = [
    "event_id", "event_label", "group_id", "talking_point_id", "article_id", "source", "outlet",
    "publisher", "published", "claim_id", "paragraph", "position", "claim_text", "speaker",
    "speaker_kind", "speaker_as_written", "attribution", "reporting_verb", "similarity", "n_outlets_in_group", "syndicated_of",
    "stance", "tone", "terms",
    # so a row stands alone: where it was read, who speaks, why the stance, what the group says
    "url", "title", "speaker_side", "stance_cue", "is_lede", "representative", "target_tones",
]

FRAMING_COLUMNS = ["event_id", "outlet", "dimension", "value", "score", "evidence_claim_ids"]

# one row per pair of claims that disagree; it stands alone: the event, what the values are
# about, and for each side the outlet (or the site of a copy), its value and its claim's text;
# the ids join claims.csv and aligned_claims.csv (group_id: the group of claim_a)
DISCREPANCY_COLUMNS = ["event_id", "event_label", "kind", "slot", "outlet_a", "value_a", "text_a",
                       "outlet_b", "value_b", "text_b", "url_a", "url_b", "claim_a", "claim_b", "group_id"]

ANNOTATION_COLUMNS = [
    "annotator", "session_id", "item_type", "item_id", "label", "value", "note", "created_at",
    "prediction", "adjudicated",
]

# An analyst's correction of the events (`stance.annotate.corrections`). Events are named by
# their articles, never by event id, so a correction survives re-analysis.
CORRECTION_KINDS = ("merge", "split", "move", "rename")
CORRECTION_COLUMNS = ["analyst", "created_at", "kind", "article_ids", "target_ids", "label", "note"]


@dataclass(frozen=True)
class Correction:
    """One correction of the events, applied after the events stage on every run.

    merge: the events holding `article_ids` and `target_ids` become one (named `label`, else
    the target's name); split: `article_ids` leave their event and form a new one (`label`);
    move: `article_ids` join the event holding `target_ids`; rename: the event holding
    `article_ids` is called `label`. Fields are CORRECTION_COLUMNS in order (ids: tuples)."""

    analyst: str
    created_at: str
    kind: str
    article_ids: tuple[str, ...]
    target_ids: tuple[str, ...] = ()
    label: str = ""
    note: str = ""

    def row(self) -> dict[str, Any]:
        d = asdict(self)
        d["article_ids"], d["target_ids"] = join_ids(self.article_ids), join_ids(self.target_ids)
        return d
