"""Safe rendering of untrusted article text: word-level differences as escaped HTML.

Which words differ is decided by `stance.text.diff` (the one diff); this module only escapes
and marks them.

Every token is passed through `html.escape` before any markup is added, so article text can
never inject tags, scripts or links; callers render the result with `st.html`, which does not
interpret Markdown either.
"""

from __future__ import annotations

import html
import re

from stance.text.diff import changed_tokens

_SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


def highlight_html(text: str, reference: str | None) -> str:
    """Escaped `text` with the words that differ from `reference` wrapped in <mark>."""
    if not reference:
        return html.escape(text or "")
    out: list[str] = []
    run: list[str] = []
    for changed, tok in changed_tokens(text, reference):
        if changed:
            run.append(html.escape(tok))
            continue
        if run:
            out.append("<mark>" + "".join(run) + "</mark>")
            run = []
        out.append(html.escape(tok))
    if run:
        out.append("<mark>" + "".join(run) + "</mark>")
    return "".join(out)


def mark_value_html(text: str, value: str) -> str:
    """Escaped `text` with every literal occurrence of `value` marked (case-insensitive)."""
    text = text or ""
    if not value:
        return html.escape(text)
    parts = re.split("(" + re.escape(value) + ")", text, flags=re.IGNORECASE)
    return "".join(f"<mark>{html.escape(p)}</mark>" if i % 2 else html.escape(p) for i, p in enumerate(parts))


def safe_url(url: str) -> str:
    """The URL if it is a plain http(s) address, else "" (never a javascript: or data: link)."""
    url = (url or "").strip()
    return url if _SAFE_URL.match(url) else ""


def link_html(url: str, label: str) -> str:
    """An escaped link to a source, or the escaped label alone when the URL is not safe."""
    href = safe_url(url)
    if not href:
        return html.escape(label)
    return (f'<a href="{html.escape(href, quote=True)}" target="_blank" rel="noopener noreferrer">'
            f"{html.escape(label)}</a>")


_MD_SPECIAL = set("\\`*_[]<>#|~$")


def md_escape(text: str) -> str:
    """Escape Markdown control characters so a short label (outlet name, place, a value from an
    article) renders literally in st.markdown/st.caption/st.warning."""
    out = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text))
    # list markers and numbered lists only act at the start of a line
    out = re.sub(r"(?m)^(\s*)([-+])(?=\s|$)", r"\1\\\2", out)
    return re.sub(r"(?m)^(\s*\d+)([.)])", r"\1\\\2", out)
