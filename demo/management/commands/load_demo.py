from django.core.management.base import BaseCommand

from demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo provinces, plans, rounds and users (safe to run again)."

    def handle(self, *args, **options):
        for line in load_demo():
            self.stdout.write(line)
