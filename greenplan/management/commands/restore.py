from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from greenplan.backup import restore_backup


class Command(BaseCommand):
    help = "Replace the database and uploaded files with a backup archive (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the .zip written by `backup`")

    def handle(self, *args, archive: str, **options):
        try:
            counts = restore_backup(Path(archive))
        except Exception as exc:  # any failure rolled the transaction back: say so plainly
            raise CommandError(f"restore refused, nothing changed: {exc}") from exc
        self.stdout.write(f"restored: {archive} ({sum(counts.values())} rows)")
