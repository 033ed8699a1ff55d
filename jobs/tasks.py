"""The import jobs' tasks (Django's Tasks API): one job's run, whatever its kind, and the look
for jobs whose worker died (on the worker's schedule, greenplan/schedule.py).

Arguments are JSON: the job's id, the attempt, and `request_id`, the id of the request that
queued the job, which core.logs binds while it runs.
"""

from __future__ import annotations

import logging

from django_tasks import task

from jobs import actions

logger = logging.getLogger(__name__)


@task()
def run_import_job(job_id: int, attempt: int, *, request_id: str = "") -> None:
    """`request_id`: of the request that queued the job, for the log lines (core.logs)."""
    logger.info("import job %s, attempt %s", job_id, attempt)
    actions.run_job(job_id, attempt=attempt)
    logger.info("import job %s, attempt %s: finished", job_id, attempt)


@task()
def recover_stalled_import_jobs() -> list[int]:
    """[queued again, marked failed]."""
    queued, failed = actions.recover_stalled_import_jobs()
    if queued or failed:
        logger.warning("stalled import jobs: %s queued again, %s failed", queued, failed)
    return [queued, failed]
