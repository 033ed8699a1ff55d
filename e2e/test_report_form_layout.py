"""The agency report form fits the screen (issue 18, defect 1): at a laptop's 1366 px and a
phone's 390 px, no input, select or textarea leaves the card it belongs to, and the page never
scrolls sideways (tables scroll inside their own wrapper)."""

from __future__ import annotations

import pytest

from e2e.conftest import login

# Every visible field of the form whose box leaves its card (1 px of rounding allowed), and
# how wide the page is against the window.
MEASURE = """() => {
  const out = [];
  for (const el of document.querySelectorAll(
      "#report-form input:not([type=hidden]), #report-form select, #report-form textarea")) {
    const box = el.getBoundingClientRect();
    if (!box.width) continue;  // inside a closed section
    const card = el.closest(".card, main").getBoundingClientRect();
    if (box.left < card.left - 1 || box.right > card.right + 1) {
      out.push(el.name + ": " + Math.round(box.left) + "-" + Math.round(box.right)
               + " outside " + Math.round(card.left) + "-" + Math.round(card.right));
    }
  }
  for (const wrap of document.querySelectorAll("#report-form .table-wrap")) {
    const box = wrap.getBoundingClientRect();
    const card = wrap.closest(".card, main").getBoundingClientRect();
    if (box.right > card.right + 1) out.push("table wrapper outside its card");
  }
  return {outside: out, page: document.documentElement.scrollWidth, window: window.innerWidth};
}"""


def _report_url() -> str:
    from reporting.models import AgencyReport

    report = AgencyReport.objects.get(round__year=2019, organisation__code="bd-stnmt")
    return f"/reporting/reports/{report.pk}/"


@pytest.mark.parametrize("width", [1366, 390])
def test_no_field_leaves_its_card_and_the_page_does_not_scroll_sideways(page, demo_live, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "donre.staff")
    page.goto(_report_url())
    # the funds sections too
    page.evaluate(
        "() => document.querySelectorAll('#report-form details').forEach(d => d.open = true)"
    )
    assert page.locator("#disbursements table").count() == 1  # the wide table is on the page
    # typed text in the long fields, as a user would
    page.locator("#report-form textarea").first.fill("Kết quả đạt được " * 30)

    measured = page.evaluate(MEASURE)

    assert measured["outside"] == [], measured["outside"][:10]
    assert measured["page"] <= measured["window"], measured

    # and again with the messages of a refused save under the fields
    page.locator("#report-form input[name$='-document_date']").first.fill("31/02/2019")
    page.locator("#report-form input[name$='-fund_oda']").first.fill("mười triệu")
    page.click("#save-draft")
    page.wait_for_selector("#error-summary")
    page.evaluate(
        "() => document.querySelectorAll('#report-form details').forEach(d => d.open = true)"
    )
    measured = page.evaluate(MEASURE)
    assert measured["outside"] == [], measured["outside"][:10]
    assert measured["page"] <= measured["window"], measured
