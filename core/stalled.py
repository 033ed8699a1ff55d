"""Background work whose worker died: the one recovery of rows that stopped reporting progress.

A row of background work (a consolidated report's build, an import job) writes a heartbeat
with every progress report. When the heartbeat is older than a timeout the worker died or the
task was lost: under a row lock, each such row is either queued once more (its attempt + 1)
or, out of attempts, marked failed with the reason. Rows whose task still waits for a worker
on the queue are not stalled, where the backend can tell (the database backend can).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models, transaction
from django_tasks.base import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

Row = TypeVar("Row", bound=models.Model)


def recover_stalled(
    stalled: models.QuerySet[Row],
    *,
    retry: Callable[[Row], bool],
    queue_again: Callable[[Row], None],
    give_up: Callable[[list[Row]], int],
    waiting: Callable[[Row], bool] | None = None,
) -> tuple[int, int]:
    """Recover the rows of `stalled`; returns (queued again, failed).

    `retry(row)`: whether it has an attempt left. `queue_again(row)`: saves its next attempt
    and queues it (in `transaction.on_commit`). `give_up(rows)`: marks them failed with the
    reason, returns how many. `waiting(row)`: whether its task still waits on the queue.
    Safe to run on several workers at once: the rows are locked and read again.
    """
    if not stalled.exists():  # the usual answer, read-only: no write lock on SQLite
        return 0, 0
    with transaction.atomic():
        rows = [row for row in stalled.select_for_update() if not (waiting and waiting(row))]
        again = [row for row in rows if retry(row)]
        out = [row for row in rows if not retry(row)]
        for row in again:
            queue_again(row)
        failed = give_up(out) if out else 0
    return len(again), failed


def waiting_on_the_queue(task: Any, task_id: str) -> bool:
    """Whether the task `task_id` (of the Tasks API task `task`) still waits for a worker."""
    if not task_id or not task.get_backend().supports_get_result:
        return False
    try:
        result = task.get_result(task_id)
    except TaskResultDoesNotExist:
        return False
    return bool(result.status == TaskResultStatus.READY)
