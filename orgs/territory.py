"""A territory (a province, the Government) named as a place: "tỉnh Bình Dương" for its
People's Committee, and, once it was merged into another province, the province it belongs to
now with its former name: "Thành phố Hồ Chí Minh (trước đây: tỉnh Bình Dương)" (issue 15)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from orgs.models import Organisation, OrganisationOnDay

# How a People's Committee's name starts; the place is what follows.
COMMITTEE_PREFIXES: tuple[str, ...] = ("Ủy ban nhân dân ", "Uỷ ban nhân dân ", "UBND ")
COMMITTEE_PREFIXES_EN: tuple[str, ...] = ("People's Committee of ",)


def place_name(org: Organisation | OrganisationOnDay) -> str:
    """The territory's place name in the user's language: its People's Committee's name without
    "Ủy ban nhân dân" ("tỉnh Bình Dương"; "Bình Dương Province" in English); for an
    OrganisationOnDay, the name it had that day."""
    if get_language() == "en" and org.name_en:
        name, prefixes = org.name_en, COMMITTEE_PREFIXES_EN
    else:
        name, prefixes = org.name, COMMITTEE_PREFIXES
    for prefix in prefixes:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def territory_label(org: Organisation, day: datetime.date | None = None) -> str:
    """The territory as it is on `day` (today by default): itself, or, once it closed and its
    work passed to a successor (Organisation.carrier_on), the successor "formerly" itself."""
    day = day or timezone.localdate()
    carrier = org.carrier_on(day)
    if carrier.pk == org.pk:
        return place_name(org)
    return _("%(current)s (formerly: %(former)s)") % {
        "current": place_name(carrier),
        "former": place_name(org),
    }
