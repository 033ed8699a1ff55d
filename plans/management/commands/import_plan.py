from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.system import system_user
from plans.actions import import_plan_file
from plans.plan_import import ImportRejected


class Command(BaseCommand):
    help = (
        "Import a plan from an Excel workbook (.xlsx) or a UTF-8 CSV file, in the format of the "
        "template downloadable from the import page. Runs as the system user (accounts/system.py): "
        "an administrator, and the history records no author."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the .xlsx or .csv file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="update the plan with the same number if it exists (items are matched by code)",
        )

    def handle(self, *args, file: Path, replace: bool, **options) -> None:
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
            ) from exc
        try:
            plan = import_plan_file(file.name, content, user=system_user(), replace=replace)
        except ImportRejected as exc:
            for problem in exc.problems:
                line = f"{problem.where}: {problem.message}" if problem.where else problem.message
                self.stderr.write(line)
            count = len(exc.problems)
            raise CommandError(
                ngettext(
                    "%(count)d problem: nothing was imported.",
                    "%(count)d problems: nothing was imported.",
                    count,
                )
                % {"count": count}
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported plan %(number)s: %(count)d items.")
                % {"number": plan.number, "count": plan.items.count()}
            )
        )
