"""Page furniture: the general shapes of what is never story text.

End-of-story markers ("Related News", "Tags:"), short furniture blocks (share bars, cookie and
subscription prompts, app promotions, site-notice banners such as ".gov" ones), rights notices,
photo captions and credits ("... (Xinhua/Li Ming)", "[File: Name/Agency]", "REUTERS/Name/Pool",
"... 2024. /Agency", "(left) meets ... on February 16, 2024."), and headline-shaped lines
inside a story (related links, video titles: a line of several words with no full stop).
Each rule is about furniture in general, never one site's wording; `stance.ingest.boilerplate`
applies them to the blocks of a page.
"""

from __future__ import annotations

import re

from stance.ingest.provenance import is_timestamp_line
from stance.text.dates import MONTH

TERMINAL = (".", "!", "?", "\u3002", "\uff01", "\uff1f", ":")
CLOSERS = "\"'\u201d\u2019)]\u00bb*"


def _rx(*alts: str) -> re.Pattern:
    return re.compile("|".join(alts), re.I)


# a whole block that marks the end of the story: what follows is not part of it
END_MARKER = _rx(
    r"^(?:\d+\.\s*)?related(?:\s+(?:news|articles?|stories|content|posts|coverage|topics|reading|links))?\s*:?$",
    r"^(?:you|you'll|you will) (?:may|might|also|would) (?:also )?(?:like|enjoy|be interested)",
    r"^(?:more|read more|also read|read also|read next|what to read next|more stories|more news)"
    r"(?:\s+(?:from|on|in|about|stories|news|articles)\b.*)?\s*:?$",
    r"^(?:recommended|recommended for you|editor'?s'? picks?|don'?t miss|see also|further reading|trending(?: now)?|popular now)\s*:?$",
    r"^(?:most|top) (?:read|popular|viewed|shared|stories|articles|news|headlines)\b.{0,40}$",
    r"^latest (?:news|headlines|stories|articles|updates)\s*:?$",
    r"^(?:\d+\s+)?comments?\s*(?:\(\d+\))?:?$", r"^leave a (?:comment|reply)", r"^(?:post a|add a|join the) comment",
    r"^(?:tags?|topics?|keywords?|filed under|in this article|categories|category)\s*:",
    r"^(?:tags?|topics?|keywords?)$",
    r"^(?:share|share this|share this (?:article|story|post|page)|share on)\s*:?$",
    r"^(?:written|posted|published) by\s*:?$", r"^about the author\s*:?$",
    r"^(?:suggest|send|e-?mail) (?:this )?(?:(?:article|story|page) )?to a friend\s*:?$",
    r"^(?:print|print this (?:article|page)|email)$",
    r"^authors?\s*:",
    # "A little more news:", "Other stories:": a short lead-in to a list of other items
    r"^(?:[a-z]+ ){0,3}(?:more|other|latest|related) (?:news|stories|articles|headlines|reading)\s*:$",
)

