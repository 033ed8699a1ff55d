"""/healthz and /readyz, for the balancer and the process manager: no login, no data.

/healthz (liveness) answers 200 as long as the process serves requests; it reads nothing.
/readyz (readiness) answers 200 when this app server can do its work: the database answers
and has every migration applied, the cache stores and returns a value, the file storage is
reachable, and the task queue accepts work (with the database backend, its table is read).
Otherwise 503. The answer names the checks and says "ok" or "failing", never why (no
addresses, versions or errors: those go to the log, with the request id).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks import default_task_backend

logger = logging.getLogger(__name__)

# Once this process saw every migration applied, it does not read the migration graph again
# (a deployment migrates before it starts new app servers, never backwards under them).
_migrated = False


def _database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _migrations() -> None:
    global _migrated
    if _migrated:
        return
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("migrations not applied")
    _migrated = True


def _cache() -> None:
    key, value = f"readyz:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return what it stored")
    finally:
        cache.delete(key)


def _storage() -> None:
    # A listing of the top folder: reachable and readable, nothing written, nothing named.
    try:
        default_storage.listdir("")
    except FileNotFoundError:
        pass  # nothing uploaded yet: the folder is made at the first upload


def _task_queue() -> None:
    from django_tasks_db.backend import DatabaseBackend

    backend = default_task_backend
    if isinstance(backend, DatabaseBackend):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.only("pk").first()
    else:
        errors = [message for message in backend.check() if message.is_serious()]
        if errors:
            raise RuntimeError("; ".join(str(message) for message in errors))


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "migrations": _migrations,
    "cache": _cache,
    "storage": _storage,
    "task_queue": _task_queue,
}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("readiness check %s failed", name)
            results[name] = "failing"
        else:
            results[name] = "ok"
    ready = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if ready else "failing", "checks": results}, status=200 if ready else 503
    )
