"""Writes to users that are not the user's own doing (those are Django's auth views)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import ApiToken, Role, User
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


@dataclass
class Account:
    """What the person managing users sets on an account."""

    username: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    role: str = Role.VIEWER
    organisation: Organisation | None = None


def _check_role(account: Account, *, user: User) -> None:
    if not permissions.can_give_role(user, account.role, account.organisation):
        raise PermissionDenied(
            _("You may give roles other than administrator, in your own province's organisations.")
        )


@transaction.atomic
def create_user(account: Account, *, user: User, password: str) -> User:
    """A new account with the password its creator chose; its owner must change that
    password at the first login."""
    if not permissions.can_manage_users(user):
        raise PermissionDenied(_("You may not manage user accounts."))
    _check_role(account, user=user)
    if User.objects.filter(username__iexact=account.username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    person = User(
        username=account.username,
        first_name=account.first_name,
        last_name=account.last_name,
        email=account.email,
        phone=account.phone,
        role=account.role,
        organisation=account.organisation,
        must_change_password=True,
    )
    validate_password(password, person)
    person.set_password(password)
    stamp(person, user, _("Account created"))
    person.save()
    return person


@transaction.atomic
def update_user(
    target: User, *, user: User, role: str, organisation: Organisation | None, is_active: bool
) -> User:
    """Set an account's role, organisation and whether it may log in."""
    if not permissions.can_manage_user(user, target):
        raise PermissionDenied(_("You may not change this account."))
    _check_role(Account(username=target.username, role=role, organisation=organisation), user=user)
    target.role = role
    target.organisation = organisation
    target.is_active = is_active
    stamp(target, user, _("Account changed"))
    target.save(update_fields=["role", "organisation", "is_active"])
    return target


@transaction.atomic
def password_changed(person: User, *, user: User) -> User:
    """The owner chose their own password: the first-login change is done."""
    if person.pk != user.pk:
        raise PermissionDenied(_("Only the owner changes their password."))
    if person.must_change_password:
        person.must_change_password = False
        person.save(update_fields=["must_change_password"])
    return person
