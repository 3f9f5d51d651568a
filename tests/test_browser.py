"""Real-browser test: upload an article in the "Add articles" view, extract it,
add its rows, and find the new leader in the quote explorer.

Runs ``streamlit run dashboard/app.py`` on a free port against a temporary copy
of data/ (COALITION_DATA_DIR) and drives Debian's /usr/bin/chromium through
Playwright's sync API (never ``playwright install``). Screenshots:
tests/out/browser_added.png and browser_support.png (git-ignored).
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect, sync_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
OUT = ROOT / "tests" / "out"
LEADER = "Luís Montenegro"
COUNTRY = "Portugal"
DATE_TYPED = "20250610"         # typed digit by digit into the date segments
DATE_ISO = "2025-06-10"
ARTICLE_NAME = "pt_force.txt"     # short: the uploader elides long names
# Written for this test (fictional wire copy; no date line, so the app asks for one).
ARTICLE = """Lisbon says it will help guard a Ukraine ceasefire

LISBON (Browser Test Desk) - Portugal is ready to contribute troops to a European reassurance force in Ukraine once a ceasefire holds, Prime Minister Luís Montenegro said on Tuesday.

Speaking after a meeting of his cabinet, Montenegro said Portuguese soldiers could join the mission alongside British and French units, adding that the details would be settled with allies in the coming weeks.
"""
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
START_TIMEOUT = 60
UI_TIMEOUT = 30_000   # ms
# every expect() waits this long: a first render on a loaded machine takes more than the 5 s default
expect.set_options(timeout=UI_TIMEOUT)
EXTRACT_TIMEOUT = 180_000  # ms; the first extraction loads the spaCy model


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _log_tail(path: Path, n: int = 4000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-n:]
    except OSError:
        return ""


@pytest.fixture
def app_server(tmp_path):
    """(base url, data dir copy); the server is terminated on teardown."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); not running the browser test")
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".lock", ".*.tmp"))
    actors = pd.read_csv(data / "actors.csv", dtype=str, keep_default_na=False)
    assert ((actors["name"] == LEADER) & (actors["country"] == COUNTRY)).any(), \
        f"{LEADER} is not in data/actors.csv any more; pick another leader for this test"
    port = _free_port()
    env = {**os.environ, "COALITION_DATA_DIR": str(data), "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "streamlit.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard/app.py",
             "--server.port", str(port), "--server.headless", "true",
             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{_log_tail(log)}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit not healthy after {START_TIMEOUT} s:\n{_log_tail(log)}")
            time.sleep(0.3)
        yield base, data, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _fill_date(page, label: str, yyyymmdd: str) -> None:
    """Type a date into the st.date_input whose label contains ``label``.

    Streamlit 1.67's date input is a react-aria DateField: one spinbutton per
    segment (year, month, day) that advances by itself as digits are typed;
    leaving the field (Tab) commits the value."""
    box = page.locator('[data-testid="stDateInput"]').filter(has_text=label)
    box.locator('[role="spinbutton"][data-type="year"]').click()
    page.keyboard.type(yyyymmdd)
    page.keyboard.press("Tab")       # commits; focus lands on the calendar button...
    page.keyboard.press("Escape")    # ...whose pop-over would cover the uploader
    expect(box.locator('input[type="date"]')).to_have_value(
        f"{yyyymmdd[:4]}-{yyyymmdd[4:6]}-{yyyymmdd[6:]}")


def _wait_idle(page, timeout: int = EXTRACT_TIMEOUT) -> None:
    """Until the script run triggered by the last action has finished (the app
    root carries ``data-test-script-state``; give the rerun request a moment to go out)."""
    page.wait_for_timeout(500)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        state="attached", timeout=timeout)


class Runs:
    """The page's script runs as the server reports them on the websocket (streamlit's ForwardMsg):
    each run starts with ``new_session`` and ends with ``script_finished``. "The rerun that an action
    asked for is over" is then read off the wire, not guessed after a pause: on a busy machine it only
    comes later. (The page's ``data-test-script-state`` alone cannot say it: it reads notRunning
    until the server has started the run, which under load is seconds after the action.)"""

    EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN   # another run follows at once

    def __init__(self, page):
        self.page, self.started, self.over = page, 0, True
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if not isinstance(payload, bytes):
            return
        try:
            kind = (msg := ForwardMsg.FromString(payload)).WhichOneof("type")
        except Exception:   # not a ForwardMsg: not ours to read
            return
        if kind == "new_session":
            self.started, self.over = self.started + 1, False
        elif kind == "script_finished":
            self.over = msg.script_finished != self.EARLY

    def mark(self) -> int:
        """Taken before an action; wait(mark) then waits for a run that started after it."""
        return self.started

    def wait(self, mark: int, timeout: int = EXTRACT_TIMEOUT) -> None:
        """Until a run started after ``mark`` has finished and no other is on its way."""
        deadline = time.monotonic() + timeout / 1000
        while not (self.started > mark and self.over):
            assert time.monotonic() < deadline, f"no script run started after run {mark} finished in {timeout} ms"
            self.page.wait_for_timeout(50)   # playwright hands over the websocket frames while it waits
        self.page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
            state="attached", timeout=timeout)


