"""All or nothing: a project save that fails half-way leaves the database as it was."""

import pytest

from core.money import FundingSource
from greenplan.testing.atomicity import fail_on_call, row_counts
from projects import actions
from projects.models import BudgetLine, Project, StatusStep
from projects.tests.conftest import M, approve, project_data


def budget(project):
    return sorted(project.budget_lines.values_list("year", "source", "estimate", "allocated"))


def test_an_update_failing_at_its_second_budget_line_changes_nothing(
    world, tree, donre_project, monkeypatch
):
    project = donre_project
    old_budget, old_items = budget(project), list(project.plan_items.all())
    before = row_counts()
    stand_in = fail_on_call(2, BudgetLine.save)
    monkeypatch.setattr(BudgetLine, "save", stand_in)

    with pytest.raises(RuntimeError, match="failure injected"):
        actions.update_project(
            project,
            project_data(
                world.donre,
                [tree.a60, tree.a61],
                {
                    (2019, FundingSource.LOCAL_BUDGET): 120 * M,  # changed
                    (2020, FundingSource.LOCAL_BUDGET): 160 * M,  # changed: fails here
                    (2020, FundingSource.ODA): 20 * M,  # new
                },
                title="Tên đã đổi",
            ),
            user=world.staff,
            version=project.version,
        )

    monkeypatch.undo()
    assert stand_in.calls == 2  # the project, its activities and one line had been written
    assert row_counts() == before
    project = Project.objects.get(pk=project.pk)
    assert (project.title, project.version) == ("Đầu tư không gian xanh công cộng", 1)
    assert budget(project) == old_budget
    assert list(project.plan_items.all()) == old_items


def test_a_new_project_failing_at_its_first_status_step_is_not_registered(world, tree, monkeypatch):
    before = row_counts()
    monkeypatch.setattr(StatusStep.objects, "create", fail_on_call(1, StatusStep.objects.create))

    with pytest.raises(RuntimeError, match="failure injected"):
        actions.create_project(project_data(world.donre, [tree.a60]), user=world.staff)

    assert row_counts() == before
    assert not Project.objects.exists()


def test_an_allocation_failing_at_the_project_version_keeps_the_lines(
    world, donre_project, monkeypatch
):
    project = approve(donre_project, world)
    lines = {line.pk: line.estimate for line in project.budget_lines.all()}
    old_budget = budget(project)
    before = row_counts()
    # Every line is saved, then the project's version: that last save fails.
    monkeypatch.setattr(Project, "save", fail_on_call(1, Project.save))

    with pytest.raises(RuntimeError, match="failure injected"):
        actions.allocate_budget(project, lines, user=world.coordinator, version=project.version)

    monkeypatch.undo()
    assert row_counts() == before
    assert budget(project) == old_budget
    assert Project.objects.get(pk=project.pk).version == project.version
