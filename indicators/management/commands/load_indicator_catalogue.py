"""Add the starting indicator catalogue (indicators.seed) to a fresh installation."""

from django.core.management.base import BaseCommand

from accounts.system import system_user
from indicators.seed import load_catalogue


class Command(BaseCommand):
    help = "Add the sourced green growth indicators that are missing; never overwrites."

    def handle(self, *args, **options) -> None:
        added = load_catalogue(user=system_user())
        self.stdout.write(f"indicators added: {added}")
