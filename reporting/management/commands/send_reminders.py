"""Email every agency that has not submitted its report, at the configured offsets.

Meant for a daily cron line or systemd timer, e.g.

    15 7 * * *  cd /srv/greenplan && .venv/bin/python manage.py send_reminders

`--date YYYY-MM-DD` acts as if today were that date (tests, catching up a missed day).
Never sends twice for the same report and offset. The last line is `reminders sent: N`.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reporting.reminders import send_reminders


class Command(BaseCommand):
    help = "Email reminders to agencies that have not submitted their report."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="act as if today were this date (YYYY-MM-DD)")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD") from exc
        self.stdout.write(f"reminders sent: {send_reminders(today)}")
