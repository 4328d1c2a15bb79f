"""Titles and roles: the words that name an office or a body, never the person holding it."""

# One list per kind, shared by speaker resolution (claims), participant names (background,
# events) and the subject guard (alignment). A stage adds only words that are its own concern
# (function words, reporting verbs), never its own copy of a title.

from __future__ import annotations

# offices a person holds: written before the name ("President Putin", "Foreign Minister Wang")
# or standing for it ("the minister said")
TITLES = frozenset({
    "president", "premier", "minister", "secretary", "secretary-general", "councilor", "councillor",
    "director", "chairman", "chairwoman", "chair", "chief", "head", "leader", "spokesman",
    "spokeswoman", "spokesperson", "ambassador", "envoy", "adviser", "advisor", "aide", "diplomat",
    "counterpart", "member", "speaker", "senator", "representative", "congressman", "congresswoman",
    "legislator", "lawmaker", "governor", "mayor", "sheriff", "attorney", "justice", "judge",
    "chancellor", "commander", "general", "king", "queen", "prince", "pope", "whip", "nominee",
    "candidate",
})
# words inside a compound title ("Vice Premier", "State Councilor", "top diplomat", "Senate
# Majority Leader")
TITLE_MODIFIERS = frozenset({
    "vice", "prime", "deputy", "acting", "former", "top", "senior", "foreign", "defence", "defense",
    "state", "national", "security", "press", "majority", "minority", "pro", "tem",
})
# titles abbreviated with a full stop ("Sen. Jane Roe", "Dr. Li"); a full stop after one never
# ends a sentence
HONORIFICS = ("mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "maj", "capt",
              "sgt", "rev", "hon", "amb", "adm", "cmdr", "insp", "supt", "pres", "sens", "reps", "messrs")
# bodies people speak for ("the ministry said", "Office of the Central Commission")
INSTITUTIONS = frozenset({
    "ministry", "office", "department", "council", "committee", "commission", "bureau",
    "government", "administration", "embassy", "agency", "party", "assembly", "organization",
    "organisation", "federation", "mission", "delegation", "cabinet", "parliament", "presidency",
})
# any word of a title before a name, in lower case (honorifics without their full stop)
TITLE_WORDS = TITLES | TITLE_MODIFIERS | frozenset(HONORIFICS)

# a title, or the role noun that refers back to it ("the senator"), -> one canonical role, so
# "Sen. Roe ... the senator" resolve to the same person
TITLE_CANON = {
    "president": "president", "sen": "senator", "senator": "senator", "rep": "representative",
    "representative": "representative", "congressman": "representative",
    "congresswoman": "representative", "gov": "governor", "governor": "governor",
    "speaker": "speaker", "leader": "leader", "secretary": "secretary", "minister": "minister",
    "mayor": "mayor", "sheriff": "sheriff", "chairman": "chairman", "chairwoman": "chairman",
    "judge": "judge", "justice": "justice", "ambassador": "ambassador", "chancellor": "chancellor",
    "premier": "premier", "spokesman": "spokesperson", "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson", "legislator": "representative", "lawmaker": "representative",
    "envoy": "envoy", "diplomat": "diplomat", "councilor": "councilor", "director": "director",
    "chief": "chief", "head": "head", "commander": "commander", "general": "general",
    "adviser": "adviser", "advisor": "adviser", "aide": "aide",
    "chair": "chairman", "councillor": "councilor",
    "nominee": "nominee", "candidate": "nominee",
}

# role nouns that can stand for holders of several offices ("the top diplomat" may be a foreign
# minister or a director of a foreign affairs office, "the leader" a president or a premier),
# by canonical title; an "aide" may hold any office
ROLE_FAMILIES = {
    "diplomat": frozenset({"diplomat", "minister", "secretary", "envoy", "ambassador", "director",
                           "councilor", "adviser"}),
    "leader": frozenset({"leader", "president", "premier", "chancellor", "chairman", "king", "queen",
                         "head", "speaker"}),
    "head": frozenset({"head", "president", "premier", "chancellor", "chairman", "director", "chief",
                       "leader", "secretary", "minister"}),
    "chief": frozenset({"chief", "head", "director", "commander", "general"}),
    "aide": frozenset(TITLE_CANON.values()),
    "adviser": frozenset({"adviser", "aide", "director", "secretary"}),
}


# titles that say what a person is running for or a part of, not the office held: a "candidate" can
# be "the governor" too
STATUS_TITLES = frozenset({"nominee", "member", "aide", "adviser"})


def role_fits(role: str, titles: set[str] | frozenset[str]) -> bool:
    """Can `role` (a canonical title, "the minister" -> "minister") refer to a person known by
    `titles`? A person whose titles the text never gave fits any role."""
    offices = set(titles) - STATUS_TITLES
    if not offices:
        return True
    return role in offices or bool(offices & ROLE_FAMILIES.get(role, frozenset()))


def is_title_word(word: str) -> bool:
    """Is `word` (any case, an honorific with or without its full stop) part of a title?"""
    return word.casefold().rstrip(".") in TITLE_WORDS

# -- comparing the titles two outlets give one person (stance.framing.roles) -----------------
# "head of X", "chief of X", "chairman of X", "director of X": one office, worded differently
OFFICE_HEAD_WORDS = frozenset({"head", "chief", "leader", "chairman", "chairwoman", "chair", "director",
                               "president"})
# words that make another office of the same title word: a Prime Minister is not a Foreign
# Minister's rank, a Deputy Foreign Minister is not the Foreign Minister
RANKS = frozenset({"prime", "vice", "deputy", "assistant", "acting"})
# the field a minister or secretary holds ("Foreign Minister" = "Minister of Foreign Affairs")
PORTFOLIOS = {
    "foreign": "foreign", "defence": "defence", "defense": "defence", "finance": "finance",
    "treasury": "finance", "trade": "trade", "commerce": "commerce", "interior": "interior",
    "home": "interior", "justice": "justice", "economy": "economy", "economic": "economy",
    "energy": "energy", "health": "health", "education": "education", "agriculture": "agriculture",
    "security": "security", "state": "state", "culture": "culture", "transport": "transport",
}
# words saying the title is not (or not yet) the person's at the time reported
TIME_QUALIFIERS = frozenset({"former", "ex", "then", "late", "outgoing", "incoming", "future", "designate",
                             "retired", "erstwhile"})
# titles that describe a relation or a rank in a crowd, not an office: never compared
RELATIONAL_TITLES = frozenset({"counterpart", "member", "diplomat", "official", "aide", "colleague",
                               "representative", "envoy", "spokesman", "spokeswoman", "spokesperson",
                               "lawmaker", "legislator", "senator", "congressman", "congresswoman",
                               "general", "commander", "attorney", "judge", "justice", "whip"})
# offices of which a state has one at a time, none held together by one person
TOP_OFFICES = frozenset({"president", "premier", "prime minister", "chancellor", "king", "queen"})
