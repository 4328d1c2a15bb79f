"""The speaker record: who says a claim, as the page wrote it and as the analysis names it.

    Speaker(name="Antony Blinken", kind="person", side="West", as_written="the secretary")

`name` is the canonical name every outlet's claim is compared under (the actors file's name, a
person's full name without middle initials, an institution built from its nationality: "Chinese
foreign ministry"); `as_written` keeps the words of the page ("the top Chinese diplomat", "a
senior US official"), so an analyst can check the resolution. `kind` says what sort of voice it
is, because a named minister, a ministry, a joint statement, an anonymous official and a news
agency weigh differently in a comparison of coverage:

    person     a named individual ("Wang Yi", "Jane Roe")
    body       an institution, government or country speaking as one ("Kremlin", "China")
    document   a text whose issuer the page does not name ("joint statement", "letter")
    anonymous  an unnamed official or source, kept as such ("senior US official", "experts")
    outlet     a news organization or state media reporting what was said ("Xinhua", "state media")
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

SPEAKER_KINDS = ("person", "body", "document", "anonymous", "outlet")

_INITIAL = re.compile(r"^[A-Z]\.?$")


@dataclass(frozen=True)
class Speaker:
    name: str
    kind: str  # one of SPEAKER_KINDS
    side: str = ""
    as_written: str = ""
    place: bool = False  # a bare country or capital ("Beijing", "China"): see attribution rules

    def written(self, phrase: str) -> Speaker:
        """The same speaker, recorded with the words this sentence used for it."""
        phrase = re.sub(r"\s+", " ", phrase or "").strip(" ,")
        return replace(self, as_written=phrase) if phrase and phrase != self.as_written else self


def person_name(name: str) -> str:
    """A person's canonical name: middle initials dropped ("Susan E. Rice" -> "Susan Rice",
    "Antony J. Blinken" -> "Antony Blinken"), so outlets that write the initial and outlets
    that do not name one speaker. A name that starts with an initial ("J. K. Moss") keeps them."""
    parts = name.split()
    if len(parts) < 3 or _INITIAL.match(parts[0]):
        return name
    kept = [parts[0]] + [p for p in parts[1:-1] if not _INITIAL.match(p)] + [parts[-1]]
    return " ".join(kept)


__all__ = ["Speaker", "SPEAKER_KINDS", "person_name"]
