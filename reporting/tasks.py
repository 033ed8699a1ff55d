"""The reporting app's tasks (Django's Tasks API): the daily reminders, put on the queue by the
worker's schedule (greenplan/schedule.py). `manage.py send_reminders` does the same from cron.
"""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from reporting.reminders import send_reminders

logger = logging.getLogger(__name__)


@task()
def send_todays_reminders() -> int:
    """The reminders due today (never twice for a report and offset: safe to run again)."""
    sent = send_reminders(timezone.localdate())
    logger.info("reminders sent: %s", sent)
    return sent
