"""Disbursements on the agency's funded projects are reported in the yearly round: written with
the draft, checked against the allocation, copied onto the budget line when the report is
accepted, and nothing reaches the project before that."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.money import FundingSource
from greenplan.testing.api_errors import errors_by_field
from projects import actions as project_actions
from projects.models import PROVINCE_DECISIONS, BudgetLine, Project, ProjectKind, ProjectStatus
from reporting.actions import accept_report, return_report, save_draft, submit_report
from reporting.disbursements import lines_to_report
from reporting.models import ReportDisbursement
from reporting.tests.conftest import form_data

M = Decimal(1_000_000)
LOCAL, ODA = FundingSource.LOCAL_BUDGET, FundingSource.ODA


def funded_project(rep, lead_user, *, budget, allocated, status=ProjectStatus.IMPLEMENTING):
    """A project of `lead_user`'s agency serving activity 4, moved to `status` with the given
    allocations (year, source) -> million VND."""
    world = rep.world
    data = project_actions.ProjectData(
        kind=ProjectKind.PROJECT,
        title=f"Dự án của {lead_user.organisation}",
        lead_organisation=lead_user.organisation,
        plan_items=[rep.a1],
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2020, 12, 31),
        total_estimate=sum(budget.values()) * M,
        budget=[project_actions.BudgetRow(y, s, a * M) for (y, s), a in budget.items()],
    )
    project = project_actions.create_project(data, user=lead_user)
    steps = [ProjectStatus.PROPOSED, ProjectStatus.APPRAISED, ProjectStatus.APPROVED]
    steps += [ProjectStatus.FUNDED, ProjectStatus.IMPLEMENTING, ProjectStatus.COMPLETED]
    for step in steps:
        if step == ProjectStatus.FUNDED:
            project = Project.objects.get(pk=project.pk)
            lines = {(line.year, line.source): line.pk for line in project.budget_lines.all()}
            project_actions.allocate_budget(
                project,
                {lines[key]: amount * M for key, amount in allocated.items()},
                user=world.coordinator,
                version=project.version,
            )
        if project.status == status:
            break
        user = world.coordinator if step in PROVINCE_DECISIONS else lead_user
        project_actions.record_status_step(
            project,
            step,
            user=user,
            version=Project.objects.get(pk=project.pk).version,
            decision_number=f"{step}/QĐ",
            decided_on=datetime.date(2018, 3, 1),
        )
        project = Project.objects.get(pk=project.pk)
    return project


def line(project, year, source) -> BudgetLine:
    return project.budget_lines.get(year=year, source=source)


@pytest.fixture
def donre_project(rep):
    return funded_project(
        rep,
        rep.world.staff,
        budget={(2018, LOCAL): 500, (2018, ODA): 300, (2019, LOCAL): 200},
        allocated={(2018, LOCAL): 400, (2019, LOCAL): 200},
    )


def test_the_report_lists_the_lines_of_the_year_with_money_allocated(rep, donre_project):
    # another agency's project and a project not yet funded are not DONRE's lines to report
    funded_project(
        rep, rep.world.other_staff, budget={(2018, LOCAL): 100}, allocated={(2018, LOCAL): 100}
    )
    funded_project(
        rep,
        rep.world.staff,
        budget={(2018, LOCAL): 50},
        allocated={(2018, LOCAL): 50},
        status=ProjectStatus.APPROVED,
    )
    lines = lines_to_report(rep.donre_report)
    # the 2018 local line only: 2018 ODA has nothing allocated, 2019 is another round
    assert [(x.project_id, x.year, x.source) for x in lines] == [(donre_project.pk, 2018, LOCAL)]
    assert [x.source for x in lines_to_report(rep.doit_report)] == [LOCAL]


def test_a_saved_figure_reaches_the_project_only_when_the_report_is_accepted(rep, donre_project):
    report, world = rep.donre_report, rep.world
    target = line(donre_project, 2018, LOCAL)
    save_draft(report, user=world.staff, version=1, disbursements={target.pk: 350 * M})
    assert ReportDisbursement.objects.get(report=report).amount == 350 * M
    assert line(donre_project, 2018, LOCAL).disbursed == 0  # a draft changes no project
    submit_report(report, user=world.leader)
    assert line(donre_project, 2018, LOCAL).disbursed == 0  # nor does a submission
    version = Project.objects.get(pk=donre_project.pk).version

    accept_report(report, user=world.coordinator)

    target.refresh_from_db()
    assert target.disbursed == 350 * M
    record = target.history.latest()
    assert record.history_user == world.coordinator
    assert "2018" in record.history_change_reason
    # the project moved on a version: an edit started before the acceptance is refused
    assert Project.objects.get(pk=donre_project.pk).version == version + 1


def test_a_returned_report_changes_no_project(rep, donre_project):
    report, world = rep.donre_report, rep.world
    target = line(donre_project, 2018, LOCAL)
    save_draft(report, user=world.staff, version=1, disbursements={target.pk: 120 * M})
    submit_report(report, user=world.leader)
    return_report(report, user=world.coordinator, comment="Bổ sung số liệu")
    assert line(donre_project, 2018, LOCAL).disbursed == 0


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (401 * M, "400.000.000"),  # above the allocation: the allocation is named
        (Decimal(-1), "âm"),  # negative
    ],
)
def test_an_amount_the_allocation_does_not_allow_is_refused_and_nothing_is_saved(
    rep, donre_project, amount, message
):
    report, world = rep.donre_report, rep.world
    target = line(donre_project, 2018, LOCAL)
    with pytest.raises(ValidationError) as error:
        save_draft(
            report,
            user=world.staff,
            version=1,
            general={"general_results": "Không được lưu"},
            disbursements={target.pk: amount},
        )
    assert message in " ".join(error.value.message_dict[f"disbursed_{target.pk}"])
    report.refresh_from_db()
    assert report.version == 1 and report.general_results == ""
    assert not ReportDisbursement.objects.exists()


def test_another_agencys_line_or_another_years_line_is_refused(rep, donre_project):
    doit_project = funded_project(
        rep, rep.world.other_staff, budget={(2018, LOCAL): 100}, allocated={(2018, LOCAL): 100}
    )
    world = rep.world
    for foreign in (line(doit_project, 2018, LOCAL), line(donre_project, 2019, LOCAL)):
        with pytest.raises(ValidationError) as error:
            save_draft(
                rep.donre_report,
                user=world.staff,
                version=1,
                disbursements={foreign.pk: 10 * M},
            )
        assert f"disbursed_{foreign.pk}" in error.value.message_dict
    assert not ReportDisbursement.objects.exists()


def test_an_empty_figure_clears_what_was_saved(rep, donre_project):
    report, world = rep.donre_report, rep.world
    target = line(donre_project, 2018, LOCAL)
    save_draft(report, user=world.staff, version=1, disbursements={target.pk: 10 * M})
    save_draft(report, user=world.staff, version=2, disbursements={target.pk: None})
    assert not ReportDisbursement.objects.exists()
    assert ReportDisbursement.history.filter(history_type="-").count() == 1


def test_only_the_agency_writes_its_figures(rep, donre_project):
    target = line(donre_project, 2018, LOCAL)
    for intruder in (rep.world.other_staff, rep.world.viewer, rep.world.other_coordinator):
        with pytest.raises(PermissionDenied):
            save_draft(rep.donre_report, user=intruder, version=1, disbursements={target.pk: 1 * M})
    assert not ReportDisbursement.objects.exists()


def test_acceptance_is_refused_when_the_allocation_was_lowered_since(rep, donre_project):
    report, world = rep.donre_report, rep.world
    target = line(donre_project, 2018, LOCAL)
    save_draft(report, user=world.staff, version=1, disbursements={target.pk: 350 * M})
    submit_report(report, user=world.leader)
    project = Project.objects.get(pk=donre_project.pk)
    project_actions.allocate_budget(
        project, {target.pk: 300 * M}, user=world.coordinator, version=project.version
    )
    with pytest.raises(ValidationError) as error:
        accept_report(report, user=world.coordinator)
    assert "300.000.000" in " ".join(error.value.messages)
    report.refresh_from_db()
    target.refresh_from_db()
    assert report.status == "submitted" and target.disbursed == 0  # all or nothing


def test_the_agency_writes_its_figures_on_the_report_page(rep, donre_project, as_user):
    report = rep.donre_report
    target = line(donre_project, 2018, LOCAL)
    client = as_user(rep.world.staff)
    page = client.get(f"/reporting/reports/{report.pk}/").content.decode()
    assert 'id="disbursements"' in page and f'name="money-disbursed_{target.pk}"' in page
    assert donre_project.title in page

    response = client.post(
        f"/reporting/reports/{report.pk}/",
        form_data(report, **{f"money-disbursed_{target.pk}": "350.000.000"}),
    )

    assert response.status_code == 302
    assert ReportDisbursement.objects.get(report=report, budget_line=target).amount == 350 * M


def test_a_figure_above_the_allocation_is_shown_next_to_its_field_and_nothing_is_saved(
    rep, donre_project, as_user
):
    report = rep.donre_report
    target = line(donre_project, 2018, LOCAL)
    response = as_user(rep.world.staff).post(
        f"/reporting/reports/{report.pk}/",
        form_data(
            report,
            general_results="Không được lưu",
            **{f"money-disbursed_{target.pk}": "900.000.000"},
        ),
    )
    assert response.status_code == 200
    form = response.context["disbursement_form"]
    assert "400.000.000" in " ".join(form.errors[f"disbursed_{target.pk}"])
    report.refresh_from_db()
    assert report.version == 1 and report.general_results == ""
    assert not ReportDisbursement.objects.exists()


def test_the_coordinator_reads_the_figures_of_a_submitted_report(rep, donre_project, as_user):
    report, world = rep.donre_report, rep.world
    target = line(donre_project, 2018, LOCAL)
    save_draft(report, user=world.staff, version=1, disbursements={target.pk: 350 * M})
    submit_report(report, user=world.leader)
    page = as_user(world.coordinator).get(f"/reporting/reports/{report.pk}/").content.decode()
    assert 'id="disbursement-table"' in page
    assert "350.000.000" in page and 'name="money-disbursed_' not in page


def test_the_api_lists_and_saves_the_figures_with_the_same_rules(rep, donre_project, client):
    from accounts.models import ApiToken

    _token, key = ApiToken.issue(rep.world.staff, "agency system")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    url = f"/api/reporting/reports/{rep.donre_report.pk}"
    target = line(donre_project, 2018, LOCAL)
    listed = client.get(url, **auth).json()["disbursements"]
    assert [(d["budget_line_id"], d["reported"]) for d in listed] == [(target.pk, None)]

    too_much = {"version": 1, "disbursements": [{"budget_line_id": target.pk, "amount": 10**12}]}
    refused = client.post(url, too_much, content_type="application/json", **auth)
    assert refused.status_code == 422
    assert f"disbursed_{target.pk}" in errors_by_field(refused.json())

    body = {"version": 1, "disbursements": [{"budget_line_id": target.pk, "amount": 5 * 10**7}]}
    saved = client.post(url, body, content_type="application/json", **auth)
    assert saved.status_code == 200
    assert saved.json()["disbursements"][0]["reported"] == "50000000"


def test_the_project_page_shows_a_figure_waiting_in_a_report_until_it_is_accepted(
    rep, donre_project, as_user
):
    report, world = rep.donre_report, rep.world
    target = line(donre_project, 2018, LOCAL)
    save_draft(report, user=world.staff, version=1, disbursements={target.pk: 350 * M})
    url = f"/projects/{donre_project.pk}/"

    page = as_user(world.coordinator).get(url).content.decode()
    waiting = page[page.index('class="muted pending-report"') :]
    assert waiting[: waiting.index("</span>")].split(">", 1)[1] == (
        "350,0 theo báo cáo năm 2018 (Bản nháp)"  # million VND, the report's year and status
    )

    submit_report(report, user=world.leader)
    accept_report(report, user=world.coordinator)
    page = as_user(world.coordinator).get(url).content.decode()
    assert "pending-report" not in page
