from pathlib import Path

from django.core.management.base import BaseCommand

from greenplan.backup import write_backup


class Command(BaseCommand):
    help = "Write the whole database and the uploaded files to one zip archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the .zip to write")

    def handle(self, *args, archive: str, **options):
        counts = write_backup(Path(archive))
        self.stdout.write(f"backup written: {archive} ({sum(counts.values())} rows)")
