"""What users feel: the dashboard timed in a real browser at 1k/10k/100k rows.

    .venv/bin/python bench/bench_browser.py [--sizes 1000 10000 100000] [--seed 7] [--skip-upload]

For each size a data folder is generated (bench_dashboard.make_data_dir: a copy of data/ with a
synthetic positions.csv), `streamlit run dashboard/app.py` is started on it (COALITION_DATA_DIR,
127.0.0.1, a free port) and Debian's /usr/bin/chromium is driven through Playwright, as
tests/test_browser.py does. Timed, each from the user's action to the end of the script run it
caused (the app root's ``data-test-script-state`` going back to notRunning, seen by a
MutationObserver in the page, so a run shorter than a poll is not missed):

  open cold     a new server, first visit: page load -> first chart drawn; the CSV is new, so
                this includes checking it and writing its Parquet copy
  open restart  the server restarted on the same data (the Parquet copy is there): first visit
  open warm     a second visit (new session, caches full) -> first chart drawn
  filter        a country picked in the sidebar -> rerun done, chart drawn
  tab           Support -> Map tab -> rerun done, map drawn
  search        two words typed in the quote explorer, Enter -> rerun done
  png/svg/csv   a download button -> the browser has the file
  pdf/pptx      the briefing buttons -> the browser has the file, clicked at once
  pdf, read     a second country picked, 10 s on the view (READ_MS), then the PDF button
  upload        a ~300-word article uploaded, "Extract" clicked -> review table shown
                (first and second upload: the second one is the warm figure)
  open after add  an article of 4 rows added to the folder through the store (as `--add-to`
                does, while the server runs), then a new visit -> first chart drawn: the CSV
                changed by an append, so this includes bringing the Arrow copy up to date

and the server's peak resident memory (VmHWM of the first server of each size). Last, the floor:
a one-chart Streamlit app opened warm the same way, what the machine allows under its load then.

Every step is run once per size (the browser numbers are much steadier than the spread of two
shared cores would suggest; run twice if in doubt). Prints a table with the targets beside it.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_dashboard import make_data_dir  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT = 300_000   # ms: a slow step is measured, not failed
READ_MS = 10_000    # "pdf, read": the seconds a reader spends on a view before asking for its briefing
TARGETS = {"open cold": 2.0, "open restart": 2.0, "open warm": 1.0, "filter": 0.5, "tab": 0.5, "search": 0.3,
           "png": 3.0, "svg": 3.0, "csv": 3.0, "pdf": 3.0, "pptx": 3.0, "pdf, read": 3.0,
           "upload 1st": None, "upload 2nd": 1.5, "open after add": 3.0}
# Counts finished script runs: the attribute flips running -> notRunning on the app root.
OBSERVER = """
window.__runs = 0; window.__done = 0; window.__state = null;
new MutationObserver(() => {
  const el = document.querySelector('[data-testid="stApp"]');
  const s = el && el.getAttribute('data-test-script-state');
  if (s === window.__state) return;
  if (s === 'notRunning' && window.__state === 'running') { window.__runs += 1; window.__done = performance.now(); }
  window.__state = s;
}).observe(document, {attributes: true, subtree: true, childList: true,
                      attributeFilter: ['data-test-script-state']});
"""
ARTICLE = """Lisbon says it will help guard a Ukraine ceasefire

LISBON, 10 June 2025 (Bench Desk) - Portugal is ready to contribute troops to a European reassurance force in Ukraine once a ceasefire holds, Prime Minister Luís Montenegro said on Tuesday.

Speaking after a meeting of his cabinet, Montenegro said Portuguese soldiers could join the mission alongside British and French units, adding that the details would be settled with allies in the coming weeks. "We will not stand aside when Europe is asked to guarantee a peace," he told reporters in Lisbon.

The announcement follows weeks of talks between European capitals about a force that would deter a fresh Russian attack after any settlement. Officials in Paris and London have said that such a force would need air cover, intelligence and logistics from Washington, and several governments have tied their own contributions to that support.

Spain's government said it was studying the proposal but would not commit troops before a ceasefire was agreed and a clear mandate existed. Italian ministers repeated that Rome would not send soldiers to Ukraine, though it would help with training and equipment outside the country.

Portugal's defence minister said the armed forces had begun planning for a small contingent of engineers and medical staff, and that parliament would be consulted before any deployment. Opposition parties broadly welcomed the move, while asking for details of the costs and of the rules of engagement.

