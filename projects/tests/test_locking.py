import pytest

from core.money import FundingSource
from projects import actions
from projects.models import Project, ProjectStatus, StatusStep
from projects.tests.conftest import M, approve, project_data


def test_an_edit_from_a_stale_version_is_refused_and_saves_nothing(world, tree, donre_project):
    loaded_version = donre_project.version
    # Someone else saves first.
    actions.update_project(
        donre_project,
        project_data(world.donre, [tree.a60], title="Phiên bản của người khác"),
        user=world.leader,
        version=loaded_version,
    )

    with pytest.raises(actions.StaleProject) as error:
        actions.update_project(
            donre_project,
            project_data(world.donre, [tree.a60, tree.a61], title="Phiên bản của tôi"),
            user=world.staff,
            version=loaded_version,
        )

    assert "Chưa lưu thay đổi nào" in str(error.value)  # Vietnamese, the default language
    project = Project.objects.get(pk=donre_project.pk)
    assert project.title == "Phiên bản của người khác"
    assert list(project.plan_items.all()) == [tree.a60]
    assert project.version == loaded_version + 1


def test_a_step_from_a_stale_version_is_refused(world, donre_project):
    actions.record_status_step(
        donre_project, ProjectStatus.PROPOSED, user=world.staff, version=donre_project.version
    )
    steps = StatusStep.objects.count()

    with pytest.raises(actions.StaleProject):
        actions.record_status_step(
            donre_project, ProjectStatus.CANCELLED, user=world.staff, version=donre_project.version
        )

    assert StatusStep.objects.count() == steps
    assert Project.objects.get(pk=donre_project.pk).status == ProjectStatus.PROPOSED


def test_an_allocation_from_a_stale_version_is_refused(world, donre_project):
    project = approve(donre_project, world)
    line = project.budget_lines.get(year=2019, source=FundingSource.LOCAL_BUDGET)

    with pytest.raises(actions.StaleProject):
        actions.allocate_budget(
            project, {line.pk: 10 * M}, user=world.coordinator, version=project.version - 1
        )

    line.refresh_from_db()
    assert line.allocated == 0
