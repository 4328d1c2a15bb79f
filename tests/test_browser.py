"""The dashboard in a real browser: `streamlit run app.py` driven by Playwright with Debian's
chromium (never `playwright install`: it cannot download browsers here).

Runs on the seeds analysed by the real pipeline (hash test-double embedder) and checks what an
analyst sees first: the event view's coverage heatmap, the side-by-side wording of the most
widely carried claim group, and the aligned_claims.csv download; then opens every view, clicks
figures to their evidence, searches, follows a shared link and reads the cards in dark mode.
Screenshots go to tests/artifacts, or with STANCE_SCREENSHOTS=docs to the README's docs/.
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
from urllib.parse import urlencode

import pytest

from stance.plots import coverage_table
from stance.plots._common import display_name
from stance.results import coverage_frame, filter_results
from stance.schema import ALIGNED_COLUMNS
from stance.store import Store
from stance.store.analysis import load_results
from tests.app_helpers import analysed_seeds

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
    return analysed_seeds(tmp_path_factory.mktemp("browser") / "seeds.db", seeds_dir)


@pytest.fixture(scope="module")
def server(tmp_path_factory, seeds_db):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium, or `make chromium`)")
    db = seeds_db
    port = _free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "STANCE_EMBED_BACKEND": "hash",
           "STANCE_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))}
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
    page.screenshot(path=str(_shot("screenshot_event_view.png")))

    # picking another group in the selector replaces the side-by-side text
    other = results.aligned[(results.aligned["event_id"] == event_id)
                            & ~results.aligned["group_id"].isin(members["group_id"])].iloc[0]
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Claim group")
    box.click()
    page.get_by_role("option", name=re.compile(re.escape(_start(other["representative"], 40)))).first.click()
    expect(claims.filter(has_text=_start(other["claim_text"])).first).to_be_visible(timeout=30_000)
    expect(claims.filter(has_text=_start(members["claim_text"].iloc[0]))).to_have_count(0, timeout=30_000)

    # clicking a row of the matrix selects that group too: the top row, the most widely carried
    page.locator("h3").first.click()  # move focus off the selector first, as a user would
    top = results.groups.set_index("group_id").loc[members["group_id"].iloc[0]]
    tick = page.locator(".js-plotly-plot .ytick text").filter(
        has_text=f"[{top['n_outlets']}] {_start(top['representative'], 30)}").first
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


# -- every view, evidence on click, the speaker view, search, the address, dark mode ---------------

VIEWS = ["event", "corpus", "framing", "discrepancies", "talking_points", "speaker", "search", "help",
         "export", "annotate", "add"]
SCREENSHOTS = Path(os.environ.get("STANCE_SCREENSHOTS") or ARTIFACTS)  # STANCE_SCREENSHOTS=docs refreshes the README's
SETTLED = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid=stMain] [data-testid=stSkeleton], [data-stale=true]')) return false;
  for (const c of document.querySelectorAll('[data-testid=stPlotlyChart]'))
    if (!c.querySelector('.main-svg .infolayer')) return false;
  return !!document.querySelector('[data-testid=stMain] h3, [data-testid=stMain] h2');
}"""


def _open(page, url: str) -> float:
    """Go to `url` and wait until the view is drawn (script done, charts and tables in place);
    the seconds it took."""
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => document.querySelector('[data-testid=stApp]')"
                           "?.getAttribute('data-test-script-state') === 'running'", timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    return time.perf_counter() - t0


def _settle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_function(SETTLED, timeout=60_000)


def _click_mark(page, chart: int, selector: str = "g.point path") -> None:
    """Click the first visible mark (bar, cell, marker) of the `chart`-th plotly chart."""
    marks = page.locator("[data-testid=stPlotlyChart]").nth(chart).locator(selector)
    for i in range(marks.count()):
        box = marks.nth(i).bounding_box()
        if box and box["width"] > 2 and box["height"] > 2:
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            return
    raise AssertionError("no visible mark to click")


def _drawer(page):
    drawer = page.get_by_role("dialog")
    expect(drawer.locator(".stance-ev").first).to_be_visible(timeout=30_000)
    return drawer


def test_every_view_opens_without_an_error(server, browser):
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    page.goto(server + "/?view=corpus", wait_until="networkidle")  # warm the server's caches
    for view in VIEWS:
        seconds = _open(page, f"{server}/?view={view}")
        print(f"\n{view}: drawn {seconds:.2f} s after opening its address")
        assert page.locator("[data-testid=stException]").count() == 0, view
        assert f"view={view}" in page.url
    page.close()


def test_a_bar_opens_its_evidence_and_opens_it_again_after_closing(server, browser, seeds_db):
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    _open(page, server + "/?view=framing")
    expect(page.get_by_text("Stance toward its claims").first).to_be_visible()
    page.screenshot(path=str(_shot("screenshot_framing_view.png")))
    _click_mark(page, 0)  # a segment of the stance bars
    drawer = _drawer(page)
    head = drawer.locator(".stance-ev-head").first.inner_text()
    outlets = set(load_results(Store(seeds_db)).aligned["counts_under"].map(display_name))
    assert any(o in head for o in outlets)  # outlet, date, speaker above each claim
    assert drawer.get_by_text(re.compile(r"^n = \d+ claim")).count() == 1
    links = drawer.locator(".stance-ev a")  # the seeds are files: named, with no folder
    for i in range(links.count()):
        assert links.nth(i).get_attribute("href").startswith("http") and links.nth(i).get_attribute("target") == "_blank"
    assert re.search(r"source: \d{3}_\w+\.txt", drawer.inner_text()) and "seeds/" not in drawer.inner_text()
    page.keyboard.press("Escape")
    expect(drawer).to_have_count(0, timeout=30_000)
    _settle(page)
    _click_mark(page, 0)  # the same figure again: it opens again
    _drawer(page)
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0, timeout=30_000)
    _settle(page)
    _click_mark(page, 1)  # "Who is quoted, by side": each claim names its speaker and the speaker's kind
    drawer = _drawer(page)
    kinds = "|".join(("person", "institution", "document", "unnamed source", "news outlet"))
    assert re.search(rf"\(({kinds})[;)]", drawer.locator(".stance-ev-head").first.inner_text())
    page.screenshot(path=str(_shot("screenshot_evidence.png")))
    page.close()