def _upload(page, files: list[Path], runs: Runs | None = None) -> None:
    """Give the uploader ``files`` and wait for one chip per file, and (with ``runs``) for the rerun
    the upload makes. The page must be idle first (runs.wait after the last action): a file picked
    while a rerun is on its way can lose its upload-URL answer (streamlit clears the outgoing queue
    when a run starts; the answer is not kept), and the chip then never comes. Picking the same files
    again would not help: an input given the files it already holds fires no change event."""
    chips = page.locator('[data-testid="stFileUploader"] [data-testid="stFileChip"]')
    if runs is None:
        _wait_idle(page)
    mark = runs.mark() if runs is not None else 0
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([str(f) for f in files])
    expect(chips).to_have_count(len(files), timeout=UI_TIMEOUT)
    if runs is not None:
        runs.wait(mark)


def test_upload_extract_add_then_quote_explorer(app_server, tmp_path):
    base, data, log = app_server
    before = pd.read_csv(data / "positions.csv", dtype=str, keep_default_na=False)
    assert not (before["leader"] == LEADER).any(), "the test leader is already in the data"
    article = tmp_path / ARTICLE_NAME
    article.write_text(ARTICLE, encoding="utf-8")
    OUT.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.set_default_timeout(UI_TIMEOUT)
            expect.set_options(timeout=UI_TIMEOUT)   # expect() has its own 5 s default: too short on busy cores
            runs = Runs(page)
            try:
                page.goto(f"{base}/?view=add", wait_until="domcontentloaded")
                # the first run imports the exporters and reads the data: slow on a loaded machine
                expect(page.get_by_role("heading", name="Add articles")).to_be_visible(timeout=UI_TIMEOUT)
                expect(page.get_by_role("tab", name="Add articles")).to_have_attribute("aria-selected", "true")
                runs.wait(0)

                # fallback date for the undated article, then the upload (once the date's rerun is over)
                mark = runs.mark()
                _fill_date(page, "Publication date for articles", DATE_TYPED)
                runs.wait(mark)
                _upload(page, [article], runs)
                extract_btn = page.get_by_role("button", name="Extract from the uploaded files")
                expect(extract_btn).to_be_enabled()
                mark = runs.mark()
                extract_btn.click()
                expect(page.get_by_text("Review (1 article(s))")).to_be_visible(timeout=EXTRACT_TIMEOUT)
                runs.wait(mark)

                date_q = page.locator('[data-testid="stDateInput"]').filter(has_text="when was it published")
                if date_q.count():                    # asked again: answer it
                    mark = runs.mark()
                    _fill_date(page, "when was it published", DATE_TYPED)
                    runs.wait(mark)
                add_btn = page.get_by_role("button", name="Add to data set")
                expect(add_btn).to_be_enabled()
                mark = runs.mark()
                add_btn.click()
                # as many rows as the extractor found in the article (two statements today)
                expect(page.get_by_text(re.compile(r"added \d+ row\(s\)"))).to_be_visible(timeout=EXTRACT_TIMEOUT)
                runs.wait(mark)

                # the rows are on disk, in the copy
                after = pd.read_csv(data / "positions.csv", dtype=str, keep_default_na=False)
                new = after[after["leader"] == LEADER]
                assert len(after) == len(before) + len(new) and len(new) >= 1, new
                assert set(new["country"]) == {COUNTRY}
                assert set(new["date"]) == {DATE_ISO}, new["date"].tolist()
                assert set(new["position"]) <= {"support", "conditional", "oppose"}
                assert new["quote"].str.contains("reassurance force").any()

                # and in the quote explorer (same session, via the tab)
                mark = runs.mark()
                page.get_by_role("tab", name="Quote explorer").click()
                expect(page.get_by_role("heading", name="Quote explorer")).to_be_visible()
                runs.wait(mark)
                search = page.get_by_label("Search the quotes")
                search.fill("Montenegro")
                mark = runs.mark()
                search.press("Enter")
                runs.wait(mark)
                expect(page.get_by_text(f"{len(new)} quote(s) from 1 speaker(s)")).to_be_visible()
                # the quote as a card, whole, with the speaker named
                card = page.locator('[class*="quotecard-0"]')
                expect(card).to_contain_text(LEADER)
                expect(card).to_contain_text("reassurance force")
                # and in the sortable table, behind its expander
                page.get_by_text(re.compile(r"as a table \(sortable\)")).click()
                grid = page.locator('[data-testid="stDataFrame"]').first
                expect(grid).to_be_visible(timeout=UI_TIMEOUT)
                # glide-data-grid draws on a canvas but keeps an accessible table of the cells
                expect(grid.get_by_text(LEADER).first).to_be_attached()
            finally:
                page.screenshot(path=str(OUT / "browser_added.png"), full_page=True)

            # the support view draws the new leader too (for a look at charts and legends)
            mark = runs.mark()
            page.get_by_role("tab", name="Support vs opposition").click()
            expect(page.get_by_role("heading", name="Support vs opposition")).to_be_visible()
            runs.wait(mark)
            expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(2)
            # the charts drawn (vega-embed puts a canvas or svg in each), not a fixed pause
            expect(page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg')
                   .first).to_be_attached()
            page.screenshot(path=str(OUT / "browser_support.png"), full_page=True)
        finally:
            browser.close()
    assert "Traceback" not in _log_tail(log, 100_000), _log_tail(log)


