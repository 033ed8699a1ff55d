"""The agency answering for an indicator is set per territory, dated, with the catalogue's
agency as the national default."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Role
from greenplan.testing.factories import OrganisationFactory, UserFactory
from indicators import actions
from indicators.models import Responsibility
from indicators.responsibility import responsible_agency, responsible_agency_id

FROM = datetime.date(2014, 1, 1)
SWITCH = datetime.date(2025, 3, 1)


def test_without_a_responsibility_the_catalogue_agency_answers(world, catalogue):
    assert responsible_agency(catalogue.ghg, world.province) == world.donre
    assert responsible_agency(catalogue.ghg, world.other_province) == world.donre
    assert responsible_agency(catalogue.intensity, world.province) is None


def test_a_territory_names_its_own_agency_and_the_others_keep_the_default(world, catalogue):
    dn_donre = OrganisationFactory(code="dn-donre", parent=world.other_province)

    actions.set_responsibility(
        catalogue.ghg, world.other_province, dn_donre, valid_from=FROM, user=world.other_coordinator
    )

    assert responsible_agency(catalogue.ghg, world.other_province) == dn_donre
    assert responsible_agency_id(catalogue.ghg, world.other_province) == dn_donre.pk
    assert responsible_agency(catalogue.ghg, world.province) == world.donre
    assert responsible_agency(catalogue.ghg, world.other_province, FROM.replace(year=2013)) == (
        world.donre
    )


def test_a_new_agency_from_a_day_closes_the_earlier_one_the_day_before(world, catalogue):
    doit = world.other_staff.organisation
    first = actions.set_responsibility(
        catalogue.ghg, world.province, world.donre, valid_from=FROM, user=world.coordinator
    )

    actions.set_responsibility(
        catalogue.ghg, world.province, doit, valid_from=SWITCH, user=world.coordinator
    )

    first.refresh_from_db()
    assert first.valid_to == datetime.date(2025, 2, 28)
    assert responsible_agency(catalogue.ghg, world.province, datetime.date(2025, 2, 28)) == (
        world.donre
    )
    assert responsible_agency(catalogue.ghg, world.province, SWITCH) == doit
    rows = Responsibility.objects.filter(territory=world.province)
    assert [(r.organisation_id, r.valid_to) for r in rows] == [
        (world.donre.pk, datetime.date(2025, 2, 28)),
        (doit.pk, None),
    ]
    assert first.history.first().history_user == world.coordinator


def test_the_agency_answering_in_the_territory_enters_its_values(world, catalogue):
    doit = world.other_staff.organisation
    actions.set_responsibility(
        catalogue.ghg, world.province, doit, valid_from=FROM, user=world.coordinator
    )

    record = actions.enter_value(
        catalogue.ghg, world.province, year=2020, value=Decimal(5), user=world.other_staff
    )
    assert record.entered_by == world.other_staff
    # DONRE, the catalogue's agency, no longer enters Bình Dương's values
    with pytest.raises(PermissionDenied):
        actions.enter_value(
            catalogue.ghg, world.province, year=2021, value=Decimal(5), user=world.staff
        )


def test_the_indicator_page_names_the_territorys_agency(world, catalogue, as_user):
    doit = world.other_staff.organisation
    actions.set_responsibility(
        catalogue.ghg, world.province, doit, valid_from=FROM, user=world.coordinator
    )
    url = reverse("indicators:indicator", args=["bd", "GHG_TOTAL"])

    html = as_user(world.other_staff).get(url).content.decode()

    agency = html[html.index('id="responsible-agency"') :]
    assert agency[: agency.index("</dd>")].endswith(">Sở Công Thương")
    assert 'id="value-form"' in html  # DOIT enters here now
    assert 'id="value-form"' not in as_user(world.staff).get(url).content.decode()


def test_only_the_coordinator_of_the_territory_names_its_agency(world, catalogue):
    for user in (world.staff, world.viewer, world.other_coordinator):
        with pytest.raises(PermissionDenied):
            actions.set_responsibility(
                catalogue.ghg, world.province, world.donre, valid_from=FROM, user=user
            )
    assert not Responsibility.objects.exists()


def test_an_agency_of_another_province_or_closed_then_is_refused(world, catalogue):
    with pytest.raises(ValidationError) as other:
        actions.set_responsibility(
            catalogue.ghg, world.province, world.other_dpi, valid_from=FROM, user=world.admin
        )
    assert "organisation" in other.value.message_dict
    closed = OrganisationFactory(
        code="bd-old", parent=world.province, valid_to=datetime.date(2010, 12, 31)
    )
    with pytest.raises(ValidationError) as gone:
        actions.set_responsibility(
            catalogue.ghg, world.province, closed, valid_from=FROM, user=world.admin
        )
    assert "01/01/2014" in gone.value.message_dict["organisation"][0]
    assert not Responsibility.objects.exists()


def test_a_day_before_a_later_responsibility_is_refused(world, catalogue):
    actions.set_responsibility(
        catalogue.ghg, world.province, world.donre, valid_from=SWITCH, user=world.coordinator
    )
    with pytest.raises(ValidationError) as refused:
        actions.set_responsibility(
            catalogue.ghg, world.province, world.dpi, valid_from=FROM, user=world.coordinator
        )
    assert "01/03/2025" in refused.value.message_dict["valid_from"][0]
    assert Responsibility.objects.count() == 1


def test_a_coordinator_of_the_answering_agency_enters_too(world, catalogue):
    """DPI's coordinator answers for GRDP in the default; a coordinator of another DPI-like
    agency named for the territory takes over."""
    finance = OrganisationFactory(code="bd-dof", parent=world.province)
    finance_coordinator = UserFactory(organisation=finance, role=Role.COORDINATOR)
    actions.set_responsibility(
        catalogue.grdp, world.province, finance, valid_from=FROM, user=world.coordinator
    )

    actions.enter_value(
        catalogue.grdp, world.province, year=2020, value=Decimal(1), user=finance_coordinator
    )
    with pytest.raises(PermissionDenied):
        actions.enter_value(
            catalogue.grdp, world.province, year=2021, value=Decimal(1), user=world.coordinator
        )


def test_the_coordinator_names_the_agency_on_the_page(world, catalogue, as_user):
    doit = world.other_staff.organisation
    url = reverse("indicators:set_responsibility", args=["bd", "GHG_TOTAL"])

    response = as_user(world.coordinator).post(
        url, {"organisation": doit.pk, "valid_from": "01/03/2025"}
    )

    assert response.status_code == 302
    [row] = Responsibility.objects.all()
    assert (row.organisation, row.valid_from) == (doit, SWITCH)
    page = as_user(world.coordinator).get(reverse("indicators:indicator", args=["bd", "GHG_TOTAL"]))
    assert 'id="responsibility-form"' in page.content.decode()


def test_the_page_refuses_others_and_a_bad_form_changes_nothing(world, catalogue, as_user):
    url = reverse("indicators:set_responsibility", args=["bd", "GHG_TOTAL"])
    data = {"organisation": world.donre.pk, "valid_from": "01/03/2025"}

    assert as_user(world.staff).post(url, data).status_code == 403
    assert as_user(world.viewer).post(url, data).status_code == 403
    assert as_user(world.other_coordinator).post(url, data).status_code == 404
    # an agency of another province is not among the choices; a date must read dd/mm/yyyy
    bad = as_user(world.coordinator).post(
        url, {"organisation": world.other_dpi.pk, "valid_from": "2025-13-01"}
    )
    assert bad.status_code == 400
    assert not Responsibility.objects.exists()
    html = as_user(world.staff).get(reverse("indicators:indicator", args=["bd", "GHG_TOTAL"]))
    assert 'id="responsibility-form"' not in html.content.decode()
