import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from projects import actions
from projects.models import (
    STATUS_TRANSITIONS,
    Project,
    ProjectStatus,
    StatusStep,
)
from projects.tests.conftest import advance, approve, fund


def test_a_project_goes_from_idea_to_completed_with_a_step_each(world, donre_project):
    project = fund(donre_project, world)
    project = advance(project, ProjectStatus.IMPLEMENTING, world.leader)
    project = advance(project, ProjectStatus.COMPLETED, world.staff)

    assert project.status == ProjectStatus.COMPLETED
    steps = list(project.steps.exclude(from_status="").exclude(note__startswith="Allocated"))
    assert [(s.from_status, s.to_status) for s in steps] == [
        ("idea", "proposed"),
        ("proposed", "appraised"),
        ("appraised", "approved"),
        ("approved", "funded"),
        ("funded", "implementing"),
        ("implementing", "completed"),
    ]
    approval = steps[2]
    assert approval.actor == world.coordinator
    assert approval.decision_number == "approved/QĐ-UBND"
    assert approval.decided_on == datetime.date(2019, 3, 1)


def test_registration_is_the_first_step(world, donre_project):
    step = donre_project.steps.get()
    assert (step.from_status, step.to_status, step.actor) == ("", "idea", world.staff)
    assert donre_project.status == ProjectStatus.IDEA


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (ProjectStatus.IDEA, ProjectStatus.APPROVED),
        (ProjectStatus.IDEA, ProjectStatus.FUNDED),
        (ProjectStatus.PROPOSED, ProjectStatus.IMPLEMENTING),
        (ProjectStatus.COMPLETED, ProjectStatus.IMPLEMENTING),
        (ProjectStatus.CANCELLED, ProjectStatus.PROPOSED),
    ],
)
def test_a_step_outside_the_workflow_is_refused(world, donre_project, start, target):
    Project.objects.filter(pk=donre_project.pk).update(status=start)
    steps_before = StatusStep.objects.count()

    with pytest.raises(ValidationError) as error:
        actions.record_status_step(
            donre_project,
            target,
            user=world.coordinator,
            version=donre_project.version,
            decision_number="1/QĐ",
            decided_on=datetime.date(2019, 1, 1),
        )

    assert "to_status" in error.value.message_dict
    assert StatusStep.objects.count() == steps_before
    assert Project.objects.get(pk=donre_project.pk).status == start


def test_completed_and_cancelled_are_final_and_everything_else_can_be_cancelled():
    assert STATUS_TRANSITIONS[ProjectStatus.COMPLETED] == frozenset()
    assert STATUS_TRANSITIONS[ProjectStatus.CANCELLED] == frozenset()
    for status in set(ProjectStatus.values) - {"completed", "cancelled"}:
        assert ProjectStatus.CANCELLED in STATUS_TRANSITIONS[status]


def test_an_agency_cancels_its_own_idea(world, donre_project):
    project = advance(donre_project, ProjectStatus.CANCELLED, world.staff, decision_number="")
    assert project.status == ProjectStatus.CANCELLED


def test_appraisal_needs_the_decision_number_and_date(world, donre_project):
    project = advance(donre_project, ProjectStatus.PROPOSED, world.staff)

    with pytest.raises(ValidationError) as error:
        actions.record_status_step(
            project, ProjectStatus.APPRAISED, user=world.coordinator, version=project.version
        )

    assert set(error.value.message_dict) == {"decision_number", "decided_on"}
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.PROPOSED


def test_a_decision_dated_in_the_future_is_refused(world, donre_project):
    with pytest.raises(ValidationError) as error:
        advance(
            donre_project, ProjectStatus.PROPOSED, world.staff, decided_on=datetime.date(2999, 1, 1)
        )
    assert "decided_on" in error.value.message_dict


def test_funded_needs_money_allocated_first(world, donre_project):
    project = approve(donre_project, world)

    with pytest.raises(ValidationError) as error:
        advance(project, ProjectStatus.FUNDED, world.coordinator)

    assert "to_status" in error.value.message_dict
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.APPROVED


@pytest.mark.parametrize("who", ["staff", "leader"])
def test_the_agency_cannot_appraise_or_approve_its_own_project(world, donre_project, who):
    project = advance(donre_project, ProjectStatus.PROPOSED, world.staff)

    with pytest.raises(PermissionDenied):
        advance(project, ProjectStatus.APPRAISED, getattr(world, who))

    assert Project.objects.get(pk=project.pk).status == ProjectStatus.PROPOSED


def test_the_other_provinces_coordinator_cannot_decide(world, donre_project):
    project = advance(donre_project, ProjectStatus.PROPOSED, world.staff)
    with pytest.raises(PermissionDenied):
        advance(project, ProjectStatus.APPRAISED, world.other_coordinator)


def test_the_allowed_next_steps_follow_the_table(donre_project):
    assert donre_project.allowed_next == ["proposed", "cancelled"]
