"""Writes to organisations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from core.history import stamp
from orgs.models import Organisation

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
