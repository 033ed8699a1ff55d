"""The 2025 restructuring in the browser: the administrator uploads demo/restructuring_2025.csv
on the restructuring file page, sees what moves (nothing written yet), applies the whole file
and sees it done; a 2019 report of Bình Dương still names the bodies of 2019, and the board of
the 2025 round of Bình Dương's plan, continued under Hồ Chí Minh City, lists the city's
departments. A file with a wrong column is refused at its row and column and changes nothing.

The file uploaded is demo/restructuring_2025.csv reduced to the rows that apply to the demo
(demo.restructuring.applicable_file, the rows `make run` applies): the demo's seed data already
ends the Ministry of Planning and Investment and the districts in 2025, and the file names three
bodies the demo does not have, so the whole file would be refused at those rows.

The demo_live demo is the one before the restructuring: the rounds of the years before the
reform are locked first, as demo/restructuring.py does (a merger leaves no report unsubmitted in
an open round), and the 2025 rounds are played after the upload through the reporting actions
(demo/reporting.load_rounds_after_restructuring, as `make run` does)."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from e2e.conftest import login
from e2e.test_accessibility import _problems

FILE = Path(__file__).resolve().parent.parent / "demo" / "restructuring_2025.csv"


def _lock_the_rounds_before_2025() -> None:
    from accounts.system import system_user
    from reporting.actions import lock_round
    from reporting.models import ReportingRound

    for round_ in ReportingRound.objects.filter(locked=False, year__lt=2025):
        lock_round(round_, user=system_user())


def _state() -> list[list[tuple]]:
    """What a refused file must leave as it was: every organisation, person and assignment."""
    from accounts.models import User
    from orgs.models import Organisation
    from plans.models import Assignment

    return [
        sorted(Organisation.objects.values_list("code", "name", "valid_to", "successor_id")),
        sorted(User.objects.values_list("username", "organisation_id")),
        sorted(Assignment.objects.values_list("pk", "organisation_id")),
    ]


def _axe_clean(page, axe: Axe) -> None:
    problems = _problems(page, axe, page.url, page.viewport_size["width"])
    assert not problems, "\n".join(problems)


@pytest.fixture
def admin_page(page, demo_live):
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    _lock_the_rounds_before_2025()
    login(page, "admin")
    return page


def test_the_2025_file_is_previewed_applied_and_the_old_and_new_names_read_right(
    admin_page, tmp_path
):
    from demo.restructuring import applicable_file
    from orgs.models import Organisation
    from reporting.models import AgencyReport, ReportingRound

    page, axe = admin_page, Axe()
    upload = tmp_path / FILE.name
    upload.write_bytes(applicable_file())
    page.goto("/restructuring/file/")
    _axe_clean(page, axe)
    page.set_input_files("#restructuring-upload input[type=file]", str(upload))
    page.click("#restructuring-preview")

    # the preview: what moves, nothing written yet
    plan = page.locator("#restructuring-plan")
    plan.wait_for()
    # Bình Dương's DPI into its Department of Finance on 01/03/2025: its coordinator goes
    # with it, and the plan it coordinates
    dpi_merger = plan.locator("li", has_text="dpi.coordinator").first.inner_text()
    assert dpi_merger.startswith(
        "Sở Kế hoạch và Đầu tư tỉnh Bình Dương sáp nhập vào Sở Tài chính tỉnh Bình Dương từ "
        "ngày 01/03/2025"
    )
    assert "3961/KH-UBND" in dpi_merger
    # and on 01/07/2025 the province into the city, with its plans and their rounds
    province = plan.locator(
        "li",
        has_text="Ủy ban nhân dân tỉnh Bình Dương sáp nhập vào Ủy ban nhân dân Thành phố "
        "Hồ Chí Minh từ ngày 01/07/2025",
    ).inner_text()
    assert "1847/KH-UBND (2019, 2018)" in province and "bd.leader" in province
    _axe_clean(page, axe)
    assert Organisation.objects.get(code="bd-skhdt").valid_to is None
    assert not Organisation.objects.filter(code="hcm-p-thu-dau-mot").exists()

    page.click("#restructuring-confirm")
    page.wait_for_url("**/orgs/**")
    success = page.locator(".messages li.success").inner_text()
    assert "changes" in success or "thay đổi" in success
    committee = Organisation.objects.get(code="ubnd-binh-duong")
    assert committee.valid_to.isoformat() == "2025-06-30"
    assert committee.successor.code == "ubnd-tp-hcm"

    # a 2019 report of Bình Dương still names the Department of Planning and Investment
    report_2019 = AgencyReport.objects.get(
        round__plan__number="1847/KH-UBND", round__year=2019, organisation__code="bd-skhdt"
    )
    page.goto(f"/reporting/reports/{report_2019.pk}/")
    body = page.inner_text("main")
    assert "Sở Kế hoạch và Đầu tư tỉnh Bình Dương" in body
    assert "Sở Tài chính Thành phố Hồ Chí Minh" not in body
    _axe_clean(page, axe)

    # the 2025 round of Bình Dương's plan, continued under the city, played through the
    # reporting actions: its board lists the city's departments, no closed body
    from demo.reporting import load_rounds_after_restructuring

    assert any("3961/KH-UBND 2025" in line for line in load_rounds_after_restructuring())
    round_2025 = ReportingRound.objects.get(plan__number="3961/KH-UBND", year=2025)
    page.goto(f"/reporting/rounds/{round_2025.pk}/")
    rows = page.locator("#board-agencies tbody tr")
    codes = set(rows.evaluate_all("rows => rows.map(r => r.dataset.agency)"))
    assert codes == {r.organisation.code for r in round_2025.reports.select_related("organisation")}
    assert codes and all(code.startswith("hcm-") for code in codes)
    board = page.inner_text("#board-agencies")
    assert "Thành phố Hồ Chí Minh" in board or "TP. Hồ Chí Minh" in board
    assert "Bình Dương" not in board
    assert (
        page.locator('#board-agencies tr[data-agency="hcm-snnmt"]').get_attribute("data-status")
        == "accepted"
    )
    _axe_clean(page, axe)


def test_a_file_with_a_wrong_column_is_refused_at_its_row_and_column(admin_page, tmp_path):
    page = admin_page
    lines = FILE.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "sap-xep-sai-cot.csv"
    bad.write_text(
        "\n".join([lines[0].replace("Ngày hiệu lực", "Ngày ký"), *lines[1:4]]) + "\n",
        encoding="utf-8",
    )
    before = _state()

    page.goto("/restructuring/file/")
    page.set_input_files("#restructuring-upload input[type=file]", str(bad))
    page.click("#restructuring-preview")

    problems = page.locator("#restructuring-problems")
    problems.wait_for()
    first = problems.locator("tbody tr").first.locator("td").all_inner_texts()
    assert first[:2] == ["1", "Ngày ký"]
    assert "Ngày hiệu lực" in problems.inner_text()  # the missing column is named
    assert page.locator("#restructuring-plan").count() == 0
    assert _state() == before
