from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RestructuringConfig(AppConfig):
    name = "restructuring"
    verbose_name = _("Restructuring of organisations")
