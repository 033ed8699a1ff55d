"""Writes to users that are not the user's own doing (those are Django's auth views)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from accounts.models import ApiToken, User
from core.history import REASON_LENGTH, stamp

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


@transaction.atomic
def revoke_api_tokens(owner: User, *, user: User | None, reason: str) -> int:
    """Delete every API token of `owner` (a key cannot be un-revoked: a new one is issued);
    each deletion stays in the tokens' history with `reason`. Returns how many."""
    tokens = list(ApiToken.objects.filter(user=owner))
    for token in tokens:
        if user is not None:
            stamp(token, user, reason)
        else:  # the history middleware then names the request's user, if any
            setattr(token, "_change_reason", reason[:REASON_LENGTH])  # noqa: B010
        token.delete()
    return len(tokens)
