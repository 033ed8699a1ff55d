"""Error answers of the API: JSON `{"detail": "..."}`, the message in the caller's language."""

from __future__ import annotations

from functools import partial

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError


def install_error_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(AuthenticationError, partial(_unauthorized, api=api))
    api.add_exception_handler(Http404, partial(_not_found, api=api))


def _unauthorized(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    detail = gettext('Log in, or send an API token as "Authorization: Bearer <key>".')
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="greenplan"'
    return response


def _not_found(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    # The same answer for a missing object and one outside the caller's scope, so that the
    # API does not reveal what exists in another province.
    return api.create_response(request, {"detail": gettext("Not found.")}, status=404)
