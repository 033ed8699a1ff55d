import os
from pathlib import Path

from e2e.conftest import login

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def test_login_plan_and_coverage_page(demo_live, page):
    login(page, "dpi.coordinator")

    page.get_by_role("link", name="1847/KH-UBND").first.click()
    page.get_by_role("link", name="Mức độ triển khai").first.click()

    total = page.locator("#coverage-total")
    assert total.inner_text() == "55/66"
    rows = page.locator("#coverage-table tbody tr")
    assert [rows.nth(i).locator("td").nth(3).inner_text() for i in range(4)] == [
        "4/8",
        "18/20",
        "22/25",
        "11/13",
    ]
    assert page.locator(".chart svg").count() == 1
    assert page.locator("#not-adopted tbody tr").count() == 11
    if os.environ.get("GREENPLAN_SCREENSHOTS"):  # refresh the README picture on demand
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 1200, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / "coverage.png"), full_page=True)


def test_language_switch_is_remembered(demo_live, page):
    login(page, "province.viewer")
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Organisations").count() == 1

    page.goto("/orgs/")
    assert page.get_by_role("heading", name="Organisations").count() == 1
