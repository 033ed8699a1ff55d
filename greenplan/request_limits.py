"""Requests refused before any view reads them: too large, or carrying a NUL character.

`RequestSizeLimitMiddleware` looks at the declared Content-Length only, so that a 2 GB body is
refused before a byte of it is received (Django would otherwise stream it to a temporary
file before the form says "too large"). The limit is the largest accepted upload
(UPLOAD_MAX_BYTES) plus REQUEST_BODY_MARGIN for the other fields and the multipart framing.
The reverse proxy should refuse sooner still: see client_max_body_size in README.md.

`NulCharacterMiddleware` is the one place that refuses a NUL (U+0000) in the path or a query
parameter, for pages and API alike: views and filters read those directly, and PostgreSQL
cannot store or compare a NUL (a search for `a%00b` was a 500). Request bodies are refused
field by field where they are read: Django's form fields, and the API schema's `Text`.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from greenplan.error_pages import error_response, is_api_request

DEFAULT_BODY_MARGIN = 1024 * 1024


def max_request_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES + getattr(settings, "REQUEST_BODY_MARGIN", DEFAULT_BODY_MARGIN)


class RequestSizeLimitMiddleware:
    """413 for a request whose Content-Length exceeds max_request_bytes(), body unread."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body then
        if length > max_request_bytes():
            # No "Connection: close" header: WSGI forbids hop-by-hop headers. gunicorn's sync
            # workers close the connection after every response, so the rest of the body is
            # never received; the proxy's client_max_body_size keeps it off any worker.
            return error_response(
                request,
                413,
                gettext("Request too large"),
                gettext("Request too large: a file may be at most %(limit)s. Nothing was saved.")
                % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)},
            )
        return self.get_response(request)


def _nul_field(data: QueryDict) -> str | None:
    for key, values in data.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return key.replace("\x00", "")
    return None


def _nul_location(request: HttpRequest) -> list[str] | None:
    """Where the request holds a NUL, as a validation error's "loc"; None if nowhere."""
    if "\x00" in request.path:
        return ["path"]
    if (key := _nul_field(request.GET)) is not None:
        return ["query", key]
    # Bodies are checked where they are read, field by field, keeping what was typed: every
    # posted form is a Django form, whose text fields refuse NUL with a message on the field;
    # API bodies go through the schema's text type (api.schemas.Text), which also documents
    # the rule in the OpenAPI document.
    return None


class NulCharacterMiddleware:
    """A NUL character in the path or a query parameter: a 400 page, or for the API the 422 it
    answers to any value of the wrong shape."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        location = _nul_location(request)
        if location is None:
            return self.get_response(request)
        message = gettext(
            "The request contains a NUL character, which text may not hold. "
            "Remove it and try again; nothing was saved."
        )
        if is_api_request(request):
            # The API's one error shape (api/schemas.py ErrorOut), as for any wrong value.
            error = {"type": "nul_character", "loc": location, "msg": message}
            return HttpResponse(
                json.dumps({"detail": message, "errors": [error]}, ensure_ascii=False),
                status=422,
                content_type="application/json; charset=utf-8",
            )
        return error_response(request, 400, gettext("Bad request"), message)
