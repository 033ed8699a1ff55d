"""Writes to users that are not the user's own doing (those are Django's auth views)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.models import User
from core.history import stamp

if TYPE_CHECKING:
    from orgs.models import Organisation


def move_users(
    source: Organisation, successor: Organisation, *, user: User, reason: str
) -> list[User]:
    """On a merger: `source`'s people work for `successor` from now on, in the same roles;
    what they did before stays signed with their names. The caller holds the transaction."""
    people = list(User.objects.filter(organisation=source).order_by("username"))
    for person in people:
        person.organisation = successor
        stamp(person, user, reason)
        person.save()
    return people
