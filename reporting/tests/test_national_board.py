"""The national board reads a fixed number of queries whatever the number of provinces
(tested at 3 and at 34, the provinces after the 2025 reform), every province and focal point
named as it was on the round's deadline (issue 15)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from greenplan.testing.factories import (
    OrganisationFactory,
    PlanFactory,
    PlanItemFactory,
    UserFactory,
)
from orgs.models import OrganisationKind, OrganisationPeriod
from plans.models import ItemKind, PlanLevel
from reporting.actions import open_round
from reporting.board import round_board


def _national_round(n_provinces: int):
    gov = OrganisationFactory(kind=OrganisationKind.GOVERNMENT)
    ministry = OrganisationFactory(kind=OrganisationKind.MINISTRY, parent=gov)
    national = PlanFactory(
        level=PlanLevel.NATIONAL, territory=gov, period_start=2014, focal_point=ministry
    )
    theme = PlanItemFactory(plan=national, kind=ItemKind.THEME)
    activities = [PlanItemFactory(plan=national, parent=theme) for _ in range(3)]
    for index in range(n_provinces):
        province = OrganisationFactory(kind=OrganisationKind.PROVINCE, parent=gov)
        dpi = OrganisationFactory(parent=province, email="skhdt@example.vn", phone="0274")
        # renamed since: the 2018 board names them as they were then
        for org, old in ((province, f"UBND tỉnh cũ {index:02}"), (dpi, f"Sở KH&ĐT cũ {index:02}")):
            OrganisationPeriod.objects.create(
                organisation=org, valid_to=datetime.date(2020, 12, 31), name=old
            )
        plan = PlanFactory(territory=province, parent=national, focal_point=dpi)
        for activity in activities:
            PlanItemFactory(plan=plan, implements=activity)
    coordinator = UserFactory(organisation=ministry, role=Role.COORDINATOR)
    return open_round(national, 2018, user=coordinator), coordinator


def _queries(n_provinces: int, client) -> tuple[int, int]:
    round_, coordinator = _national_round(n_provinces)
    assert round_.reports.count() == n_provinces
    with CaptureQueriesContext(connection) as board_queries:
        board = round_board(round_, reader=coordinator)
        rows = board.agencies
        assert all(row.focal_point is not None for row in rows)
    assert {row.name for row in rows} == {f"UBND tỉnh cũ {i:02}" for i in range(n_provinces)}
    assert {row.focal_point_name for row in rows} == {
        f"Sở KH&ĐT cũ {i:02}" for i in range(n_provinces)
    }
    assert board.provinces is not None and board.provinces.count >= n_provinces
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as page:
        response = client.get(reverse("reporting:round_live", args=[round_.pk]))
    assert response.status_code == 200
    assert "UBND tỉnh cũ 00" in response.content.decode()
    return len(board_queries), len(page)


@pytest.mark.django_db
def test_the_national_board_reads_the_same_queries_for_3_and_34_provinces(
    client, monkeypatch, settings
):
    monkeypatch.setattr("reporting.views.completeness_figure", lambda *a, **k: None)
    monkeypatch.setattr("reporting.views.to_svg", lambda figure: "<svg></svg>")
    few = _queries(3, client)
    many = _queries(34, client)
    assert few == many
    # reports, focal points and the earlier ones, themes' skeleton, lines, earlier names,
    # provinces of the year
    assert few[0] <= 7
