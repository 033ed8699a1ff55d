"""Request ids and JSON log lines (core.logs)."""

from __future__ import annotations

import json
import logging

import pytest

from core.logs import HEADER, JsonFormatter, RequestIdFilter, current_request_id, request_id_bound


def record(message: str, **extra: object) -> logging.LogRecord:
    rec = logging.makeLogRecord({"name": "greenplan.test", "levelname": "INFO", "msg": message})
    for key, value in extra.items():
        setattr(rec, key, value)
    RequestIdFilter().filter(rec)
    return rec


def test_a_json_line_carries_the_bound_request_id_and_the_extra_fields():
    with request_id_bound("abc-123"):
        line = json.loads(JsonFormatter().format(record("báo cáo %s", report=7)))

    assert line["message"] == "báo cáo %s"  # no arguments given: the text as it is
    assert line["request_id"] == "abc-123"
    assert line["report"] == 7 and line["level"] == "INFO" and line["logger"] == "greenplan.test"
    assert line["time"].endswith("+00:00")


def test_an_exception_is_in_the_line():
    try:
        raise ValueError("hỏng")
    except ValueError:
        import sys

        rec = record("failed")
        rec.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(rec))

    assert "ValueError: hỏng" in line["exception"]


def test_outside_a_request_the_id_is_empty_and_a_task_without_one_gets_a_new_one():
    assert current_request_id() == ""
    with request_id_bound("") as new:
        assert len(new) == 32 and current_request_id() == new
    assert current_request_id() == ""


@pytest.mark.parametrize("sent", ["", "x" * 65, "bad id", 'a"b'])
def test_an_unusable_incoming_id_is_replaced(client, sent, db):
    response = client.get("/healthz", headers={HEADER: sent})

    assert response[HEADER] != sent and len(response[HEADER]) == 32


class Lines(logging.Handler):
    """The request ids of the lines a logger writes, as the site's console handler sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.ids: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.ids.append(record.request_id)  # type: ignore[attr-defined]


@pytest.fixture
def probe_lines():
    lines = Lines()
    logger = logging.getLogger("probe")
    logger.addHandler(lines)
    logger.setLevel(logging.INFO)
    yield lines
    logger.removeHandler(lines)


def test_the_balancers_id_is_kept_returned_and_on_the_requests_lines(
    client, db, settings, probe_lines
):
    from django.http import HttpResponse
    from django.urls import path

    import greenplan.urls

    def view_logging(request):
        logging.getLogger("probe").info("inside")
        return HttpResponse("ok")

    settings.ROOT_URLCONF = type(
        "urls", (), {"urlpatterns": [path("probe", view_logging), *greenplan.urls.urlpatterns]}
    )

    response = client.get("/probe", headers={HEADER: "nginx-4f2a9c"})

    assert response[HEADER] == "nginx-4f2a9c"
    assert probe_lines.ids == ["nginx-4f2a9c"]
    assert current_request_id() == ""  # not left bound after the request


def test_a_task_run_inside_a_request_logs_under_its_id_and_gives_the_request_its_id_back():
    from types import SimpleNamespace

    from core import logs

    with request_id_bound("req-1"):
        logs.task_started(None, SimpleNamespace(kwargs={"request_id": "req-1"}))
        assert current_request_id() == "req-1"
        logs.task_finished(None, None)
        logs.task_started(None, SimpleNamespace(kwargs={}))  # queued by no request: a new id
        assert current_request_id() not in ("", "req-1")
        logs.task_finished(None, None)
        assert current_request_id() == "req-1"
    assert current_request_id() == ""
