"""Spans of weekdays a story narrates: "met on Wednesday and Thursday", "talks from Monday to
Wednesday". The span's last day is a day of the story too, and the latest one it names: a report
is written no earlier than it. (`stance.text.dates.weekdays_mentioned` reads the first day, after
its cue word; this reads the day that closes the span.)"""

from __future__ import annotations

import re

from stance.text.dates import WEEKDAYS, weekday_number

_DAY = "(?:" + "|".join(d.capitalize() for d in WEEKDAYS) + ")"
WEEKDAY_SPAN = re.compile(rf"\b(?:on|from|between)\s+{_DAY}\s*(?:,|and|to|through|until|-|\u2013)\s*"
                          rf"(?P<day>{_DAY})\b")


def span_end_weekdays(text: str) -> list[tuple[int, str]]:
    """(weekday 0..6, the words) of the day closing each span of weekdays in `text`."""
    return [(weekday_number(m["day"]), m.group(0)) for m in WEEKDAY_SPAN.finditer(text or "")]
