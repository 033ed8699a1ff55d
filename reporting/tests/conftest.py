"""A small reporting world on top of the personas: a plan with items assigned to DONRE
(staff, leader), DOIT (other_staff) and DPI (coordinator), and a 2018 round opened."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from accounts.models import Role
from greenplan.testing.factories import (
    AssignmentFactory,
    OrganisationFactory,
    PlanItemFactory,
    UserFactory,
)
from greenplan.testing.personas import World
from plans.models import Assignment, ItemKind
from reporting.actions import open_round
from reporting.models import AgencyReport, ReportingRound


@dataclass
class Reporting:
    world: World
    theme: object
    a1: object  # activity: DONRE lead, DPI coordinating
    a2: object  # activity: DOIT lead
    t1: object  # 2018 priority task of a1: DONRE lead
    t9: object  # 2019 priority task: DONRE lead (not in the 2018 round)
    round: ReportingRound
    donre_report: AgencyReport
    doit_report: AgencyReport
    dpi_report: AgencyReport
    doit_leader: object


def build_reporting(world: World, year: int = 2018) -> Reporting:
    plan = world.plan
    doit = world.other_staff.organisation
    assert doit is not None
    theme = PlanItemFactory(plan=plan, kind=ItemKind.THEME, code="T1", title="Chủ đề 1")
    a1 = PlanItemFactory(plan=plan, parent=theme, code="4", title="Hoạt động 4")
    a2 = PlanItemFactory(plan=plan, parent=theme, code="9", title="Hoạt động 9")
    t1 = PlanItemFactory(plan=plan, parent=a1, kind=ItemKind.TASK, code="4.1", priority_year=2018)
    t9 = PlanItemFactory(plan=plan, parent=a1, kind=ItemKind.TASK, code="4.9", priority_year=2019)
    AssignmentFactory(item=a1, organisation=world.donre)
    AssignmentFactory(item=a1, organisation=world.dpi, role=Assignment.Role.COORDINATING)
    AssignmentFactory(item=a2, organisation=doit)
    AssignmentFactory(item=t1, organisation=world.donre)
    AssignmentFactory(item=t9, organisation=world.donre)
    round_ = open_round(plan, year, user=world.coordinator)
    reports = {r.organisation_id: r for r in round_.reports.all()}
    return Reporting(
        world=world,
        theme=theme,
        a1=a1,
        a2=a2,
        t1=t1,
        t9=t9,
        round=round_,
        donre_report=reports[world.donre.pk],
        doit_report=reports[doit.pk],
        dpi_report=reports[world.dpi.pk],
        doit_leader=UserFactory(username="doit_leader", organisation=doit, role=Role.AGENCY_LEADER),
    )


@pytest.fixture
def rep(world) -> Reporting:
    return build_reporting(world)


def at(day: str, hour: int = 10) -> datetime.datetime:
    """An aware datetime in the project's time zone, from "dd/mm/yyyy"."""
    from django.utils import timezone

    d = datetime.datetime.strptime(day, "%d/%m/%Y").replace(hour=hour)  # noqa: DTZ007
    return timezone.make_aware(d)


def form_data(report, **overrides):
    """The report page's draft form as posted with the items' current status and progress."""
    data = {"version": report.version}
    for item in report.items.all():
        p = f"item-{item.pk}-"
        data.update({p + "status": item.status, p + "progress": item.progress or ""})
    data.update(overrides)
    return data


def add_agencies(world: World, plan, n: int) -> None:
    """`n` more agencies in the province, each assigned three new activities of `plan`."""
    for _ in range(n):
        org = OrganisationFactory(parent=world.province)
        for _ in range(3):
            AssignmentFactory(item=PlanItemFactory(plan=plan), organisation=org)
