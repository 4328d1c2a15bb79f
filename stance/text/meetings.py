"""Meetings: the words that name a meeting, a visit and its kind, how two sides were in
contact, how long it lasted and when a body was founded. Shared by every stage that reads what
a report says about the meeting itself (event facts for discrepancies)."""

from __future__ import annotations

# lemmas of the words that report the meeting itself ("met", "talks", "discussions")
MEETING_WORDS = frozenset({"meet", "meeting", "talk", "discuss", "discussion", "negotiate",
                           "negotiation", "confer", "consultation", "dialogue", "summit", "session"})
# nouns of a trip, whose kind ("state visit") and length ("two-day visit") outlets report
VISIT_WORDS = frozenset({"visit", "trip", "tour"})
# the protocol kind of a visit, worded as outlets word it -> one canonical kind
VISIT_KINDS = {"state": "state", "official": "official", "working": "working", "private": "private",
               "unofficial": "private", "informal": "private", "personal": "private"}
# how the two sides were in contact ("telephone call", "video call", "face-to-face meeting")
CONTACT_MEDIA = {"telephone": "telephone", "phone": "telephone", "video": "video", "virtual": "video",
                 "videoconference": "video", "online": "video", "in-person": "in person",
                 "face-to-face": "in person"}
# nouns a contact medium qualifies
CONTACT_WORDS = frozenset({"call", "conversation", "talk", "meeting", "summit", "conference", "link",
                           "contact", "dialogue"})
# verbs that date a body's or a treaty's history ("founded in 2006", "joined in 2011") -> class
DATED_HISTORY_VERBS = {"found": "founded", "establish": "founded", "create": "founded",
                       "form": "founded", "launch": "founded", "sign": "signed", "conclude": "signed",
                       "join": "joined", "accede": "joined"}
# units of how long something lasted -> the unit compared (hours with hours, days with days)
DURATION_UNITS = {"hour": "hour", "hours": "hour", "minute": "minute", "minutes": "minute",
                  "day": "day", "days": "day"}
# prepositions placing a meeting relative to a place -> relation ("outside Beijing" is not "in Beijing")
# ("at" names a venue: two venues of one visit are not a contradiction, two cities are)
PLACE_RELATIONS = {"in": "in", "inside": "in", "at": "at", "outside": "outside", "near": "outside",
                   "outskirts": "outside"}
