"""The whole chain in the browser: agency staff drafts, the agency leader submits, DPI
accepts and generates the consolidated report, DPI submits it to the People's Committee, the
province leader approves it with a number (after a confirmation naming what happens), the
ministry accepts the province's report; the national board then shows the province accepted.

Uses DONRE's 2019 draft of the demo; the demo's 2019 national report of Bình Dương was
returned by the ministry, so the new approved version travels again."""

import pytest

from e2e.conftest import login


@pytest.fixture
def no_pdf(settings):
    # The PDF conversion (LibreOffice) is not what this test looks at: seconds per file.
    settings.DOCUMENTS_SOFFICE = ""


def _ids() -> tuple[int, int, int]:
    from reporting.models import AgencyReport

    donre = AgencyReport.objects.get(
        round__plan__number="1847/KH-UBND", round__year=2019, organisation__code="bd-stnmt"
    )
    national = AgencyReport.objects.get(
        round__plan__number="403/QĐ-TTg", round__year=2019, organisation__code="ubnd-binh-duong"
    )
    return donre.pk, donre.round_id, national.pk


def _logout(page) -> None:
    page.context.clear_cookies()


def test_the_chain_from_an_agency_draft_to_the_ministry(no_pdf, page, demo_live):
    # A long chain of pages on a shared machine: a patient clock (the other tests keep 15 s).
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    donre_id, round_id, national_id = _ids()
    report_url = f"/reporting/reports/{donre_id}/"
    item = '[data-item-code="4"]'

    # agency staff drafts
    login(page, "donre.staff")
    page.goto(report_url)
    page.select_option(f"{item} select[name$='-status']", "in_progress")
    page.fill(f"{item} input[name$='-progress']", "60")
    page.fill(f"{item} textarea[name$='-results']", "Đã rà soát quy hoạch ngành")
    page.click("#save-draft")
    page.wait_for_selector("#report-form")
    _logout(page)

    # the agency leader submits
    login(page, "donre.leader")
    page.goto(report_url)
    page.fill("#id_document_number", "45/BC-STNMT")
    page.fill("#id_signer", "Lê Quốc Hùng")
    page.click("#submit-report")
    page.click("#confirm-submit")
    page.wait_for_selector('#report[data-report-status="submitted"]')
    _logout(page)

    # DPI accepts, generates the consolidated report and submits it to the People's Committee
    login(page, "dpi.coordinator")
    page.goto(report_url)
    page.check('#review-form input[name="decision"][value="accept"]')
    page.click("#review-submit")
    page.click("#confirm-button")
    page.wait_for_selector('#report[data-report-status="accepted"]')
    page.goto(f"/documents/rounds/{round_id}/")
    page.click("#generate")
    ready = page.locator('#versions tr[data-build="ready"][data-status="draft"]').first
    ready.wait_for(timeout=120_000)
    version = ready.get_attribute("data-version")
    page.click(f"#submit-version-{version}")
    assert "UBND" in page.inner_text("#confirm-step") or "Ủy ban" in page.inner_text(
        "#confirm-step"
    )
    page.click("#confirm-button")
    page.wait_for_selector(f'#versions tr[data-version="{version}"][data-status="submitted"]')
    _logout(page)

    # the province leader finds it in the inbox, reads it, approves it with a number
    login(page, "bd.leader")
    page.goto("/inbox/")
    page.click("#to-approve a")
    page.fill("#id_issued_number", "131")
    page.fill("#id_issued_on", "05/12/2019")
    page.fill("#id_signer_name", "Phạm Văn Đông")
    page.check('input[name="signature_authority"][value="vice_chairman"]')
    page.click("#approve")
    confirmation = page.inner_text("#confirm-step")
    assert "131/BC-UBND" in confirmation and "Bộ Kế hoạch và Đầu tư" in confirmation
    page.click("#confirm-button", timeout=120_000)
    page.wait_for_selector('#version-state [data-status="approved"]', timeout=120_000)
    assert page.locator('#version-state code[data-sha256="docx"]').count() == 1
    _logout(page)

    # the ministry reads the frozen files and accepts the province's report
    login(page, "mpi.coordinator")
    page.goto(f"/reporting/reports/{national_id}/")
    assert "131/BC-UBND" in page.inner_text("#delivered-versions")
    page.check('#review-form input[name="decision"][value="accept"]')
    page.click("#review-submit")
    page.click("#confirm-button")
    page.wait_for_selector('#report[data-report-status="accepted"]')

    # the national board shows the province accepted
    from reporting.models import AgencyReport

    national_round = AgencyReport.objects.get(pk=national_id).round_id
    page.goto(f"/reporting/rounds/{national_round}/")
    row = page.locator('#board-agencies tr[data-agency="ubnd-binh-duong"]')
    assert row.get_attribute("data-status") == "accepted"
    assert "131/BC-UBND" in row.inner_text()
