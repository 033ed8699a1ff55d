"""The plans app's tasks (Django's Tasks API): a large plan file's import, and the look for
imports whose worker died (on the worker's schedule, greenplan/schedule.py).

Arguments are JSON: the job's id, the attempt, and `request_id`, the id of the request that
queued the import, which core.logs binds while it runs.
"""

from __future__ import annotations

import logging

from django_tasks import task

from plans import actions

logger = logging.getLogger(__name__)


@task()
def apply_plan_import(job_id: int, attempt: int, *, request_id: str = "") -> None:
    """`request_id`: of the request that queued the import, for the log lines (core.logs)."""
    logger.info("importing plan file of job %s, attempt %s", job_id, attempt)
    actions.run_plan_import(job_id, attempt=attempt)
    logger.info("plan import job %s, attempt %s: finished", job_id, attempt)


@task()
def recover_stalled_plan_imports() -> list[int]:
    """[queued again, marked failed]."""
    queued, failed = actions.recover_stalled_plan_imports()
    if queued or failed:
        logger.warning("stalled plan imports: %s queued again, %s failed", queued, failed)
    return [queued, failed]
