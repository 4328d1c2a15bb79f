"""BASIL target polarity (protocol (e), span level): does our target-tone method say pos/neg right?

Input per annotated span, as the BASIL README prescribes: the sentence and the target's display
name (`Donald_Trump` -> "Donald Trump"); the gold span itself is not given to the method. The
method is the one the product uses for tone toward targets: VADER compound on the clause around
the target's mention (full name, else its last or other distinctive word; the whole sentence when
the target is not named), `pos` when the compound is above 0, else `neg`. Beside it: the same
VADER on the whole sentence, and the majority baseline (always `neg`). Accuracy and macro-F1 over
the two classes, overall and by `aim` (direct / indirect) and `bias` (inf / lex).

Evaluation only: BASIL text is never copied into the project.

    python -m stance.eval.basil_polarity ../shared/data/basil
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from stance.eval.basil_data import BasilArticle, load_basil
from stance.framing.tone import clause_around, compound

LABELS = ("neg", "pos")
_STOP = {"the", "of", "and", "for", "house", "senate", "party", "other", "state", "states", "new", "u.s."}


@dataclass(frozen=True)
class SpanItem:
    sentence: str
    target: str  # display name
    gold: str  # neg | pos
    aim: str
    bias: str


def items(articles: Iterable[BasilArticle]) -> list[SpanItem]:
    """One item per annotated span with a body sentence or the headline as its sentence."""
    out = []
    for art in articles:
        for span in art.spans:
            if span["polarity"] not in LABELS:
                continue
            n = span["sentence"]
            sentence = art.title if n is None else (art.sentences[n] if n < len(art.sentences) else "")
            if not sentence:
                continue
            out.append(SpanItem(sentence, str(span["target"]).replace("_", " ").strip(), span["polarity"],
                                str(span["aim"]), str(span["bias"])))
    return out


def find_mention(sentence: str, target: str) -> tuple[int, int] | None:
    """Span of the target's name in the sentence: full name, else last word, else another word."""
    words = [w for w in re.findall(r"[\w.'-]+", target) if w.casefold() not in _STOP and len(w) > 2]
    candidates = [target] + words[::-1]
    for cand in candidates:
        if not cand:
            continue
        m = re.search(rf"(?<!\w){re.escape(cand)}(?!\w)", sentence, re.IGNORECASE)
        if m:
            return m.span()
    return None


def predict_target_clause(item: SpanItem) -> str:
    span = find_mention(item.sentence, item.target)
    text = clause_around(item.sentence, *span) if span else item.sentence
    return "pos" if compound(text) > 0 else "neg"


def predict_sentence(item: SpanItem) -> str:
    return "pos" if compound(item.sentence) > 0 else "neg"


def predict_majority(_: SpanItem) -> str:
    return "neg"


def scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    """Accuracy and macro-F1 over LABELS (a class never predicted nor gold gets F1 0)."""
    n = len(gold)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / n if n else 0.0
    f1s = []
    for label in LABELS:
        tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, pred, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return {"n": float(n), "accuracy": acc, "macro_f1": sum(f1s) / len(f1s), "f1_neg": f1s[0], "f1_pos": f1s[1]}


METHODS: dict[str, Callable[[SpanItem], str]] = {
    "target_clause_vader": predict_target_clause,
    "sentence_vader": predict_sentence,
    "majority_neg": predict_majority,
}


def evaluate(span_items: Sequence[SpanItem]) -> dict[str, dict[str, dict[str, float]]]:
    """{slice: {method: scores}} for slices all, aim=dir, aim=indirect, aim=<each>, bias=<each>."""
    slices: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(span_items):
        slices["all"].append(i)
        slices["aim=dir" if it.aim == "dir" else "aim=indirect"].append(i)
        if it.aim != "dir":
            slices[f"aim={it.aim}"].append(i)
        slices[f"bias={it.bias}"].append(i)
    preds = {name: [fn(it) for it in span_items] for name, fn in METHODS.items()}
    out: dict[str, dict[str, dict[str, float]]] = {}
    for name in sorted(slices, key=lambda s: (s != "all", s)):
        idx = slices[name]
        gold = [span_items[i].gold for i in idx]
        out[name] = {m: scores(gold, [p[i] for i in idx]) for m, p in preds.items()}
    return out


def format_table(result: dict[str, dict[str, dict[str, float]]]) -> str:
    lines = [f"{'slice':<18} {'n':>5}  " + "  ".join(f"{m + ' acc/F1':>28}" for m in METHODS)]
    for name, by_method in result.items():
        n = int(next(iter(by_method.values()))["n"])
        cells = "  ".join(f"{by_method[m]['accuracy']:>19.3f} / {by_method[m]['macro_f1']:.3f}" for m in METHODS)
        lines.append(f"{name:<18} {n:>5}  {cells}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("basil", help="folder holding BASIL's articles/ and annotations/")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    span_items = items(load_basil(args.basil))
    t1 = time.perf_counter()
    result = evaluate(span_items)
    t2 = time.perf_counter()
    print(format_table(result))
    print(f"\n{len(span_items)} spans; load {t1 - t0:.2f} s, scoring 3 methods {t2 - t1:.2f} s "
          f"({3 * len(span_items) / max(t2 - t1, 1e-9):.0f} predictions/s)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
