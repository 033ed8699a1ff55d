"""The inbox: what waits for the signed-in person."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.http import AuthenticatedHttpRequest
from inbox.waiting import waiting_for
from notifications.models import Notification

RECENT_NOTIFICATIONS = 5


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "inbox/inbox.html",
        {
            "waiting": waiting_for(request.user, today),
            "today": today,
            "recent": Notification.objects.filter(recipient=request.user).unread()[
                :RECENT_NOTIFICATIONS
            ],
        },
    )
