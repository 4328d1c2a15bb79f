"""Exports and the way back in a real browser (`streamlit run app.py`, Playwright, Debian's
chromium; the server and browser fixtures of tests/test_browser.py).

An analyst downloads every CSV of the Export view and its manifest.json: each file has exactly
its documented columns, the rows of the scope, no local path, and the manifest's hashes name
exactly the files served. On the Annotate page, Enter in the note field records nothing, a
click records the answer, and "Undo my last answer" takes it back.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import pytest

from stance.export import OUTPUT_COLUMNS, OUTPUT_FILES
from stance.results import filter_results
from stance.store import Store
from stance.store import annotations as sa
from stance.store.analysis import load_results
from tests.test_browser import browser, seeds_db, server  # noqa: F401 - the shared fixtures

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python package) not installed")
expect = playwright_api.expect

pytestmark = pytest.mark.browser




def _download(page, name: str, folder: Path) -> Path:
    button = page.locator('[data-testid="stDownloadButton"] button').filter(
        has_text=re.compile("^" + re.escape(name) + "$"))
    with page.expect_download(timeout=30_000) as info:
        button.first.click()
    target = folder / name
    info.value.save_as(str(target))
    return target


def test_every_csv_of_the_export_view_downloads_with_its_columns(server, browser, seeds_db,  # noqa: F811
                                                                 seeds_dir, tmp_path):
    from stance.dashboard.filters import default_event

    everything = load_results(Store(seeds_db))
    event_id = default_event(everything.events)
    results = filter_results(everything, event_id=event_id)  # the view's scope when it opens
    page = browser.new_page(viewport={"width": 1500, "height": 1100}, accept_downloads=True)
    page.goto(server + "/?view=export", wait_until="networkidle")
    expect(page.get_by_text(re.compile(r"^Scope: .*sidebar filters applied"))).to_be_visible(timeout=60_000)
    # the address follows the view's state once the script has run (the page shows the scope a little earlier)
    page.wait_for_function("e => location.search.includes('event=' + e)", arg=event_id, timeout=30_000)
    files = {name: _download(page, name, tmp_path) for name in OUTPUT_FILES}
    expected_rows = {"aligned_claims.csv": len(results.aligned), "articles.csv": len(results.articles),
                     "events.csv": len(results.events), "framing.csv": len(results.framing),
                     "discrepancies.csv": len(results.discrepancies),
                     "claims.csv": results.aligned["claim_id"].nunique()}
    for name, path in files.items():
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            assert next(reader) == OUTPUT_COLUMNS[name], name
            assert sum(1 for _ in reader) == expected_rows[name], name
        text = path.read_text(encoding="utf-8")
        assert str(seeds_dir) not in text and "/seeds/" not in text, name  # never a local path
    with files["aligned_claims.csv"].open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert all(r["title"] and r["representative"] for r in rows)
    assert {r["source"] for r in rows} <= {Path(p).name for p in seeds_dir.iterdir()}
    assert {r["event_id"] for r in rows} == {event_id}

    manifest = json.loads(_download(page, "manifest.json", tmp_path).read_text(encoding="utf-8"))
    served = {o["file"]: o["sha256"] for o in manifest["outputs"]}
    assert served == {name: hashlib.sha256(p.read_bytes()).hexdigest() for name, p in files.items()}
    page.close()


def test_enter_never_answers_and_a_label_can_be_undone(server, browser, seeds_db):  # noqa: F811
    store = Store(seeds_db)
    before = len(sa.all_annotations(store))
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(server + "/?view=annotate", wait_until="networkidle")
    name = page.get_by_label("Your name (recorded with every change)")
    name.fill("Rhea Tamm")
    name.press("Enter")
    page.get_by_role("button", name="Start or resume session").click()
    note = page.get_by_label("Note (optional)")
    expect(note).to_be_visible(timeout=60_000)
    progress = page.get_by_text(re.compile(r"^0 / \d+$"))
    expect(progress).to_be_visible(timeout=30_000)

    note.fill("pressed Enter here")
    note.press("Enter")
    page.wait_for_timeout(1500)  # a rerun, if Enter had sent the form, is over by now
    assert len(sa.all_annotations(store)) == before
    expect(progress).to_be_visible()

    form = page.locator('[data-testid="stForm"]').first
    form.locator("button").first.click()  # the first answer
    expect(page.get_by_text(re.compile(r"^Your last answer: "))).to_be_visible(timeout=30_000)
    rows = sa.all_annotations(store)
    assert len(rows) == before + 1 and (rows[-1].annotator, rows[-1].note) == ("Rhea Tamm", "pressed Enter here")

    page.get_by_role("button", name="Undo my last answer").click()
    expect(page.get_by_text(re.compile(r"^Your last answer: "))).to_have_count(0, timeout=30_000)
    expect(page.get_by_text(re.compile(r"^0 / \d+$"))).to_be_visible(timeout=30_000)
    assert len(sa.all_annotations(store)) == before
    page.close()
