"""Word-level diff of two aligned wordings, for highlighting and a compact summary.

Comparison ignores case and quote style; tokens keep their original spelling in the output so
the dashboard can show them as written.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from stance.text.normalize import normalize_text

_TOKEN = re.compile(r"[\w]+(?:[-'][\w]+)*|[^\w\s]")


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(normalize_text(text))


def _opcodes(ta: list[str], tb: list[str]):
    return SequenceMatcher(None, [t.casefold() for t in ta], [t.casefold() for t in tb],
                           autojunk=False).get_opcodes()


def word_diff(a: str, b: str) -> list[tuple[str, str]]:
    """(op, token) with op in {"equal", "delete", "insert"}: deletes come from `a`, inserts from `b`,
    equal tokens are given as spelled in `b`. A replacement is a delete run then an insert run."""
    ta, tb = tokenize(a), tokenize(b)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in _opcodes(ta, tb):
        if op == "equal":
            out.extend(("equal", t) for t in tb[j1:j2])
            continue
        if op in ("delete", "replace"):
            out.extend(("delete", t) for t in ta[i1:i2])
        if op in ("insert", "replace"):
            out.extend(("insert", t) for t in tb[j1:j2])
    return out


def _join(tokens: list[str], max_words: int = 0) -> str:
    if max_words and len(tokens) > max_words:
        half = max_words // 2
        tokens = tokens[:half] + ["..."] + tokens[-half:]
    text = " ".join(tokens)
    return re.sub(r"\s+([^\w\s])", r"\1", text)


def varying_phrases(a: str, b: str, context: int = 1, max_pairs: int = 4,
                    max_words: int = 12) -> list[tuple[str, str]]:
    """The phrases that differ, each with `context` equal words either side, as (in a, in b):
    "exchanged views" vs "exchanged in-depth views". Longer phrases keep their two ends."""
    ta, tb = tokenize(a), tokenize(b)
    pairs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in _opcodes(ta, tb):
        if op == "equal":
            continue
        pa = _join(ta[max(0, i1 - context): min(len(ta), i2 + context)], max_words)
        pb = _join(tb[max(0, j1 - context): min(len(tb), j2 + context)], max_words)
        if pa.casefold() != pb.casefold():
            pairs.append((pa, pb))
        if len(pairs) >= max_pairs:
            break
    return pairs


def summarize_variation(a: str, b: str) -> str:
    """One line for tables: '"exchanged views" vs "exchanged in-depth views"; ...'."""
    return "; ".join(f'"{pa}" vs "{pb}"' for pa, pb in varying_phrases(a, b))
