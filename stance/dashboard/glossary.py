"""What every label and figure of the dashboard means, in one sentence each, and the human names
shown instead of raw codes.

The one owner of these definitions: tooltips (`help=` of widgets, headings and table columns,
`title` of card fields) and the Help view both read `define`, and tests check that every label
the data can carry has an entry. Plain Python (no Streamlit), so it can be read anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from stance.results import MIN_EVIDENCE, speaker_words_key
from stance.schema import ATTRIBUTIONS, STANCES, Dimension


@dataclass(frozen=True)
class Entry:
    term: str
    definition: str


SECTIONS: dict[str, tuple[Entry, ...]] = {
    "Stance labels (how an outlet presents a claim)": (
        Entry("asserted", "The outlet states the claim in its own voice, as fact."),
        Entry("attributed", "The outlet reports the claim as someone else's words without taking a position on it."),
        Entry("distanced", "The outlet reports the claim while marking distance from it (\"claimed\", \"so-called\", scare quotes)."),
        Entry("contested", "The outlet reports the claim together with a denial, a rebuttal or counter-evidence."),
    ),
    "Voice (attribution of a claim)": (
        Entry("direct quote", "The speaker's words inside quotation marks, whole sentence."),
        Entry("partial quote", "Only some of the speaker's words are quoted; the rest is the outlet's paraphrase."),
        Entry("indirect", "The outlet paraphrases what the speaker said, without quotation marks."),
        Entry("outlet's own voice", "No speaker is named: the outlet says it itself."),
        Entry("other speaker", "In the speaker view: this outlet puts the same statement in someone else's mouth."),
        Entry("reporting verb", "The verb that introduces the speaker's words (said, stressed, claimed, warned...)."),
        Entry("speaker side", "The country or camp the speaker belongs to, from the actors data; \"unknown\" when it has no entry."),
    ),
    "Speakers (who says a claim)": (
        Entry("speaker", "Who the article says makes the claim, under one canonical name across outlets (the actors data's name, a person's name without middle initials)."),
        Entry("as written", "The article's own words for the speaker (\"the top diplomat\", \"a senior official\"), shown when they differ from the canonical name."),
        Entry("speaker kind", "What sort of voice speaks: a person, an institution, a document, an unnamed source or a news outlet."),
        Entry("person", "A named individual speaking."),
        Entry("institution", "A government, ministry, body or country speaking as one."),
        Entry("document", "A text whose issuer the article does not name (a joint statement, a letter)."),
        Entry("unnamed source", "An official or source the article does not name, kept unnamed rather than guessed."),
        Entry("news outlet", "A news organisation or state media the article names as the source of the words."),
    ),
    "Figures": (
        Entry("n", "How many claims a number rests on; click the figure to read them."),
        Entry("thin evidence", f"A number resting on fewer than {MIN_EVIDENCE} claims, marked with * (hatched bars): read it as an anecdote, not a pattern."),
        Entry("similarity", "How close a claim's wording is to its group's representative claim (cosine of sentence embeddings, 1 = same meaning)."),
        Entry("tone", "Mean sentiment of the outlet's claims, from -1 (hostile) to +1 (warm), by the VADER lexicon."),
        Entry("tone toward a target", "Mean sentiment of the claims that name a target (a country, a leader, \"the West\"), from -1 to +1."),
        Entry("stance share", "Share of the outlet's claims that carry each stance label."),
        Entry("quoted side", "Share of the outlet's attributed claims whose speaker belongs to each side."),
        Entry("who it quotes", "How many of the outlet's claims it attributes to each speaker."),
        Entry("background share", "Share of the outlet's claims that give background or context rather than news of the meeting."),
        Entry("terms chosen", "Which word the outlet uses for a contested concept (\"war\" or \"special military operation\"), counted over its claims."),
        Entry("terms in its own voice", "The same, counting only claims the outlet makes in its own voice, not its sources' words."),
        Entry("leads with", "The first claim of the outlet's article: what it puts first."),
    ),
    "Coverage": (
        Entry("coverage matrix", "One row per claim group of the event, one column per outlet: who carries each claim and who omits it."),
        Entry("carried", "The outlet's own article has a claim in this group."),
        Entry("carried as copy", "Only a syndicated copy carries the claim, so it adds no independent voice."),
        Entry("omitted", "The outlet covers the event but has no claim in this group."),
        Entry("omits", "Claims other outlets carry about this event that this outlet does not."),
        Entry("only here", "Claims no other outlet covering the event carries."),
    ),
    "Events, groups and copies": (
        Entry("event", "Articles that report the same meeting or visit (same participants, place and dates)."),
        Entry("claim group", "Claims from one event, across outlets, that report the same proposition."),
        Entry("talking point", "A line that recurs across events: claim groups of different meetings linked by their wording."),
        Entry("original", "An article that is the outlet's own reporting."),
        Entry("syndicated copy", "A page that republishes another outlet's article; it counts under the original's outlet, once."),
        Entry("outlet", "The news organisation whose reporting it is (the wire or ministry credited), which claims count under."),
        Entry("publisher", "The site that carried the page, which may differ from the outlet for syndicated copies."),
        Entry("country", "The outlet's country, from the outlet registry."),
        Entry("type", "What kind of outlet it is (wire, state media, ministry, public broadcaster, private), from the outlet registry."),
        Entry("state-affiliated", "Whether the outlet is owned or directed by a state, from the outlet registry."),
    ),
    "Discrepancy kinds": (
        Entry("place", "The two claims name different places for the same thing."),
        Entry("date", "The two claims give different dates or days."),
        Entry("number", "The two claims give different numbers (rounds, counts, durations, amounts)."),
        Entry("negation", "One claim says something the other denies."),
        Entry("actor", "The two claims name different people or bodies for the same role."),
        Entry("who", "The two claims give a person different titles or roles."),
        Entry("what", "The two claims describe the contact differently (a visit, a call, talks)."),
    ),
}

_ALL = {e.term.casefold(): e.definition for entries in SECTIONS.values() for e in entries}

# Raw codes of the data -> the name shown
ATTRIBUTION_NAMES = {"direct_quote": "direct quote", "partial_quote": "partial quote",
                     "indirect": "indirect", "outlet_voice": "outlet's own voice",
                     "other_speaker": "other speaker"}
# speaker_kind codes (stance.claims.speaker.SPEAKER_KINDS, kept in step by a test) -> names
KIND_NAMES = {"person": "person", "body": "institution", "document": "document",
              "anonymous": "unnamed source", "outlet": "news outlet"}
DIMENSION_NAMES = {
    Dimension.STANCE_SHARE: "stance share", Dimension.QUOTED_SIDE: "quoted side",
    Dimension.QUOTED_SPEAKER: "who it quotes", Dimension.BACKGROUND_SHARE: "background share",
    Dimension.TERM: "terms chosen", Dimension.TERM_OWN_VOICE: "terms in its own voice",
    Dimension.TONE: "tone", Dimension.TONE_TARGET: "tone toward a target",
    Dimension.ONLY_HERE: "only here", Dimension.LEDE: "leads with", Dimension.OMITS: "omits",
    Dimension.OUTLET_COUNTRY: "country", Dimension.OUTLET_TYPE: "type",
    Dimension.STATE_AFFILIATED: "state-affiliated",
}


def define(term: str) -> str:
    """The one-sentence definition of `term` (a label, figure or code as the data writes it:
    "direct_quote", "background_share" and "direct quote" all work). KeyError if none."""
    key = str(term).casefold()
    for candidate in (key, ATTRIBUTION_NAMES.get(key, ""), DIMENSION_NAMES.get(key, ""),
                      KIND_NAMES.get(key, ""), key.replace("_", " ")):
        if candidate and candidate.casefold() in _ALL:
            return _ALL[candidate.casefold()]
    raise KeyError(f"no definition for {term!r}: add it to stance/dashboard/glossary.py")


def attribution_name(code: str) -> str:
    return ATTRIBUTION_NAMES.get(str(code or ""), str(code or "").replace("_", " "))


def kind_name(code: str) -> str:
    """A speaker_kind code as a reader says it ("body" -> "institution"); "" when unknown."""
    return KIND_NAMES.get(str(code or ""), str(code or "").replace("_", " "))


def speaker_notes(name: str, kind: str = "", as_written: str = "") -> list[str]:
    """What the dashboard adds to a canonical speaker name: its kind, and the article's own
    words for it when they differ ("as written: the top diplomat")."""
    as_written = str(as_written or "").strip()
    notes = [kind_name(kind)] if kind else []
    if as_written and speaker_words_key(as_written) != speaker_words_key(name):
        notes.append(f"as written: {as_written}")
    return notes


def speaker_label(name: str, kind: str = "", as_written: str = "", *more: str) -> str:
    """A speaker as the dashboard names it: the canonical name, then its kind, the article's own
    words when they differ and any `more` notes ("Ana Ruiz (person; as written: the envoy;
    partial quote)"); "" for the outlet's own voice."""
    name = str(name or "").strip()
    if not name:
        return ""
    notes = [*speaker_notes(name, kind, as_written), *(m for m in more if m)]
    return f"{name} ({'; '.join(notes)})" if notes else name


def dimension_name(code: str) -> str:
    return DIMENSION_NAMES.get(str(code or ""), str(code or "").replace("_", " "))


def value_name(dimension: str, value: str) -> str:
    """A framing row's value as a reader says it: terms "ukraine_war=war" read
    "ukraine war: war"; anything else as stored, underscores as spaces."""
    value = str(value or "")
    if dimension in (Dimension.TERM, Dimension.TERM_OWN_VOICE) and "=" in value:
        concept, term = value.split("=", 1)
        return f"{concept.replace('_', ' ')}: {term}"
    return value


def term_name(term: str) -> str:
    """The name a reader sees for a term or code ("direct_quote" -> "direct quote")."""
    term = str(term)
    return ATTRIBUTION_NAMES.get(term) or DIMENSION_NAMES.get(term) or term.replace("_", " ")


def help_for(*terms: str) -> str:
    """Tooltip text for one or more terms: "**name**: definition" paragraphs."""
    return "\n\n".join(f"**{term_name(t)}**: {define(t)}" for t in terms)


def every_label() -> list[str]:
    """The codes the data can carry that must have a definition (tested)."""
    return [*STANCES, *ATTRIBUTIONS, *(d.value for d in Dimension), *KIND_NAMES]
