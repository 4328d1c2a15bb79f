"""BASIL protocol (b): quote detection and speaker attribution, scored on annotated spans.

    python -m stance.eval.basil_quotes PATH_TO_BASIL [--no-ner] [--json]

Each BASIL article is fed to the claims stage as a plain Article (body paragraphs, sentences
joined by spaces); predictions are mapped back to BASIL sentences by character offsets. A
*predicted quote* is a quotation span inside a claim the tool attributes to a speaker (scare
quotes in the outlet's own voice are not quotes). Metrics follow the dataset README:

- quote recall: gold `quote == yes` spans overlapped >= 50 % of their characters by a predicted
  quote (and any overlap), over all of them (headline spans count as missed: titles are not claims);
- quote-vs-author over all annotated spans (the only precision signal BASIL has): accuracy, P/R/F1
  of the yes class;
- speaker accuracy over spans with a named speaker (strict: normalized names equal; lenient: last
  names equal), over all of them and over the quotes the tool found;
- other_* sanity: share of found quotes with an unnamed gold speaker where the tool did not name
  the span's target as the speaker.
BASIL is evaluation-only data: nothing here copies its text into the project.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass

from stance.eval.basil_data import BasilArticle, load_basil
from stance.schema import Article, stable_hash
from stance.text.normalize import normalize_text

# Spelling fixes for BASIL's own speaker/target strings (its README lists these quirks).
BASIL_ALIASES = {
    "trump": "donald trump", "kevil mccarthy": "kevin mccarthy", "felipe calder": "felipe calderon",
    "obama": "barack obama", "hillary": "hillary clinton",
}


def norm_name(name: str) -> str:
    n = normalize_text(name.replace("_", " ")).casefold()
    n = re.sub(r"[^\w\s'-]", "", n).strip()
    return BASIL_ALIASES.get(n, n)


def last_name(name: str) -> str:
    parts = norm_name(name).split()
    return parts[-1] if parts else ""


@dataclass
class PredQuote:
    start: int  # offsets in the paragraph string fed to the tool
    end: int
    speaker: str


def to_article(b: BasilArticle) -> tuple[Article, list[tuple[int, int]]]:
    """The Article for one BASIL record and, per BASIL sentence, (paragraph, start offset) in
    the paragraph strings the claims stage will see."""
    paras: list[str] = []
    where: list[tuple[int, int]] = []
    for sents in b.paragraphs:
        clean = [re.sub(r"\s", " ", s) for s in sents]  # same length, no line breaks
        text = " ".join(clean)
        stripped = text.strip()
        lead = len(text) - len(text.lstrip())
        pi = len(paras) if stripped else -1
        pos = 0
        for s in clean:
            where.append((pi, pos - lead))
            pos += len(s) + 1
        if stripped:
            paras.append(stripped)
    text = "\n\n".join(paras)
    art = Article(article_id=stable_hash(b.uuid, text), source=f"basil/{b.source}/{b.uuid}", text=text,
                  outlet=b.source, published=b.date, title=b.title)
    return art, where


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def evaluate(root: str, use_ner: bool = True, misses: list | None = None) -> dict:
    """The figures over every article under `root`. `misses`, when given, receives one line per
    named-speaker quote whose speaker is wrong or missing (for reading, never stored)."""
    from stance.claims import analyze_articles

    records = load_basil(root)
    converted = [to_article(b) for b in records]
    t0 = time.perf_counter()
    prepared, warnings = analyze_articles([a for a, _ in converted], use_ner=use_ner)
    seconds = time.perf_counter() - t0
    by_id = {p.article.article_id: p for p in prepared}
    n_claims = sum(len(p.units) for p in prepared)

    quotes_total = found50 = found_any = 0
    qa_tp = qa_fp = qa_fn = qa_tn = 0
    named = named_strict = named_lenient = named_found = 0
    other_found = other_ok = 0
    per_outlet: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for b, (art, where) in zip(records, converted, strict=True):
        preds: dict[int, list[PredQuote]] = defaultdict(list)
        prep = by_id.get(art.article_id)
        for u in (prep.units if prep else []):
            if u.speaker is None:
                continue
            for qs, qe, _ in u.quotes:
                preds[u.paragraph].append(PredQuote(u.start + qs, u.start + qe, u.speaker.name))
        for span in b.spans:
            gold_yes = span["quote"] == "yes"
            best, best_ov = None, 0
            n = span["sentence"]
            length = max(1, span["end"] - span["start"])
            if n is not None and n < len(where) and where[n][0] >= 0:
                pi, off = where[n]
                g0, g1 = off + span["start"], off + span["end"]
                for pq in preds.get(pi, []):
                    ov = _overlap(g0, g1, pq.start, pq.end)
                    if ov > best_ov:
                        best, best_ov = pq, ov
            hit50 = best is not None and best_ov >= 0.5 * length
            # quote-vs-author over every annotated span
            if hit50 and gold_yes:
                qa_tp += 1
            elif hit50:
                qa_fp += 1
            elif gold_yes:
                qa_fn += 1
            else:
                qa_tn += 1
            if not gold_yes:
                continue
            quotes_total += 1
            found50 += hit50
            found_any += best is not None
            per_outlet[b.source][0] += 1
            per_outlet[b.source][1] += hit50
            speaker = span["speaker"]
            if speaker.startswith("other_"):
                if hit50:
                    other_found += 1
                    target = span["target"]
                    same = norm_name(best.speaker) == norm_name(target) or (
                        last_name(best.speaker) and last_name(best.speaker) == last_name(target))
                    other_ok += not same
                continue
            named += 1
            strict = hit50 and norm_name(best.speaker) == norm_name(speaker)
            if hit50:
                named_found += 1
                named_strict += strict
                named_lenient += bool(last_name(best.speaker)) and last_name(best.speaker) == last_name(speaker)
            if misses is not None and not strict:
                got = best.speaker if hit50 else "(quote not found)"
                misses.append(f"{b.source}/{b.uuid[:8]} p{n}: want {norm_name(speaker)!r}, got {got!r}: "
                              f"{span['txt'][:70]!r}")

    def ratio(a: int, b: int) -> float:
        return round(a / b, 4) if b else 0.0

    p = ratio(qa_tp, qa_tp + qa_fp)
    r = ratio(qa_tp, qa_tp + qa_fn)
    return {
        "articles": len(records), "articles_processed": len(prepared), "claims": n_claims,
        "warnings": len(warnings), "seconds": round(seconds, 2),
        "gold_quotes": quotes_total,
        "quote_recall_50": ratio(found50, quotes_total), "quote_recall_any": ratio(found_any, quotes_total),
        "quote_recall_50_by_outlet": {k: ratio(v[1], v[0]) for k, v in sorted(per_outlet.items())},
        "spans": qa_tp + qa_fp + qa_fn + qa_tn,
        "quote_vs_author_accuracy": ratio(qa_tp + qa_tn, qa_tp + qa_fp + qa_fn + qa_tn),
        "quote_yes_precision": p, "quote_yes_recall": r,
        "quote_yes_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "false_quote_on_author_spans": qa_fp,
        "named_speaker_spans": named, "named_found": named_found,
        "speaker_acc_strict": ratio(named_strict, named), "speaker_acc_lenient": ratio(named_lenient, named),
        "speaker_acc_strict_found": ratio(named_strict, named_found),
        "speaker_acc_lenient_found": ratio(named_lenient, named_found),
        "other_spans_found": other_found, "other_not_target_rate": ratio(other_ok, other_found),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="BASIL quote detection and speaker attribution (protocol b)")
    ap.add_argument("path", help="BASIL folder holding articles/ and annotations/")
    ap.add_argument("--no-ner", action="store_true", help="entity list and rules only")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--misses", type=int, default=0, metavar="N",
                    help="also print up to N named-speaker quotes attributed wrongly or not found")
    args = ap.parse_args(argv)
    from stance.errors import StanceError

    try:
        missed: list[str] = []
        res = evaluate(args.path, use_ner=not args.no_ner, misses=missed)
    except StanceError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(res, indent=1))
        return 0
    print(f"BASIL quotes: {res['articles']} articles, {res['claims']} claims, {res['seconds']} s"
          f"{' (no NER)' if args.no_ner else ''}")
    print(f"quote recall (>=50% overlap): {res['quote_recall_50']:.3f}   any overlap: "
          f"{res['quote_recall_any']:.3f}   over {res['gold_quotes']} gold quote spans")
    print("  by outlet: " + ", ".join(f"{k} {v:.3f}" for k, v in res["quote_recall_50_by_outlet"].items()))
    print(f"quote vs author over {res['spans']} spans: accuracy {res['quote_vs_author_accuracy']:.3f}, "
          f"yes P {res['quote_yes_precision']:.3f} R {res['quote_yes_recall']:.3f} "
          f"F1 {res['quote_yes_f1']:.3f} ({res['false_quote_on_author_spans']} author spans called quotes)")
    print(f"speaker accuracy over {res['named_speaker_spans']} named-speaker spans: strict "
          f"{res['speaker_acc_strict']:.3f}, lenient {res['speaker_acc_lenient']:.3f}")
    print(f"  on the {res['named_found']} quotes found: strict {res['speaker_acc_strict_found']:.3f}, "
          f"lenient {res['speaker_acc_lenient_found']:.3f}")
    print(f"other_* sanity: {res['other_not_target_rate']:.3f} of {res['other_spans_found']} found "
          "unnamed-source quotes are not attributed to the span's target")
    if args.misses:
        print(f"speaker misses ({len(missed)}):")
        for line in missed[:args.misses]:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
