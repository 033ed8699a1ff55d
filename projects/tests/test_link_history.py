"""A project's links (plan activities, partners, development plans) are part of its history:
one record per create or update, by the acting user, keeping the links the project had then."""

from __future__ import annotations

import pytest
from django.db.models import ManyToManyField

from greenplan.testing.factories import OrganisationFactory
from projects import actions
from projects.models import Project
from projects.tests.conftest import project_data


def linked(record, name: str) -> set[int]:
    """The pks of the objects `record` kept for link field `name`."""
    link = Project._meta.get_field(name)
    assert isinstance(link, ManyToManyField)
    target = link.m2m_reverse_field_name()
    return set(getattr(record, name).values_list(f"{target}_id", flat=True))


def test_a_new_project_is_one_record_with_its_initial_links(world, tree, sedp):
    # When DONRE's staff registers a project with an activity, a partner and a development plan
    project = actions.create_project(
        project_data(world.donre, [tree.a60], partners=[world.dpi], development_plans=[sedp]),
        user=world.staff,
    )

    # Then its history is one creation, by the staff member, that keeps those links
    record = project.history.get()
    assert (record.history_type, record.history_user) == ("+", world.staff)
    assert linked(record, "plan_items") == {tree.a60.pk}
    assert linked(record, "partners") == {world.dpi.pk}
    assert linked(record, "development_plans") == {sedp.pk}


def test_an_update_adding_an_activity_and_removing_a_partner_is_one_record_by_its_author(
    world, tree, sedp
):
    # Given a project serving activity 60 with two partners, listed in a development plan
    doit = OrganisationFactory(name="Sở Công Thương", parent=world.province)
    project = actions.create_project(
        project_data(world.donre, [tree.a60], partners=[world.dpi, doit], development_plans=[sedp]),
        user=world.staff,
    )
    first = project.history.get()

    # When DONRE's leader adds activity 61 and drops the DPI as partner
    actions.update_project(
        project,
        project_data(world.donre, [tree.a60, tree.a61], partners=[doit], development_plans=[sedp]),
        user=world.leader,
        version=project.version,
    )

    # Then there is one more record, by the leader, and it differs from the first in exactly
    # those two links (and the version every write counts up)
    assert project.history.count() == 2
    record = project.history.latest()
    assert (record.history_type, record.history_user) == ("~", world.leader)
    assert record.diff_against(first).changed_fields == ["partners", "plan_items", "version"]
    assert linked(first, "plan_items") == {tree.a60.pk}
    assert linked(record, "plan_items") == {tree.a60.pk, tree.a61.pk}
    assert linked(first, "partners") == {world.dpi.pk, doit.pk}
    assert linked(record, "partners") == {doit.pk}
    assert linked(record, "development_plans") == {sedp.pk}


def test_an_update_that_keeps_the_links_shows_no_link_change(world, tree, sedp):
    project = actions.create_project(
        project_data(world.donre, [tree.a60], partners=[world.dpi], development_plans=[sedp]),
        user=world.staff,
    )
    first = project.history.get()

    actions.update_project(
        project,
        project_data(
            world.donre,
            [tree.a60],
            partners=[world.dpi],
            development_plans=[sedp],
            title="Tên mới",
        ),
        user=world.leader,
        version=project.version,
    )

    assert project.history.count() == 2
    assert project.history.latest().diff_against(first).changed_fields == ["title", "version"]


def test_a_refused_update_leaves_the_history_as_it_was(world, tree, donre_project):
    before = list(Project.history.values_list("history_id", flat=True))

    with pytest.raises(actions.StaleProject):
        actions.update_project(
            donre_project,
            project_data(world.donre, [tree.a61]),
            user=world.leader,
            version=donre_project.version - 1,
        )

    assert list(Project.history.values_list("history_id", flat=True)) == before
    assert linked(donre_project.history.get(), "plan_items") == {tree.a60.pk}
