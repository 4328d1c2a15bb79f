"""Print random cross-event claim pairs that share a talking point, to judge its precision.

Reads a run's `aligned_claims.csv` (the `stance analyze` output), picks N pairs of claims of
different events that carry the same `talking_point_id` (fixed seed, so a run before and after a
rule change can be judged on the same draw), and prints the sizes of the largest talking points
(claims, events). A reader then accepts or rejects each pair: does the second claim repeat the
first one's line?

    python scripts/tp_pairs.py OUTPUT_DIR [-n 20] [--seed 16] [--top 8]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import sys
from collections import defaultdict
from pathlib import Path


def load(run: Path) -> dict[str, list[dict[str, str]]]:
    """talking_point_id -> its claims (one row per claim id) from a run's aligned_claims.csv."""
    path = run / "aligned_claims.csv"
    if not path.is_file():
        sys.exit(f"tp_pairs: no aligned_claims.csv in {run}: pass the output dir of `stance analyze`")
    seen: set[str] = set()
    by_tp: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["claim_id"] in seen:
                continue
            seen.add(row["claim_id"])
            by_tp[row["talking_point_id"]].append(row)
    return by_tp


def cross_event_pairs(by_tp: dict[str, list[dict[str, str]]]) -> list[tuple[dict, dict]]:
    """Every pair of claims of one talking point that belong to different events, in a stable
    order (talking point id, then claim ids)."""
    out = []
    for tp in sorted(by_tp):
        rows = sorted(by_tp[tp], key=lambda r: r["claim_id"])
        out += [(a, b) for a, b in itertools.combinations(rows, 2) if a["event_id"] != b["event_id"]]
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run", type=Path)
    ap.add_argument("-n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--top", type=int, default=8)
    args = ap.parse_args(argv)
    by_tp = load(args.run)
    pairs = cross_event_pairs(by_tp)
    multi = [tp for tp, rows in by_tp.items() if len({r["event_id"] for r in rows}) > 1]
    print(f"{len(pairs)} cross-event pairs in {len(multi)} talking points spanning events")
    for i, (a, b) in enumerate(random.Random(args.seed).sample(pairs, min(args.n, len(pairs))), 1):
        print(f"\n{i:2d}. [{a['talking_point_id'][:8]}]")
        for r in (a, b):
            print(f"    {r['event_label'][:40]:40s} | {r['claim_text'][:220]}")
    print("\nlargest talking points (claims, events):")
    for tp in sorted(by_tp, key=lambda t: -len(by_tp[t]))[: args.top]:
        rows = by_tp[tp]
        print(f"  {tp[:8]} {len(rows):4d} claims {len({r['event_id'] for r in rows}):3d} events"
              f"  e.g. {rows[0]['claim_text'][:80]!r}")


if __name__ == "__main__":
    main()
