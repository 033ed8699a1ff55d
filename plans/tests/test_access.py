"""Page-level denials: anonymous users go to the login page, other provinces get 404."""

import pytest
from django.urls import reverse

from greenplan.testing.factories import PlanItemFactory


@pytest.mark.parametrize("name", ["plans:detail", "plans:items", "plans:coverage"])
def test_anonymous_users_are_sent_to_login(world, client, name):
    response = client.get(reverse(name, args=[world.plan.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["plans:detail", "plans:items", "plans:coverage"])
def test_another_provinces_plan_is_not_found(world, as_user, name):
    client = as_user(world.other_coordinator)

    assert client.get(reverse(name, args=[world.plan.pk])).status_code == 404
    assert client.get(reverse(name, args=[world.other_plan.pk])).status_code == 200


def test_guessing_an_item_id_of_another_province_is_not_found(world, as_user):
    item = PlanItemFactory(plan=world.plan)

    assert (
        as_user(world.other_coordinator).get(reverse("plans:item", args=[item.pk])).status_code
        == 404
    )
    assert as_user(world.staff).get(reverse("plans:item", args=[item.pk])).status_code == 200


def test_home_lists_only_visible_plans(world, as_user):
    html = as_user(world.viewer).get(reverse("home")).content.decode()

    assert "1847/KH-UBND" in html and "403/QĐ-TTg" in html
    assert "99/KH-UBND" not in html


def test_organisation_of_another_province_is_not_found(world, as_user):
    client = as_user(world.staff)

    assert client.get(reverse("orgs:detail", args=[world.other_dpi.pk])).status_code == 404
    assert client.get(reverse("orgs:detail", args=[world.dpi.pk])).status_code == 200
    assert "Sở KH&amp;ĐT Đồng Nai" not in client.get(reverse("orgs:list")).content.decode()
