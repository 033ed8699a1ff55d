from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from greenplan.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write the whole database (one consistent snapshot) and the uploaded files to one zip "
        "archive, checked by reading it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the .zip to write")

    def handle(self, *args, archive: str, **options):
        try:
            counts = write_backup(Path(archive))
        except (BackupError, OSError) as exc:
            raise CommandError(f"backup failed, no archive written: {exc}") from exc
        self.stdout.write(f"backup written and checked: {archive} ({sum(counts.values())} rows)")
