"""The site's own error answers: a page in the user's language, or JSON under /api/.

Django's defaults are English and, for CSRF failures, explain the mechanism; these say what
happened and what to do, and nothing about the server. The API keeps its error shape,
`{"detail": "..."}`, whatever refused the request (a middleware, Django, or no route at all).
The 500 page is a standalone template rendered without a request context, so that it still
renders when the database or a context processor is what failed.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

API_PREFIX = "/api/"


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX) or request.path_info == API_PREFIX[:-1]


def api_error(status: int, detail: str) -> HttpResponse:
    return HttpResponse(
        json.dumps({"detail": detail}, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def error_response(
    request: HttpRequest, status: int, title: str, message: str, api_message: str | None = None
) -> HttpResponse:
    """The answer for a refused request: JSON under /api/, else the error page in the layout."""
    if is_api_request(request):
        return api_error(status, api_message or message)
    body = loader.render_to_string(
        "error_page.html", {"title": title, "message": message, "status": status}, request
    )
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        # Text beyond DATA_UPLOAD_MAX_MEMORY_SIZE (form fields, API JSON): Django calls it a
        # bad request; for the user it is a request too large.
        return error_response(
            request,
            413,
            gettext("Request too large"),
            gettext("Request too large: text sent at once may be at most %(limit)s.")
            % {"limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)},
        )
    return error_response(
        request,
        400,
        gettext("Bad request"),
        gettext("The request could not be understood. Go back and try again."),
        gettext("The request could not be understood."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The actions raise PermissionDenied with a translated sentence for the user ("Only the
    # agency's leader may submit this report."): shown when there is one.
    return error_response(
        request,
        403,
        gettext("Access denied"),
        str(exception or "") or gettext("You may not see or change this."),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(
        request,
        404,
        gettext("Page not found"),
        gettext("This page does not exist, or you may not see it."),
        gettext("Not found."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    message = gettext("Something went wrong on our side. The error was recorded; try again later.")
    if is_api_request(request):
        return api_error(500, message)
    # No request context: context processors may touch the database that just failed.
    return HttpResponse(loader.get_template("500.html").render({"message": message}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: an expired form, told in words a user acts on (no mechanism)."""
    return error_response(
        request,
        403,
        gettext("The form has expired"),
        gettext(
            "The form was open too long or was sent from another page. Go back, reload the "
            "page and send it again."
        ),
    )


def _api_message(request: HttpRequest, response: HttpResponse) -> str:
    status = response.status_code
    if status == 404:
        return gettext("Not found.")
    if status == 405:
        return gettext("Method %(method)s is not allowed here; allowed: %(allowed)s.") % {
            "method": request.method,
            "allowed": response.get("Allow", ""),
        }
    if status == 403:
        return gettext("You may not see or change this.")
    if status >= 500:
        return gettext("Something went wrong on our side. The error was recorded; try again later.")
    return gettext("The request could not be understood.")


class ApiErrorShapeMiddleware:
    """Every error under /api/ answers the API's JSON shape, `{"detail": "..."}`.

    The API's own handlers (api.errors) already do; this catches what answers before or
    beside them: django-ninja's 405 ("Method not allowed", plain text), a path no operation
    matches (Django's 404 page, the technical one with DEBUG on), Django's 400/403/500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and is_api_request(request)
            and not response.get("Content-Type", "").startswith("application/json")
            # A developer wants the traceback of a 500 while DEBUG is on.
            and not (settings.DEBUG and response.status_code >= 500)
        ):
            shaped = api_error(response.status_code, _api_message(request, response))
            if "Allow" in response:
                shaped["Allow"] = response["Allow"]
            return shaped
        return response