# page furniture that is never story text when it forms a short block of its own
FURNITURE = _rx(
    r"\bcopyright\b", r"\u00a9", r"\ball rights reserved\b", r"^\(c\)\s",
    r"^advertisement$", r"^(?:ad|ads|sponsored|promoted|paid content)$", r"^advertis(?:e|ing) with us$",
    r"\bcookies?\b", r"\bprivacy (?:policy|settings|notice)\b", r"\bterms of (?:use|service)\b",
    r"\bsubscri(?:be|ption)\b", r"\bnewsletter\b", r"^sign (?:up|in)\b", r"^log ?in\b", r"^register\b",
    r"\bfollow (?:us|me|him|her|them)\b", r"\bconnect with us\b", r"^share\b",
    r"^(?:(?:share|follow|like|join)(?: us)?(?: on)?\s*:?\s*)?(?:facebook|twitter|x|whatsapp|telegram|linkedin|"
    r"instagram|youtube|tiktok|email|e-mail|reddit|vk|weibo|wechat)(?:\s*[|,/\u00b7]?\s*(?:facebook|twitter|x|"
    r"whatsapp|telegram|linkedin|instagram|youtube|tiktok|email|e-mail|reddit|vk|weibo|wechat))*\s*$",
    r"^(?:read more|click here|continue reading|load more|show more|see more|view (?:all|more))\b",
    r"^(?:also read|read also|see also|related|watch|listen|more)\s*[:|]",
    r"^home\s*[>\u00bb/|\u203a]", r"\S\s[>\u00bb\u203a]\s\S.*$",
    r"^(?:please wait|loading|no script|javascript)\b", r"\benable javascript\b",
    r"\b(?:\d+|an?|one|two|few) (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?) ago\b",
    r"^(?:photo|image|picture|video|file photo|credit|caption|graphic|illustration)s?\s*(?:by\b|:|/)",
    r"^\(?(?:reporting|writing|editing|additional reporting|compiled|translated|edited) by\b",
    r"^(?:published|posted|updated|last updated?)\s*:?$", r"^(?:search|menu|close|skip to (?:main )?content)$",
    r"\bdownload (?:our|the) app\b", r"^(?:listen|watch)(?: to)?(?: this)?(?: article| story)?\s*:?$",
    r"^(?:support|donate)\b",
    r"\b(?:mobile|news|our|free|the) app\b",
    r"^this (?:audio|video|article|story|podcast|summary) (?:is|was|has been) (?:created|generated|produced|read|"
    r"narrated|made|voiced)\b",
    r"^(?:also read|read also|read more|see also|related)\s*:?\s*(?=[A-Z\u201c\"'])",  # glued "Also ReadChina..."
)

# words of a page talking about itself or its reader (a site notice, a sign-up or comment prompt):
# two of them in one block make it furniture even when it reads as a sentence
SITE_NOTICE = re.compile(
    r"\bnewsletters?\b|\bsubscri(?:be|bers?|ption)\b|\bemail alerts?\b|\bprivacy policy\b|"
    r"\bterms (?:&|and) conditions\b|\bterms of (?:use|service)\b|\byour (?:email|inbox|account|profile|browser)\b|"
    r"\byou agree\b|\bdisplay name\b|\bsign up\b|\blog ?in\b|\bcookies?\b|\bwebsites?\b|https?://|\.gov\b|"
    r"\bbrowser\b|\bcomments?\b|\bbreaking news\b", re.I)

# rights notices and agency blurbs: furniture even when they run long
NOTICE = _rx(
    r"^(?:copyright|\u00a9|\(c\))", r"\ball rights reserved\b",
    r"\bmay not be (?:published|reproduced|redistributed|rewritten|broadcast)",
    r"^this (?:article|story|material|content) (?:was|is|has been) (?:originally )?(?:published|produced|provided|distributed) by\b",
)

