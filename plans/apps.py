from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        from jobs.kinds import register
        from plans.actions import PLAN_IMPORT_KIND

        register(PLAN_IMPORT_KIND)
