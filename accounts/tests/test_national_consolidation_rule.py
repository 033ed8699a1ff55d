"""Who sees the consolidation of a national round: it holds every province's figures."""

import datetime

import pytest

from accounts import permissions
from accounts.models import Role
from documents.models import ConsolidatedReport
from greenplan.testing.factories import UserFactory
from reporting.models import ReportingRound


def _round(plan) -> ReportingRound:
    return ReportingRound.objects.create(
        plan=plan,
        year=2019,
        period_start=datetime.date(2019, 1, 1),
        period_end=datetime.date(2019, 12, 31),
        deadline=datetime.date(2020, 1, 15),
    )


@pytest.fixture
def national_round(world):
    return _round(world.national_plan)


@pytest.fixture
def ministry_coordinator(world):
    # The ministry that coordinates the national plan (its focal point) runs its rounds.
    world.national_plan.focal_point = world.ministry
    world.national_plan.save(update_fields=["focal_point"])
    return UserFactory(organisation=world.ministry, role=Role.COORDINATOR)


def test_a_coordinator_of_another_central_body_does_not(world, national_round):
    world.national_plan.focal_point = world.ministry
    world.national_plan.save(update_fields=["focal_point"])
    other_body = type(world.ministry).objects.create(
        code="bo-khac", name="Bộ khác", kind=world.ministry.kind, parent=world.ministry.parent
    )
    outsider = UserFactory(organisation=other_body, role=Role.COORDINATOR)
    assert not permissions.can_view_consolidated_reports(outsider, national_round)


@pytest.mark.parametrize(
    "persona", ["coordinator", "viewer", "leader", "staff", "other_coordinator", "ministry_viewer"]
)
def test_no_province_user_nor_a_ministry_viewer_sees_a_national_consolidation(
    world, national_round, persona
):
    assert not permissions.can_view_consolidated_reports(getattr(world, persona), national_round)


def test_the_ministrys_coordinator_and_administrators_do(
    world, national_round, ministry_coordinator
):
    assert permissions.can_view_consolidated_reports(ministry_coordinator, national_round)
    assert permissions.can_view_consolidated_reports(world.admin, national_round)


def test_a_sent_national_version_is_not_downloaded_by_a_viewer_who_sees_the_plan(
    world, national_round, ministry_coordinator
):
    sent = ConsolidatedReport.objects.create(
        round=national_round,
        version=1,
        status=ConsolidatedReport.Status.SENT,
        generated_at=datetime.datetime(2020, 2, 1, tzinfo=datetime.UTC),
    )
    assert permissions.can_view_plan(world.viewer, world.national_plan)
    assert not permissions.can_download_consolidated_report(world.viewer, sent)
    assert permissions.can_download_consolidated_report(ministry_coordinator, sent)


def test_the_provincial_rule_is_unchanged(world):
    provincial = _round(world.plan)
    assert permissions.can_view_consolidated_reports(world.viewer, provincial)
    assert permissions.can_view_consolidated_reports(world.coordinator, provincial)
    assert not permissions.can_view_consolidated_reports(world.other_coordinator, provincial)
