"""The Compare topics view in real Chromium, on the two-topic test data (tests/topics/).

The server and Chromium come from tests/test_browser.py (Debian's /usr/bin/chromium through
Playwright, never ``playwright install``). Screenshots at 1600x1000 and 1280x720 go to
``$SHOTS_DIR`` (default tests/out/, git-ignored).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, OUT, _wait_idle, app_server  # noqa: F401
from tests.test_dashboard_topics import AS_OF, EXPECTED, TROOPS_LABEL, TWO
from tests.test_presentation_browser import _open

SHOTS = Path(os.environ.get("SHOTS_DIR", OUT))
SIZES = {"1600x1000": {"width": 1600, "height": 1000}, "1280x720": {"width": 1280, "height": 720}}


def _pick(page, label: str, option: str) -> None:
    """Choose ``option`` in the st.selectbox labelled ``label``."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label)
    combo = box.get_by_role("combobox")          # Streamlit 1.67: a react-aria ComboBox
    combo.scroll_into_view_if_needed()
    combo.click()
    page.keyboard.type(option)                   # the typed text narrows the list to the option
    try:
        page.get_by_role("option", name=option, exact=True).click(timeout=10_000)
    except Exception:
        page.screenshot(path=str(SHOTS / "compare_pick_failed.png"))
        raise
    _wait_idle(page, 60_000)


def test_the_comparison_view_in_the_browser(app_server):
    base, data, _ = app_server
    shutil.copy(TWO, data / "positions.csv")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for size, viewport in SIZES.items():
                page = _open(browser, base, f"view=compare&as_of={AS_OF}", viewport)
                expect(page.get_by_role("tab", name="Compare topics")).to_have_attribute("aria-selected", "true")
                chart = page.locator(".vega-embed").first
                expect(chart).to_be_visible()
                box = chart.bounding_box()
                # the whole comparison (both columns) inside the window's width
                assert box and box["x"] + box["width"] <= viewport["width"], (size, box)
                page.screenshot(path=str(SHOTS / f"compare_{size}.png"))
                # the table behind the chart, one row per country
                page.get_by_text("Comparison table").click()
                grid = page.locator('[data-testid="stDataFrame"]').first
                expect(grid).to_be_visible()
                grid.scroll_into_view_if_needed()
                page.wait_for_timeout(500)
                page.screenshot(path=str(SHOTS / f"compare_{size}_table.png"))
                # the quotes behind a row: Germany's deciding quote on each topic
                _pick(page, "Country", "Germany")
                expect(page.get_by_text("Merz said German soldiers would go only with American backing",
                                        exact=False)).to_be_visible()
                expect(page.get_by_text("Merz said Germany would meet the new five per cent goal",
                                        exact=False)).to_be_visible()
                page.screenshot(path=str(SHOTS / f"compare_{size}_quotes.png"))
                page.close()
            # a click on a row of the chart picks that country's quotes
            page = _open(browser, base, f"view=compare&as_of={AS_OF}", SIZES["1600x1000"])
            # the cells are drawn in the table's order, topic A then B per country (topics.compare_chart_data)
            rows = sorted(EXPECTED, key=lambda c: (_rank(EXPECTED[c]), c))
            cell = page.locator(".vega-embed g.mark-rect path").nth(2 * rows.index("Poland"))
            expect(cell).to_be_visible()
            cell.click()
            _wait_idle(page, 60_000)
            expect(page.locator('[data-testid="stSelectbox"]').filter(has_text="Country")
                   .get_by_role("combobox")).to_have_value("Poland")
            expect(page.get_by_text("Tusk repeated that no Polish soldiers", exact=False)).to_be_visible()
            # presentation mode on a projector: the comparison chart first
            page = _open(browser, base, f"present=1&view=compare&as_of={AS_OF}", SIZES["1280x720"])
            expect(page.locator(".vega-embed").first).to_be_visible()
            page.screenshot(path=str(SHOTS / "compare_present_1280x720.png"))
            # with the comparison's button too, every view's button fits on the projector's row
            buttons = page.locator('[data-testid="stButtonGroup"] button').all()
            assert len(buttons) == 8
            for button in buttons:
                b = button.bounding_box()
                assert b and b["x"] >= 0 and b["x"] + b["width"] <= SIZES["1280x720"]["width"], (button.inner_text(), b)
            expect(page.locator(".vega-embed").first).to_contain_text(TROOPS_LABEL)
        finally:
            browser.close()


def _rank(pair: tuple[str, str]) -> tuple[int, int]:
    order = ("support", "conditional", "oppose", "no statement")
    return order.index(pair[0]), order.index(pair[1])
