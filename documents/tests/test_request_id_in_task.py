"""The request that generates a consolidated report hands its id to the build's task: the
task's log lines (in the worker) carry the id the answer's X-Request-ID header gave."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.urls import reverse

from core.logs import HEADER, RequestIdFilter
from documents.models import ConsolidatedReport


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.lines: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append((record.request_id, record.getMessage()))  # type: ignore[attr-defined]


def test_the_build_task_logs_under_the_id_of_the_request_that_started_it(
    round_2018, as_user, settings, django_capture_on_commit_callbacks
):
    settings.DOCUMENTS_BUILD_IN_BACKGROUND = True  # through the (immediate) task backend
    coordinator = get_user_model().objects.get(username="dpi.coordinator")
    lines = Lines()
    task_logger = logging.getLogger("documents.tasks")
    task_logger.addHandler(lines)
    task_logger.setLevel(logging.INFO)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = as_user(coordinator).post(
                reverse("documents:consolidation", args=[round_2018.pk]),
                {},
                headers={HEADER: "lb-7f3e21"},
            )
    finally:
        task_logger.removeHandler(lines)

    assert response[HEADER] == "lb-7f3e21"
    version = ConsolidatedReport.objects.get(round=round_2018)
    assert version.build == ConsolidatedReport.Build.READY and version.task_id
    assert lines.lines and all(request_id == "lb-7f3e21" for request_id, _ in lines.lines)
    assert any(f"consolidated report {version.pk}" in message for _, message in lines.lines)
