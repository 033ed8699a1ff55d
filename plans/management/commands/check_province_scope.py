from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.province_scope import cross_province_references


class Command(BaseCommand):
    help = (
        "List references from a provincial plan to another province (parent plan, implemented "
        "items, assigned agencies) left by imports made before imports were kept within their "
        "province. Exits non-zero when there are any."
    )

    def handle(self, *args, **options) -> None:
        found = cross_province_references()
        labels = {
            "parent": _("parent plan"),
            "implements": _("implements"),
            "assignment": _("assigned agency"),
        }
        for ref in found:
            where = f"{ref.plan} / {ref.source}" if ref.source else ref.plan
            self.stdout.write(f"{where}\t{labels[ref.what]}\t{ref.target}")
        if found:
            raise CommandError(
                ngettext(
                    "%(count)d reference to another province.",
                    "%(count)d references to another province.",
                    len(found),
                )
                % {"count": len(found)}
            )
        self.stdout.write(self.style.SUCCESS(_("No plan refers to another province.")))
