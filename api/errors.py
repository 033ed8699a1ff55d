"""Error answers of the API: JSON `{"detail": "..."}`, the message in the caller's language."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from django.core import exceptions
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext, gettext_lazy
from ninja import NinjaAPI, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError


def install_error_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(AuthenticationError, partial(_unauthorized, api=api))
    api.add_exception_handler(Http404, partial(_not_found, api=api))
    api.add_exception_handler(HttpError, partial(_http_error, api=api))
    api.add_exception_handler(ValidationError, partial(_invalid, api=api))


def _unauthorized(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    detail = gettext('Log in, or send an API token as "Authorization: Bearer <key>".')
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="greenplan"'
    return response


# --- Refusals of the actions ------------------------------------------------------------------
# Every endpoint that calls an action maps its refusals the same way: PermissionDenied is 403
# with the action's reason (else the endpoint's default); ValidationError is 422 with `errors`,
# one entry per message, `loc` ["body", <field>] (["body"] for those of no field), and nothing
# was saved; a stale version is 409, `loc` ["body", "version"].

NON_FIELD = "__all__"


def field_errors(
    exc: exceptions.ValidationError, keys: Mapping[str, str] | None = None
) -> dict[str, list[str]]:
    """The action's field names (renamed through `keys` where the API calls a field
    otherwise) -> messages."""
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
    """422: nothing was saved; `detail` says so, `errors` says why, field by field."""
    return content_refused(detail, field_errors(exc, keys))


def problems(errors: Mapping[str, list[str]], kind: str = "invalid") -> list[dict[str, Any]]:
    """`errors` (field -> messages, "__all__" for none) as entries of the one error shape."""
    return [
        {"loc": ["body"] + ([] if name == NON_FIELD else [name]), "msg": str(m), "type": kind}
        for name, messages in errors.items()
        for m in messages
    ]


def content_refused(detail: str, errors: Mapping[str, list[str]]) -> Status[dict[str, Any]]:
    """422: the rules refused the content (field -> messages); nothing was saved."""
    return Status(422, {"detail": detail, "errors": problems(errors)})


def stale(detail: str) -> Status[dict[str, Any]]:
    """409, and only for this: the object changed since the caller read its `version`."""
    return Status(409, {"detail": detail, "errors": problems({"version": [detail]}, "stale")})


def _not_found(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    # The same answer for a missing object and one outside the caller's scope, so that the
    # API does not reveal what exists in another province.
    return api.create_response(request, {"detail": gettext("Not found.")}, status=404)


# django-ninja's own messages, in English whatever the caller's language; matched by prefix
# (with DEBUG on, ninja appends the parser's exception to the first one).
_NINJA_MESSAGES = {
    "Cannot parse request body": gettext_lazy("The request body is not valid JSON."),
    "Unauthorized": gettext_lazy("Unauthorized."),
    "Forbidden": gettext_lazy("You may not see or change this."),
    "Too many requests.": gettext_lazy("Too many requests; wait a moment and try again."),
}


def _http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    detail = str(exc)
    for english, translated in _NINJA_MESSAGES.items():
        if detail.startswith(english):
            detail = str(translated)
            break
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


# Pydantic's messages by error type, for the types a caller of this API meets; "loc" and
# "type" stay as pydantic gives them, so that programs can still read the errors.
_VALIDATION_MESSAGES = {
    "missing": gettext_lazy("Required."),
    "extra_forbidden": gettext_lazy("Unknown field."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_from_float": gettext_lazy("Enter a whole number."),
    "float_parsing": gettext_lazy("Enter a number."),
    "float_type": gettext_lazy("Enter a number."),
    "decimal_parsing": gettext_lazy("Enter a number."),
    "decimal_type": gettext_lazy("Enter a number."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "bool_type": gettext_lazy("Enter true or false."),
    "string_type": gettext_lazy("Enter a text."),
    "date_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_type": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "datetime_parsing": gettext_lazy("Enter a date and time (ISO 8601)."),
    "datetime_type": gettext_lazy("Enter a date and time (ISO 8601)."),
    "list_type": gettext_lazy("Enter a list."),
    "dict_type": gettext_lazy("Enter an object."),
    "model_type": gettext_lazy("Enter an object."),
    "model_attributes_type": gettext_lazy("Enter an object."),
    "json_invalid": gettext_lazy("The request body is not valid JSON."),
    "enum": gettext_lazy("Choose one of the allowed values."),
    "literal_error": gettext_lazy("Choose one of the allowed values."),
}
_VALIDATION_MESSAGES_WITH_LIMIT = {
    "string_too_long": (gettext_lazy("At most %(limit)s characters."), "max_length"),
    "string_too_short": (gettext_lazy("At least %(limit)s characters."), "min_length"),
    "greater_than": (gettext_lazy("Must be greater than %(limit)s."), "gt"),
    "greater_than_equal": (gettext_lazy("Must be at least %(limit)s."), "ge"),
    "less_than": (gettext_lazy("Must be less than %(limit)s."), "lt"),
    "less_than_equal": (gettext_lazy("Must be at most %(limit)s."), "le"),
    "too_long": (gettext_lazy("At most %(limit)s entries."), "max_length"),
    "too_short": (gettext_lazy("At least %(limit)s entries."), "min_length"),
}


def translate_validation_errors(errors: list[Any]) -> list[dict[str, Any]]:
    """Pydantic's error list with each "msg" in the caller's language where it is known."""
    translated = []
    for error in errors:
        error = dict(error)
        kind, context = error.get("type"), error.get("ctx") or {}
        if kind in _VALIDATION_MESSAGES:
            error["msg"] = str(_VALIDATION_MESSAGES[kind])
        elif kind in _VALIDATION_MESSAGES_WITH_LIMIT:
            message, key = _VALIDATION_MESSAGES_WITH_LIMIT[kind]
            if key in context:
                error["msg"] = str(message) % {"limit": context[key]}
        elif kind == "string_pattern_mismatch":
            error["msg"] = (
                gettext("A NUL character is not allowed in text.")
                if "\\x00" in str(context.get("pattern", ""))
                else gettext("Not in the expected form.")
            )
        elif kind == "value_error":
            # Our own validators' messages are translated already; pydantic prefixes them.
            error["msg"] = str(error.get("msg", "")).removeprefix("Value error, ")
        if context:
            error["ctx"] = {
                key: value if isinstance(value, str | int | float | bool) else str(value)
                for key, value in context.items()
            }
        translated.append(error)
    return translated


def _invalid(request: HttpRequest, exc: ValidationError, api: NinjaAPI) -> HttpResponse:
    detail = gettext("The request has values of the wrong shape: see errors.")
    return api.create_response(
        request,
        {"detail": detail, "errors": translate_validation_errors(exc.errors)},
        status=422,
    )


def refused(
    exc: exceptions.ValidationError,
    detail: str,
    *,
    status: int = 422,
    prefix: tuple[str, ...] = ("body",),
) -> Status[dict[str, Any]]:
    """422 (or 409 for a stale version): the action refused the content, nothing was saved;
    `errors` in the one error shape, each field of the action under `prefix`."""
    return Status(status, {"detail": detail, "errors": error_list(exc, prefix=prefix)})


def error_list(
    exc: exceptions.ValidationError, *, prefix: tuple[str, ...] = ("body",)
) -> list[dict[str, Any]]:
    """The action's refusal as `errors` entries: loc, msg, type ("invalid", or the code the
    action gave)."""
    if not hasattr(exc, "error_dict"):
        return [{"loc": list(prefix), "msg": m, "type": "invalid"} for m in exc.messages]
    return [
        {
            "loc": [*prefix] + ([] if name == NON_FIELD else [name]),
            "msg": message,
            "type": error.code or "invalid",
        }
        for name, errors in exc.error_dict.items()
        for error in errors
        for message in error.messages
    ]
