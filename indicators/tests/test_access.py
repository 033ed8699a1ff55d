"""Page-level denials: login first, other provinces are not found, roles are enforced."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators import actions
from indicators.models import IndicatorValue


@pytest.mark.parametrize(
    "name,args",
    [
        ("indicators:catalogue", []),
        ("indicators:my_scorecard", []),
        ("indicators:scorecard", ["bd"]),
        ("indicators:indicator", ["bd", "GRDP"]),
        ("indicators:scorecard_export", ["bd"]),
        ("indicators:catalogue_export", []),
    ],
)
def test_anonymous_users_are_sent_to_login(world, catalogue, client, name, args):
    response = client.get(reverse(name, args=args))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_another_provinces_coordinator_cannot_see_the_province(world, catalogue, as_user):
    client = as_user(world.other_coordinator)

    assert client.get(reverse("indicators:scorecard", args=["bd"])).status_code == 404
    assert client.get(reverse("indicators:indicator", args=["bd", "GRDP"])).status_code == 404
    assert client.get(reverse("indicators:scorecard", args=["dn"])).status_code == 200


def test_another_provinces_coordinator_cannot_accept(world, catalogue, as_user):
    record = actions.enter_value(
        catalogue.ghg, world.province, year=2020, value=Decimal(1), user=world.staff
    )

    response = as_user(world.other_coordinator).post(
        reverse("indicators:accept_value", args=[record.pk])
    )

    assert response.status_code == 404
    record.refresh_from_db()
    assert record.status == "submitted"


@pytest.mark.parametrize("persona", ["staff", "leader", "viewer"])
def test_only_the_coordinator_accepts_on_the_page(world, catalogue, as_user, persona):
    record = actions.enter_value(
        catalogue.ghg, world.province, year=2020, value=Decimal(1), user=world.staff
    )

    response = as_user(getattr(world, persona)).post(
        reverse("indicators:accept_value", args=[record.pk])
    )

    assert response.status_code == 403
    record.refresh_from_db()
    assert record.status == "submitted"


@pytest.mark.parametrize("persona", ["other_staff", "viewer", "coordinator"])
def test_only_the_responsible_agency_enters(world, catalogue, as_user, persona):
    client = as_user(getattr(world, persona))
    url = reverse("indicators:enter_value", args=["bd", "GHG_TOTAL"])

    assert client.post(url, {"year": 2020, "value": "1", "submit": "on"}).status_code == 403
    page = client.get(reverse("indicators:indicator", args=["bd", "GHG_TOTAL"])).content.decode()
    assert 'id="value-form"' not in page
    assert not IndicatorValue.objects.exists()


def test_viewers_see_only_accepted_values(world, catalogue, as_user):
    actions.enter_value(
        catalogue.ghg, world.province, year=2020, value=Decimal(1), user=world.staff
    )

    viewer_page = as_user(world.viewer).get(
        reverse("indicators:indicator", args=["bd", "GHG_TOTAL"])
    )
    staff_page = as_user(world.staff).get(reverse("indicators:indicator", args=["bd", "GHG_TOTAL"]))

    assert 'id="value-2020"' not in viewer_page.content.decode()
    assert 'id="value-2020"' in staff_page.content.decode()


def test_only_administrators_import_the_catalogue(world, as_user):
    assert as_user(world.coordinator).get(reverse("indicators:catalogue_import")).status_code == 403
    assert as_user(world.admin).get(reverse("indicators:catalogue_import")).status_code == 200


def test_a_central_viewer_chooses_a_province(world, as_user):
    html = as_user(world.ministry_viewer).get(reverse("indicators:my_scorecard")).content.decode()

    assert "UBND tỉnh Bình Dương" in html and "UBND tỉnh Đồng Nai" in html
