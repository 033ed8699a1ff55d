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

        # A task's log lines carry the id of the request that queued it (core.logs).
        from django_tasks.signals import task_finished, task_started

        from core import logs

        task_started.connect(logs.task_started, dispatch_uid="core.logs.task_started")
        task_finished.connect(logs.task_finished, dispatch_uid="core.logs.task_finished")
