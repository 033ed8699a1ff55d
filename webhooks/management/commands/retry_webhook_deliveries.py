from django.core.management.base import BaseCommand

from webhooks.delivery import retry_due


class Command(BaseCommand):
    help = "Queue the webhook deliveries whose next attempt is due (for a queue without delays)."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"{retry_due()} deliveries queued again.")
