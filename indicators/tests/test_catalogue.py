"""Saving indicators: formulas are checked (codes, cycles, units) before anything is saved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.system import system_user
from indicators import actions
from indicators.models import Indicator


def test_a_derived_indicator_records_its_inputs(catalogue):
    assert set(catalogue.intensity.inputs.values_list("code", flat=True)) == {"GHG_TOTAL", "GRDP"}
    assert set(catalogue.grdp.dependents.values_list("code", flat=True)) == {"GHG_INTENSITY"}


def test_a_unit_mismatch_is_rejected_and_nothing_saved(catalogue):
    with pytest.raises(ValidationError) as exc:
        actions.save_indicator(
            "BAD",
            name="x",
            unit="m²/person",
            kind="derived",
            formula="GHG_TOTAL / GRDP",
            user=system_user(),
        )

    assert "cannot be expressed in m²/person" in str(exc.value.message_dict["formula"])
    assert not Indicator.objects.filter(code="BAD").exists()


def test_an_unknown_code_is_rejected(catalogue):
    with pytest.raises(ValidationError) as exc:
        actions.save_indicator(
            "BAD",
            name="x",
            unit="percent",
            kind="derived",
            formula="GHG_TOTAL / NOPE",
            user=system_user(),
        )

    assert exc.value.message_dict["formula"] == ["Unknown indicator code(s): NOPE."]
    assert not Indicator.objects.filter(code="BAD").exists()


def test_a_circular_formula_is_rejected_and_the_old_one_kept(catalogue):
    # B reads GHG_INTENSITY; making GHG_INTENSITY read B would close a loop.
    actions.save_indicator(
        "B", name="B", unit="percent", kind="derived", formula="GRDP / GRDP", user=system_user()
    )
    actions.save_indicator(
        "C",
        name="C",
        unit="tCO2e/billion_VND",
        kind="derived",
        formula="GHG_INTENSITY * B",
        user=system_user(),
    )

    with pytest.raises(ValidationError) as exc:
        actions.save_indicator("GHG_INTENSITY", formula="C * 1", user=system_user())

    assert "Circular formula: GHG_INTENSITY uses C uses GHG_INTENSITY" in str(exc.value)
    catalogue.intensity.refresh_from_db()
    assert catalogue.intensity.formula == "GHG_TOTAL / GRDP"


def test_a_formula_using_itself_is_rejected(catalogue):
    with pytest.raises(ValidationError, match="Circular formula"):
        actions.save_indicator("GHG_INTENSITY", formula="GHG_INTENSITY / 2", user=system_user())


def test_changing_an_inputs_unit_cannot_break_a_formula(catalogue):
    with pytest.raises(ValidationError) as exc:
        actions.save_indicator("GRDP", unit="ha", user=system_user())

    assert "GHG_INTENSITY:" in str(exc.value)
    catalogue.grdp.refresh_from_db()
    assert catalogue.grdp.unit == "billion_VND"


def test_an_unreadable_unit_is_rejected(world):
    with pytest.raises(ValidationError) as exc:
        actions.save_indicator("X", name="X", unit="tấn CO2 mỗi tỷ", user=system_user())

    assert "cannot be read" in exc.value.message_dict["unit"][0]


def test_a_code_must_be_usable_in_a_formula(world):
    with pytest.raises(ValidationError) as exc:
        actions.save_indicator("ghg-total", name="x", user=system_user())

    assert "code" in exc.value.message_dict
    assert not Indicator.objects.exists()


def test_only_administrators_change_the_catalogue(world, catalogue):
    with pytest.raises(PermissionDenied):
        actions.save_indicator("GRDP", name="x", user=world.coordinator)

    actions.save_indicator("GRDP", name_en="Gross regional domestic product", user=world.admin)

    catalogue.grdp.refresh_from_db()
    assert catalogue.grdp.name_en == "Gross regional domestic product"
    assert catalogue.grdp.history.first().history_user == world.admin


def test_the_admin_form_checks_formulas(world, catalogue, as_user):
    from django.urls import reverse

    client = as_user(world.admin)
    client.cookies["django_language"] = "en"
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()

    response = client.post(
        reverse("admin:indicators_indicator_change", args=[catalogue.intensity.pk]),
        {
            "name": catalogue.intensity.name,
            "unit": "m²/person",
            "kind": "derived",
            "formula": "GHG_TOTAL / GRDP",
            "direction": "lower",
            "frequency": "annual",
            "position": 0,
        },
    )

    assert response.status_code == 200
    assert "cannot be expressed in m²/person" in response.content.decode()
    catalogue.intensity.refresh_from_db()
    assert catalogue.intensity.unit == "tCO2e/billion_VND"
