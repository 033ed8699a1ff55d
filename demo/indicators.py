"""Bình Dương demo indicators: plausible values, every one marked as a demo value.

What is fact: the 2030 target of GHG intensity (at least -15% against 2014) and of the
renewable share of primary energy supply (15-20%, the lower bound used), from Decision
1658/QĐ-TTg. Everything else (values, baselines, the other targets, which agency answers
for which indicator, the reference standards) is a demo choice, labelled so in the data.
Values go through the same actions as users: entered by the responsible agency's demo user,
accepted by the DPI coordinator; derived values are computed from them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from accounts.system import system_user
from demo import provinces
from indicators import actions
from indicators.models import (
    Baseline,
    Indicator,
    IndicatorValue,
    ReferenceStandard,
    Responsibility,
    Target,
    TargetKind,
    UrbanClass,
    UrbanClassification,
)
from indicators.seed import load_catalogue
from orgs.models import Organisation, OrganisationKind

DEMO_NOTE = "Số liệu minh họa (demo)"
DEMO_SOURCE = "Số liệu minh họa (demo), không phải số liệu chính thức"
DEMO_TARGET = "Mục tiêu minh họa (demo)"
STRATEGY = "Quyết định 1658/QĐ-TTg (Chiến lược quốc gia về tăng trưởng xanh 2021-2030)"
PROVINCE = "ubnd-binh-duong"

# indicator code -> (responsible agency code, demo user who enters its values)
RESPONSIBLE = {
    "GHG_TOTAL": ("bd-stnmt", "donre.staff"),
    "GRDP": ("bd-skhdt", "dpi.coordinator"),
    "URBAN_POP": ("bd-skhdt", "dpi.coordinator"),
    "RE_SUPPLY": ("bd-sct", "doit.staff"),
    "TPES": ("bd-sct", "doit.staff"),
    # The Department of Construction has no demo user: the administrator enters for it.
    "GREEN_AREA": ("bd-sxd", "admin"),
}

# Demo values by year (GHG inventories every two years).
VALUES: dict[str, dict[int, str]] = {
    "GHG_TOTAL": {2014: "16000000", 2016: "17200000", 2018: "18500000", 2020: "19600000",
                  2022: "21000000"},
    "GRDP": {2014: "190000", 2015: "210000", 2016: "235000", 2018: "290000", 2020: "340000",
             2022: "400000"},
    "RE_SUPPLY": {2015: "150", 2018: "320", 2020: "600", 2022: "760"},
    "TPES": {2015: "6000", 2018: "7100", 2020: "8000", 2022: "8500"},
    "GREEN_AREA": {2015: "450", 2018: "560", 2020: "700", 2022: "780"},
    "URBAN_POP": {2015: "1300000", 2018: "1600000", 2020: "1900000", 2022: "2050000"},
}  # fmt: skip

# code -> (baseline year, baseline value or None to take the accepted value of that year)
BASELINES: dict[str, tuple[int, str | None]] = {
    "GHG_INTENSITY": (2014, None),
    "GHG_TOTAL": (2014, None),
    "GRDP": (2015, None),
    "RE_SHARE_TPES": (2015, None),
    "GREEN_SPACE_PER_PERSON": (2015, None),
}

# code -> [(year, kind, value, source)]
TARGETS: dict[str, list[tuple[int, str, str, str]]] = {
    "GHG_INTENSITY": [
        (2020, TargetKind.RELATIVE, "-8", DEMO_TARGET),
        (2030, TargetKind.RELATIVE, "-15", STRATEGY),
    ],
    "GRDP": [
        (2020, TargetKind.ABSOLUTE, "350000", DEMO_TARGET),
        (2030, TargetKind.ABSOLUTE, "800000", DEMO_TARGET),
    ],
    "RE_SHARE_TPES": [
        (2020, TargetKind.ABSOLUTE, "5", DEMO_TARGET),
        (2030, TargetKind.ABSOLUTE, "15", STRATEGY),
    ],
    "GREEN_SPACE_PER_PERSON": [
        (2020, TargetKind.ABSOLUTE, "5", DEMO_TARGET),
        (2030, TargetKind.ABSOLUTE, "7", DEMO_TARGET),
    ],
}

# Each demo province's own departments answer for its values (the same suffixes as Bình
# Dương's agencies in RESPONSIBLE), from the first year of the 2014-2020 generation.
RESPONSIBLE_FROM = datetime.date(2014, 1, 1)

# A few demo values of the two other provinces, so that Hồ Chí Minh City's page, once the 2025
# merger is applied, shows the series of the provinces it took in (summed where additive).
OTHER_VALUES: dict[str, dict[str, dict[int, str]]] = {
    "ubnd-ba-ria-vung-tau": {
        "GHG_TOTAL": {2018: "14200000", 2020: "15100000", 2022: "15800000"},
        "GRDP": {2018: "310000", 2020: "330000", 2022: "380000"},
    },
    "ubnd-tp-hcm": {
        "GHG_TOTAL": {2018: "52000000", 2020: "50500000", 2022: "54000000"},
        "GRDP": {2018: "1330000", 2020: "1370000", 2022: "1480000"},
    },
}  # fmt: skip

GREEN_SPACE_STANDARD = "Diện tích cây xanh sử dụng công cộng bình quân đầu người (demo)"
GREEN_SPACE_STANDARDS = {
    UrbanClass.SPECIAL: "7",
    UrbanClass.I: "6",
    UrbanClass.II: "6",
    UrbanClass.III: "5",
    UrbanClass.IV: "5",
    UrbanClass.V: "4",
}


def _users() -> dict[str, User]:
    return {
        u.username: u
        for u in User.objects.filter(
            username__in=["dpi.coordinator", "admin", "donre.staff", "doit.staff"]
        )
    }


def _load_values(province: Organisation) -> int:
    users = _users()
    coordinator = users["dpi.coordinator"]
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=VALUES)}
    have = set(
        IndicatorValue.objects.filter(
            territory=province, indicator__in=indicators.values()
        ).values_list("indicator__code", "year")
    )
    added = 0
    for code, by_year in VALUES.items():
        entering = users[RESPONSIBLE[code][1]]
        for year, value in by_year.items():
            if (code, year) in have:
                continue
            record = actions.enter_value(
                indicators[code],
                province,
                year=year,
                value=Decimal(value),
                user=entering,
                source=DEMO_SOURCE,
                notes=DEMO_NOTE,
            )
            actions.accept_value(record, user=coordinator)
            added += 1
    return added


def _load_targets(province: Organisation) -> None:
    coordinator = _users()["dpi.coordinator"]
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[*BASELINES, *TARGETS])}
    for code, (year, value) in BASELINES.items():
        indicator = indicators[code]
        if Baseline.objects.filter(indicator=indicator, territory=province).exists():
            continue
        if value is None:
            actual = (
                IndicatorValue.objects.accepted()
                .filter(indicator=indicator, territory=province, year=year)
                .first()
            )
            if actual is None:
                continue
            amount = actual.value.quantize(Decimal("0.01"))
        else:
            amount = Decimal(value)
        actions.set_baseline(
            indicator, province, year=year, value=amount, user=coordinator, source=DEMO_SOURCE
        )
    for code, targets in TARGETS.items():
        for year, kind, value, source in targets:
            if Target.objects.filter(
                indicator=indicators[code], territory=province, year=year
            ).exists():
                continue
            actions.set_target(
                indicators[code], province, year=year, value=Decimal(value), kind=kind,
                user=coordinator, source=source,
            )  # fmt: skip


def _load_standards() -> None:
    indicator = Indicator.objects.filter(code="GREEN_SPACE_PER_PERSON").first()
    for urban_class, value in GREEN_SPACE_STANDARDS.items():
        ReferenceStandard.objects.get_or_create(
            name=GREEN_SPACE_STANDARD,
            urban_class=urban_class,
            defaults={
                "name_en": "Public green space per person (demo)",
                "indicator": indicator,
                "value": Decimal(value),
                "unit": "m²/person",
                "source": "Giá trị minh họa (demo): đối chiếu quy chuẩn xây dựng hiện hành",
            },
        )
    city = Organisation.objects.filter(code="bd-thu-dau-mot").first()
    if city is not None:
        UrbanClassification.objects.get_or_create(
            organisation=city,
            defaults={"urban_class": UrbanClass.I, "decided_by": DEMO_NOTE},
        )


def _load_responsibilities() -> None:
    """Give each demo province (Bình Dương, Bà Rịa - Vũng Tàu, Hồ Chí Minh City) its own
    agency for the indicators of RESPONSIBLE; the catalogue keeps Bình Dương's as default."""
    codes = [p.code for p in provinces.PROVINCES] + [PROVINCE]
    territories = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    prefixes = {PROVINCE: "bd", **{p.code: p.prefix for p in provinces.PROVINCES}}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=RESPONSIBLE)}
    have = set(
        Responsibility.objects.filter(territory__in=territories.values()).values_list(
            "territory__code", "indicator__code"
        )
    )
    agencies = {o.code: o for o in Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT)}
    for territory_code, territory in territories.items():
        for code, (agency, _user) in RESPONSIBLE.items():
            own = f"{prefixes[territory_code]}-{agency.split('-', 1)[1]}"
            if (territory_code, code) in have or own not in agencies:
                continue
            actions.set_responsibility(
                indicators[code],
                territory,
                agencies[own],
                valid_from=RESPONSIBLE_FROM,
                user=system_user(),
            )


