"""Writes to organisations."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from core.history import stamp
from orgs.models import Organisation, OrganisationPeriod

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def upsert_organisation(code: str, *, user: User, **fields) -> Organisation:
    """Create the organisation with `code`, or update the given fields of the existing one."""
    org = Organisation.objects.filter(code=code).first() or Organisation(code=code)
    for name, value in fields.items():
        setattr(org, name, value)
    stamp(org, user)
    org.save()
    return org


def close_organisation(
    org: Organisation, *, last_day, successor: Organisation | None, user: User, reason: str = ""
) -> Organisation:
    """The organisation stops on `last_day` (included); `successor` carries on its work."""
    org.valid_to = last_day
    org.successor = successor
    stamp(org, user, reason)
    org.save()
    return org


def _keep_earlier_state(
    org: Organisation, *, effective: datetime.date, user: User, reason: str, legal_basis: str
) -> None:
    """Before a rename or a move from `effective`: the name and parent the organisation had
    until the day before, kept as an OrganisationPeriod (once per day: a rename and a move on
    the same day keep the state before both)."""
    last_day = effective - datetime.timedelta(days=1)
    if org.periods.filter(valid_to=last_day).exists():
        return
    period = OrganisationPeriod(
        organisation=org,
        valid_to=last_day,
        name=org.name,
        name_en=org.name_en,
        short_name=org.short_name,
        parent=org.parent,
        legal_basis=legal_basis,
    )
    stamp(period, user, reason)
    period.save()


def rename_organisation(
    org: Organisation,
    *,
    effective: datetime.date,
    name: str,
    name_en: str = "",
    short_name: str = "",
    legal_basis: str = "",
    user: User,
    reason: str = "",
) -> Organisation:
    """The organisation is called `name` from `effective`; what it did before keeps the
    earlier name (Organisation.as_on). Empty English and short names are kept as they were."""
    _keep_earlier_state(org, effective=effective, user=user, reason=reason, legal_basis=legal_basis)
    org.name = name
    org.name_en = name_en or org.name_en
    org.short_name = short_name or org.short_name
    stamp(org, user, reason)
    org.save()
    return org


def move_organisation(
    org: Organisation,
    *,
    effective: datetime.date,
    parent: Organisation | None,
    legal_basis: str = "",
    user: User,
    reason: str = "",
) -> Organisation:
    """The organisation sits under `parent` from `effective` (its province, and that of its
    units, follow); before that it keeps the parent it had (Organisation.as_on)."""
    _keep_earlier_state(org, effective=effective, user=user, reason=reason, legal_basis=legal_basis)
    org.parent = parent
    stamp(org, user, reason)
    org.save()
    return org
