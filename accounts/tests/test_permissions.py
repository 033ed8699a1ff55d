"""Who sees and changes what, read as sentences over the personas of greenplan/testing."""

import pytest

from accounts import permissions
from orgs.models import Organisation
from plans.models import Plan


def test_each_province_sees_national_plans_and_only_its_own(world):
    assert set(Plan.objects.visible_to(world.coordinator)) == {world.national_plan, world.plan}
    assert set(Plan.objects.visible_to(world.other_coordinator)) == {
        world.national_plan,
        world.other_plan,
    }


def test_central_bodies_and_administrators_see_every_province(world):
    everything = {world.national_plan, world.plan, world.other_plan}
    assert set(Plan.objects.visible_to(world.ministry_viewer)) == everything
    assert set(Plan.objects.visible_to(world.admin)) == everything


def test_anonymous_and_inactive_users_see_nothing(world, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not Plan.objects.visible_to(AnonymousUser()).exists()
    world.admin.is_active = False
    assert not Plan.objects.visible_to(world.admin).exists()
    assert not permissions.can_manage_plan(world.admin, world.plan)


@pytest.mark.parametrize(
    "persona, may_manage",
    [
        ("admin", True),
        ("coordinator", True),
        ("leader", False),
        ("staff", False),
        ("viewer", False),
        ("other_coordinator", False),
        ("ministry_viewer", False),
    ],
)
def test_only_the_provinces_coordinator_and_admins_manage_its_plan(world, persona, may_manage):
    assert permissions.can_manage_plan(getattr(world, persona), world.plan) is may_manage


def test_a_coordinator_may_not_import_a_plan_for_another_province(world):
    assert permissions.can_manage_plan_for_territory(world.coordinator, world.province)
    assert not permissions.can_manage_plan_for_territory(world.coordinator, world.other_province)
    assert not permissions.can_manage_plan_for_territory(world.staff, world.province)


def test_organisations_of_another_province_are_hidden(world):
    visible = set(Organisation.objects.visible_to(world.staff))
    assert world.donre in visible and world.ministry in visible
    assert world.other_dpi not in visible
    assert not permissions.can_view_organisation(world.coordinator, world.other_dpi)
