"""Issue an API token for a user and print its key, the only time it is shown."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext

from accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print its key once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--name", required=True, help="What the token is for, e.g. the calling system."
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Valid for this many days (default: until revoked). Tokens are also revoked "
            "when their user's password changes or the account is deactivated.",
        )

    def handle(
        self, *args: object, username: str, name: str, days: int | None, **options: object
    ) -> None:
        if days is not None and days < 1:
            raise CommandError(gettext("--days must be a whole number of days, at least 1."))
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(gettext("No user named %(username)s.") % {"username": username})
        if not user.is_active:
            raise CommandError(gettext("User %(username)s is inactive.") % {"username": username})
        token, key = ApiToken.issue(user, name, days=days)
        self.stderr.write(
            gettext("Token %(name)s created for %(username)s. Store the key now:")
            % {"name": name, "username": username}
        )
        if token.expires_at is not None:
            self.stderr.write(
                gettext("It expires on %(when)s.")
                % {"when": date_format(localtime(token.expires_at), "SHORT_DATETIME_FORMAT")}
            )
        # The key alone on stdout, so that scripts can capture it.
        self.stdout.write(key)
