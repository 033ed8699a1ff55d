from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.money import FundingSource
from projects import actions
from projects.models import BudgetLine, Project, ProjectStatus, StatusStep
from projects.tests.conftest import M, approve, project_data

LOCAL = FundingSource.LOCAL_BUDGET
ODA = FundingSource.ODA


def test_a_breakdown_that_adds_up_is_saved_line_by_line(world, tree):
    data = project_data(world.donre, [tree.a60], {(2019, LOCAL): 40 * M, (2020, ODA): 60 * M})

    project = actions.create_project(data, user=world.staff)

    assert project.total_estimate == 100 * M
    assert sorted(project.budget_lines.values_list("year", "source", "estimate")) == [
        (2019, "local_budget", 40 * M),
        (2020, "oda", 60 * M),
    ]


def test_a_breakdown_that_does_not_add_up_is_refused_on_the_total(world, tree):
    data = project_data(world.donre, [tree.a60], {(2019, LOCAL): 40 * M}, total=100 * M)

    with pytest.raises(ValidationError) as error:
        actions.create_project(data, user=world.staff)

    [message] = error.value.message_dict["total_estimate"]
    assert "40.000.000" in message and "100.000.000" in message
    assert Project.objects.count() == 0 and BudgetLine.objects.count() == 0


def test_bad_rows_get_messages_on_their_own_fields_and_nothing_is_saved(world, tree):
    data = project_data(world.donre, [tree.a60], {(2019, LOCAL): 40 * M})
    data.budget = [
        actions.BudgetRow(2019, LOCAL, 40 * M, ref="budget_lines-0"),
        actions.BudgetRow(2019, LOCAL, 10 * M, ref="budget_lines-1"),  # same year and source
        actions.BudgetRow(2025, ODA, 10 * M, ref="budget_lines-2"),  # after the end (2020)
        actions.BudgetRow(2020, "gold", Decimal(-1), ref="budget_lines-3"),
    ]
    data.total_estimate = sum(row.estimate for row in data.budget)
    data.title = "  "
    data.plan_items = []

    with pytest.raises(ValidationError) as error:
        actions.create_project(data, user=world.staff)

    errors = error.value.message_dict
    assert set(errors) == {
        "title",
        "plan_items",
        "budget_lines-1-source",
        "budget_lines-2-year",
        "budget_lines-3-source",
        "budget_lines-3-estimate",
    }
    assert Project.objects.count() == 0


def test_an_end_before_the_start_is_refused(world, tree):
    data = project_data(world.donre, [tree.a60])
    data.start_date, data.end_date = data.end_date, data.start_date
    with pytest.raises(ValidationError) as error:
        actions.create_project(data, user=world.staff)
    assert "end_date" in error.value.message_dict


def test_an_activity_of_another_province_is_refused(world, tree):
    from greenplan.testing.factories import PlanItemFactory

    foreign = PlanItemFactory(plan=world.other_plan, code="9")
    data = project_data(world.donre, [foreign])
    with pytest.raises(ValidationError) as error:
        actions.create_project(data, user=world.staff)
    assert "plan_items" in error.value.message_dict


def test_allocation_within_the_estimate_is_recorded(world, donre_project):
    project = approve(donre_project, world)
    line = project.budget_lines.get(year=2019)

    actions.allocate_budget(
        project, {line.pk: 80 * M}, user=world.coordinator, version=project.version
    )

    line.refresh_from_db()
    assert line.allocated == 80 * M and line.override_reason == ""


def test_allocation_above_the_estimate_is_refused_without_override(world, donre_project):
    project = approve(donre_project, world)
    line = project.budget_lines.get(year=2019)  # estimate 100 M

    with pytest.raises(ValidationError) as error:
        actions.allocate_budget(
            project, {line.pk: 120 * M}, user=world.coordinator, version=project.version
        )

    assert f"allocated_{line.pk}" in error.value.message_dict
    line.refresh_from_db()
    assert line.allocated == 0
    assert Project.objects.get(pk=project.pk).version == project.version


def test_an_override_without_a_reason_is_refused(world, donre_project):
    project = approve(donre_project, world)
    line = project.budget_lines.get(year=2019)

    with pytest.raises(ValidationError) as error:
        actions.allocate_budget(
            project,
            {line.pk: 120 * M},
            user=world.coordinator,
            version=project.version,
            override=True,
            reason=" ",
        )

    assert "reason" in error.value.message_dict
    line.refresh_from_db()
    assert line.allocated == 0


def test_an_override_with_a_reason_is_accepted_and_logged(world, donre_project):
    project = approve(donre_project, world)
    line = project.budget_lines.get(year=2019)

    actions.allocate_budget(
        project,
        {line.pk: 120 * M},
        user=world.coordinator,
        version=project.version,
        override=True,
        reason="Bổ sung theo Nghị quyết HĐND",
    )

    line.refresh_from_db()
    assert line.allocated == 120 * M
    assert line.override_reason == "Bổ sung theo Nghị quyết HĐND"
    record = line.history.first()
    assert record.history_user == world.coordinator
    assert record.history_change_reason == "Bổ sung theo Nghị quyết HĐND"
    step = StatusStep.objects.filter(project=project).last()
    assert step.actor == world.coordinator
    assert "Bổ sung theo Nghị quyết HĐND" in step.note and "2019" in step.note
    assert step.from_status == step.to_status == ProjectStatus.APPROVED


def test_allocation_before_approval_is_refused(world, donre_project):
    line = donre_project.budget_lines.first()
    with pytest.raises(ValidationError):
        actions.allocate_budget(
            donre_project, {line.pk: M}, user=world.coordinator, version=donre_project.version
        )


def test_disbursement_cannot_exceed_the_allocation(world, donre_project):
    from projects.tests.conftest import fund

    project = fund(donre_project, world)
    line = project.budget_lines.get(year=2019)  # allocated 100 M

    with pytest.raises(ValidationError) as error:
        actions.record_disbursement(
            project, {line.pk: 101 * M}, user=world.staff, version=project.version
        )
    assert f"disbursed_{line.pk}" in error.value.message_dict

    actions.record_disbursement(
        project, {line.pk: 70 * M}, user=world.staff, version=project.version
    )
    line.refresh_from_db()
    assert line.disbursed == 70 * M


def test_an_estimate_cannot_drop_below_what_is_allocated(world, donre_project):
    project = approve(donre_project, world)
    line = project.budget_lines.get(year=2019)
    actions.allocate_budget(
        project, {line.pk: 90 * M}, user=world.coordinator, version=project.version
    )
    project = Project.objects.get(pk=project.pk)
    data = project_data(
        world.donre,
        [donre_project.plan_items.get()],
        {
            (2019, LOCAL): 50 * M,
            (2020, LOCAL): 200 * M,
            (2020, FundingSource.PUBLIC_INVESTMENT): 50 * M,
        },
    )

    with pytest.raises(ValidationError) as error:
        actions.update_project(project, data, user=world.staff, version=project.version)

    assert "budget_lines-0-estimate" in error.value.message_dict
    line.refresh_from_db()
    assert line.estimate == 100 * M
