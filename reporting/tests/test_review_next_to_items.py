"""The reviewer comments on each item next to it, and sees what the agency changed since the
report was returned (issue 18, defect 12)."""

from __future__ import annotations

from decimal import Decimal

from reporting.actions import ItemChanges, return_report, save_draft, submit_report
from reporting.models import ItemStatus


def _row(html: str, code: str) -> str:
    start = html.index(f'<tr data-item-code="{code}"')
    return html[start : html.index("</tr>", start)]


def test_each_items_comment_box_is_in_its_row_and_belongs_to_the_review_form(rep, as_user):
    report = rep.donre_report
    submit_report(report, user=rep.world.leader, document_number="1/BC", signer="Lê Quốc Hùng")
    item = report.items.get(plan_item__code="4")

    html = as_user(rep.world.coordinator).get(f"/reporting/reports/{report.pk}/").content.decode()

    row = _row(html, "4")
    assert f'name="comment_{item.pk}"' in row and 'form="review-form"' in row
    review = html[html.index('id="review-form"') :]
    assert f'name="comment_{item.pk}"' not in review[: review.index("</form>")]


def test_a_resubmitted_report_shows_each_items_changes_since_it_was_returned(rep, as_user):
    report = rep.donre_report
    item = report.items.get(plan_item__code="4")
    untouched = report.items.get(plan_item__code="4.1")
    w = rep.world
    save_draft(
        report,
        user=w.staff,
        version=report.version,
        items={item.pk: ItemChanges({"status": ItemStatus.IN_PROGRESS, "progress": 40})},
    )
    report.refresh_from_db()
    submit_report(report, user=w.leader, document_number="1/BC", signer="Lê Quốc Hùng")
    return_report(report, user=w.coordinator, item_comments={item.pk: "Thiếu số liệu"})
    report.refresh_from_db()
    save_draft(
        report,
        user=w.staff,
        version=report.version,
        items={
            item.pk: ItemChanges(
                {"status": ItemStatus.IN_PROGRESS, "progress": 70, "results": "Đã bổ sung"},
                funds={"local_budget": Decimal("2000000")},
            )
        },
    )
    report.refresh_from_db()
    submit_report(report, user=w.leader, document_number="2/BC", signer="Lê Quốc Hùng")

    html = as_user(w.coordinator).get(f"/reporting/reports/{report.pk}/").content.decode()

    row = _row(html, "4")
    assert 'class="item-changes"' in row
    assert "<del>40</del> → <ins>70</ins>" in row
    assert "<ins>Đã bổ sung</ins>" in row
    assert "<ins>2.000.000</ins>" in row
    assert 'class="item-changes"' not in _row(html, untouched.plan_item.code)
