"""The scorecard fits the screen: its status column is visible without scrolling at desktop
widths, and on a phone the table scrolls inside its own wrapper, not the page."""

import pytest

from e2e.conftest import login

WIDTH = "() => document.documentElement.scrollWidth"


def _status_right_edge(page) -> float:
    return page.evaluate(
        """() => {
            const cell = document.querySelector('#scorecard thead th:last-child');
            return cell.getBoundingClientRect().right;
        }"""
    )


@pytest.mark.parametrize("width", [1366, 1920])
def test_the_status_column_is_visible_on_a_desktop(demo_live, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "dpi.coordinator")
    page.goto("/indicators/scorecard/")
    assert page.locator("#scorecard tbody tr").count() > 5
    wrap = page.locator("#scorecard").locator("xpath=..")
    scroll, client = wrap.evaluate("w => [w.scrollWidth, w.clientWidth]")
    assert scroll <= client, f"the table needs {scroll} px in a {client} px wrapper"
    assert _status_right_edge(page) <= width
    assert page.evaluate(WIDTH) <= width


def test_on_a_phone_the_table_scrolls_in_its_wrapper(demo_live, page):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "dpi.coordinator")
    page.goto("/indicators/scorecard/")
    assert page.evaluate(WIDTH) <= 390
    wrap = page.locator("#scorecard").locator("xpath=..")
    assert wrap.evaluate("w => getComputedStyle(w).overflowX") == "auto"
