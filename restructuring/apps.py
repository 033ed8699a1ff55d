from django.apps import AppConfig


class RestructuringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "restructuring"
    verbose_name = "Restructuring of organisations"
