from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from demo import data


class Command(BaseCommand):
    help = "Print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, **options):
        url = f"http://127.0.0.1:{options['port']}"
        self.stdout.write("")
        self.stdout.write(
            f"greenplan demo on {url}  (password for every login: {data.DEMO_PASSWORD})"
        )
        # Where each login works now: the 2025 restructuring moved people to the successors.
        now = dict(
            get_user_model()
            .objects.filter(username__in=[u[0] for u in data.USERS])
            .values_list("username", "organisation__code")
        )
        for username, org, role, name in data.USERS:
            self.stdout.write(f"  {username:<18} {role:<14} {now.get(username) or org:<18} {name}")
        self.stdout.write("")
