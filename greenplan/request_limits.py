"""Requests refused before any view reads them: too large, or carrying a NUL character.

`RequestSizeLimitMiddleware` looks at the declared Content-Length only, so that a 2 GB body is
refused before a byte of it is received (Django would otherwise stream it to a temporary
file before the form says "too large"). The limit is the largest accepted upload
(UPLOAD_MAX_BYTES) plus REQUEST_BODY_MARGIN for the other fields and the multipart framing.
The reverse proxy should refuse sooner still: see client_max_body_size in README.md.

`NulCharacterMiddleware` is the one place that refuses a NUL (U+0000) in the path, a query
parameter or a form field, for pages and API alike. PostgreSQL cannot store or compare it (a
search for `a%00b` was a 500), and no legitimate text holds one. JSON bodies are checked by
the API's schema (api.schemas.Text), which documents the rule per field.
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

FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


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
            response = error_response(
                request,
                413,
                gettext("Request too large"),
                gettext("Request too large: a file may be at most %(limit)s. Nothing was saved.")
                % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)},
            )
            # The body was not read: the connection cannot carry another request.
            response["Connection"] = "close"
            return response
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
    if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
        # Text fields only: uploaded files (request.FILES) may hold any byte.
        if (key := _nul_field(request.POST)) is not None:
            return ["form", key]
    # JSON bodies are the API's: its schema's text type (api.schemas.Text) refuses NUL and
    # says so in the OpenAPI document, field by field.
    return None


class NulCharacterMiddleware:
    """A NUL character in the path, a query parameter or a form field: a 400 page, or for the
    API the 422 it answers to any value of the wrong shape."""

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
            # The shape of django-ninja's validation errors, which the API documents.
            error = {"type": "nul_character", "loc": location, "msg": message}
            return HttpResponse(
                json.dumps({"detail": [error]}, ensure_ascii=False),
                status=422,
                content_type="application/json; charset=utf-8",
            )
        return error_response(request, 400, gettext("Bad request"), message)
