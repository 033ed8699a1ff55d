from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plans.coverage import plan_coverage
from plans.models import Plan


class Command(BaseCommand):
    help = "Print a plan's coverage of its parent plan: adopted/national activities per theme."

    def add_arguments(self, parser):
        parser.add_argument("number", help="plan number, e.g. 1847/KH-UBND")

    def handle(self, *args, number: str, **options):
        plan = Plan.objects.filter(number=number).first()
        if plan is None:
            raise CommandError(_("Plan %(number)s does not exist.") % {"number": number})
        coverage = plan_coverage(plan)
        if coverage is None:
            raise CommandError(_("Plan %(number)s has no parent plan.") % {"number": number})
        for theme in coverage.themes:
            self.stdout.write(
                f"{theme.theme.label}\t{theme.adopted}/{theme.national}\t{theme.theme.title}"
            )
        self.stdout.write(f"{_('Total')}\t{coverage.adopted}/{coverage.national}")
