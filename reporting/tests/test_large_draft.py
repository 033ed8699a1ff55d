"""A report of many lines is saved from its page: the page posts 14 fields a line, and
Django's default limit of 1,000 fields a request refused (400) every report over 71 lines;
agencies of a national-scale plan have 123."""

from __future__ import annotations

import pytest

from core.money import FundingSource
from greenplan.testing.factories import AssignmentFactory, PlanItemFactory
from reporting.actions import open_round
from reporting.forms import fund_field
from reporting.models import ITEM_FIELDS

LINES = 80


@pytest.mark.django_db
def test_a_draft_of_80_lines_is_saved_from_its_page(world, as_user):
    for _ in range(LINES):
        AssignmentFactory(item=PlanItemFactory(plan=world.plan), organisation=world.donre)
    round_ = open_round(world.plan, 2019, user=world.coordinator)
    report = round_.reports.get(organisation=world.donre)
    items = list(report.items.all())
    data = {"version": report.version, "general_results": "Tổng hợp"}
    for item in items:
        p = f"item-{item.pk}-"
        data.update({p + name: "" for name in ITEM_FIELDS})
        data.update({p + fund_field(source): "" for source in FundingSource.values})
        data[p + "status"] = item.status
    last = items[-1]
    data[f"item-{last.pk}-results"] = "Đã hoàn thành khảo sát"
    assert len(data) > 1000

    response = as_user(world.staff).post(f"/reporting/reports/{report.pk}/", data)

    assert response.status_code == 302
    last.refresh_from_db()
    assert last.results == "Đã hoàn thành khảo sát"
    report.refresh_from_db()
    assert report.general_results == "Tổng hợp"
