"""Issue an API token for a user and print its key, the only time it is shown."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print its key once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--name", required=True, help="What the token is for, e.g. the calling system."
        )

    def handle(self, *args: object, username: str, name: str, **options: object) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(gettext("No user named %(username)s.") % {"username": username})
        if not user.is_active:
            raise CommandError(gettext("User %(username)s is inactive.") % {"username": username})
        _token, key = ApiToken.issue(user, name)
        self.stderr.write(
            gettext("Token %(name)s created for %(username)s. Store the key now:")
            % {"name": name, "username": username}
        )
        # The key alone on stdout, so that scripts can capture it.
        self.stdout.write(key)
