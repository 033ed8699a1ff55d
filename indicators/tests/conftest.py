"""A small catalogue over the `world` personas: GHG total (DONRE), GRDP (DPI), GHG intensity."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import translation

from accounts.system import system_user
from indicators import actions
from indicators.models import Indicator


@pytest.fixture(autouse=True)
def _english_messages():
    """Assert on English msgids, whatever the Vietnamese catalogue says; pages still follow
    the request's language (tests set the language cookie where they read English)."""
    with translation.override("en"):
        yield


@dataclass
class Catalogue:
    ghg: Indicator
    grdp: Indicator
    intensity: Indicator


@pytest.fixture
def catalogue(world) -> Catalogue:
    ghg = actions.save_indicator(
        "GHG_TOTAL",
        name="Tổng lượng phát thải khí nhà kính",
        unit="tCO2e",
        direction="lower",
        responsible_agency=world.donre,
        user=system_user(),
    )
    grdp = actions.save_indicator(
        "GRDP",
        name="Tổng sản phẩm trên địa bàn (GRDP)",
        unit="billion_VND",
        responsible_agency=world.dpi,
        user=system_user(),
    )
    intensity = actions.save_indicator(
        "GHG_INTENSITY",
        name="Cường độ phát thải khí nhà kính",
        unit="tCO2e/billion_VND",
        direction="lower",
        kind="derived",
        formula="GHG_TOTAL / GRDP",
        user=system_user(),
    )
    return Catalogue(ghg=ghg, grdp=grdp, intensity=intensity)


def accepted(indicator, territory, year, value, *, by, reviewer):
    """Enter a value as `by` and accept it as `reviewer`; return the stored record."""
    record = actions.enter_value(
        indicator, territory, year=year, value=Decimal(value), user=by, source="Cục Thống kê"
    )
    return actions.accept_value(record, user=reviewer)
