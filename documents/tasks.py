"""The documents app's tasks (Django's Tasks API): a consolidated report's build, and the look
for builds whose worker died (on the worker's schedule, greenplan/schedule.py).

Arguments are JSON: ids, the attempt, and `request_id`, the id of the request that queued the
task, which core.logs binds while it runs so that the worker's log lines of the build carry it.
"""

from __future__ import annotations

import logging

from django_tasks import task

from documents import actions

logger = logging.getLogger(__name__)


@task()
def build_consolidated_report(report_id: int, attempt: int, *, request_id: str = "") -> None:
    """`request_id`: of the request that queued the build, for the log lines (core.logs)."""
    logger.info("building consolidated report %s, attempt %s", report_id, attempt)
    actions.build_files(report_id, attempt=attempt)
    logger.info("consolidated report %s, attempt %s: done", report_id, attempt)


@task()
def recover_stalled_builds() -> list[int]:
    """[queued again, marked failed]."""
    queued, failed = actions.recover_stalled_builds()
    if queued or failed:
        logger.warning("stalled builds: %s queued again, %s failed", queued, failed)
    return [queued, failed]
