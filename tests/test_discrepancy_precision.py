"""The flag listing for judging discrepancy precision: flags numbered per event, counts over
events of two outlets or more, precision from the numbers a reader rejects."""

from __future__ import annotations

import csv

import pytest

from stance.eval.discrepancy_precision import main, report

EVENT_COLS = ["event_id", "label", "outlets"]
FLAG_COLS = ["event_id", "kind", "slot", "outlet_a", "value_a", "text_a", "outlet_b", "value_b", "text_b"]


def _write(path, cols, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols)
        w.writeheader()
        w.writerows(dict(zip(cols, r, strict=True)) for r in rows)


@pytest.fixture
def out(tmp_path):
    _write(tmp_path / "events.csv", EVENT_COLS, [
        ("e1", "Lindqvist - Weber talks, Geneva", "North Wire; Harbour Times"),
        ("e2", "Ortiz - Lima talks, Porto", "Valley Post; Hill Herald; Bay Daily"),
        ("e3", "Weber (unassigned)", "Lake Post")])
    _write(tmp_path / "discrepancies.csv", FLAG_COLS, [
        ("e1", "place", "meeting place", "North Wire", "in Geneva", "They met in Geneva.",
         "Harbour Times", "in Lausanne", "They met in Lausanne."),
        ("e1", "date", "meeting day", "North Wire", "Monday", "They met on Monday.",
         "Harbour Times", "Thursday", "They met on Thursday."),
        ("e2", "who", "title of Ana Lima", "Valley Post", "Foreign Minister", "Foreign Minister Ana Lima spoke.",
         "Bay Daily", "Prime Minister", "Prime Minister Ana Lima spoke.")])
    return tmp_path


def test_flags_are_numbered_per_event_and_counted_over_events_of_two_outlets(out):
    text = report(out)
    assert "== Lindqvist - Weber talks, Geneva [e1]: 2 outlets, 2 flags" in text
    assert "== Weber (unassigned) [e3]: 1 outlets, 0 flags" in text
    assert "#3 who | title of Ana Lima: 'Foreign Minister' vs 'Prime Minister'" in text
    assert "Bay Daily: 'Prime Minister Ana Lima spoke.'" in text
    assert text.endswith("flags: 3 over 2 events of two outlets or more (1.50 per event)")


def test_rejected_flags_give_precision_and_false_alarms_per_event(out, capsys):
    main([str(out), "--rejected", "2"])
    assert capsys.readouterr().out.splitlines()[-1] == (
        "rejected by the reader: 1; precision 0.667; false alarms per event 0.50")


def test_bad_input_says_what_to_do(out, tmp_path):
    with pytest.raises(SystemExit, match="no flag numbered 9"):
        report(out, [9])
    with pytest.raises(SystemExit, match="give flag numbers separated by commas"):
        main([str(out), "--rejected", "two"])
    with pytest.raises(SystemExit, match="not found; give the --out directory"):
        report(tmp_path / "nowhere")
