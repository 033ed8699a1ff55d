"""Who is calling the API: a logged-in browser session, or an agency system with a token.

Every operation requires one of the two (see `api_auth`); what the caller may then see is
decided by accounts.permissions, as for the pages.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.utils import check_csrf

from accounts.http import AuthenticatedHttpRequest
from accounts.models import ApiToken, User
from accounts.permissions import is_active_user

# last_used_at tells an administrator whether a token is still in use; minute precision is
# plenty, and it spares a write on every call of a busy client.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class ApiRequest(AuthenticatedHttpRequest):
    """The request of an operation behind `api_auth`: ninja sets `auth` to what the
    authenticator returned, the caller's `User` (a token's owner is also `request.user`)."""

    auth: User


class SessionAuth(NinjaSessionAuth):
    """The Django session of a logged-in, active user; CSRF is checked on unsafe methods."""

    def __call__(self, request: HttpRequest) -> User | None:
        # Without a logged-in user there is no session to protect: the caller is anonymous
        # (401, "log in or send a token"), not a forged form (403).
        if not is_active_user(request.user):
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(
                403,
                gettext(
                    "The CSRF check failed: send the X-CSRFToken header with the token of "
                    "the page, or use an API token instead of the session."
                ),
            )
        return self.authenticate(request, None)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        return user if is_active_user(user) else None


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <key>`, checked against the hashes of accounts.ApiToken."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token:
            return None
        api_token = (
            ApiToken.usable()
            .select_related("user__organisation")
            .filter(key_hash=ApiToken.hash_key(token))
            .first()
        )
        if api_token is None or not is_active_user(api_token.user):
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        # The rest of the request (history middleware, permission helpers) sees the token's
        # owner as the user, exactly as for a session.
        request.user = api_token.user
        return api_token.user


# Token first: a token client sends no session cookie, so it never reaches the CSRF check
# that the session authenticator runs on unsafe methods.
api_auth = [TokenAuth(), SessionAuth()]
