"""How an article's source is shown outside the store: a web address as it is, else the file
name (with its `#record` part) without its folders, so no local path reaches a result, a
dashboard view or an exported file (the store keeps the full path the article was read from)."""

from __future__ import annotations

import re

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def source_name(source: object) -> str:
    """"https://site/x" as it is; "data/in/feed.jsonl#8" -> "feed.jsonl#8"."""
    text = str(source or "")
    if _SCHEME.match(text):
        return text
    return re.split(r"[\\/]", text)[-1]
