"""The dashboard in a real browser: `streamlit run app.py` driven by Playwright with Debian's
chromium (never `playwright install`: it cannot download browsers here).

Runs on the seeds analysed by the real pipeline (hash test-double embedder) and checks what an
analyst sees first: the event view's coverage heatmap, the side-by-side wording of the most
widely carried claim group, and the aligned_claims.csv download; saves a screenshot for review.
"""

from __future__ import annotations

import csv
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from stance.plots import coverage_table
from stance.results import coverage_frame, filter_results
from stance.schema import ALIGNED_COLUMNS
from stance.store.analysis import load_results
from tests.dashboard_db import build_seed_store

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python package) not installed")
expect = playwright_api.expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout:.0f} s")


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory, seeds_dir) -> Path:
    db = tmp_path_factory.mktemp("browser") / "seeds.db"
    store, report = build_seed_store(db, seeds_dir)
    assert report.n_articles == 5, report.problems
    store.close()
    return db


@pytest.fixture(scope="module")
def server(tmp_path_factory, seeds_db):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium, or `make chromium`)")
    db = seeds_db
    port = _free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "STANCE_EMBED_BACKEND": "hash"}
    log = open(tmp_path_factory.mktemp("log") / "streamlit.log", "w+")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--", "--db", str(db)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.seek(0)
        tail = log.read()[-2000:]
        log.close()
        if "Traceback" in tail:
            print(tail)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _start(text: str, n: int = 60) -> str:
    """The first characters of a text as the page shows it (whitespace collapsed)."""
    return " ".join(str(text).split())[:n]


def _expected(db: Path):
    """The default event's claim groups and the most widely carried group's claims, from the store."""
    from stance.dashboard.filters import default_event
    from stance.store import Store

    results = load_results(Store(db))
    event_id = default_event(results.events)
    groups = results.groups[results.groups["event_id"] == event_id]
    ev = filter_results(results, event_id=event_id)
    top = coverage_table(coverage_frame(ev), ev.groups, ev.aligned)["group_id"].iloc[0]  # shown first
    members = results.aligned[results.aligned["group_id"] == top]
    return results, event_id, groups, members


def test_event_view_heatmap_side_by_side_and_csv_download(server, browser, seeds_db, tmp_path):
    results, event_id, groups, members = _expected(seeds_db)
    assert set(members["outlet"]) == {"AFP", "Al-Ahed"}  # the Sept 2023 talks, two outlets
    page = browser.new_page(viewport={"width": 1500, "height": 1100}, accept_downloads=True)
    t0 = time.perf_counter()
    page.goto(server + "/?view=event", wait_until="networkidle")
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    first_render = time.perf_counter() - t0
    print(f"\nfirst render of the event view (page load to heatmap): {first_render:.2f} s")
    assert f"event={event_id}" in page.url

    # the heatmap: one row per claim group of the event, one column per outlet
    page.wait_for_selector(".js-plotly-plot .hm", timeout=30_000)
    ticks = page.locator(".js-plotly-plot .ytick text").all_text_contents()
    assert len(ticks) == min(len(groups), 60)
    assert sum(t.startswith("[2] ") for t in ticks) == (groups["n_outlets"] == 2).sum() > 0
    xticks = page.locator(".js-plotly-plot .xtick text").all_text_contents()
    assert set(xticks) == {"Al-Ahed", "AFP"}

    # the default group is the most widely carried: each outlet's wording side by side
    claims = page.locator(".stance-claim")
    for text in members["claim_text"]:
        expect(claims.filter(has_text=_start(text)).first).to_be_visible(timeout=30_000)
    assert page.locator(".stance-claim mark").count() > 0
    assert "<mark>" not in " ".join(claims.all_inner_texts())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "event_view.png"), full_page=True)

    # picking another group in the selector replaces the side-by-side text
    other = results.aligned[(results.aligned["event_id"] == event_id)
                            & ~results.aligned["group_id"].isin(members["group_id"])].iloc[0]
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Claim group")
    box.click()
    page.get_by_role("option", name=re.compile(re.escape(_start(other["representative"], 40)))).first.click()
    expect(claims.filter(has_text=_start(other["claim_text"])).first).to_be_visible(timeout=30_000)
    expect(claims.filter(has_text=_start(members["claim_text"].iloc[0]))).to_have_count(0, timeout=30_000)

    # clicking a row of the matrix selects that group too (plotly lists y ticks bottom row first)
    page.locator("h3").first.click()  # move focus off the selector first, as a user would
    tick = page.locator(".js-plotly-plot .ytick text").last  # the top row
    label = tick.text_content().split("] ", 1)[1].rstrip("\u2026")[:40]
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    y_box = tick.bounding_box()
    x_box = page.locator(".js-plotly-plot .xtick text").first.bounding_box()  # a column's centre
    page.mouse.click(x_box["x"] + x_box["width"] / 2, y_box["y"] + y_box["height"] / 2)
    combo = page.get_by_role("combobox", name=re.compile("Claim group"))
    expect(combo).to_have_value(re.compile(re.escape(label)), timeout=30_000)
    expect(claims.filter(has_text=_start(members["claim_text"].iloc[0])).first).to_be_visible(timeout=30_000)

    # the CSV an analyst downloads has exactly the documented columns and this event's claims
    button = page.locator('[data-testid="stDownloadButton"] button').filter(has_text="aligned_claims.csv")
    with page.expect_download(timeout=30_000) as info:
        button.first.click()
    target = tmp_path / "aligned_claims.csv"
    info.value.save_as(str(target))
    with target.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with target.open(newline="", encoding="utf-8") as f:
        assert next(csv.reader(f)) == ALIGNED_COLUMNS
    assert len(rows) == (results.aligned["event_id"] == event_id).sum()
    assert {r["event_id"] for r in rows} == {event_id}
    page.close()


def test_a_url_opens_a_view(server, browser):
    page = browser.new_page()
    page.goto(server + "/?view=corpus", wait_until="networkidle")
    page.wait_for_selector("text=Syndicated copies", timeout=60_000)
    assert page.get_by_role("heading", name="Corpus").count() == 1
    t0 = time.perf_counter()
    page.goto(server + "/?view=event", wait_until="networkidle")
    page.wait_for_selector(".js-plotly-plot .hm", timeout=60_000)
    print(f"\nevent view on a warm server (page load to heatmap): {time.perf_counter() - t0:.2f} s")
    page.close()
