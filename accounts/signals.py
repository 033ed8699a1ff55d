"""API tokens die with the password or the account they were issued under.

A token is a second way in for its owner: when the password changes (the owner suspects a
leak, or an administrator reset it) or the account is deactivated, the tokens issued until
then stop working. Hooked on the user's save so that every path is covered: the password
change page, the admin, `manage.py changepassword`, `set_password()` in code.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext

from accounts import actions
from accounts.models import User
from accounts.system import system_user

# Set before the save, read after it: why this save revokes the user's tokens ("" if not).
REASON_ATTRIBUTE = "_revoke_api_tokens_reason"


def _touches(update_fields: Any, field: str) -> bool:
    return update_fields is None or field in update_fields


@receiver(pre_save, sender=User, dispatch_uid="accounts.tokens_revocation_reason")
def _note_revocation(
    sender: type[User], instance: User, update_fields: Any = None, **kwargs: Any
) -> None:
    reason = ""
    if instance.pk is not None:
        # AbstractBaseUser keeps the new raw password in `_password` until the save.
        if getattr(instance, "_password", None) is not None and _touches(update_fields, "password"):
            reason = gettext("Password changed")
        elif (
            not instance.is_active
            and _touches(update_fields, "is_active")
            and User.objects.filter(pk=instance.pk, is_active=True).exists()
        ):
            reason = gettext("Account deactivated")
    setattr(instance, REASON_ATTRIBUTE, reason)


@receiver(post_save, sender=User, dispatch_uid="accounts.revoke_tokens")
def _revoke_tokens(sender: type[User], instance: User, created: bool, **kwargs: Any) -> None:
    reason = getattr(instance, REASON_ATTRIBUTE, "")
    if reason:
        setattr(instance, REASON_ATTRIBUTE, "")
        acting = getattr(instance, "_history_user", None) or system_user()
        actions.revoke_api_tokens(instance, user=acting, reason=reason)