Diplomats expect the coalition of willing countries to meet again in Paris next month, when each government is due to set out what it can offer.
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "COALITION_DATA_DIR": str(data), "PYTHONUNBUFFERED": "1"}
    fh = open(log, "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("streamlit not healthy after 120 s")


def peak_rss_mb(proc: subprocess.Popen) -> float | None:
    """The server's peak resident memory (VmHWM), read before it stops."""
    try:
        for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def _runs(page) -> int:
    return page.evaluate("window.__runs")


def timed_rerun(page, action, then=None) -> float:
    """Seconds from ``action()`` to the end of the script run it started (+ ``then()`` if given)."""
    n0 = _runs(page)
    t0 = page.evaluate("performance.now()")
    action()
    page.wait_for_function(f"window.__runs > {n0}", timeout=TIMEOUT, polling=20)
    if then is not None:
        then()
        return (page.evaluate("performance.now()") - t0) / 1000
    return (page.evaluate("window.__done") - t0) / 1000


def wait_idle(page) -> None:
    page.wait_for_timeout(300)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        state="attached", timeout=TIMEOUT)


def open_first_chart(browser, base: str) -> tuple[float, object]:
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.set_default_timeout(TIMEOUT)
    page.add_init_script(OBSERVER)
    t0 = time.perf_counter()
    page.goto(f"{base}/?view=support", wait_until="commit")
    page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg').first.wait_for(
        state="visible", timeout=TIMEOUT)
    secs = time.perf_counter() - t0
    wait_idle(page)
    return secs, page


def timed_download(page, button_name: str) -> float:
    t0 = time.perf_counter()
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name=button_name).first.click()
    info.value.path()   # the whole file is in
    return time.perf_counter() - t0


def country_option(page):
    """The first country in the open multiselect's list: not its "Select all" entry (Streamlit 1.67
    lists it first; picking it chose every country, a filter that keeps every row)."""
    return page.locator('[role="option"]').filter(has_not_text=re.compile(r"^\s*select all", re.IGNORECASE)).first


def close_list(page) -> None:
    """Close the multiselect's list and leave it: while it has the focus, the next click elsewhere
    first shrinks it (its chips on one line), the sidebar moves up and that click can miss its button."""
    page.keyboard.press("Escape")
    page.evaluate("document.activeElement && document.activeElement.blur()")


def add_article(data: Path) -> None:
    """An article of 4 rows appended to positions.csv through the store, as the extractor adds one."""
    from extract.io.store import add_article_rows
    from extract.schema import Article
    rows = [{"leader": "Bench Leader", "country": "France", "role": "President", "date": "2025-06-10",
             "topic": "troops_to_ukraine", "position": "support", "quote": f"We are ready, number {j}.",
             "quote_type": "direct", "source": "Bench Wire", "confidence": "0.9"} for j in range(4)]
    add_article_rows(data, Article(article_id="bench_added", text="a bench article added while the server runs"),
                     rows, "cli")


def measure(base: str, tmp: Path, upload: bool, data: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright
    out: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            out["open cold"], page = open_first_chart(browser, base)
            page.close()
            out["open warm"], page = open_first_chart(browser, base)

            # sidebar country filter: pick the first option
            box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Country")
            box.locator("input").click()
            option = country_option(page)
            option.wait_for(state="visible")
            chart = page.locator('[data-testid="stVegaLiteChart"]').first
            out["filter"] = timed_rerun(page, option.click, lambda: chart.wait_for(state="visible"))
            close_list(page)
            wait_idle(page)

            out["tab"] = timed_rerun(
                page, lambda: page.get_by_role("tab", name="Map").click(),
                lambda: page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(state="visible"))
            wait_idle(page)

            # exports on the map tab (a chart's PNG/SVG) and the briefing in the sidebar
            out["png"] = timed_download(page, "PNG")
            out["svg"] = timed_download(page, "SVG")
            out["pdf"] = timed_download(page, "Briefing pack (PDF)")
            out["pptx"] = timed_download(page, "Briefing slides (PPTX)")
            # a reader who looks at a new view for a while before asking for its briefing: the app
            # draws the pack's pictures meanwhile (app._draw_pack), so the click only lays out pages
            box.locator("input").click()
            country_option(page).click()
            close_list(page)
            wait_idle(page)
            page.wait_for_timeout(READ_MS)
            out["pdf, read"] = timed_download(page, "Briefing pack (PDF)")

            page.get_by_role("tab", name="Quote explorer").click()
            page.get_by_role("heading", name="Quote explorer").wait_for(state="visible")
            wait_idle(page)
            search = page.get_by_label("Search the quotes")
            search.fill("reassurance washington")
            out["search"] = timed_rerun(page, lambda: search.press("Enter"))
            wait_idle(page)
            out["csv"] = timed_download(page, "Download these quotes (CSV)")

            if upload:
                page.get_by_role("tab", name="Add articles").click()
                page.get_by_role("heading", name="Add articles").wait_for(state="visible")
                wait_idle(page)
                for n, label in ((1, "upload 1st"), (2, "upload 2nd")):
                    # a different text each time: the app never re-extracts the same upload
                    f = tmp / f"pt_force_{n}.txt"
                    f.write_text(ARTICLE.replace("Bench Desk", f"Bench Desk {n}"), encoding="utf-8")
                    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(f))
                    page.locator('[data-testid="stFileUploader"] [data-testid="stFileChip"]').first.wait_for()
                    wait_idle(page)
                    btn = page.get_by_role("button", name="Extract from the uploaded files")
                    t0 = time.perf_counter()
                    btn.click()
                    page.get_by_text(f"Review ({n} article(s))").wait_for(state="visible", timeout=TIMEOUT)
                    out[label] = time.perf_counter() - t0
                    wait_idle(page)
            page.close()
            add_article(data)
            out["open after add"], page = open_first_chart(browser, base)
        finally:
            browser.close()
    return out


