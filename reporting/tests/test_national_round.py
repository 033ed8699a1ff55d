"""National rounds: the ministry opens a round of the national plan; the provinces whose plans
implement it are expected, on the national activities they adopted; a province's approved
figures are delivered into its report and submitted through the same transitions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenplan.testing.factories import AssignmentFactory, PlanItemFactory
from greenplan.testing.national import at
from plans.models import Assignment
from reporting.actions import (
    accept_report,
    deliver_national_report,
    national_figures,
    national_report_of,
    open_round,
    return_report,
)
from reporting.models import AgencyReport, ReportEvent, ReportingRound, ReportStatus


def test_an_agency_both_lead_and_coordinating_on_an_item_reports_on_it_as_lead(world):
    # given an activity on which DONRE is both coordinating and lead
    item = PlanItemFactory(plan=world.plan, code="7")
    AssignmentFactory(item=item, organisation=world.donre, role=Assignment.Role.COORDINATING)
    AssignmentFactory(item=item, organisation=world.donre, role=Assignment.Role.LEAD)
    # when the round opens
    round_ = open_round(world.plan, 2019, user=world.coordinator)
    # then DONRE has one line on it, as lead
    lines = list(round_.reports.get(organisation=world.donre).items.values_list("role", flat=True))
    assert lines == [Assignment.Role.LEAD]


def test_the_ministry_opens_a_national_round_expecting_each_implementing_province(national):
    w = national.world
    round_ = open_round(w.national_plan, 2018, user=national.mpi_coordinator)
    reports = {r.organisation: r for r in round_.reports.all()}
    # one report per province whose plan implements 403 in 2018, on the adopted activities
    assert set(reports) == {w.province, w.other_province}
    assert {i.plan_item for i in reports[w.province].items.all()} == {national.n1, national.n2}
    assert [i.plan_item for i in reports[w.other_province].items.all()] == [national.n1]
    assert {i.role for i in round_.reports.first().items.all()} == {Assignment.Role.LEAD}
    assert all(r.status == ReportStatus.DRAFT for r in reports.values())


def test_a_province_whose_plan_does_not_cover_the_year_is_not_expected(national):
    w = national.world
    w.other_plan.period_start, w.other_plan.period_end = 2019, 2020
    w.other_plan.save()
    round_ = open_round(w.national_plan, 2018, user=national.mpi_coordinator)
    assert list(round_.reports.values_list("organisation", flat=True)) == [w.province.pk]


def test_a_round_outside_the_national_plans_period_is_refused(national):
    w = national.world  # 403/QĐ-TTg runs 2014-2020
    with pytest.raises(ValidationError) as exc:
        open_round(w.national_plan, 2021, user=national.mpi_coordinator)
    assert "2014" in exc.value.message_dict["year"][0]
    assert not ReportingRound.objects.filter(plan=w.national_plan).exists()


@pytest.mark.parametrize("who", ["coordinator", "viewer", "ministry_viewer", "bd_leader"])
def test_only_the_ministry_opens_a_national_round(national, who):
    user = getattr(national, who, None) or getattr(national.world, who)
    with pytest.raises(PermissionDenied):
        open_round(national.world.national_plan, 2018, user=user)


def test_the_successor_ministry_manages_the_national_plan(national):
    # Bộ Tài chính took over Bộ Kế hoạch và Đầu tư, the focal point of 403/QĐ-TTg
    round_ = open_round(national.world.national_plan, 2019, user=national.mof_coordinator)
    assert round_.reports.count() == 2


def test_the_national_figures_come_from_the_accepted_reports(national):
    figures = national_figures(national.round)
    n1, n2 = figures[national.n1.pk], figures[national.n2.pk]
    assert (n1.status, n1.progress) == ("completed", 100)
    assert "Rà soát quy hoạch ngành" in n1.results
    assert "Thiếu kinh phí" in n1.difficulties
    assert n1.funds == {"local_budget": Decimal(300_000_000)}
    assert (n2.status, n2.progress) == ("in_progress", 40)
    assert n2.funds == {"local_budget": Decimal(50_000_000), "oda": Decimal(20_000_000)}
    assert national.n3.pk not in figures


def _deliver(national, report, **kw):
    defaults = {
        "user": national.bd_leader,
        "source_round": national.round,
        "approved_by": national.bd_leader,
        "document_number": "125/BC-UBND",
        "signer": "Nguyễn Văn A",
        "at": at("20/11/2018"),
    }
    return deliver_national_report(report, **defaults | kw)


def test_delivering_fills_the_items_and_submits_the_report_to_the_ministry(national):
    w = national.world
    round_ = open_round(w.national_plan, 2018, user=national.mpi_coordinator)
    report = round_.reports.get(organisation=w.province)
    assert national_report_of(national.round) == report
    _deliver(national, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert (report.document_number, report.signer) == ("125/BC-UBND", "Nguyễn Văn A")
    assert report.submitted_by == national.bd_leader
    line = report.items.get(plan_item=national.n2)
    assert (line.status, line.progress) == ("in_progress", 40)
    assert {f.source: f.amount for f in line.funds.all()} == {
        "local_budget": Decimal(50_000_000),
        "oda": Decimal(20_000_000),
    }
    assert report.events.filter(action=ReportEvent.Action.SUBMITTED).count() == 1
    # the ministry accepts it with the existing review action
    accept_report(report, user=national.mpi_coordinator)
    assert AgencyReport.objects.get(pk=report.pk).status == ReportStatus.ACCEPTED


def test_a_returned_national_report_is_delivered_again_with_fresh_figures(national):
    w = national.world
    round_ = open_round(w.national_plan, 2018, user=national.mpi_coordinator)
    report = _deliver(national, round_.reports.get(organisation=w.province))
    line = report.items.get(plan_item=national.n2)
    return_report(
        report,
        user=national.mpi_coordinator,
        comment="Bổ sung số liệu",
        item_comments={line.pk: "Thiếu kết quả"},
    )
    # meanwhile DPI's figures change (an ODA amount corrected in the accepted lines)
    funding = line.funds.get(source="oda")
    funding.amount = Decimal(1)
    funding.save()
    report = _deliver(national, report, document_number="130/BC-UBND", at=at("01/12/2018"))
    assert report.status == ReportStatus.SUBMITTED
    assert report.document_number == "130/BC-UBND"
    line.refresh_from_db()
    assert line.review_comment == ""
    assert {f.source: f.amount for f in line.funds.all()}["oda"] == Decimal(20_000_000)
    # first submission kept for lateness
    assert report.first_submitted_at == at("20/11/2018")


def test_a_report_awaiting_the_ministry_is_not_delivered_twice(national):
    w = national.world
    round_ = open_round(w.national_plan, 2018, user=national.mpi_coordinator)
    report = _deliver(national, round_.reports.get(organisation=w.province))
    with pytest.raises(ValidationError):
        _deliver(national, report, document_number="999/BC-UBND")
    assert AgencyReport.objects.get(pk=report.pk).document_number == "125/BC-UBND"


def test_another_provinces_leader_cannot_deliver(national):
    w = national.world
    round_ = open_round(w.national_plan, 2018, user=national.mpi_coordinator)
    report = round_.reports.get(organisation=w.province)
    with pytest.raises(PermissionDenied):
        _deliver(national, report, user=national.dn_leader)
    assert AgencyReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_the_national_round_deadline_is_the_ministrys_choice(national):
    round_ = open_round(
        national.world.national_plan,
        2018,
        user=national.mpi_coordinator,
        deadline=datetime.date(2018, 12, 15),
    )
    assert round_.deadline == datetime.date(2018, 12, 15)


def test_the_ministry_and_the_province_are_told_of_each_step(national):
    from notifications.models import Notification

    w = national.world
    round_ = open_round(w.national_plan, 2018, user=national.mpi_coordinator)
    report = _deliver(national, round_.reports.get(organisation=w.province))
    about = Notification.objects.filter(object_id=report.pk, content_type__model="agencyreport")
    told = set(about.filter(kind="submitted").values_list("recipient", flat=True))
    assert national.mpi_coordinator.pk in told and national.mof_coordinator.pk in told
    assert w.coordinator.pk not in told
    return_report(report, user=national.mpi_coordinator, comment="Bổ sung")
    told = set(about.filter(kind="returned").values_list("recipient", flat=True))
    assert told == {national.bd_leader.pk, w.coordinator.pk}


def test_the_inbox_lists_the_leaders_versions_and_the_ministrys_reports(
    national, settings, tmp_path
):
    from documents.actions import generate_consolidated_report, submit_to_leader
    from inbox.waiting import waiting_count, waiting_for

    settings.MEDIA_ROOT, settings.DOCUMENTS_SOFFICE = tmp_path, ""

    w = national.world
    version = generate_consolidated_report(national.round, user=w.coordinator, background=False)
    submit_to_leader(version, user=w.coordinator)
    assert waiting_for(national.bd_leader).to_approve == [version]
    assert waiting_count(national.bd_leader) == 1
    assert waiting_count(national.dn_leader) == 0
    round_ = open_round(w.national_plan, 2018, user=national.mpi_coordinator)
    report = _deliver(national, round_.reports.get(organisation=w.province))
    assert waiting_for(national.mpi_coordinator).to_review == [report]
    assert report not in waiting_for(w.coordinator).to_review
