"""python manage.py fail_stalled_builds: mark consolidated reports whose build died as failed.

Run it after restarting the application (or every few minutes from cron): versions left
"being generated" by a worker that was killed or reloaded are marked failed with the reason,
so that the coordinator sees it and tries again.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from documents.actions import build_timeout, fail_stalled_builds


class Command(BaseCommand):
    help = (
        "Mark as failed the consolidated reports whose build has not reported progress for "
        "DOCUMENTS_BUILD_TIMEOUT seconds (its worker process was killed or reloaded)."
    )

    def handle(self, *args, **options) -> None:
        count = fail_stalled_builds()
        self.stdout.write(
            f"{count} stalled build(s) marked as failed (no progress for {build_timeout()} s)"
        )