FLOOR_APP = """import altair as alt, pandas as pd, streamlit as st
st.set_page_config(layout="wide")
st.title("floor")
st.altair_chart(alt.Chart(pd.DataFrame({"a": list("abc"), "b": [1, 2, 3]})).mark_bar().encode(x="a", y="b"))
"""


def floor_open(tmp: Path) -> float:
    """What this machine, under its load at the time, allows: a warm open of a one-chart Streamlit app
    (the best of three), timed as "open warm" is. No dashboard number can be below it."""
    from playwright.sync_api import sync_playwright
    app = tmp / "floor" / "app.py"
    app.parent.mkdir(parents=True, exist_ok=True)
    app.write_text(FLOOR_APP, encoding="utf-8")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
                             "--server.headless", "true", "--server.address", "127.0.0.1",
                             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
                            cwd=app.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                times = []
                for _ in range(4):   # the first visit is cold
                    secs, page = open_first_chart(browser, base)
                    page.close()
                    times.append(secs)
            finally:
                browser.close()
        return min(times[1:])
    finally:
        stop_server(proc)


def restart_open(base: str) -> float:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            secs, _page = open_first_chart(browser, base)
        finally:
            browser.close()
    return secs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--skip-upload", action="store_true", help="leave out the upload steps")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing (apt-get install chromium)")
        return 2
    print(f"# load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} "
          f"(1/5/15 min), {os.cpu_count()} cores", flush=True)
    results: dict[int, dict[str, float]] = {}
    rss: dict[int, float | None] = {}
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench_browser_") as tmp:
        for n in args.sizes:
            d = make_data_dir(n, args.seed, Path(tmp))
            log = Path(tmp) / f"streamlit_{n}.log"
            proc, base = start_server(d, log)
            try:
                results[n] = measure(base, Path(tmp), upload=not args.skip_upload, data=d)
            except Exception as exc:   # report the size, go on with the next
                failures.append(f"{n} rows: {type(exc).__name__}: {str(exc)[:300]}")
                results[n] = {}
            finally:
                rss[n] = peak_rss_mb(proc)
                stop_server(proc)
            proc, base = start_server(d, Path(tmp) / f"streamlit_{n}_restart.log")
            try:
                results[n]["open restart"] = restart_open(base)
            except Exception as exc:
                failures.append(f"{n} rows, restart: {type(exc).__name__}: {str(exc)[:300]}")
            finally:
                stop_server(proc)
            text = log.read_text(errors="replace")
            if "Traceback" in text:
                failures.append(f"{n} rows: the server logged a traceback:\n{text[-3000:]}")
            print(f"# {n} rows: " + ", ".join(f"{k} {v:.2f}" for k, v in results[n].items()), flush=True)
            shutil.rmtree(d, ignore_errors=True)

        try:
            floor = floor_open(Path(tmp))
        except Exception as exc:   # noqa: BLE001 - the floor only helps read the table
            floor = None
            failures.append(f"floor: {type(exc).__name__}: {str(exc)[:300]}")

    steps = list(TARGETS)
    print()
    print("Seconds in headless Chromium (user action -> result on screen):")
    head = f"{'step':<12} | {'target':>6} | " + " | ".join(f"{n:>8}" for n in args.sizes)
    print(head)
    print("-" * len(head))
    for s in steps:
        target = f"{TARGETS[s]:.1f}" if TARGETS[s] is not None else "-"
        cells = []
        for n in args.sizes:
            v = results[n].get(s)
            cells.append(f"{v:>8.2f}" if v is not None else f"{'-':>8}")
        print(f"{s:<12} | {target:>6} | " + " | ".join(cells))
    print(f"{'server peak RSS MB':<21} | " + " | ".join(f"{rss[n]:>8.0f}" if rss.get(n) else f"{'-':>8}"
                                                    for n in args.sizes))
    if floor is not None:
        print(f"floor: a one-chart Streamlit app opens warm in {floor:.2f} s on this machine now "
              "(no step above can be faster)")
    print(f"# load after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    for f in failures:
        print("FAILURE: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
