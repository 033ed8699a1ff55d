import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from projects import actions
from projects.models import Project, ProjectStatus
from projects.tests.conftest import M, advance, project_data


def test_an_agency_registers_projects_it_leads_but_not_for_another_agency(world, tree):
    actions.create_project(project_data(world.donre, [tree.a60]), user=world.staff)

    with pytest.raises(PermissionDenied):
        actions.create_project(project_data(world.dpi, [tree.a7]), user=world.staff)


def test_the_coordinator_registers_for_any_agency_of_the_province(world, tree):
    project = actions.create_project(project_data(world.donre, [tree.a60]), user=world.coordinator)
    assert project.lead_organisation == world.donre


@pytest.mark.parametrize("who", ["other_staff", "viewer", "other_coordinator", "ministry_viewer"])
def test_who_does_not_manage_the_project_cannot_change_it(world, tree, donre_project, who):
    user = getattr(world, who)
    with pytest.raises(PermissionDenied):
        actions.update_project(
            donre_project,
            project_data(world.donre, [tree.a60], title="Sửa trái phép"),
            user=user,
            version=donre_project.version,
        )
    assert Project.objects.get(pk=donre_project.pk).title == "Đầu tư không gian xanh công cộng"


def test_the_agency_cannot_allocate_money_to_itself(world, donre_project):
    Project.objects.filter(pk=donre_project.pk).update(status=ProjectStatus.APPROVED)
    line = donre_project.budget_lines.first()
    with pytest.raises(PermissionDenied):
        actions.allocate_budget(donre_project, {line.pk: M}, user=world.leader, version=1)


def test_the_agency_cannot_approve_through_the_page(world, donre_project, as_user):
    project = advance(donre_project, ProjectStatus.PROPOSED, world.staff)

    response = as_user(world.leader).post(
        reverse("projects:step", args=[project.pk]),
        {
            "to_status": "appraised",
            "decision_number": "1/QĐ",
            "decided_on": "01/03/2019",
            "version": project.version,
        },
    )

    assert response.status_code == 400
    assert "to_status" in response.context["step_form"].errors
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.PROPOSED


def test_the_agency_is_offered_only_its_own_steps(world, donre_project, as_user):
    project = advance(donre_project, ProjectStatus.PROPOSED, world.staff)
    response = as_user(world.staff).get(reverse("projects:detail", args=[project.pk]))
    assert [v for v, _ in response.context["step_form"].fields["to_status"].choices] == [
        "cancelled"
    ]
    response = as_user(world.coordinator).get(reverse("projects:detail", args=[project.pk]))
    assert [v for v, _ in response.context["step_form"].fields["to_status"].choices] == [
        "appraised",
        "cancelled",
    ]


@pytest.mark.parametrize("who", ["other_staff", "viewer"])
def test_other_agencies_and_viewers_read_but_cannot_edit(world, donre_project, as_user, who):
    client = as_user(getattr(world, who))

    page = client.get(reverse("projects:detail", args=[donre_project.pk]))
    assert page.status_code == 200 and "Đầu tư không gian xanh công cộng" in page.content.decode()
    assert page.context["can_manage"] is False
    assert client.get(reverse("projects:edit", args=[donre_project.pk])).status_code == 403
    step = client.post(
        reverse("projects:step", args=[donre_project.pk]),
        {"to_status": "cancelled", "version": donre_project.version},
    )
    assert step.status_code == 403
    assert Project.objects.get(pk=donre_project.pk).status == ProjectStatus.IDEA


def test_a_viewer_cannot_open_the_registration_form(world, as_user):
    assert as_user(world.viewer).get(reverse("projects:create")).status_code == 403


def test_the_other_provinces_coordinator_gets_404(world, tree, donre_project, as_user):
    client = as_user(world.other_coordinator)
    for url in (
        reverse("projects:detail", args=[donre_project.pk]),
        reverse("projects:edit", args=[donre_project.pk]),
        reverse("projects:activity", args=[tree.a60.pk]),
        reverse("projects:totals", args=[world.plan.pk]),
        reverse("projects:budget_export", args=[world.plan.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("projects:step", args=[donre_project.pk])).status_code == 404
    board = client.get(reverse("projects:board"))
    assert "Đầu tư không gian xanh công cộng" not in board.content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(world, tree, donre_project, client):
    for url in (
        reverse("projects:board"),
        reverse("projects:detail", args=[donre_project.pk]),
        reverse("projects:create"),
        reverse("projects:activity", args=[tree.a60.pk]),
        reverse("projects:totals", args=[world.plan.pk]),
        reverse("projects:export"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_the_central_ministry_reads_every_province(world, donre_project):
    assert donre_project in Project.objects.visible_to(world.ministry_viewer)
    assert donre_project not in Project.objects.visible_to(world.other_coordinator)
