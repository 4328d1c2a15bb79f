"""Reporting verbs: the lexicon of saying that attribution cues are built on.

One table, read by cues.py (finding a cue) and by the readers of a claim's `reporting_verb`:
each verb's surface forms map to the label written to claims.csv (the past form analysts read in
the text), with the few restrictions that keep a verb from reporting speech where it does not
("continued" only after a quotation, "called" only before one, "told X" never names X).
"""

from __future__ import annotations

import re

# surface form -> label written to claims.csv (the past form analysts read in the text)
VERBS: dict[str, tuple[str, ...]] = {
    "said": ("says", "say", "saying"), "told": ("tells", "telling"), "added": ("adds", "adding"),
    "noted": ("notes", "noting"), "stressed": ("stresses", "stressing"),
    "emphasized": ("emphasised", "emphasizes", "emphasises", "emphasizing", "emphasising"),
    "underlined": ("underlines", "underlining"), "underscored": ("underscores", "underscoring"),
    "hailed": ("hails", "hailing"), "touted": ("touts", "touting"), "claimed": ("claims", "claiming"),
    "stated": ("stating",), "declared": ("declares", "declaring"),
    "announced": ("announces", "announcing"), "asserted": ("asserts", "asserting"),
    "insisted": ("insists", "insisting"), "warned": ("warns", "warning"), "urged": ("urges", "urging"),
    "argued": ("argues", "arguing"), "explained": ("explains", "explaining"),
    "reiterated": ("reiterates", "reiterating"), "affirmed": ("affirms", "affirming"),
    "reaffirmed": ("reaffirms", "reaffirming"), "acknowledged": ("acknowledges", "acknowledging"),
    "admitted": ("admits", "admitting"), "confirmed": ("confirms", "confirming"),
    "denied": ("denies", "denying"), "suggested": ("suggests", "suggesting"),
    "remarked": ("remarks",), "commented": ("comments", "commenting"),
    "observed": ("observes",), "wrote": ("writes", "writing"), "tweeted": ("tweets", "tweeting"),
    "replied": ("replies", "replying"), "responded": ("responds", "responding"),
    "countered": ("counters", "countering"), "recalled": ("recalls", "recalling"),
    "highlighted": ("highlights", "highlighting"), "pointed out": ("points out", "pointing out"),
    "called for": ("calls for", "calling for"), "called on": ("calls on", "calling on"),
    "vowed": ("vows", "vowing"), "pledged": ("pledges", "pledging"),
    "promised": ("promises", "promising"), "accused": ("accuses", "accusing"),
    "criticized": ("criticised", "criticizes", "criticises", "criticizing", "criticising"),
    "condemned": ("condemns", "condemning"), "praised": ("praises", "praising"),
    "welcomed": ("welcomes", "welcoming"), "asked": ("asks",),
    "maintained": ("maintains",), "contended": ("contends",), "predicted": ("predicts",),
    "reported": ("reports",), "quipped": (), "joked": (), "shouted": (), "yelled": (),
    "summarized": ("summarised",), "concluded": ("concludes",), "continued": ("continues",),
    "called": ("calls", "calling"), "described": ("describes", "describing"),
    "branded": ("brands", "branding"), "dubbed": ("dubs", "dubbing"),
    "labeled": ("labelled", "labels", "labeling", "labelling"), "termed": ("terms", "terming"),
    "read": ("reads",), "charged": ("charges",), "denounced": ("denounces", "denouncing"),
    "slammed": ("slams", "slamming"), "blasted": ("blasts", "blasting"),
    "dismissed": ("dismisses", "dismissing"), "decried": ("decries", "decrying"),
    "lambasted": ("lambastes", "lambasting"), "mocked": ("mocks", "mocking"),
    "ridiculed": ("ridicules", "ridiculing"), "believed": ("believes",), "pleaded": ("pleads",),
    "chimed in": ("chimes in",), "put it": ("puts it",), "states": (),
    "conveyed": ("conveys", "conveying"), "expressed": ("expresses", "expressing"),
    "assured": ("assures", "assuring"), "informed": ("informs", "informing"),
    "mentioned": ("mentions", "mentioning"), "indicated": ("indicates", "indicating"),
    "voiced": ("voices", "voicing"), "signaled": ("signalled", "signals", "signaling", "signalling"),
    "briefed": ("briefs", "briefing"), "proposed": ("proposes", "proposing"),
    "issued": ("issues", "issuing"), "released": ("releases", "releasing"),
    "posted": ("posts", "posting"), "published": ("publishes", "publishing"),
}
# count only right after a quotation ('"...," he continued.'): elsewhere they are not speech
AFTER_QUOTE_ONLY = {"continued", "concluded", "summarized", "read"}
# count only when a quotation follows closely ("called it 'a sad day'", "described X as '...'")
BEFORE_QUOTE_ONLY = {"called", "described", "branded", "dubbed", "labeled", "termed", "charged",
                     "denounced", "slammed", "blasted", "dismissed", "decried", "lambasted",
                     "mocked", "ridiculed", "believed", "pleaded", "states", "continued",
                     "concluded", "chimed in", "put it"}
