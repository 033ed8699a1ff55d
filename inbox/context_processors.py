"""The header's counts (inbox, unread notifications) and whether to show the API link: two
queries per page, whatever the data, run only when a page shows the header."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts import permissions
from accounts.models import ApiToken, User
from inbox.waiting import waiting_count
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
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # The unread count and whether the user holds an API token: one query.
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
            holds_token=Exists(ApiToken.objects.filter(user=OuterRef("pk"))),
        )
        .values("unread", "holds_token")
        .get()
    )
    return Header(
        inbox=waiting_count(user),
        unread_notifications=row["unread"],
        api=permissions.can_use_api(user, holds_token=row["holds_token"]),
        manages_users=permissions.can_manage_users(user),
    )


def header(request: HttpRequest) -> dict[str, object]:
    return {"header": SimpleLazyObject(lambda: _header(request))}
