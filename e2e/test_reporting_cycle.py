"""The reporting cycle in the browser: agency staff drafts, the leader submits, the
coordinator returns, staff fix, the leader resubmits, the coordinator accepts; the board
shows it, and the project page the money disbursed that the report gave. Uses DONRE's 2019
report of the demo, which is still a draft with the 2019 disbursements of its projects."""

from e2e.conftest import login


def _donre_2019_report_id() -> int:
    from reporting.models import AgencyReport

    return AgencyReport.objects.get(round__year=2019, organisation__code="bd-stnmt").pk


def _logout(page) -> None:
    page.context.clear_cookies()


def test_report_cycle_end_to_end(page, demo_live):
    report_id = _donre_2019_report_id()
    report_url = f"/reporting/reports/{report_id}/"
    item = '[data-item-code="4"]'

    # agency staff drafts
    login(page, "donre.staff")
    page.goto("/")
    page.click(f'#pending-reports a[href="{report_url}"]')
    page.select_option(f"{item} select[name$='-status']", "in_progress")
    page.fill(f"{item} input[name$='-progress']", "50")
    page.fill(f"{item} textarea[name$='-results']", "Đã rà soát thể chế hiện hành")
    page.click("#save-draft")
    page.wait_for_selector("#report-form")
    assert page.input_value(f"{item} textarea[name$='-results']") == "Đã rà soát thể chế hiện hành"
    _logout(page)

    # the leader submits
    login(page, "donre.leader")
    page.goto(report_url)
    page.fill("#id_document_number", "321/STNMT-KH")
    page.fill("#id_signer", "Lê Quốc Hùng")
    page.click("#submit-report")
    page.click("#confirm-submit")  # the confirmation step names what will be sent
    page.wait_for_selector('#report[data-report-status="submitted"]')
    assert page.locator("#report-form").count() == 0
    _logout(page)

    # the coordinator returns it with a comment on the item
    login(page, "dpi.coordinator")
    page.goto(report_url)
    page.check('#review-form input[name="decision"][value="return"]')
    page.fill("#review-form textarea[name='comment']", "Đề nghị bổ sung kinh phí")
    # each item's comment box is in its row, and belongs to the review form
    page.locator("#report-items textarea[name^='comment_'][form='review-form']").first.fill(
        "Nêu rõ văn bản"
    )
    page.click("#review-submit")
    page.click("#confirm-button")
    page.wait_for_selector('#report[data-report-status="returned"]')
    _logout(page)

    # staff see the comments and fix
    login(page, "donre.staff")
    page.goto(report_url)
    assert "Đề nghị bổ sung kinh phí" in page.inner_text("#review-comment")
    assert page.locator(".review-comment").count() >= 1
    page.click(f"{item} details summary")
    page.fill(f"{item} input[name$='-fund_local_budget']", "120.000.000")
    green_space = page.locator("#disbursements tr", has_text="không gian xanh")
    assert green_space.locator("input").input_value() == "13.500.000.000"  # the demo's draft
    green_space.locator("input").fill("13.600.000.000")
    page.click("#save-draft")
    page.wait_for_selector("#report-form")
    _logout(page)

    # the leader resubmits
    login(page, "donre.leader")
    page.goto(report_url)
    assert page.input_value("#id_document_number") == "321/STNMT-KH"  # proposed again
    page.click("#submit-report")
    page.click("#confirm-submit")
    page.wait_for_selector('#report[data-report-status="submitted"]')
    _logout(page)

    # the coordinator accepts; the board shows it accepted
    login(page, "dpi.coordinator")
    page.goto(report_url)
    page.check('#review-form input[name="decision"][value="accept"]')
    page.click("#review-submit")
    page.click("#confirm-button")
    page.wait_for_selector('#report[data-report-status="accepted"]')
    events = page.locator("#report-events tr[data-action]")
    actions = [events.nth(i).get_attribute("data-action") for i in range(events.count())]
    assert actions[-5:] == ["submitted", "returned", "saved", "submitted", "accepted"]
    # the history of changes arrives when its section is opened (htmx), with the text typed
    page.click("#history summary")
    page.wait_for_selector("#report-changes")
    assert "Đã rà soát thể chế hiện hành" in page.inner_text("#report-changes")
    page.goto(f"/plans/{_plan_id()}/")
    page.click("#plan-reporting")
    page.click('tr[data-round-year="2019"] a')
    row = page.locator('#board-agencies tr[data-agency="bd-stnmt"]')
    assert row.get_attribute("data-status") == "accepted"
    # the coordinator can see the "extend" buttons of missing agencies (not white on white)
    extend = page.locator("#board-agencies form button").first
    assert extend.evaluate("e => getComputedStyle(e).color") != "rgb(255, 255, 255)"
    # the accepted report's disbursement is now the project's (million VND)
    page.goto(report_url)
    page.locator("#disbursement-table a", has_text="không gian xanh").click()
    line = page.locator("#budget-lines tbody tr", has_text="2019")
    assert "13.600,0" in line.inner_text() and "theo báo cáo" not in line.inner_text()


def _plan_id() -> int:
    from plans.models import Plan

    return Plan.objects.get(number="1847/KH-UBND").pk
