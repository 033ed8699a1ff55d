"""Writes to users that are not the user's own doing (those are Django's auth views)."""

from __future__ import annotations

from accounts.models import User
from orgs.models import Organisation


def move_users(source: Organisation, successor: Organisation, *, user, reason: str) -> list[User]:
    """On a merger: `source`'s people work for `successor` from now on, in the same roles;
    what they did before stays signed with their names. The caller holds the transaction."""
    people = list(User.objects.filter(organisation=source).order_by("username"))
    for person in people:
        person.organisation = successor
        person._history_user, person._change_reason = user, reason[:100]
        person.save()
    return people
