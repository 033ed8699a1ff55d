from django.apps import AppConfig
from django.db.models.signals import pre_save


class GreenplanConfig(AppConfig):
    name = "greenplan"

    def ready(self) -> None:
        from core.text import clean_text_fields

        # Text enters through pages, the API, file imports, the admin, commands and the demo,
        # and is saved by one method: clean it there, once, for every model of the project's
        # apps (core.text.is_project_app). dispatch_uid: connected once even if ready() reruns.
        pre_save.connect(clean_text_fields, dispatch_uid="core.text.clean_text_fields")
