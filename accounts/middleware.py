"""Accounts created by someone else: until its owner has chosen a password, every page sends
them to the password change page (logging out, the language switch and static files pass)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
        ):
            change = reverse("accounts:password_change")
            allowed = (
                change,
                reverse("accounts:password_change_done"),
                reverse("logout"),
                "/i18n/",
                "/static/",
                "/api/",
            )
            if not request.path.startswith(allowed):
                return redirect(f"{change}?first=1")
        return self.get_response(request)
