"""Who may enter and review values: the responsible agency enters, the coordinator accepts."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from indicators import actions
from indicators.models import IndicatorValue, ValueStatus


def enter(catalogue, territory, user):
    return actions.enter_value(catalogue.ghg, territory, year=2020, value=Decimal("1"), user=user)


def test_the_responsible_agencys_staff_and_leader_enter(world, catalogue):
    enter(catalogue, world.province, world.staff)
    enter(catalogue, world.province, world.leader)

    assert IndicatorValue.objects.get().entered_by == world.leader


@pytest.mark.parametrize("persona", ["other_staff", "viewer", "other_coordinator", "coordinator"])
def test_others_cannot_enter(world, catalogue, persona):
    with pytest.raises(PermissionDenied):
        enter(catalogue, world.province, getattr(world, persona))

    assert not IndicatorValue.objects.exists()


def test_the_agency_cannot_enter_for_another_province(world, catalogue):
    with pytest.raises(PermissionDenied):
        enter(catalogue, world.other_province, world.staff)


def test_nobody_enters_a_derived_indicator(world, catalogue):
    with pytest.raises(PermissionDenied):
        actions.enter_value(
            catalogue.intensity, world.province, year=2020, value=Decimal(1), user=world.admin
        )


@pytest.mark.parametrize("persona", ["staff", "leader", "viewer", "other_coordinator"])
def test_only_the_coordinator_accepts(world, catalogue, persona):
    record = enter(catalogue, world.province, world.staff)

    with pytest.raises(PermissionDenied):
        actions.accept_value(record, user=getattr(world, persona))
    with pytest.raises(PermissionDenied):
        actions.return_value(record, user=getattr(world, persona), comment="x")

    record.refresh_from_db()
    assert record.status == ValueStatus.SUBMITTED
    actions.accept_value(record, user=world.coordinator)
    assert record.status == ValueStatus.ACCEPTED
