"""Baselines and targets: relative targets, and revisions kept in the history."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from indicators import actions
from indicators.models import Target, TargetKind


def test_a_relative_target_is_computed_from_the_baseline(world, catalogue):
    baseline = actions.set_baseline(
        catalogue.intensity, world.province, year=2014, value=Decimal("80"), user=world.coordinator
    )
    target = actions.set_target(
        catalogue.intensity,
        world.province,
        year=2030,
        value=Decimal("-15"),
        kind=TargetKind.RELATIVE,
        user=world.coordinator,
        source="Quyết định 1658/QĐ-TTg",
    )

    # 80 * (1 - 15%) = 68
    assert target.resolved_value(baseline) == Decimal("68")
    assert target.resolved_value(None) is None


def test_a_relative_target_needs_a_baseline(world, catalogue):
    with pytest.raises(ValidationError, match="needs a baseline"):
        actions.set_target(
            catalogue.intensity,
            world.province,
            year=2030,
            value=Decimal("-15"),
            kind=TargetKind.RELATIVE,
            user=world.coordinator,
        )

    assert not Target.objects.exists()


def test_a_revised_target_keeps_the_old_one_and_who_changed_it(world, catalogue):
    actions.set_target(
        catalogue.grdp, world.province, year=2025, value=Decimal("500000"), user=world.admin
    )
    actions.set_target(
        catalogue.grdp, world.province, year=2025, value=Decimal("550000"), user=world.coordinator
    )

    target = Target.objects.get()
    new, old = target.history.order_by("-history_date")[:2]
    assert (new.value, new.history_user) == (Decimal("550000"), world.coordinator)
    assert (old.value, old.history_user) == (Decimal("500000"), world.admin)


def test_only_the_provinces_coordinator_sets_targets(world, catalogue):
    for user in (world.staff, world.viewer, world.other_coordinator):
        with pytest.raises(PermissionDenied):
            actions.set_target(
                catalogue.grdp, world.province, year=2025, value=Decimal(1), user=user
            )

    assert not Target.objects.exists()
