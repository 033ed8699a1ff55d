"""Request types for the type checker: what the middleware and `@login_required` guarantee.

django-stubs types `request.user` as `User | AnonymousUser`, which is right for a bare
`HttpRequest`; a view behind `@login_required` (or an API operation behind `api_auth`) knows
more, and says so by annotating its request with one of these. They add no behaviour.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from accounts.models import User


class HtmxHttpRequest(HttpRequest):
    """Any request of this site: django_htmx's middleware (settings.MIDDLEWARE) sets `htmx`."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """A request `@login_required` let through: its user is a signed-in `User`."""

    user: User
