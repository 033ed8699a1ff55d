"""The one confirmation step of every irreversible action (approve, send, accept, return):
the first POST answers a page naming what will happen, with the same fields posted again
and `confirm=1`; the second POST does it. No JavaScript needed, nothing written before."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirm"


def confirmed(request: HttpRequest) -> bool:
    """Did the person press the confirmation page's button?"""
    return request.POST.get(CONFIRM_FIELD) == "1"


def ask_confirmation(
    request: HttpRequest,
    *,
    title: str,
    consequences: Sequence[str],
    button: str,
    back_url: str,
    action_url: str | None = None,
    status: int = 200,
    can_be_undone: bool = False,
) -> HttpResponse:
    """The confirmation page: `title` (a question), what will happen (`consequences`, one
    sentence each), the button, a way back. The POST's fields travel again, hidden."""
    fields = [
        (name, value)
        for name in request.POST
        if name not in {"csrfmiddlewaretoken", CONFIRM_FIELD}
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "core/confirm.html",
        {
            "title": title,
            "consequences": consequences,
            "button": button,
            "back_url": back_url,
            "action_url": action_url or request.path,
            "fields": fields,
            "can_be_undone": can_be_undone,
        },
        status=status,
    )
