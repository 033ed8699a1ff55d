"""What the worker puts on the queue by itself, and when (`manage.py run_worker`).

- the look for consolidated report builds and import jobs whose worker died, every
  STALLED_BUILDS_EVERY seconds (documents.tasks.recover_stalled_builds,
  jobs.tasks.recover_stalled_import_jobs);
- the day's reminders, once a day from REMINDERS_HOUR (local time) on, or at the worker's
  start when that hour has passed (reporting.tasks.send_todays_reminders).

Each worker keeps its own schedule: both tasks are safe to run twice (a reminder is never
sent twice for a report and offset; a stalled build is queued again under a row lock), so
several workers need no coordination; `run_worker --no-schedule` keeps one out of it. Cron
can still run `manage.py send_reminders` instead (README).
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass
class Schedule:
    """Due entries enqueued on each `tick()`; `now` is injectable for tests."""

    now: Callable[[], datetime.datetime] = timezone.now
    _last_recovery: float | None = None
    _reminders_on: datetime.date | None = None
    enqueued: list[str] = field(default_factory=list)

    def tick(self) -> list[str]:
        from documents.tasks import recover_stalled_builds
        from jobs.tasks import recover_stalled_import_jobs
        from reporting.tasks import send_todays_reminders

        due: list[str] = []
        moment = self.now()
        seconds = moment.timestamp()
        if self._last_recovery is None or seconds - self._last_recovery >= (
            settings.STALLED_BUILDS_EVERY
        ):
            recover_stalled_builds.enqueue()
            recover_stalled_import_jobs.enqueue()
            self._last_recovery = seconds
            due += ["recover_stalled_builds", "recover_stalled_import_jobs"]
        local = timezone.localtime(moment)
        if local.hour >= settings.REMINDERS_HOUR and self._reminders_on != local.date():
            send_todays_reminders.enqueue()
            self._reminders_on = local.date()
            due.append("send_todays_reminders")
        self.enqueued.extend(due)
        return due


def run_in_thread(schedule: Schedule, every: float = 10.0) -> threading.Thread:
    """Tick `schedule` every `every` seconds in a daemon thread (it dies with the worker)."""

    def loop() -> None:
        while True:
            time.sleep(every)
            try:
                close_old_connections()
                schedule.tick()
            except Exception:  # a database hiccup must not end the schedule
                logger.exception("the worker's schedule failed; trying again later")
            finally:
                connection.close()  # this thread's own connection

    thread = threading.Thread(target=loop, name="schedule", daemon=True)
    thread.start()
    return thread