# verbs that report speech only with a document as object: "issued a statement", "posted a video"
ISSUE_VERBS = {"issued", "released", "posted", "published"}
ISSUED_DOCUMENT = re.compile(r"^\s+(?:a|an|its|their|his|her|the)?\s*(?:[\w-]+\s+){0,2}?(?:joint\s+)?"
                             r"(?:statement|readout|communiqu\w*|press release|video|letter|ad|advertisement|"
                             r"tweet|post|message|memo|transcript)s?\b", re.I)
# verbs whose object is the listener or target, never the speaker: no '"...," told X'
NOT_INVERTIBLE = {"told", "urged", "accused", "criticized", "condemned", "praised", "welcomed",
                   "called", "described", "branded", "dubbed", "labeled", "termed", "hailed",
                   "touted", "called for", "called on", "asked", "highlighted", "pledged",
                   "promised", "vowed", "reported", "charged", "denounced", "slammed", "blasted",
                   "dismissed", "decried", "lambasted", "mocked", "ridiculed", "believed", "pleaded",
                   "states", "chimed in", "put it", "informed", "assured", "briefed", "conveyed",
                   "expressed", "voiced", "signaled", "proposed", "mentioned", "indicated", "issued",
                   "released", "posted", "published"}
# count only before a complement ("expressed the hope that", "briefed X on", "proposed that"):
# after a quotation they rarely report speech and "as proposed" is no cue
NEEDS_OBJECT = {"expressed", "voiced", "signaled", "proposed", "indicated", "briefed", "informed",
                 "assured", "mentioned", "conveyed"}
VERB_OF: dict[str, str] = {}
for _label, _forms in VERBS.items():
    for _f in (_label, *_forms):
        VERB_OF[_f] = _label
_MULTI = sorted((f for f in VERB_OF if " " in f), key=len, reverse=True)
VERB_RE = re.compile(r"(?<![\w\-])(?:" + "|".join(re.escape(f) for f in _MULTI) + r"|"
                      + "|".join(re.escape(f) for f in VERB_OF if " " not in f) + r")(?![\w\-])")

# verbs whose complement is their target ("accused X of", "praised X for", "called X Y"), not a clause:
# they govern no clause coordinated after theirs
TARGET_VERBS = frozenset(BEFORE_QUOTE_ONLY | {"accused", "criticized", "condemned", "praised", "welcomed",
                                               "urged", "hailed", "touted", "called for", "called on",
                                               "asked", "informed", "briefed", "issued", "released",
                                               "posted", "published"})
# verbs that report the content of what was said (a readout goes on with it in the next sentence)
CONTENT_VERBS = frozenset({"said", "noted", "stressed", "emphasized", "stated", "pointed out", "reiterated",
                           "added", "expressed", "conveyed", "underlined", "underscored", "affirmed",
                           "reaffirmed", "insisted", "explained", "assured", "told", "warned", "believed"})
# verbs that report speech whatever follows them (a country as subject needs one of these, or a
# "that"-clause or a quotation right after the verb: "Moscow claims to be neutral" is no speech)
SAY_VERBS = frozenset({"said", "told", "stated", "declared", "announced", "added", "replied",
                       "responded", "wrote", "tweeted"})

__all__ = ["VERBS", "VERB_OF", "VERB_RE", "AFTER_QUOTE_ONLY", "BEFORE_QUOTE_ONLY", "NOT_INVERTIBLE",
           "NEEDS_OBJECT", "SAY_VERBS", "ISSUE_VERBS", "ISSUED_DOCUMENT", "TARGET_VERBS", "CONTENT_VERBS"]
