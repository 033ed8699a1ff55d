"""Requests refused before any view reads them: too large, or carrying a NUL character.

`RequestSizeLimitMiddleware` looks at the declared Content-Length only, so that a 2 GB body is
refused before a byte of it is received (Django would otherwise stream it to a temporary
file before the form says "too large"). The limit is the largest accepted upload
(UPLOAD_MAX_BYTES) plus REQUEST_BODY_MARGIN for the other fields and the multipart framing.
The reverse proxy should refuse sooner still: see client_max_body_size in README.md.

`NulCharacterMiddleware` is the one place that refuses a NUL (U+0000) in a text input: the
path, a query parameter, a form field or a JSON string. PostgreSQL cannot store or compare
it (a search for `a%00b` was a 500), and no legitimate text holds one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from greenplan.error_pages import error_response

DEFAULT_BODY_MARGIN = 1024 * 1024

FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
# "\u0000" in JSON text, unless its backslash is itself escaped ("\\u0000" is six characters).
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


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


def _has_nul(data: QueryDict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()
    )


def _contains_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or _has_nul(request.GET):
        return True
    if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
        # Text fields only: uploaded files (request.FILES) may hold any byte.
        return _has_nul(request.POST)
    if request.content_type == "application/json":
        return bool(JSON_NUL.search(request.body))
    return False


class NulCharacterMiddleware:
    """400 for a NUL character in the path, a query parameter, a form field or JSON text."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _contains_nul(request):
            return error_response(
                request,
                400,
                gettext("Bad request"),
                gettext(
                    "The request contains a NUL character, which text may not hold. "
                    "Remove it and try again; nothing was saved."
                ),
            )
        return self.get_response(request)
