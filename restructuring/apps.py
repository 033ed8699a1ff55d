from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RestructuringConfig(AppConfig):
    name = "restructuring"
    verbose_name = _("Restructuring of organisations")

    def ready(self) -> None:
        from jobs.kinds import register
        from restructuring.plans import RESTRUCTURING_KIND

        register(RESTRUCTURING_KIND)
