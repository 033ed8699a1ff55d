"""The provinces of a year, as they were (issue 15): 63 until the 2025 reform, 34 from
01/07/2025 (Resolution 202/2025/QH15), each named as it was on the day, and for a day after a
merger the mapping "new province → the former provinces it took in".

The mapping is read from the organisations' history (a closed province's successor links, to
any depth), never from a list in the code, so that a deployment shows what its data says. The
official 63 → 34 table (orgs/data/provinces_34_2025.csv, with its sources) is the reference
beside it: a deployment holding only some provinces (the demo has three) shows it so that a
reader knows the country's count and where each former province went.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from orgs.models import NamesOn, Organisation, OrganisationKind, OrganisationOnDay
from orgs.territory import place_name

# The day the 34 province-level units began working (Resolution 202/2025/QH15, in force
# 12/06/2025; the new People's Committees from 01/07/2025).
REFORM_DAY = datetime.date(2025, 7, 1)
OFFICIAL_COUNT_BEFORE = 63
OFFICIAL_COUNT_AFTER = 34
REFERENCE_BASIS = "NQ 202/2025/QH15"
REFERENCE_FILE = Path(__file__).with_name("data") / "provinces_34_2025.csv"


def official_count(day: datetime.date) -> int:
    """How many province-level units the country had on `day` (the legal count)."""
    return OFFICIAL_COUNT_AFTER if day >= REFORM_DAY else OFFICIAL_COUNT_BEFORE


@dataclass(frozen=True)
class ReferenceUnit:
    """One of the 34 units of the official table and the former provinces it took in."""

    number: int
    name: str
    kind: str  # "city" or "province"
    former: tuple[str, ...]

    @property
    def merged(self) -> bool:
        return bool(self.former)


@cache
def reference_units() -> tuple[ReferenceUnit, ...]:
    """The official 63 → 34 table (orgs/data/provinces_34_2025.csv)."""
    with REFERENCE_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            ReferenceUnit(
                number=int(row["no"]),
                name=row["name_vi"].strip(),
                kind=row["type"].strip(),
                former=tuple(
                    name.strip() for name in row["absorbed_former_units"].split(";") if name.strip()
                ),
            )
            for row in csv.DictReader(handle)
        )


@dataclass(frozen=True)
class ProvinceThen:
    """A province existing on the day, named as it was then, with the provinces merged into it
    before the day (their place names under their last names: "tỉnh Bình Dương")."""

    organisation: Organisation
    on_day: OrganisationOnDay
    formerly: tuple[str, ...] = ()

    @property
    def pk(self) -> int:
        return self.organisation.pk

    @property
    def name(self) -> str:
        return self.on_day.name

    @property
    def short(self) -> str:
        return self.on_day.short_name or self.on_day.name

    @property
    def place(self) -> str:
        return place_name(self.on_day)

    @property
    def formerly_text(self) -> str:
        """ "including the former tỉnh Bình Dương, tỉnh Bà Rịa - Vũng Tàu" in the user's
        language, empty for a province nothing was merged into."""
        if not self.formerly:
            return ""
        return _("including the former %(former)s") % {"former": ", ".join(self.formerly)}

    @property
    def label(self) -> str:
        """The short name, with what it took in: "UBND TP.HCM (including the former …)"."""
        if not self.formerly:
            return self.short
        return f"{self.short} ({self.formerly_text})"


@dataclass
class ProvincesOfYear:
    """The provinces on `day` (provinces_on)."""

    day: datetime.date
    provinces: list[ProvinceThen]
    # any province's id (closed ones too) -> the id of the province doing its work on `day`
    carriers: dict[int, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.provinces)

    @property
    def official_count(self) -> int:
        return official_count(self.day)

    @property
    def complete(self) -> bool:
        """Whether the deployment holds every province the country had on the day."""
        return self.count >= self.official_count

    @property
    def after_reform(self) -> bool:
        return self.day >= REFORM_DAY

    @property
    def merged(self) -> list[ProvinceThen]:
        """The provinces that took in others before the day (the mapping from the data)."""
        return [p for p in self.provinces if p.formerly]

    @property
    def reference(self) -> tuple[ReferenceUnit, ...]:
        """The official table, for a day after the reform (empty before it)."""
        return reference_units() if self.after_reform else ()

    @property
    def reference_merged(self) -> list[ReferenceUnit]:
        return [unit for unit in self.reference if unit.merged]

    def carrier_id(self, organisation_id: int) -> int | None:
        """The province doing `organisation_id`'s work on the day (itself while it exists)."""
        return self.carriers.get(organisation_id)

    def of(self, organisation_id: int) -> ProvinceThen | None:
        """The province as it was on the day for `organisation_id` (itself, or the province it
        was merged into), None for an organisation that is no province then."""
        carrier = self.carriers.get(organisation_id)
        return self._by_id.get(carrier) if carrier is not None else None

    def __post_init__(self) -> None:
        self._by_id = {p.pk: p for p in self.provinces}


def provinces_on(day: datetime.date, names: NamesOn | None = None) -> ProvincesOfYear:
    """The provinces (People's Committees of province level) existing on `day`, named as they
    were then, with the provinces merged into each before `day` (successor links, any depth).

    Two queries, whatever the number of provinces: the provinces, and the earlier names
    (none when `names`, a NamesOn of the same day, is given)."""
    names = names if names is not None else NamesOn(day)
    provinces = list(Organisation.objects.filter(kind=OrganisationKind.PROVINCE).order_by("name"))
    by_id = {p.pk: p for p in provinces}
    existing = {p.pk for p in provinces if p.is_valid_on(day)}
    carriers: dict[int, int] = {}
    for province in provinces:
        current, seen = province, {province.pk}
        while (
            current.valid_to is not None
            and current.valid_to < day
            and current.successor_id in by_id
            and current.successor_id not in seen
        ):
            assert current.successor_id is not None
            seen.add(current.successor_id)
            current = by_id[current.successor_id]
        if current.pk in existing:
            carriers[province.pk] = current.pk
    formerly: dict[int, list[str]] = {}
    for province in provinces:
        carrier = carriers.get(province.pk)
        if carrier is not None and carrier != province.pk:
            formerly.setdefault(carrier, []).append(place_name(province))
    rows = [
        ProvinceThen(p, names.of(p), tuple(sorted(formerly.get(p.pk, []))))
        for p in provinces
        if p.pk in existing
    ]
    rows.sort(key=lambda row: row.short)
    return ProvincesOfYear(day=day, provinces=rows, carriers=carriers)
