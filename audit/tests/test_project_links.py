"""The audit page shows what links a project change added and removed, by name."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils.html import escape

from projects import actions
from projects.models import Project
from projects.tests.conftest import project_data

URL = "/audit/"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def project_entry(entries, project: Project):
    return next(
        e for e in entries if e.model_label == "projects.project" and e.object_id == project.pk
    )


def test_a_project_change_lists_the_activities_and_partners_added_and_removed(
    world, tree, as_user, english
):
    # Given a project serving activity 60 with the DPI as partner
    project = actions.create_project(
        project_data(world.donre, [tree.a60], partners=[world.dpi]), user=world.staff
    )

    # When DONRE's leader adds activity 61 and drops the partner
    actions.update_project(
        project,
        project_data(world.donre, [tree.a60, tree.a61]),
        user=world.leader,
        version=project.version,
    )

    # Then the administrator reads, on the change by the leader, the activity added and the
    # partner removed, by name
    page = as_user(world.admin).get(URL)
    entry = project_entry(page.context["entries"], project)
    assert (entry.action, entry.who) == ("~", world.leader)
    links = {c.field: (c.added, c.removed) for c in entry.changes if c.added or c.removed}
    assert links == {
        "plan activities served": (["61. Tiêu dùng bền vững"], []),
        "partner organisations": ([], ["Sở Kế hoạch và Đầu tư"]),
    }
    html = page.content.decode()
    assert "added " + escape("61. Tiêu dùng bền vững") in html
    assert "removed " + escape("Sở Kế hoạch và Đầu tư") in html


def test_a_development_plan_deleted_since_is_named_by_its_id(world, tree, sedp, as_user, english):
    # Given a project taken out of a development plan that was then deleted
    project = actions.create_project(
        project_data(world.donre, [tree.a60], development_plans=[sedp]), user=world.staff
    )
    actions.update_project(
        project,
        project_data(world.donre, [tree.a60]),
        user=world.staff,
        version=project.version,
    )
    gone = sedp.pk
    sedp.delete()

    # Then the change still says which plan it was
    entry = project_entry(as_user(world.admin).get(URL).context["entries"], project)
    assert [(c.field, c.removed) for c in entry.changes if c.removed] == [
        ("listed in development plans", [f"#{gone}"])
    ]


def test_link_changes_cost_the_same_number_of_queries_however_many_are_listed(
    world, tree, sedp, audit_page_queries
):
    # Given one project whose links changed once
    project = actions.create_project(project_data(world.donre, [tree.a60]), user=world.staff)
    items = [[tree.a60], [tree.a60, tree.a61]]
    partners = [[], [world.dpi]]

    def edit(n: int) -> None:
        nonlocal project
        project = actions.update_project(
            project,
            project_data(
                world.donre,
                items[n % 2],
                partners=partners[n % 2],
                development_plans=[sedp] if n % 3 else [],
            ),
            user=world.staff,
            version=project.version,
        )

    edit(1)
    few = audit_page_queries()

    # When the links change twenty times more
    for n in range(2, 22):
        edit(n)
    many = audit_page_queries()

    # Then the page costs no more queries
    assert many <= few