def _load_other_values() -> int:
    """OTHER_VALUES, entered and accepted by the administrator (the demo has no department
    users there), marked as demo values like Bình Dương's."""
    admin = _users()["admin"]
    added = 0
    for territory_code, by_code in OTHER_VALUES.items():
        territory = Organisation.objects.filter(code=territory_code).first()
        if territory is None:
            continue
        for code, by_year in by_code.items():
            indicator = Indicator.objects.get(code=code)
            have = set(
                IndicatorValue.objects.filter(indicator=indicator, territory=territory).values_list(
                    "year", flat=True
                )
            )
            for year, value in by_year.items():
                if year in have:
                    continue
                record = actions.enter_value(
                    indicator, territory, year=year, value=Decimal(value), user=admin,
                    source=DEMO_SOURCE, notes=DEMO_NOTE,
                )  # fmt: skip
                actions.accept_value(record, user=admin)
                added += 1
    return added


@transaction.atomic
def load_demo_indicators() -> str:
    """Load what is missing of the demo indicators; return a line for the console."""
    added_indicators = load_catalogue(user=system_user())
    province = Organisation.objects.get(code=PROVINCE)
    for code, (agency, _user) in RESPONSIBLE.items():
        indicator = Indicator.objects.get(code=code)
        if indicator.responsible_agency_id is None:
            actions.save_indicator(
                code, user=system_user(), responsible_agency=Organisation.objects.get(code=agency)
            )
    _load_responsibilities()
    added_values = _load_values(province) + _load_other_values()
    _load_targets(province)
    _load_standards()
    return (
        f"indicators: {Indicator.objects.count()} ({added_indicators} added), "
        f"demo values added: {added_values}"
    )
