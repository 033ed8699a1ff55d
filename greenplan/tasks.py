"""The site's own tasks (Django's Tasks API): a backup an administrator started from the
site (greenplan/backup_views.py); `manage.py backup FILE.zip` stays for cron."""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from greenplan.backup import write_backup

logger = logging.getLogger(__name__)


def backup_folder() -> Path:
    return Path(settings.BACKUP_DIR)


@task()
def back_up_site(started_by: str, *, request_id: str = "") -> str:
    """Write greenplan-YYYYMMDD-HHMMSS.zip (local time) into BACKUP_DIR; returns its name.
    `request_id`: of the request that queued it, for the log lines (core.logs)."""
    folder = backup_folder()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"greenplan-{timezone.localtime():%Y%m%d-%H%M%S}.zip"
    logger.info("backup started by %s: %s", started_by, name)
    counts = write_backup(folder / name)
    logger.info("backup written and checked: %s (%s rows)", name, sum(counts.values()))
    return name
