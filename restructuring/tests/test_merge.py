"""Merging an organisation into another: what moves, what stays, and the refusals."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from greenplan.testing.factories import (
    AssignmentFactory,
    OrganisationFactory,
    PlanFactory,
    PlanItemFactory,
)
from indicators.models import Indicator
from orgs.models import Organisation
from plans.models import Assignment, Plan
from projects import actions as project_actions
from projects.models import Project
from projects.tests.conftest import project_data
from reporting.actions import lock_round, open_round, submit_report
from reporting.models import AgencyReport
from restructuring.actions import merge_organisation, plan_merger

ON = datetime.date(2025, 3, 1)


@pytest.fixture
def merger_world(world):
    """DPI merges into the Department of Finance on 01/03/2025. DPI led activity 7 of the
    2018-2020 plan (ended) and reported on it; it leads activity 2 and coordinates activity 3
    of a 2021-2025 plan it is focal point of, where Finance already coordinates activity 2."""
    w = world
    finance = OrganisationFactory(code="bd-dof", name="Sở Tài chính", parent=w.province)
    old_item = PlanItemFactory(plan=w.plan, code="7")
    AssignmentFactory(item=old_item, organisation=w.dpi)
    running = PlanFactory(
        number="2000/KH-UBND", territory=w.province, period_start=2021, period_end=2025,
        focal_point=w.dpi,
    )  # fmt: skip
    a2 = PlanItemFactory(plan=running, code="2")
    a3 = PlanItemFactory(plan=running, code="3")
    AssignmentFactory(item=a2, organisation=w.dpi, role=Assignment.Role.LEAD)
    AssignmentFactory(item=a2, organisation=finance, role=Assignment.Role.COORDINATING)
    AssignmentFactory(item=a3, organisation=w.dpi, role=Assignment.Role.COORDINATING)
    round_ = open_round(w.plan, 2019, user=w.coordinator)
    report = round_.reports.get(organisation=w.dpi)
    submit_report(report, user=w.coordinator)
    lock_round(round_, user=w.coordinator, locked=True)
    grey = Indicator.objects.create(code="grey_ratio", name="Tỷ lệ", responsible_agency=w.dpi)
    return w, finance, old_item, running, a2, a3, report, grey


def test_the_merger_hands_over_what_runs_and_keeps_what_was_done(merger_world):
    w, finance, old_item, running, a2, a3, report, grey = merger_world
    merger = merge_organisation(w.dpi, finance, ON, user=w.admin)
    dpi = Organisation.objects.get(pk=w.dpi.pk)
    # DPI stops the day before, with Finance as successor
    assert dpi.valid_to == datetime.date(2025, 2, 28) and dpi.successor == finance
    # its people now work for Finance in the same role
    coordinator = User.objects.get(pk=w.coordinator.pk)
    assert coordinator.organisation == finance and coordinator.role == w.coordinator.role
    # the running plan: Finance leads activity 2 (its coordinating row became the lead),
    # coordinates activity 3, and is the plan's focal point
    assert set(a2.assignments.values_list("organisation__code", "role")) == {("bd-dof", "lead")}
    assert set(a3.assignments.values_list("organisation__code", "role")) == {
        ("bd-dof", "coordinating")
    }
    assert Plan.objects.get(pk=running.pk).focal_point == finance
    # the ended plan and the report keep DPI: who reported what reads as before
    assert list(old_item.assignments.values_list("organisation__code", flat=True)) == ["bd-dpi"]
    assert AgencyReport.objects.get(pk=report.pk).organisation_id == w.dpi.pk
    assert AgencyReport.objects.get(pk=report.pk).submitted_by_id == w.coordinator.pk
    # the indicator is answered for by Finance
    assert Indicator.objects.get(pk=grey.pk).responsible_agency == finance
    assert [u.username for u in merger.users] == ["coordinator"]
    # every change is in the history, by the administrator, with the reason
    record = dpi.history.first()
    assert record.history_user == w.admin and "Sở Tài chính" in record.history_change_reason
    assert coordinator.history.first().history_user == w.admin


def test_unfinished_projects_change_hands_and_finished_ones_do_not(world):
    finance = OrganisationFactory(code="bd-dof", name="Sở Tài chính", parent=world.province)
    item = PlanItemFactory(plan=world.plan, code="60")
    led = project_actions.create_project(
        project_data(world.donre, [item], title="Dự án đang làm"), user=world.staff
    )
    partnered = project_actions.create_project(
        project_data(world.dpi, [item], title="Dự án phối hợp", partners=[world.donre]),
        user=world.coordinator,
    )
    done = project_actions.create_project(
        project_data(world.donre, [item], title="Dự án đã xong"), user=world.staff
    )
    Project.objects.filter(pk=done.pk).update(status="completed")
    version = led.version
    merge_organisation(world.donre, finance, ON, user=world.admin)
    led, partnered = Project.objects.get(pk=led.pk), Project.objects.get(pk=partnered.pk)
    assert led.lead_organisation == finance and led.version == version + 1
    assert list(partnered.partners.values_list("code", flat=True)) == ["bd-dof"]
    assert Project.objects.get(pk=done.pk).lead_organisation == world.donre
    # one history record per project, with the partners as they are now
    record = partnered.history.first()
    assert [row.organisation.code for row in record.partners.all()] == ["bd-dof"]
    assert record.history_user == world.admin and "Sở Tài chính" in record.history_change_reason
    assert partnered.history.count() == 2  # created, then the merger: one record


def test_an_open_draft_report_stops_the_merger_and_nothing_changes(world):
    finance = OrganisationFactory(code="bd-dof", name="Sở Tài chính", parent=world.province)
    AssignmentFactory(item=PlanItemFactory(plan=world.plan), organisation=world.dpi)
    open_round(world.plan, 2019, user=world.coordinator)  # DPI's report is a draft
    with pytest.raises(ValidationError) as refused:
        merge_organisation(world.dpi, finance, ON, user=world.admin)
    assert "2019" in refused.value.messages[0] and "chưa gửi" in refused.value.messages[0]
    assert Organisation.objects.get(pk=world.dpi.pk).valid_to is None
    assert User.objects.get(pk=world.coordinator.pk).organisation == world.dpi


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("itself", "chính nó"),
        ("closed", "đã ngừng hoạt động"),
        ("successor_closed", "không thể tiếp nhận"),
        ("units", "đơn vị trực thuộc"),
    ],
)
def test_refusals_name_the_problem(world, case, expected):
    source, successor = world.dpi, OrganisationFactory(parent=world.province)
    if case == "itself":
        successor = source
    elif case == "closed":
        Organisation.objects.filter(pk=source.pk).update(valid_to=datetime.date(2024, 12, 31))
        source.refresh_from_db()
    elif case == "successor_closed":
        Organisation.objects.filter(pk=successor.pk).update(valid_to=datetime.date(2025, 1, 31))
        successor.refresh_from_db()
    elif case == "units":
        OrganisationFactory(parent=source, name="Trung tâm Xúc tiến đầu tư")
    problems = plan_merger(source, successor, ON).problems
    assert any(expected in p for p in problems), problems
    with pytest.raises(ValidationError):
        merge_organisation(source, successor, ON, user=world.admin)


def test_only_an_administrator_merges(world):
    finance = OrganisationFactory(parent=world.province)
    with pytest.raises(PermissionDenied):
        merge_organisation(world.dpi, finance, ON, user=world.coordinator)
    assert Organisation.objects.get(pk=world.dpi.pk).valid_to is None


def test_a_failure_half_way_leaves_everything_as_it_was(merger_world, monkeypatch):
    w, finance, *_ = merger_world
    import restructuring.actions as restructuring

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(restructuring, "hand_over_projects", broken)
    with pytest.raises(RuntimeError):
        merge_organisation(w.dpi, finance, ON, user=w.admin)
    assert User.objects.get(pk=w.coordinator.pk).organisation == w.dpi
    assert Assignment.objects.filter(organisation=w.dpi).count() == 3
    assert Organisation.objects.get(pk=w.dpi.pk).valid_to is None


def test_the_successor_carries_on_a_report_returned_after_the_merger(world, as_user):
    from reporting.actions import return_report
    from reporting.models import ReportStatus

    finance = OrganisationFactory(code="bd-dof", name="Sở Tài chính", parent=world.province)
    AssignmentFactory(item=PlanItemFactory(plan=world.plan), organisation=world.donre)
    round_ = open_round(world.plan, 2019, user=world.coordinator)
    report = round_.reports.get(organisation=world.donre)
    submit_report(report, user=world.leader)  # submitted before the merger: not in the way
    merge_organisation(world.donre, finance, ON, user=world.admin)
    return_report(report, user=world.coordinator, comment="Bổ sung số liệu")
    # DONRE's former staff, now at Finance, see and fix the returned report of DONRE
    staff = User.objects.get(pk=world.staff.pk)
    page = as_user(staff).get(f"/reporting/reports/{report.pk}/")
    assert page.status_code == 200 and 'id="report-form"' in page.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.organisation_id == world.donre.pk
    # someone of another agency still sees nothing of it
    assert as_user(world.other_staff).get(f"/reporting/reports/{report.pk}/").status_code == 404
