from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"

    def ready(self) -> None:
        from documents.receivers import connect
        from documents.workbook_jobs import WORKBOOK_KIND
        from jobs.kinds import register

        connect()
        register(WORKBOOK_KIND)
