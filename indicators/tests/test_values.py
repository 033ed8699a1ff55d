"""Entering, accepting and returning yearly values; derived values follow accepted inputs."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.system import system_user
from indicators import actions
from indicators.models import Indicator, IndicatorValue, ValueStatus
from indicators.tests.conftest import accepted


def value_of(indicator, territory, year):
    record = IndicatorValue.objects.filter(
        indicator=indicator, territory=territory, year=year
    ).first()
    return record.value if record else None


def test_an_entered_value_is_submitted_and_does_not_count_yet(world, catalogue):
    record = actions.enter_value(
        catalogue.ghg, world.province, year=2020, value=Decimal("25000000"), user=world.staff
    )

    assert record.status == ValueStatus.SUBMITTED
    assert record.entered_by == world.staff
    assert not IndicatorValue.objects.accepted().exists()


def test_values_are_stored_as_exact_decimals(world, catalogue):
    actions.enter_value(
        catalogue.ghg,
        world.province,
        year=2020,
        value=Decimal("0.1") + Decimal("0.2"),
        user=world.staff,
    )

    stored = IndicatorValue.objects.get(indicator=catalogue.ghg).value
    assert isinstance(stored, Decimal)
    assert stored == Decimal("0.3")


def test_the_derived_value_appears_when_its_last_input_is_accepted(world, catalogue):
    accepted(
        catalogue.ghg, world.province, 2020, "25000000", by=world.staff, reviewer=world.coordinator
    )
    # GRDP missing: no value, never zero.
    assert value_of(catalogue.intensity, world.province, 2020) is None

    accepted(
        catalogue.grdp,
        world.province,
        2020,
        "400000",
        by=world.coordinator,
        reviewer=world.coordinator,
    )

    # 25,000,000 tCO2e / 400,000 billion VND = 62.5
    derived = IndicatorValue.objects.get(indicator=catalogue.intensity, year=2020)
    assert derived.value == Decimal("62.5")
    assert derived.status == ValueStatus.ACCEPTED and derived.is_computed


def test_a_submitted_but_not_accepted_input_does_not_count(world, catalogue):
    accepted(
        catalogue.grdp,
        world.province,
        2020,
        "400000",
        by=world.coordinator,
        reviewer=world.coordinator,
    )
    actions.enter_value(
        catalogue.ghg, world.province, year=2020, value=Decimal(1), user=world.staff
    )

    assert value_of(catalogue.intensity, world.province, 2020) is None


def test_correcting_an_input_recomputes_the_derived_value(world, catalogue):
    ghg = accepted(
        catalogue.ghg, world.province, 2020, "25000000", by=world.staff, reviewer=world.coordinator
    )
    accepted(
        catalogue.grdp,
        world.province,
        2020,
        "400000",
        by=world.coordinator,
        reviewer=world.coordinator,
    )

    # Returned: the input no longer counts, and neither does the intensity computed from it.
    actions.return_value(ghg, user=world.coordinator, comment="Thiếu lĩnh vực chất thải")
    assert value_of(catalogue.intensity, world.province, 2020) is None

    # Corrected and accepted again: 30,000,000 / 400,000 = 75.
    accepted(
        catalogue.ghg, world.province, 2020, "30000000", by=world.staff, reviewer=world.coordinator
    )
    assert value_of(catalogue.intensity, world.province, 2020) == Decimal("75")


def test_changing_a_formula_recomputes_existing_values(world, catalogue):
    accepted(
        catalogue.ghg, world.province, 2020, "25000000", by=world.staff, reviewer=world.coordinator
    )
    accepted(
        catalogue.grdp,
        world.province,
        2020,
        "400000",
        by=world.coordinator,
        reviewer=world.coordinator,
    )

    actions.save_indicator("GHG_INTENSITY", unit="tCO2e/million_VND", user=system_user())

    assert value_of(catalogue.intensity, world.province, 2020) == Decimal("0.0625")


def test_an_accepted_value_cannot_be_overwritten(world, catalogue):
    accepted(
        catalogue.ghg, world.province, 2020, "25000000", by=world.staff, reviewer=world.coordinator
    )

    with pytest.raises(ValidationError, match="already accepted"):
        actions.enter_value(
            catalogue.ghg, world.province, year=2020, value=Decimal(1), user=world.staff
        )

    assert value_of(catalogue.ghg, world.province, 2020) == Decimal("25000000")


def test_a_return_needs_a_reason(world, catalogue):
    record = actions.enter_value(
        catalogue.ghg, world.province, year=2020, value=Decimal(1), user=world.staff
    )

    with pytest.raises(ValidationError):
        actions.return_value(record, user=world.coordinator, comment="  ")

    record.refresh_from_db()
    assert record.status == ValueStatus.SUBMITTED


def test_a_draft_cannot_be_accepted(world, catalogue):
    record = actions.enter_value(
        catalogue.ghg, world.province, year=2020, value=Decimal(1), user=world.staff, submit=False
    )

    with pytest.raises(ValidationError):
        actions.accept_value(record, user=world.coordinator)


def test_history_tells_who_entered_and_who_accepted(world, catalogue):
    record = accepted(
        catalogue.ghg, world.province, 2020, "1", by=world.staff, reviewer=world.coordinator
    )

    users = [h.history_user for h in record.history.order_by("history_date")]
    assert users == [world.staff, world.coordinator]
    assert record.entered_by == world.staff and record.reviewed_by == world.coordinator


def test_a_chain_of_derived_indicators_is_recomputed_in_order(world, catalogue):
    # 62.5 tCO2e per billion VND x 1000 = 62,500 per billion = 62.5 tCO2e per million VND.
    actions.save_indicator(
        "INTENSITY_X1000",
        name="x",
        unit="tCO2e/million_VND",
        kind="derived",
        formula="GHG_INTENSITY * 1000",
        user=system_user(),
    )
    accepted(
        catalogue.ghg, world.province, 2020, "25000000", by=world.staff, reviewer=world.coordinator
    )
    accepted(
        catalogue.grdp,
        world.province,
        2020,
        "400000",
        by=world.coordinator,
        reviewer=world.coordinator,
    )

    assert value_of(catalogue.intensity, world.province, 2020) == Decimal("62.5")
    assert value_of(Indicator.objects.get(code="INTENSITY_X1000"), world.province, 2020) == Decimal(
        "62.5"
    )


def test_a_computed_value_cannot_be_reviewed(world, catalogue):
    from django.core.exceptions import PermissionDenied

    accepted(
        catalogue.ghg, world.province, 2020, "25000000", by=world.staff, reviewer=world.coordinator
    )
    accepted(
        catalogue.grdp,
        world.province,
        2020,
        "400000",
        by=world.coordinator,
        reviewer=world.coordinator,
    )
    computed = IndicatorValue.objects.get(indicator=catalogue.intensity)

    with pytest.raises(PermissionDenied):
        actions.return_value(computed, user=world.coordinator, comment="x")
