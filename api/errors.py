"""Error answers of the API: JSON `{"detail": "..."}`, the message in the caller's language."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from django.core import exceptions
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI, Status
from ninja.errors import AuthenticationError


def install_error_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(AuthenticationError, partial(_unauthorized, api=api))
    api.add_exception_handler(Http404, partial(_not_found, api=api))


def _unauthorized(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    detail = gettext('Log in, or send an API token as "Authorization: Bearer <key>".')
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="greenplan"'
    return response


# --- Refusals of the actions ------------------------------------------------------------------
# Every endpoint that calls an action maps its two refusals the same way: PermissionDenied is
# 403 with the action's reason (else the endpoint's default), ValidationError is 409 with
# `errors`, field -> messages ("__all__" for those of no field), and nothing was saved.

NON_FIELD = "__all__"


def field_errors(
    exc: exceptions.ValidationError, keys: Mapping[str, str] | None = None
) -> dict[str, list[str]]:
    """The `errors` of a 409: the action's field names (renamed through `keys` where the API
    calls a field otherwise) -> messages."""
    if not hasattr(exc, "error_dict"):
        return {NON_FIELD: exc.messages}
    keys = keys or {}
    return {keys.get(name, name): messages for name, messages in exc.message_dict.items()}


def forbidden(exc: exceptions.PermissionDenied, default: str) -> Status[dict[str, Any]]:
    """403: why the action refused, else `default`."""
    return Status(403, {"detail": str(exc) or default})


def not_saved(
    exc: exceptions.ValidationError, detail: str, keys: Mapping[str, str] | None = None
) -> Status[dict[str, Any]]:
    """409: nothing was saved; `detail` says so, `errors` says why, field by field."""
    return Status(409, {"detail": detail, "errors": field_errors(exc, keys)})


def _not_found(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    # The same answer for a missing object and one outside the caller's scope, so that the
    # API does not reveal what exists in another province.
    return api.create_response(request, {"detail": gettext("Not found.")}, status=404)