def test_a_worst_case_upload_leaves_the_app_responsive_and_can_be_cancelled(app_server, tmp_path):
    """Three generated worst cases at the article limit (500,000 characters each: tests/hostile_inputs.py):
    the extraction runs in the server's worker process; while it runs, this session's other view and
    another session's page render (the first session still shows the extraction running after both
    have rendered), the progress shows, Cancel stops it, and each file ends with rows or one line
    naming it (the time budget's)."""
    from tests.hostile_inputs import worst_cases
    base, data, log = app_server
    cases = worst_cases(500_000)
    files = []
    # copies of each kind, each its own text (no cache hit): enough work that the extraction
    # is still running while the other view and session render, even when each case stops early
    copies = 6   # with fewer, the extraction (faster since round 8) can end before the other session renders on a
    # loaded machine (5 copies did once in round 12, with a second browser run beside it)
    for copy in range(copies):
        for kind in ("one giant sentence", "repeated topic sentences", "thousands of names"):
            name, body = cases[kind]
            files.append(tmp_path / f"{copy}_{name}")
            text = body.decode("utf-8")
            files[-1].write_bytes((text[:-20] + f"\nCopy {copy}.".ljust(20)).encode("utf-8"))
    running = page_running = None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.set_default_timeout(UI_TIMEOUT)
            page.goto(f"{base}/?view=add", wait_until="domcontentloaded")
            expect(page.get_by_role("heading", name="Add articles")).to_be_visible(timeout=UI_TIMEOUT)
            _wait_idle(page)
            _upload(page, files)
            extract = page.get_by_role("button", name="Extract from the uploaded files")
            extract.click()
            running = page.get_by_text("in the background")
            expect(running).to_be_visible(timeout=UI_TIMEOUT)
            page.get_by_role("button", name="Cancel the extraction").click()
            expect(page.get_by_text("Extraction cancelled")).to_be_visible(timeout=UI_TIMEOUT)
            _wait_idle(page)
            # again, and meanwhile the server answers another view and another session
            extract.click()
            expect(running).to_be_visible(timeout=UI_TIMEOUT)
            page.get_by_role("tab", name="Quote explorer").click()
            expect(page.get_by_role("heading", name="Quote explorer")).to_be_visible(timeout=UI_TIMEOUT)
            other = browser.new_context().new_page()
            other.goto(f"{base}/?view=quotes", wait_until="domcontentloaded")
            expect(other.get_by_role("heading", name="Quote explorer")).to_be_visible(timeout=UI_TIMEOUT)
            expect(other.get_by_role("button", name="Download these quotes (CSV)")).to_be_visible(timeout=UI_TIMEOUT)
            page.get_by_role("tab", name="Add articles").click()
            expect(page.get_by_role("heading", name="Add articles")).to_be_visible(timeout=UI_TIMEOUT)
            # the extraction is still running: the other view and session rendered while it ran
            page_running = running.is_visible() and page.get_by_role("button", name="Cancel the extraction").is_visible()
            running.scroll_into_view_if_needed()
            page.screenshot(path=str(OUT / "browser_worst_case.png"))
            done = page.get_by_text(re.compile(rf"Extracted \d+ of {len(files)} article\(s\)"))
            expect(done).to_be_visible(timeout=5 * EXTRACT_TIMEOUT)   # the worst cases, each up to the budget
            said = page.locator('[data-testid="stMain"]').inner_text()
            failed = int(m.group(1)) if (m := re.search(rf"Extracted \d+ of {len(files)} article\(s\); (\d+) failed", said)) else 0
            stopped = re.findall(r"(\w+\.txt): extraction stopped after the time budget of [0-9.]+ s", said)
            assert len(stopped) == failed and set(stopped) <= {f.name for f in files}, said
        finally:
            browser.close()
    assert page_running, "the extraction had finished before the other session rendered: nothing was shown"
    assert "Traceback" not in _log_tail(log, 100_000), _log_tail(log)
