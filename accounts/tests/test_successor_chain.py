"""Visibility follows successors to any depth: A merged into B merged into C, C's people read
and carry on A's reports (accounts.permissions.carried_on_by_q / works_for_reporting_agency)."""

import datetime

from accounts import permissions
from accounts.models import Role
from accounts.system import system_user
from greenplan.testing.factories import (
    AssignmentFactory,
    OrganisationFactory,
    PlanItemFactory,
    UserFactory,
)
from orgs.actions import close_organisation
from reporting.actions import open_round
from reporting.models import AgencyReport

D = datetime.date


def test_depth_three_successor_reads_and_writes_the_first_ones_report(world):
    AssignmentFactory(item=PlanItemFactory(plan=world.plan), organisation=world.donre)
    round_ = open_round(world.plan, 2019, user=world.coordinator)
    report = round_.reports.get(organisation=world.donre)
    b = OrganisationFactory(parent=world.province)
    c = OrganisationFactory(parent=world.province)
    d = OrganisationFactory(parent=world.province)
    close_organisation(world.donre, last_day=D(2021, 12, 31), successor=b, user=system_user())
    close_organisation(b, last_day=D(2023, 12, 31), successor=c, user=system_user())
    close_organisation(c, last_day=D(2025, 6, 30), successor=d, user=system_user())
    heir_staff = UserFactory(organisation=d, role=Role.AGENCY_STAFF)
    stranger = UserFactory(organisation=OrganisationFactory(parent=world.province),
                           role=Role.AGENCY_STAFF)  # fmt: skip
    report = AgencyReport.objects.select_related("organisation").get(pk=report.pk)
    assert permissions.can_view_report(heir_staff, report)
    assert permissions.works_for_reporting_agency(heir_staff, report)
    assert not permissions.can_view_report(stranger, report)
    assert not permissions.works_for_reporting_agency(stranger, report)
    visible = AgencyReport.objects.visible_to(heir_staff)
    assert list(visible.values_list("organisation_id", flat=True)) == [world.donre.pk]
