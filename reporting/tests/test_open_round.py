import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plans.models import Assignment
from reporting.actions import open_round
from reporting.models import ReportEvent, ReportStatus


def test_opening_a_round_creates_the_expected_reports_from_assignments(rep):
    # given the plan's assignments (see conftest) and the round opened by the coordinator
    round_ = rep.round
    # then one report per assigned agency is expected, all drafts, before anyone writes
    assert round_.deadline == datetime.date(2018, 10, 25)
    assert round_.period_start == datetime.date(2018, 1, 1)
    orgs = set(round_.reports.values_list("organisation__code", flat=True))
    assert orgs == {"bd-donre", "bd-doit", "bd-dpi"}
    assert all(r.status == ReportStatus.DRAFT and r.is_missing for r in round_.reports.all())
    # DONRE reports on its activity and on the 2018 priority task, not on the 2019 one
    donre = {(i.plan_item.code, i.role) for i in rep.donre_report.items.all()}
    assert donre == {("4", Assignment.Role.LEAD), ("4.1", Assignment.Role.LEAD)}
    # DPI reports its contribution as coordinating agency
    assert [(i.plan_item.code, i.role) for i in rep.dpi_report.items.all()] == [
        ("4", Assignment.Role.COORDINATING)
    ]
    assert rep.donre_report.events.filter(action=ReportEvent.Action.OPENED).count() == 1


def test_a_custom_deadline_and_period_are_kept(world):
    round_ = open_round(
        world.plan,
        2019,
        user=world.coordinator,
        deadline=datetime.date(2019, 11, 5),
        period_start=datetime.date(2018, 10, 1),
        period_end=datetime.date(2019, 9, 30),
    )
    assert round_.deadline == datetime.date(2019, 11, 5)
    assert round_.period_end == datetime.date(2019, 9, 30)


def test_the_same_year_cannot_be_opened_twice(rep):
    with pytest.raises(ValidationError) as exc:
        open_round(rep.world.plan, 2018, user=rep.world.coordinator)
    assert "year" in exc.value.message_dict


@pytest.mark.parametrize("who", ["staff", "leader", "viewer", "other_coordinator"])
def test_only_the_plans_coordinator_opens_a_round(world, who):
    with pytest.raises(PermissionDenied):
        open_round(world.plan, 2018, user=getattr(world, who))
    assert not world.plan.rounds.exists()
