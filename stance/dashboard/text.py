"""Safe rendering of untrusted article text: word-level differences as escaped HTML.

Every token is passed through `html.escape` before any markup is added, so article text can
never inject tags, scripts or links; callers render the result with `st.html`, which does not
interpret Markdown either.
"""

from __future__ import annotations

import difflib
import html
import re

from stance.text.normalize import normalize_text

# Words as `stance.framing.diff` tokenizes them (hyphenated and apostrophe words stay whole), plus
# whitespace runs, so the text is highlighted exactly as the outlet spelled it.
_TOKEN = re.compile(r"\w+(?:[-'\u2019]\w+)*|[^\w\s]|\s+")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


def tokenize(text: str) -> list[str]:
    """Words, punctuation and whitespace runs; joining the tokens gives the text back."""
    return _TOKEN.findall(text or "")


def _key(token: str) -> str:
    return normalize_text(token).casefold()


def changed_tokens(text: str, reference: str) -> list[tuple[bool, str]]:
    """Tokens of `text`, each flagged True when it is not part of the wording `text` shares with
    `reference` (case, quote and dash styles do not count as differences)."""
    toks = tokenize(text)
    words = [(i, _key(t)) for i, t in enumerate(toks) if not t.isspace()]
    ref = [_key(t) for t in tokenize(reference) if not t.isspace()]
    same: set[int] = set()
    matcher = difflib.SequenceMatcher(a=[w for _, w in words], b=ref, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.a, block.a + block.size):
            same.add(words[k][0])
    flags = [(not t.isspace()) and i not in same for i, t in enumerate(toks)]
    # A space between two changed words belongs to the changed phrase (one mark, not many).
    for i, t in enumerate(toks):
        if t.isspace() and 0 < i < len(toks) - 1 and flags[i - 1] and flags[i + 1]:
            flags[i] = True
    return list(zip(flags, toks, strict=True))


def closest(text: str, candidates: list[str], limit: int = 30) -> str:
    """The candidate worded most like `text` (shared word sequence), so a highlight shows what
    really differs between two wordings rather than everything in an unrelated sentence."""
    words = [_key(t) for t in tokenize(text) if not t.isspace()]
    best, best_ratio = "", -1.0
    for cand in candidates[:limit]:
        other = [_key(t) for t in tokenize(cand) if not t.isspace()]
        ratio = difflib.SequenceMatcher(a=words, b=other, autojunk=False).ratio()
        if ratio > best_ratio:
            best, best_ratio = cand, ratio
    return best


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
