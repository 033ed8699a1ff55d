"""A province's round never reaches another province's agencies or projects.

Before plan imports were kept within their province, Đồng Nai's plan could name Bình Dương's
department as lead of an item (issue 12, item 2). Such an assignment must not give that
department a report in Đồng Nai's round, and when a report of that kind exists already (from an
older round), Đồng Nai's coordinator accepting it must not write the disbursement it gives onto
Bình Dương's project, which they may not even see.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.permissions import can_view_project
from greenplan.testing.factories import AssignmentFactory, PlanItemFactory
from plans.models import Assignment
from reporting.actions import accept_report, open_round, save_draft, submit_report
from reporting.models import AgencyReport, ReportEvent, ReportItem, ReportStatus
from reporting.tests.test_disbursements import LOCAL, M, funded_project, line


@pytest.fixture
def other_plan_items(world):
    """Đồng Nai's plan: one activity led by its own DPI, one by a ministry (a central body),
    one by Bình Dương's DONRE (left by an import made before imports were scoped)."""
    plan = world.other_plan
    own = PlanItemFactory(plan=plan, code="1")
    central = PlanItemFactory(plan=plan, code="2")
    foreign = PlanItemFactory(plan=plan, code="3")
    AssignmentFactory(item=own, organisation=world.other_dpi)
    AssignmentFactory(item=central, organisation=world.ministry)
    AssignmentFactory(item=foreign, organisation=world.donre)
    return own, central, foreign


def test_opening_a_round_creates_no_report_for_another_provinces_agency(world, other_plan_items):
    round_ = open_round(world.other_plan, 2018, user=world.other_coordinator)

    assert set(round_.reports.values_list("organisation__code", flat=True)) == {"dn-dpi", "mpi"}
    assert not AgencyReport.objects.filter(organisation=world.donre).exists()


def test_accepting_never_writes_onto_a_project_the_reviewer_may_not_see(
    rep, world, other_plan_items
):
    # Bình Dương's DONRE has a funded project; a report of DONRE sits in Đồng Nai's round,
    # opened before rounds were kept within their province.
    donre_project = funded_project(
        rep, world.staff, budget={(2018, LOCAL): 500}, allocated={(2018, LOCAL): 400}
    )
    round_ = open_round(world.other_plan, 2018, user=world.other_coordinator)
    stray, _created = AgencyReport.objects.get_or_create(round=round_, organisation=world.donre)
    ReportItem.objects.get_or_create(
        report=stray,
        plan_item=other_plan_items[2],
        defaults={"role": Assignment.Role.LEAD, "position": other_plan_items[2].position},
    )
    target = line(donre_project, 2018, LOCAL)
    save_draft(stray, user=world.staff, version=1, disbursements={target.pk: 350 * M})
    submit_report(stray, user=world.leader, at=_at(round_))
    assert not can_view_project(world.other_coordinator, donre_project)

    with pytest.raises(ValidationError) as refused:
        accept_report(stray, user=world.other_coordinator)

    target.refresh_from_db()
    assert target.disbursed == 0
    stray.refresh_from_db()
    assert stray.status == ReportStatus.SUBMITTED
    assert not stray.events.filter(action=ReportEvent.Action.ACCEPTED).exists()
    text = " ".join(refused.value.messages)
    assert donre_project.title not in text  # the refusal does not show what it hides


def test_accepting_the_provinces_own_report_still_records_its_disbursement(rep, world):
    donre_project = funded_project(
        rep, world.staff, budget={(2018, LOCAL): 500}, allocated={(2018, LOCAL): 400}
    )
    target = line(donre_project, 2018, LOCAL)
    save_draft(rep.donre_report, user=world.staff, version=1, disbursements={target.pk: 350 * M})
    submit_report(rep.donre_report, user=world.leader)

    accept_report(rep.donre_report, user=world.coordinator)

    target.refresh_from_db()
    assert target.disbursed == 350 * M


def _at(round_) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(round_.deadline, datetime.time(9)))
