"""Presentation mode in real Chromium on a 1280x720 projector, and the views at 1600x1000.

The server and Chromium come from tests/test_browser.py (Debian's /usr/bin/chromium through
Playwright, never ``playwright install``). Screenshots go to tests/out/ (git-ignored).
"""
from __future__ import annotations

import pandas as pd
import pytest
from playwright.sync_api import sync_playwright

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, OUT, UI_TIMEOUT, _wait_idle, app_server  # noqa: F401

PROJECTOR = {"width": 1280, "height": 720}
DESK = {"width": 1600, "height": 1000}

# The smallest computed font size of visible DOM text (charts are canvas; their fonts are in the spec).
_SMALLEST_TEXT = """() => {
  let smallest = 1000, where = "";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el) continue;
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || s.visibility === "hidden" || s.display === "none") continue;
    if (el.closest("[data-testid=stHeader], [data-testid=stToolbar], [data-testid=stSidebar], .vega-embed, [data-testid=stStatusWidget], details, summary")) continue;
    if (r.top > window.innerHeight) continue;
    const size = parseFloat(s.fontSize);
    if (size < smallest) { smallest = size; where = node.textContent.trim().slice(0, 60); }
  }
  return [smallest, where];
}"""


def _open(browser, base, query, viewport):
    page = browser.new_page(viewport=viewport)
    page.set_default_timeout(UI_TIMEOUT)
    page.goto(f"{base}/?{query}", wait_until="domcontentloaded")
    page.locator('[data-testid="stApp"]').wait_for()
    _wait_idle(page, 60_000)
    page.wait_for_timeout(1500)   # vega-embed draws after the script run
    return page


def test_presentation_at_1280x720(app_server):
    base, data, _ = app_server
    df = pd.read_csv(data / "positions.csv", dtype=str, keep_default_na=False)
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for view in ("support", "map", "timeline", "coalitions"):
                page = _open(browser, base, f"present=1&view={view}", PROJECTOR)
                page.screenshot(path=str(OUT / f"present_{view}.png"))
                chart = page.locator(".vega-embed").first
                box = chart.bounding_box()
                assert box is not None, view
                # one chart above the fold: it starts on the first screen and its top half is on it
                assert box["y"] < 200 and box["y"] + min(box["height"], 300) <= PROJECTOR["height"], (view, box)
                smallest, where = page.evaluate(_SMALLEST_TEXT)
                assert smallest >= 24, (view, smallest, where)
                # every view's button fits on the screen
                for button in page.locator('[data-testid="stButtonGroup"] button').all():
                    b = button.bounding_box()
                    assert b and b["x"] + b["width"] <= PROJECTOR["width"], (view, button.inner_text(), b)
                # no filter widgets on a projector (the view switcher and "exit" are the only controls)
                assert page.locator('[data-testid="stRadio"], [data-testid="stMultiSelect"], '
                                    '[data-testid="stTextInput"], [data-testid="stDateInput"]').count() == 0
                page.close()
            page = _open(browser, base, "present=1&view=quotes", PROJECTOR)
            page.screenshot(path=str(OUT / "present_quotes.png"))
            card = page.locator('[class*="quotecard-0"]')
            text = card.inner_text()
            shown = " ".join(text.split())
            whole = [q for q in df["quote"] if " ".join(q.split()) in shown]
            assert whole and len(whole[0]) > 100      # a whole quote, not its first 50 characters
            size = card.locator('[data-testid="stMarkdownContainer"] p').first.evaluate(
                "e => parseFloat(getComputedStyle(e).fontSize)")
            assert size >= 30
            smallest, where = page.evaluate(_SMALLEST_TEXT)
            assert smallest >= 24, ("quotes", smallest, where)
            page.close()
            for view in ("support", "map", "timeline", "coalitions", "quotes", "changes", "method", "add"):
                page = _open(browser, base, f"view={view}", DESK)
                page.screenshot(path=str(OUT / f"desk_{view}.png"), full_page=True)
                page.close()
        finally:
            browser.close()
