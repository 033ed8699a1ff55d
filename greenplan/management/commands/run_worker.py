"""python manage.py run_worker: the task queue's worker, with the worker's schedule.

django-tasks-db's `db_worker` (same options: --queue-name, --interval, --batch, --max-tasks,
--worker-id) plus greenplan/schedule.py: the due entries are queued at the start (so that
`--batch` runs them once and exits) and then every few seconds in a thread.
`--no-schedule` runs queued tasks only. Reloading on code changes is off unless --reload.

Run as many as needed, on any machine that reaches the database; stop one with SIGTERM
(it finishes its current task first). A worker killed outright leaves its task unfinished:
the schedule of any other worker queues its build again (documents.actions).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from greenplan.schedule import Schedule, run_in_thread


class Command(DatabaseWorkerCommand):
    help = "Run the task queue's worker (database backend), with the worker's schedule."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="Do not queue the scheduled tasks (reminders, stalled builds) from this worker.",
        )
        parser.set_defaults(reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        if options.pop("schedule", True):
            plan = Schedule()
            plan.tick()
            if not options.get("batch"):
                run_in_thread(plan)
        super().handle(*args, **options)
