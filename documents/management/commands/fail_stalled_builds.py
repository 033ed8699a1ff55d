"""python manage.py fail_stalled_builds: recover consolidated reports whose build died.

The worker does this every minute (greenplan/schedule.py); the command is for a deployment
whose workers are down or run elsewhere. Versions left "being generated" by a worker that was
killed are queued again while they have attempts left (DOCUMENTS_BUILD_ATTEMPTS), else marked
failed with the reason, so that the coordinator sees it and tries again.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from documents.actions import build_timeout, recover_stalled_builds


class Command(BaseCommand):
    help = (
        "Queue again (or mark as failed, after the last attempt) the consolidated reports whose "
        "build has not reported progress for DOCUMENTS_BUILD_TIMEOUT seconds."
    )

    def handle(self, *args, **options) -> None:
        queued, failed = recover_stalled_builds()
        self.stdout.write(
            f"{queued} stalled build(s) queued again, {failed} marked as failed "
            f"(no progress for {build_timeout()} s)"
        )
