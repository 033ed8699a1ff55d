"""Who answers for an indicator in a territory on a day (issue 15).

The catalogue names one agency per indicator (`Indicator.responsible_agency`), the national
default; a territory may name its own (`Responsibility`, dated). A territory that was merged
into another (Bình Dương into Hồ Chí Minh City on 01/07/2025) is answered for, after its last
day, by its heir's agency: the heir carries on its work, late values of its years included.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from indicators.models import Indicator, Responsibility
from orgs.models import Organisation


def _valid_on(day: datetime.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def answering_territories(territory: Organisation, day: datetime.date) -> list[int]:
    """The territory whose responsibilities apply on `day`, most specific first: itself, then
    (once it closed before `day`) the territory carrying on its work."""
    ids = [territory.pk]
    if territory.valid_to is not None and territory.valid_to < day and territory.heir_id:
        ids.append(territory.heir_id)
    return ids


def responsibilities_on(
    territory: Organisation, day: datetime.date, indicators: Iterable[Indicator] | None = None
) -> QuerySet[Responsibility]:
    rows = Responsibility.objects.filter(
        _valid_on(day), territory_id__in=answering_territories(territory, day)
    ).select_related("organisation")
    if indicators is not None:
        rows = rows.filter(indicator__in=list(indicators))
    return rows


def responsible_agencies(
    indicators: Iterable[Indicator], territory: Organisation, on: datetime.date | None = None
) -> dict[int, Organisation | None]:
    """The agency answering for each indicator (by id) in `territory` on `on` (today): the
    territory's own responsibility, its heir's once it was merged, else the catalogue's.
    One query, whatever the number of indicators (their default agencies read as loaded)."""
    day = on or timezone.localdate()
    indicators = list(indicators)
    order = answering_territories(territory, day)
    found: dict[int, tuple[int, Organisation]] = {}
    for row in responsibilities_on(territory, day, indicators):
        rank = order.index(row.territory_id)
        if row.indicator_id not in found or rank < found[row.indicator_id][0]:
            found[row.indicator_id] = (rank, row.organisation)
    return {i.pk: found[i.pk][1] if i.pk in found else i.responsible_agency for i in indicators}


def responsible_agency_id(
    indicator: Indicator, territory: Organisation, on: datetime.date | None = None
) -> int | None:
    """The id of responsible_agency's answer, reading no organisation (for permission
    checks): one query."""
    day = on or timezone.localdate()
    order = answering_territories(territory, day)
    rows = Responsibility.objects.filter(
        _valid_on(day), indicator=indicator, territory_id__in=order
    ).values_list("territory_id", "organisation_id")
    ranked = sorted(rows, key=lambda row: order.index(row[0]))
    return ranked[0][1] if ranked else indicator.responsible_agency_id


def responsible_agency(
    indicator: Indicator, territory: Organisation, on: datetime.date | None = None
) -> Organisation | None:
    """The agency answering for `indicator` in `territory` on `on` (today by default); see
    responsible_agencies."""
    return responsible_agencies([indicator], territory, on)[indicator.pk]
