"""Attribution cues inside one claim: a reporting verb and the phrase naming who speaks.

Pattern-based on purpose: "SPEAKER (has/also/further) VERB ...", "..., SPEAKER VERB.",
'"...," VERB SPEAKER.', "according to (a statement from) SPEAKER", ", saying ..." (speaker = the
clause's subject). Each cue keeps the character span of the phrase and verb, so every attribution
can be explained and quoted spans can be told apart from the attribution itself. Verbs inside
quotation marks are ignored: they belong to the quoted speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stance.claims.verbs import (
    AFTER_QUOTE_ONLY,
    BEFORE_QUOTE_ONLY,
    ISSUE_VERBS,
    ISSUED_DOCUMENT,
    NEEDS_OBJECT,
    NOT_INVERTIBLE,
    VERB_OF,
    VERB_RE,
)
from stance.text.dates import WEEKDAYS
from stance.text.titles import HONORIFICS, INSTITUTIONS, TITLE_MODIFIERS, TITLES

_ACCORDING = re.compile(r"(?<![\w])[Aa]ccording to\s+")
# "In his words, ...", "in Putin's words", "in the words of the minister": reported speech without
# a verb of saying
_IN_WORDS = re.compile(r"(?<![\w])[Ii]n\s+(?:(?P<pron>his|her|their)|(?P<name>(?:the\s+)?[A-Z][\w.\-]*"
                       r"(?:\s+[A-Z][\w.\-]*){0,3})['\u2019]s?)\s+(?:own\s+)?words\b|"
                       r"(?<![\w])[Ii]n the words of\s+")
_OBJECT_PRONOUN = re.compile(r"(?:him|her|them)(?=\s*[,.;]|\s*$)")
_RELATIVE_SUBJECT = {"who", "that", "which"}
_DOCUMENT_END = re.compile(r"\b(?:statement|readout|communiqu\w*|declaration|letter|report|release)$", re.I)
_POSSESSIVE = re.compile(r"['\u2019]s$")
_STATEMENT_SRC = re.compile(
    r"^(?:an?|the|its|their|his|her)?\s*(?:joint\s+|brief\s+|written\s+|official\s+)?"
    r"(?:statement|readout|communiqu[e\u00e9]|press release|release|transcript|report|post)s?\s+"
    r"(?:issued\s+|released\s+|published\s+)?(?:from|by|of)\s+", re.I)
_IN_STATEMENT = re.compile(r"^\W*(?:\w+\s+){0,2}?in\s+an?\s+(?:\w+\s+)?(?:statement|readout|communiqu)", re.I)

DETS = {"the", "a", "an", "his", "her", "its", "their", "one", "two", "three", "several", "some",
        "many", "other", "another", "this", "that", "these", "those", "both", "all"}
PRONOUNS = {"he", "she", "it", "they"}
# words of a speaker phrase besides titles and institutions: sources, groups, documents, and
# the plural and possessive forms of titles ("senior officials", "the ministry's statement")
ROLE_WORDS = TITLES | TITLE_MODIFIERS | INSTITUTIONS | {
    "activist", "activists", "ad", "administration's", "advertisement", "affairs", "aides",
    "alliance", "analyst", "analysts", "anchor", "anonymous", "author", "authorities", "bishop",
    "blogger", "board", "campaign", "candidate", "close", "co-founder", "coalition", "columnist",
    "commentator", "commerce", "communique", "congressmen", "critic", "critics", "democrat",
    "democratic", "democrats", "diplomatic", "diplomats", "economist", "economists", "economy",
    "editor", "editorial", "editors", "email", "expert", "experts", "familiar", "finance",
    "founder", "four-term", "freshman", "government's", "group", "high-ranking", "host",
    "intelligence", "interior", "joint", "lawmakers", "lawyer", "leaders", "legislators", "letter",
    "longtime", "matter", "media", "members", "memo", "military", "ministerial", "ministries",
    "ministry's", "news", "newspaper", "newspaper's", "nominee", "observer", "observers",
    "officer", "officers", "official", "officials", "opponents", "pastor", "people",
    "petition", "police", "presidential", "priest", "professor", "prosecutors", "protester",
    "protesters", "publication", "readout", "release", "report", "reporter", "representatives",
    "republican", "republicans", "researcher", "researchers", "residents", "scholar", "scholars",
    "senators", "service", "side", "site", "source", "sources", "spokes", "spokesmen",
    "spokespeople", "staff", "statement", "supporters", "team", "three-term", "trade", "tweet",
    "two-term", "union", "unnamed", "veteran", "video", "voter", "voters", "website", "witnesses",
    "worker", "workers", "writer",
}
PARTICLES = {"von", "van", "der", "den", "de", "la", "le", "al", "el", "bin", "da", "di", "du", "dos"}
RELATIVE = {"which", "who", "whom", "whose", "where"}
CONNECTORS = {"of", "for", "to", "from", "at", "and", "with", "on"}
AUX = {"has", "have", "had", "also", "further", "later", "earlier", "previously", "then", "again",
       "once", "repeatedly", "frequently", "reportedly", "publicly", "separately", "recently",
       "initially", "already", "first", "last", "still", "even", "would", "will", "did", "does",
       "do", "is", "was", "were", "are", "been", "quickly", "often", "privately",
       "specifically", "explicitly", "just", "yesterday", "today", "openly", "strongly", "late",
       "early"}
INTRO = {"meanwhile", "however", "but", "and", "also", "then", "still", "separately", "later",
         "earlier", "yet", "so", "now", "today", "instead", "moreover", "furthermore", "in", "on",
         "at", "for", "after", "during", "before", "when", "while", "as", "last", "speaking",
         "addressing", "since", "with", "by", "under", "here", "there", "from", "this",
         "that", "asked", "again", "finally", "previously", "recently", "similarly", "regarding",
         "concerning", "following", "despite", "amid", "among", "unlike", "like", "given", "besides",
         "through", "toward", "towards", "against", "without", "within", "across", "over", "notably",
         "responding", "referring", "turning", "commenting", "together"}

_TOKEN = re.compile(r"(?:" + "|".join(h.capitalize() for h in (*HONORIFICS, "st", "jr", "sr")) + r")\.|"
                    r"[A-Z](?:\.[A-Z])+\.?|\w+(?:['\u2019\-.&]\w+)*(?:['\u2019]s?)?|[^\w\s]")
# "(D-Calif.)", ", R-Ky.,", "(SSCC)": tags between a name and its verb
_MASK = re.compile(r"\s\([^()\n]{1,30}\)(?=[\s,])|,\s[DRI]-[A-Z][A-Za-z.]{0,8},")
_DOC_PHRASE = re.compile(r"^(?:an?|the|its|his|her|their)\s+(?:\w+\s+)?(?:statement|letter|video|ad|"
                         r"post|tweet|release|memo|email)$", re.I)
_AFTER_QUOTE = re.compile(r"[\"\u201d\u2019'][\s\w.,-]{0,40}$")
_APPOS_START = {"the", "a", "an", "his", "her", "its", "their", "who", "whose", "now", "then",
                "in", "at", "during", "speaking", "also", "however", "meanwhile"}
# ", Wang continued" / ", the minister concluded": a comma, then a short speaker phrase
_CLOSING_FRAME = re.compile(r"\w[\"\u201d\u2019']?,\s+(?:[A-Za-z][\w.'\u2019-]*\s+){0,5}$")
_CONJUNCTIONS = {"and", "but", "yet", "so", "or", "also", "still", "then", "now"}
_CLOSE_QUOTES = {"\u201d", '"', "\u2019", "'", "\u00bb"}


@dataclass(frozen=True)
class Cue:
    """A reporting cue: `phrase` names the speaker (may be a pronoun or empty for participles,
    in which case `clause_subject` holds the clause's subject phrase)."""

    verb: str  # label, e.g. "said"; "according to" for that construction
    kind: str  # subject | inverted | according | participle | open (subject left to the parse)
    phrase: str
    start: int  # start of the attribution region (phrase or verb) in the unit text
    end: int  # end of the attribution region
    statement: bool = False  # the words come from a written statement
    appositive: str = ""  # "the Russian foreign minister" in "Lavrov, the ..., said"
    finite: bool = True  # the verb is finite ("said"), not a participle ("reiterating")


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _speakerish(tok: str) -> bool:
    low = tok.casefold().replace("\u2019", "'")
    base = low[:-2] if low.endswith("'s") else low
    if tok[0].isupper():
        return True
    return base in ROLE_WORDS or low in DETS or low in CONNECTORS or base in PRONOUNS or low in PARTICLES


def _trim(toks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    while toks and (toks[0][0].casefold() in CONNECTORS or toks[0][0].casefold() in INTRO):
        toks = toks[1:]
    while toks and toks[-1][0].casefold() in CONNECTORS | DETS:
        toks = toks[:-1]
    return toks


def _phrase(text: str, toks: list[tuple[str, int, int]]) -> tuple[str, int]:
    toks = _trim(toks)
    if not toks:
        return "", -1
    return text[toks[0][1]:toks[-1][2]], toks[0][1]


def _back(toks, j: int, limit: int = 12) -> list[tuple[str, int, int]]:
    """Speaker-like tokens ending at toks[j]. A subject ends in a noun-like token, so a phrase
    that would end in "and"/"to"/"the" ("visited Moscow and declared") is no subject."""
    if j < 0 or toks[j][0].casefold() in CONNECTORS | DETS:
        return []
    out = []
    while j >= 0 and len(out) < limit and _speakerish(toks[j][0]):
        out.insert(0, toks[j])
        if toks[j][0].casefold() in PRONOUNS:  # a pronoun is a whole subject
            return out
        j -= 1
    # "the presumptive Republican nominee": one or two adjectives between the article and the role
    for n in (1, 2):
        if out and j - n >= 0 and toks[j - n][0].casefold() in ("the", "a", "an") \
                and out[0][0].casefold() not in CONNECTORS | DETS \
                and all(toks[i][0].isalpha() and toks[i][0].islower() for i in range(j - n + 1, j + 1)) \
                and out[-1][0].casefold().rstrip("s") in ROLE_WORDS:
            return toks[j - n:j + 1] + out
    return out


def clause_subject(text: str) -> str:
    """Subject phrase at the start of a sentence, after an introductory phrase ("In March, ")."""
    toks = tokens(text[:300])  # the subject sits at the start
    i = 0
    colon = next((k for k, t in enumerate(toks[:4]) if t[0] == ":"), None)
    if colon is not None:  # "Updated: Jane Roe on Sunday ..."
        toks = toks[colon + 1:]
    if toks and toks[0][0].casefold() in _CONJUNCTIONS:  # "And Roe ...", "But the minister ..."
        i = 2 if len(toks) > 1 and toks[1][0] == "," else 1
    elif toks and toks[0][0].casefold() in INTRO:
        for k, t in enumerate(toks[:12]):
            if t[0] == ",":
                i = k + 1
                break
    out = []
    while i < len(toks) and len(out) < 10 and _speakerish(toks[i][0]) and toks[i][0].casefold() not in ("and",):
        out.append(toks[i])
        if toks[i][0].casefold() in PRONOUNS:
            break
        i += 1
    return _phrase(text, out)[0]


def find_cues(text: str, quoted: list[tuple[int, int]]) -> list[Cue]:
    """All attribution cues of a claim text, in text order. `quoted` are spans (unit offsets)
    inside quotation marks; verbs there are skipped."""
    def in_quote(pos: int) -> bool:
        return any(s <= pos < e for s, e in quoted)

    text = _MASK.sub(lambda m: " " * len(m.group(0)), text)  # same offsets, tags blanked
    toks = tokens(text)
    index_at = {t[1]: k for k, t in enumerate(toks)}
    quote_starts = sorted(s for s, _ in quoted)
    cues: list[Cue] = [c for c in _according_cues(text) if not in_quote(c.start)]
    for m in VERB_RE.finditer(text):
        if in_quote(m.start()) or m.start() not in index_at:
            continue
        cue = _verb_cue(text, toks, index_at[m.start()], m, quote_starts)
        if cue is not None:
            cues.append(cue)
    cues.sort(key=lambda c: c.start)
    return cues


def _according_cues(text: str) -> list[Cue]:
    """"according to (a statement from) X", "according to him", "in his words", "in the
    words of X": reported speech without a verb of saying."""
    out: list[Cue] = []
    for m in _ACCORDING.finditer(text):
        rest = text[m.end():]
        pm = _OBJECT_PRONOUN.match(rest)
        if pm:  # "According to him, ..."
            out.append(Cue("according to", "according", pm.group(0), m.start(), m.end() + pm.end()))
            continue
        sm = _STATEMENT_SRC.match(rest)
        off = m.end() + (sm.end() if sm else 0)
        phrase, end = _forward(text, off)
        out.append(Cue("according to", "according", phrase, m.start(), end or m.end(), statement=bool(sm)))
    for m in _IN_WORDS.finditer(text):
        if m.group("pron") or m.group("name"):
            phrase = m.group("pron") or m.group("name")
            out.append(Cue("according to", "according", phrase, m.start(), m.end()))
        else:
            phrase, end = _forward(text, m.end())
            if phrase:
                out.append(Cue("according to", "according", phrase, m.start(), end))
    return out


def _forward(text: str, off: int) -> tuple[str, int]:
    """The speaker-like phrase starting at `off` and where it ends."""
    fwd = []
    for t in tokens(text[off:]):
        if not _speakerish(t[0]) or len(fwd) >= 10:
            break
        fwd.append((t[0], t[1] + off, t[2] + off))
    phrase, _ = _phrase(text, fwd)
    return phrase, (fwd[-1][2] if fwd else 0)


def _verb_cue(text: str, toks, v: int, m: re.Match, quote_starts: list[int]) -> Cue | None:
    """The cue of one reporting verb (token `v`), or None when it reports no speech here."""
    label = VERB_OF[m.group(0)]
    nq = next((q for q in quote_starts if q > m.end()), None)
    quote_follows = nq is not None and nq - m.end() < 200 and len(tokens(text[m.end():nq])) <= 15
    after_quote = bool(_AFTER_QUOTE.search(text, max(0, m.start() - 45), m.start()))
    # ', Wang continued.': a frame closing the sentence after its complement
    closing = bool(_CLOSING_FRAME.search(text[:m.start()])) and len(text[m.end():].split()) <= 4
    if label in AFTER_QUOTE_ONLY and label in BEFORE_QUOTE_ONLY:
        if not (after_quote or quote_follows or closing):
            return None
    elif label in BEFORE_QUOTE_ONLY and not quote_follows:
        return None
    elif label in AFTER_QUOTE_ONLY and not (after_quote or closing):
        return None
    after = text[m.end():]
    if label in NEEDS_OBJECT and (after_quote or not re.match(r"\s+\w", after)):
        return None
    if label in ISSUE_VERBS and not ISSUED_DOCUMENT.match(after):
        return None  # "released the prisoners" reports nothing; "released a statement" does
    statement = bool(_IN_STATEMENT.match(after)) or label in ISSUE_VERBS
    # "X quoted Y as saying": the speaker sits between the two verbs; "Y was quoted as saying"
    if m.group(0) in ("saying", "telling") and v >= 2 and toks[v - 1][0] == "as":
        q = next((k for k in range(v - 2, max(-1, v - 14), -1) if toks[k][0] == "quoted"), None)
        if q is not None:
            phrase, start = _phrase(text, toks[q + 1:v - 1])
            if not phrase and q >= 1 and toks[q - 1][0].casefold() in ("was", "were", "is", "been", "being"):
                phrase, start = _phrase(text, _back(toks, q - 2))
            elif phrase:  # "a local paper quoted him as saying": the whole frame is attribution
                k = q - 1
                while k >= 0 and toks[k][0] not in _CLOSE_QUOTES | {","}:
                    k -= 1
                start = toks[k + 1][1]
            if phrase:
                return Cue(label, "subject", phrase, start, m.end(), statement)
    j = v - 1
    while j >= 0 and (toks[j][0].casefold() in AUX or toks[j][0].casefold() in WEEKDAYS
                      or (toks[j][0].casefold() == "on" and j + 1 < v
                          and toks[j + 1][0].casefold() in WEEKDAYS)):
        j -= 1
    rel = toks[j][0].casefold() if j >= 1 else ""
    if rel in _RELATIVE_SUBJECT:
        # "Wang Yi, who stated that ...", "a joint statement that said ...": the antecedent speaks
        ante = _back(toks, j - 1 if toks[j - 1][0] != "," else j - 2)
        phrase, start = _phrase(text, ante)
        if phrase and not _POSSESSIVE.search(phrase) and (rel == "who" or _DOCUMENT_END.search(phrase)):
            return Cue(label, "subject", phrase, start, m.end(), statement)
        return None
    back = _back(toks, j)
    if back and toks.index(back[0]) > 0 and toks[toks.index(back[0]) - 1][0].casefold() in RELATIVE \
            and not quote_follows:
        return None  # "..., which the West condemned": a relative clause, not the claim's source
    phrase, start = _phrase(text, back)
    if phrase and _POSSESSIVE.search(phrase):
        return None  # "China's claims", "Trump's comments": a noun, not a verb of saying
    appositive = ""
    if not phrase and j >= 0 and toks[j][0] == ",":
        # "Lavrov, the Russian foreign minister, said": skip one appositive between commas
        k2 = next((i for i in range(j - 1, max(-1, j - 26), -1) if toks[i][0] in ",;\u201d\"("), None)
        if k2 is not None and toks[k2][0] == "," and k2 < j - 1:
            app = toks[k2 + 1:j]
            if all(_speakerish(t[0]) for t in app) or app[0][0].casefold() in _APPOS_START:
                subj = _back(toks, k2 - 1)
                p2, s2 = _phrase(text, subj)
                if p2:
                    phrase, start, appositive = p2, s2, text[app[0][1]:app[-1][2]]
                elif len(app) <= 4 and all(t[0][:1].isupper() or t[0].casefold() in PARTICLES for t in app):
                    # "Another leading figure, Jane Roe, told ...": the name between the commas
                    phrase, start = text[app[0][1]:app[-1][2]], app[0][1]
                elif app[0][0].casefold() in ("a", "an", "the", "one"):
                    # "..., a senior official who asked not to be named, told ...": the speaker
                    # between the commas, up to its relative clause
                    cut = next((i for i, t in enumerate(app) if t[0].casefold() in RELATIVE), len(app))
                    np_ = app[:cut]
                    if np_ and np_[-1][0].casefold().rstrip("s") in ROLE_WORDS and all(_speakerish(t[0]) for t in np_):
                        phrase, start = text[np_[0][1]:np_[-1][2]], np_[0][1]
    prev = toks[j][0] if j >= 0 else ""
    if phrase and m.group(0).endswith("ing") and _DOC_PHRASE.match(phrase):
        # "Roe released a statement saying ...": the words are the clause subject's
        return Cue(label, "participle", "", m.start(), m.end(), True)
    if phrase:
        return Cue(label, "subject", phrase, start, m.end(), statement, appositive,
                   finite=not m.group(0).endswith("ing"))
    # inverted: '"...," said Wang.' / '..., said a spokesperson for the ministry.'
    if (prev in {","} | _CLOSE_QUOTES or j < 0) and label not in NOT_INVERTIBLE:
        fwd = []
        for t in toks[v + 1:v + 12]:
            if not _speakerish(t[0]):
                break
            fwd.append(t)
        phrase, _ = _phrase(text, fwd)
        nxt = toks[v + 1 + len(fwd)][0] if v + 1 + len(fwd) < len(toks) else "."
        if phrase and nxt in {".", ",", ";", "!", "?", "in", "on", "at", "during", "after", ")", "who"} \
                and phrase.casefold() not in DETS:
            appositive, end = "", fwd[-1][2]
            if nxt == ",":  # 'said the legislator, Representative Jane Roe.'
                after = v + 2 + len(fwd)
                fwd2 = []
                for t in toks[after:after + 8]:
                    if not _speakerish(t[0]):
                        break
                    fwd2.append(t)
                appositive = _phrase(text, fwd2)[0]
                if appositive and re.search(r"[A-Z]", appositive):
                    end = fwd2[-1][2]
                else:
                    appositive = ""
            if v > 0 and toks[v - 1][0] in _CLOSE_QUOTES | {","}:
                end = len(text)  # '"...," said X, who ...': what follows only describes X
            return Cue(label, "inverted", phrase, m.start(), end, statement, appositive)
    # participle or coordinated verb without its own subject: ", saying ...", "... and declared"
    own_subject = bool(prev) and prev[:1].islower() and prev not in ("and", "by", "while", "before",
                                                                      "after", "when")
    if prev in (",", "and", "by", "while", "before", "after", "when") and m.group(0) != "asked" \
            or (m.group(0).endswith("ing") and not own_subject):
        return Cue(label, "participle", "", m.start(), m.end(), statement, finite=False)
    if own_subject and not m.group(0).endswith("ing") and m.group(0) != "asked":
        # "A senior aide on the plane home said": a subject the words right before do not show
        return Cue(label, "open", "", m.start(), m.end(), statement)
    return None
