"""Reads of the read-only pages from a streaming replica, everything else from the primary.

With DATABASE_REPLICA_URL set, settings.DATABASES has a second alias, "replica". A request
is marked as read-only by `ReplicaReadsMiddleware` when it is a GET or HEAD of a view named in
settings.DATABASE_REPLICA_VIEWS (the audit trail, the API's lists, the round's board); while
it runs, `ReplicaRouter` sends its reads to the replica. Everything else reads from the
primary, and so do, even inside a marked request:

- every write (`db_for_write` is always "default");
- every read inside a transaction of the primary (it must see its own writes);
- sessions and login throttling (a session saved a moment ago on the primary may not have
  reached the replica yet: the person would seem logged out).

A replica lags the primary by a moment: the pages marked are those where a few seconds of
delay do no harm, and never a page that is shown right after a write to check it.
Without the alias the router answers None everywhere (Django's default: "default").
"""

from __future__ import annotations

import contextvars
import fnmatch
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, resolve

REPLICA = "replica"
# Models whose rows must be read right after they are written, in another request.
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes"})

_read_only: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "greenplan_read_only", default=False
)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reads_from_replica() -> Iterator[None]:
    """Within this block, reads outside a transaction may come from the replica."""
    token = _read_only.set(True)
    try:
        yield
    finally:
        _read_only.reset(token)


def is_replica_view(view_name: str | None) -> bool:
    if not view_name:
        return False
    return any(fnmatch.fnmatchcase(view_name, p) for p in settings.DATABASE_REPLICA_VIEWS)


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if not (_read_only.get() and replica_configured()):
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return "default"
        if connections["default"].in_atomic_block:
            return "default"
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        # The replica copies the primary's schema by replication, never by migrate.
        return db != REPLICA


class ReplicaReadsMiddleware:
    """Marks GET / HEAD requests of the views in DATABASE_REPLICA_VIEWS as read-only, for the
    whole of their handling (the view, its template rendered later, the middleware after)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if replica_configured() and request.method in ("GET", "HEAD"):
            try:
                match = resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404:
                match = None
            if match is not None and is_replica_view(match.view_name):
                with reads_from_replica():
                    return self.get_response(request)
        return self.get_response(request)