def test_a_tone_cell_opens_the_claims_its_mean_rests_on(server, browser):
    page = browser.new_page(viewport={"width": 1500, "height": 1300})
    _open(page, server + "/?view=framing")
    _click_mark(page, 2, "g.scatterlayer path.point")  # the tone heatmap's click layer
    drawer = _drawer(page)
    assert drawer.get_by_text("Tone toward targets").count() >= 1
    page.close()


def _top_speaker(db: Path) -> str:
    from stance.results import speakers

    return str(speakers(load_results(Store(db)))["speaker"].iloc[0])


def test_the_speaker_view_shows_attribution_drift_and_opens_a_cell(server, browser, seeds_db):
    speaker = _top_speaker(seeds_db)  # the most reported speaker, by a link with every statement
    page = browser.new_page(viewport={"width": 1500, "height": 1300})
    _open(page, f"{server}/?{urlencode({'view': 'speaker', 'speaker': speaker, 'all_statements': '1'})}")
    expect(page.get_by_text(f"How outlets report {speaker}").first).to_be_visible()
    assert page.get_by_text("Statement by statement").count() == 1
    page.screenshot(path=str(_shot("screenshot_speaker_view.png")))
    _click_mark(page, 0, "g.scatterlayer path.point")
    drawer = _drawer(page)
    assert speaker in drawer.inner_text()
    page.close()


def test_search_lists_results_and_a_result_opens_the_event_view(server, browser, seeds_db):
    word = _top_speaker(seeds_db).split()[-1]  # a name: said at several meetings
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    _open(page, f"{server}/?{urlencode({'view': 'search', 'q': word})}")
    caption = page.get_by_text(re.compile(r"\d+ claims? in \d+ events? from \d+ outlets?"))
    expect(caption).to_be_visible(timeout=30_000)
    page.screenshot(path=str(_shot("screenshot_search_view.png")))
    grid = page.locator("[data-testid=stDataFrame]").first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the first result's row selector
    button = page.get_by_role("button", name=re.compile("Open in the event view"))
    expect(button).to_be_visible(timeout=30_000)
    button.click()
    expect(page.get_by_text("Who carries which claim")).to_be_visible(timeout=30_000)
    page.wait_for_function("() => location.search.includes('view=event') && location.search.includes('group=')",
                           timeout=30_000)
    page.close()


def test_a_shared_link_reproduces_the_filters_and_the_address_follows_them(server, browser, seeds_db):
    results = load_results(Store(seeds_db))
    event = results.events.sort_values("n_articles").iloc[-1]
    outlet = sorted(set(results.aligned[results.aligned["event_id"] == event["event_id"]]["counts_under"]))[0]
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    _open(page, f"{server}/?view=framing&event={event['event_id']}&outlet={outlet}&stance=attributed")
    sidebar = page.locator("[data-testid=stSidebar]")
    expect(sidebar.get_by_text(outlet, exact=True).first).to_be_visible()
    expect(sidebar.get_by_text("attributed", exact=True).first).to_be_visible()
    page.get_by_role("radio", name="Corpus").click(force=True)
    page.wait_for_function("() => location.search.includes('view=corpus')", timeout=30_000)
    query = page.evaluate("() => location.search")
    assert f"event={event['event_id']}" in query and "stance=attributed" in query and "compare=" not in query
    page.close()


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _rgba(css: str) -> list[float]:
    parts = [float(x) for x in re.findall(r"[\d.]+", css)]
    return parts + [1.0] * (4 - len(parts))


def test_claim_cards_are_readable_in_dark_mode(server, browser):
    context = browser.new_context(color_scheme="dark", viewport={"width": 1500, "height": 1700})
    page = context.new_page()
    _open(page, server + "/?view=event")
    card = page.locator(".stance-claim").first
    expect(card).to_be_visible(timeout=30_000)
    colors = card.evaluate("""e => { let p = e, bg = 'rgba(0, 0, 0, 0)';
        while (p && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) { p = p.parentElement;
            bg = p ? getComputedStyle(p).backgroundColor : 'rgb(255,255,255)'; }
        return [getComputedStyle(e).color, getComputedStyle(e).backgroundColor, bg]; }""")
    text, tint, page_bg = (_rgba(c) for c in colors)
    base = page_bg[:3]
    card_bg = [tint[3] * t + (1 - tint[3]) * b for t, b in zip(tint[:3], base, strict=True)]
    light, dark = sorted((_luminance(text), _luminance(card_bg)), reverse=True)
    assert _luminance(base) < 0.2  # the dark theme is on
    assert (light + 0.05) / (dark + 0.05) >= 4.5  # WCAG AA contrast between text and card
    page.screenshot(path=str(_shot("screenshot_dark_mode.png")))
    context.close()


def _shot(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / name
