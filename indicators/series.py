"""An indicator's series across merged provinces (issue 15).

Hồ Chí Minh City absorbed Bình Dương and Bà Rịa - Vũng Tàu on 01/07/2025: the city's page of an
indicator shows, beside its own values, each former province's accepted values by year under
the name the province had, and their sum only where the catalogue marks the indicator as
additive (emissions, areas, counts) and only in years where every part has a value. Ratios,
intensities and percentages are never summed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.utils.translation import gettext as _

from indicators.models import Indicator, IndicatorValue
from orgs.models import Organisation, OrganisationKind
from orgs.territory import place_name


@dataclass(frozen=True)
class SeriesRow:
    label: str
    territory: Organisation | None  # None for the sum
    cells: list[Decimal | None]  # one per year of the series, None when there is no value


@dataclass(frozen=True)
class MergedSeries:
    """The territory's own row first, then each former province's, then the sum (additive
    indicators only: `total` is None otherwise, and `summable` says why)."""

    indicator: Indicator
    years: list[int]
    rows: list[SeriesRow]
    total: SeriesRow | None

    @property
    def summable(self) -> bool:
        return self.indicator.additive


def former_provinces(territory: Organisation) -> list[Organisation]:
    """The provinces merged into `territory`, directly or through another, in the order they
    closed. One query (their earlier names prefetched for their labels)."""
    return list(
        Organisation.objects.filter(heir=territory, kind=OrganisationKind.PROVINCE)
        .prefetch_related("periods")
        .order_by("valid_to", "name")
    )


def _former_label(province: Organisation) -> str:
    assert province.valid_to is not None  # a former province closed
    # The name it had on its last day (an OrganisationOnDay reads like an Organisation here).
    name = place_name(cast(Organisation, province.as_on(province.valid_to)))
    return _("%(name)s (until %(day)s)") % {
        "name": name,
        "day": province.valid_to.strftime("%d/%m/%Y"),
    }


def merged_series(indicator: Indicator, territory: Organisation) -> MergedSeries | None:
    """The series of `indicator` over `territory` and the provinces merged into it; None for
    a territory that absorbed none. Accepted values only; three queries."""
    formers = former_provinces(territory)
    if not formers:
        return None
    parts = [territory, *formers]
    by_part: dict[int, dict[int, Decimal]] = {p.pk: {} for p in parts}
    for territory_id, year, value in (
        IndicatorValue.objects.accepted()
        .filter(indicator=indicator, territory__in=parts)
        .values_list("territory_id", "year", "value")
    ):
        by_part[territory_id][year] = value
    years = sorted({year for values in by_part.values() for year in values})
    rows = [
        SeriesRow(
            place_name(part) if part.pk == territory.pk else _former_label(part),
            part,
            [by_part[part.pk].get(year) for year in years],
        )
        for part in parts
    ]
    total = None
    if indicator.additive:
        cells: list[Decimal | None] = []
        for index in range(len(years)):
            column = [row.cells[index] for row in rows]
            cells.append(
                sum((c for c in column if c is not None), Decimal(0))
                if all(c is not None for c in column)
                else None
            )
        total = SeriesRow(_("Sum of the territories above"), None, cells)
    return MergedSeries(indicator, years, rows, total)
