"""A report of many lines is saved from its page: the page posts 14 fields a line, and
Django's default limit of 1,000 fields a request refused (400) every report over 71 lines;
agencies of a national-scale plan have 123. Saving it reads the lines' funds at once, not a
query a line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.money import FundingSource
from greenplan.testing.factories import AssignmentFactory, PlanItemFactory
from reporting.actions import open_round
from reporting.forms import fund_field
from reporting.models import ITEM_FIELDS, ItemFunding

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


def _saved_draft_queries(world, as_user, year: int, more_lines: int) -> int:
    """Queries of one whole draft saved from the page, every line with money on it."""
    for _ in range(more_lines):
        AssignmentFactory(item=PlanItemFactory(plan=world.plan), organisation=world.donre)
    report = open_round(world.plan, year, user=world.coordinator).reports.get(
        organisation=world.donre
    )
    data: dict[str, object] = {"version": report.version}
    for item in report.items.all():
        ItemFunding.objects.create(item=item, source="oda", amount=Decimal(1500000))
        p = f"item-{item.pk}-"
        data.update({p + name: "" for name in ITEM_FIELDS})
        data.update({p + "status": item.status, p + fund_field("oda"): "1500000"})
    client = as_user(world.staff)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/reporting/reports/{report.pk}/", data)
    assert response.status_code == 302
    return len(queries)


@pytest.mark.django_db
def test_saving_a_draft_runs_as_many_queries_for_3_lines_as_for_13(world, as_user):
    few = _saved_draft_queries(world, as_user, 2018, 3)
    many = _saved_draft_queries(world, as_user, 2019, 13)

    assert few == many
