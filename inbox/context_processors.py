"""The header's counts (inbox, unread notifications) and whether to show the API link: a few
queries per page, run only when a page shows the header."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts import permissions
from inbox.waiting import waiting_for
from notifications.models import Notification


@dataclass(frozen=True)
class Header:
    inbox: int = 0
    unread_notifications: int = 0
    api: bool = False
    manages_users: bool = False


def _header(request: HttpRequest) -> Header:
    user = request.user
    if not permissions.is_active_user(user):
        return Header()
    return Header(
        inbox=waiting_for(user).count,
        unread_notifications=Notification.objects.filter(recipient=user).unread().count(),
        api=permissions.can_use_api(user),
        manages_users=permissions.can_manage_users(user),
    )


def header(request: HttpRequest) -> dict[str, object]:
    return {"header": SimpleLazyObject(lambda: _header(request))}
