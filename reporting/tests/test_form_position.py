"""Saving keeps the writer's place in a long form (issue 18, defect 3): the save returns to
the item last edited, the save button stays in view, and the carried-over hint is said once."""

from __future__ import annotations

from reporting.tests.conftest import form_data


def test_a_save_returns_to_the_item_last_edited(rep, as_user):
    report = rep.donre_report
    item = report.items.get(plan_item__code="4.1")
    response = as_user(rep.world.staff).post(
        f"/reporting/reports/{report.pk}/", form_data(report, anchor=f"item-{item.pk}")
    )
    assert response.status_code == 302
    assert response["Location"] == f"/reporting/reports/{report.pk}/#item-{item.pk}"


def test_without_the_pages_script_the_save_returns_to_the_last_item_changed(rep, as_user):
    report = rep.donre_report
    item = report.items.get(plan_item__code="4.1")
    response = as_user(rep.world.staff).post(
        f"/reporting/reports/{report.pk}/",
        form_data(report, **{f"item-{item.pk}-results": "Đã ban hành kế hoạch"}),
    )
    assert response["Location"] == f"/reporting/reports/{report.pk}/#item-{item.pk}"


def test_an_anchor_that_is_not_an_item_of_the_report_is_ignored(rep, as_user):
    report = rep.donre_report
    other = rep.doit_report.items.first()
    for anchor in (f"item-{other.pk}", "javascript:alert(1)", "https://example.org/"):
        response = as_user(rep.world.staff).post(
            f"/reporting/reports/{report.pk}/", form_data(report, anchor=anchor)
        )
        report.refresh_from_db()
        assert response["Location"] == f"/reporting/reports/{report.pk}/"


def test_the_save_button_stays_in_view_and_the_hint_is_said_once(rep, as_user):
    report = rep.donre_report
    report.items.update(carried_over=True)
    html = as_user(rep.world.staff).get(f"/reporting/reports/{report.pk}/").content.decode()
    assert html.count("chỉ ghi những gì thay đổi") == 1
    bar = html[html.index('class="save-bar"') :]
    assert 'id="save-draft"' in bar[: bar.index("</div>")]
    assert 'name="anchor"' in html
