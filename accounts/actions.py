"""Writes to users that are not the user's own doing (those are Django's auth views)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from accounts.models import ApiToken, User
from core.history import REASON_LENGTH, history_user, stamp

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
def revoke_api_tokens(owner: User, *, user: User, reason: str) -> int:
    """Delete every API token of `owner` (a key cannot be un-revoked: a new one is issued);
    each deletion stays in the tokens' history with `reason`. Returns how many. Done by the
    system user (a save hook that does not know who acts), the history names the request's
    user, if any, as the history middleware does."""
    tokens = list(ApiToken.objects.filter(user=owner))
    for token in tokens:
        if history_user(user) is not None:
            stamp(token, user, reason)
        else:
            setattr(token, "_change_reason", reason[:REASON_LENGTH])  # noqa: B010
        token.delete()
    return len(tokens)
