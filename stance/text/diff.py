"""Word-level diff of two wordings: the one implementation behind the dashboard's highlighting
(`changed_tokens`, `closest`) and the compact summaries (`word_diff`, `varying_phrases`).

Comparison ignores case and quote, apostrophe and dash styles (tokens are compared through
`normalize_text`); tokens keep the outlet's own spelling in the output, and `tokens` keeps the
whitespace too, so the dashboard can show a text exactly as written.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from stance.text.normalize import normalize_text

# words (hyphenated and apostrophe words stay whole), single punctuation marks, whitespace runs
_TOKEN = re.compile(r"\w+(?:[-'\u2019]\w+)*|[^\w\s]|\s+")


def tokens(text: str) -> list[str]:
    """Words, punctuation and whitespace runs; joining them gives the text back."""
    return _TOKEN.findall(text or "")


def tokenize(text: str) -> list[str]:
    """Words and punctuation, as spelled (no whitespace)."""
    return [t for t in tokens(text) if not t.isspace()]


def _key(token: str) -> str:
    return normalize_text(token).casefold()


def _matcher(ta: list[str], tb: list[str]) -> SequenceMatcher:
    return SequenceMatcher(None, [_key(t) for t in ta], [_key(t) for t in tb], autojunk=False)


def word_diff(a: str, b: str) -> list[tuple[str, str]]:
    """(op, token) with op in {"equal", "delete", "insert"}: deletes come from `a`, inserts from `b`,
    equal tokens are given as spelled in `b`. A replacement is a delete run then an insert run."""
    ta, tb = tokenize(a), tokenize(b)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in _matcher(ta, tb).get_opcodes():
        if op == "equal":
            out.extend(("equal", t) for t in tb[j1:j2])
            continue
        if op in ("delete", "replace"):
            out.extend(("delete", t) for t in ta[i1:i2])
        if op in ("insert", "replace"):
            out.extend(("insert", t) for t in tb[j1:j2])
    return out


def changed_tokens(text: str, reference: str) -> list[tuple[bool, str]]:
    """`tokens(text)`, each flagged True when it is not part of the wording `text` shares with
    `reference`. A space between two changed words belongs to the changed phrase."""
    toks = tokens(text)
    words = [i for i, t in enumerate(toks) if not t.isspace()]
    same: set[int] = set()
    for block in _matcher([toks[i] for i in words], tokenize(reference)).get_matching_blocks():
        same.update(words[k] for k in range(block.a, block.a + block.size))
    flags = [(not t.isspace()) and i not in same for i, t in enumerate(toks)]
    for i, t in enumerate(toks):
        if t.isspace() and 0 < i < len(toks) - 1 and flags[i - 1] and flags[i + 1]:
            flags[i] = True
    return list(zip(flags, toks, strict=True))


def closest(text: str, candidates: list[str], limit: int = 30) -> str:
    """The candidate worded most like `text` (shared word sequence), so a highlight shows what
    really differs between two wordings rather than everything in an unrelated sentence."""
    words = tokenize(text)
    best, best_ratio = "", -1.0
    for cand in candidates[:limit]:
        ratio = _matcher(words, tokenize(cand)).ratio()
        if ratio > best_ratio:
            best, best_ratio = cand, ratio
    return best


def _join(toks: list[str], max_words: int = 0) -> str:
    if max_words and len(toks) > max_words:
        half = max_words // 2
        toks = toks[:half] + ["..."] + toks[-half:]
    text = " ".join(toks)
    return re.sub(r"\s+([^\w\s])", r"\1", text)


def varying_phrases(a: str, b: str, context: int = 1, max_pairs: int = 4,
                    max_words: int = 12) -> list[tuple[str, str]]:
    """The phrases that differ, each with `context` equal words either side, as (in a, in b):
    "exchanged views" vs "exchanged in-depth views". Longer phrases keep their two ends."""
    ta, tb = tokenize(a), tokenize(b)
    pairs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in _matcher(ta, tb).get_opcodes():
        if op == "equal":
            continue
        pa = _join(ta[max(0, i1 - context): min(len(ta), i2 + context)], max_words)
        pb = _join(tb[max(0, j1 - context): min(len(tb), j2 + context)], max_words)
        if _key(pa) != _key(pb):
            pairs.append((pa, pb))
        if len(pairs) >= max_pairs:
            break
    return pairs


def summarize_variation(a: str, b: str) -> str:
    """One line for tables: '"exchanged views" vs "exchanged in-depth views"; ...'."""
    return "; ".join(f'"{pa}" vs "{pb}"' for pa, pb in varying_phrases(a, b))
