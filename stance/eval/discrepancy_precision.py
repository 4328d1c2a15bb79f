"""Discrepancy flags per event, listed for a reader to judge (evaluation only).

    python -m stance.eval.discrepancy_precision OUT_DIR [--rejected 3,7,12]

Reads the `discrepancies.csv` and `events.csv` that `stance analyze --out OUT_DIR` wrote and
prints, event by event, every flag numbered, with both outlets, values and claim texts, then
the number of flags per event. The judging is the reader's: pass the numbers of the flags a
reader would reject (`--rejected`) to get precision and false alarms per event. Counting rule:
one flag is one row (one pair of claims); events are those with two outlets or more (the only
ones where a discrepancy can arise), so false alarms per event = rejected rows / such events.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

TEXT_SHOWN = 110  # characters of each claim printed


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    except FileNotFoundError:
        raise SystemExit(f"{path}: not found; give the --out directory of a `stance analyze` run") from None


def _outlets(event: dict[str, str]) -> int:
    return len([o for o in event.get("outlets", "").split(";") if o.strip()])


def report(out_dir: Path, rejected: Sequence[int] = ()) -> str:
    """The flags of one run numbered and grouped by event, and the counts (with precision when
    `rejected` numbers are given)."""
    events = _rows(out_dir / "events.csv")
    flags = _rows(out_dir / "discrepancies.csv")
    by_event: dict[str, list[tuple[int, dict[str, str]]]] = defaultdict(list)
    for n, row in enumerate(flags, 1):
        by_event[row["event_id"]].append((n, row))
    lines = []
    for ev in events:
        found = by_event.get(ev["event_id"], [])
        lines.append(f"== {ev['label']} [{ev['event_id']}]: {_outlets(ev)} outlets, {len(found)} flags")
        for n, r in found:
            lines.append(f"  #{n} {r['kind']} | {r['slot']}: {r['value_a']!r} vs {r['value_b']!r}")
            for side in ("a", "b"):
                lines.append(f"      {r['outlet_' + side]}: {r['text_' + side][:TEXT_SHOWN]!r}")
    judged = [e for e in events if _outlets(e) > 1]
    lines.append(f"flags: {len(flags)} over {len(judged)} events of two outlets or more "
                 f"({len(flags) / max(len(judged), 1):.2f} per event)")
    if rejected:
        bad = set(rejected)
        unknown = sorted(bad - set(range(1, len(flags) + 1)))
        if unknown:
            raise SystemExit(f"--rejected: no flag numbered {unknown[0]}; numbers run 1..{len(flags)}")
        lines.append(f"rejected by the reader: {len(bad)}; precision {1 - len(bad) / max(len(flags), 1):.3f}; "
                     f"false alarms per event {len(bad) / max(len(judged), 1):.2f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--rejected", default="", help="comma-separated numbers of the flags a reader rejects")
    a = ap.parse_args(argv)
    try:
        rejected = [int(x) for x in a.rejected.split(",") if x.strip()]
    except ValueError:
        raise SystemExit(f"--rejected {a.rejected!r}: give flag numbers separated by commas, e.g. 3,7") from None
    sys.stdout.write(report(a.out_dir, rejected) + "\n")


if __name__ == "__main__":
    main()