# photo captions and credits: captions describe a picture, credits name the photographer/agency
CAPTION = _rx(
    r"\((?:not seen|not pictured|not in picture|pictured|seen on screen|on screen|unseen)\)",
    r"\((?:L|R|C|[1-9](?:st|nd|rd|th) [LR]|front|back|centre|center|left|right|top|bottom)\).*"
    r"\((?:L|R|C|[1-9](?:st|nd|rd|th) [LR]|front|back|centre|center|left|right|top|bottom)\)",
    r"\s[-\u2013\u2014|]\s*(?:copyright|\u00a9|photo:|image:|credit:|picture:)",
    r"\b[A-Z]{2,}/[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}(?:/[A-Z][\w]+)*\.?\s*$",  # REUTERS/Name Surname/Pool
    r"\((?:AP|AFP|Reuters|EPA|Getty|Xinhua|TASS|Sputnik)? ?Photo\b", r"\bvia Getty Images\b", r"\bGetty Images\b",
    r"^file photo\b", r"^(?:photo|image|picture)\s*[:/]",
    r"\([A-Z][\w. ]{1,20}/[A-Z][\w.'-]+ [A-Z][\w. '-]{1,40}\)\s*$",  # "... (Xinhua/Li Ming)" photo credit
    r"\[(?:photo|image|file photo)\s*/[^\]]{2,40}\]", r"\b(?:photo|image|picture):\s*[A-Z][\w .'/-]{1,40}$",
    r"\[(?:file|photo|image|pictured)\s*:?[^\]]{0,80}/[^\]]{1,40}\]",  # "[File: Jane Roe/Agency]"
    r"\.\s*/\s*[A-Z][\w ]{1,30}$",  # "... August 27, 2024. /Agency"
    r"\b(?:photo|image|picture|credit)s?\s*:\s*\S.{0,50}$",  # "... Photo: X/ @account"
    r"\bimage\s*:\s*[A-Z]",
)
# a caption names one person's place in the picture and what they do in the present tense
_POSITION = re.compile(r"\((?:left|right|centre|center|front|back|L|R|C|[1-9](?:st|nd|rd|th) (?:left|right|L|R))\)")
CAPTION_VERB = re.compile(r"\b(?:meets?|shakes?|speaks?|attends?|poses?|arrives?|walks?|waves?|listens?|gestures?|"
                           r"talks?|holds?|greets?|looks?|sits?|stands?|signs?|reviews?)\b", re.I)
# wire-photo caption convention: "..., in Budapest, Hungary, February 20, 2023."
CAPTION_DATE_END = re.compile(
    r",\s+(?:" + MONTH + r"\.?\s+\d{1,2}|\d{1,2}\s+" + MONTH + r"\.?),?\s+(?:19|20)\d{2}\.?$")
CREDIT_SUFFIX = re.compile(r"\s[-\u2013\u2014|]\s*(?:copyright|\u00a9|photo|image|credit|picture)\b.*$", re.I)
_BYLINE = re.compile(r"^by\s+(?:[A-Z][\w.'\u2019-]*|staff|agencies)(?:[\s,&]+(?:and\s+)?[A-Z][\w.'\u2019-]*|,\s*agencies)*\s*$",
                     re.I)
_CAPTION_HINTS = ("(", "/", "copyright", "\u00a9", "photo", "getty", "image", "picture", "credit")


def furniture_reason(text: str, words: int) -> str:
    """Why a block is furniture, or "" when it may be story text."""
    if words <= 12 and END_MARKER.search(text):
        return "end marker"
    low = text.casefold()
    if any(h in low for h in _CAPTION_HINTS) and CAPTION.search(text):
        return "photo caption/credit"
    if words <= 60 and _POSITION.search(text) and CAPTION_VERB.search(text) \
            and (CAPTION_DATE_END.search(text) or words <= 35):
        return "photo caption/credit"
    if words <= 60 and len({m.group(0).casefold() for m in SITE_NOTICE.finditer(text)}) >= 2:
        return "page furniture (site notice)"
    if (words <= 15 and FURNITURE.search(text)) or (words <= 45 and ("copyright" in low or "\u00a9" in text
                                                                    or "reserved" in low or " by" in low
                                                                    or "may not be" in low) and NOTICE.search(text)):
        return "page furniture"
    if words <= 8 and _BYLINE.match(text):
        return "byline"
    if words <= 14 and is_timestamp_line(text):
        return "timestamp"
    return ""


def headline_shaped(text: str, words: int) -> bool:
    """A line of several words with no closing punctuation inside a story: a related link, a
    video title or a caption title (a subheading is shorter; a sentence ends with a stop)."""
    t = text.rstrip(CLOSERS + " ")
    return (6 <= words <= 25 and not t.endswith(TERMINAL + (",", ";", "-", "\u2013", "\u2014"))
            and not text.endswith(("...", "\u2026")) and text[:1].isupper() and not text.isupper())
