"""Request ids and structured logs.

Every request gets an id: the one the balancer sent in `X-Request-ID` (when it looks like an
id), else a new one; it is returned in the answer's `X-Request-ID` header, and every log line
written while the request runs carries it. A task the request starts receives the id as an
keyword argument `request_id` (`current_request_id()` is what the enqueuing code passes), bound
from the queue's task_started signal to its task_finished one (greenplan/apps.py connects
them), so that the worker's lines of that task carry the request's id too.

`JsonFormatter` writes one JSON object a line (settings LOG_FORMAT=json); `RequestIdFilter`
puts the current id on every record, whichever formatter is used.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# What a balancer's id may look like (nginx $request_id, HAProxy's unique-id, a UUID): no
# spaces or quotes that would break a log line or a header, never longer than 64 characters.
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def current_request_id() -> str:
    """The id of the request (or of the task started by one) being served, or ""."""
    return _request_id.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def accepted_request_id(value: str | None) -> str:
    """`value` if it is a usable id, else a new one."""
    if value and _VALID_ID.match(value):
        return value
    return new_request_id()


@contextmanager
def request_id_bound(request_id: str) -> Iterator[str]:
    """Log lines written inside carry `request_id` (a task's, given by the request that
    started it; a new one when the task was not started by a request)."""
    request_id = accepted_request_id(request_id)
    token = _request_id.set(request_id)
    try:
        yield request_id
    finally:
        _request_id.reset(token)


_task_tokens = threading.local()


def task_started(sender: object, task_result: Any, **kwargs: object) -> None:
    """django-tasks' task_started signal: the task's lines (and the queue library's "finished"
    line) carry the `request_id` keyword the task was queued with, else a new id."""
    stack = _task_tokens.__dict__.setdefault("stack", [])
    given = task_result.kwargs.get("request_id", "") if task_result.kwargs else ""
    stack.append(_request_id.set(accepted_request_id(str(given or ""))))


def task_finished(sender: object, task_result: Any, **kwargs: object) -> None:
    """django-tasks' task_finished signal: back to the id of whatever ran the task (the
    request, for the immediate backend; none in a worker). Runs after the library's line."""
    stack = _task_tokens.__dict__.get("stack")
    if stack:
        _request_id.reset(stack.pop())


class RequestIdMiddleware:
    """Outermost: binds the request's id before anything logs, returns it in the answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_id_bound(request.headers.get(HEADER, "")) as request_id:
            request.request_id = request_id  # type: ignore[attr-defined]
            response = self.get_response(request)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Sets `record.request_id` (possibly "") on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id()
        return True


# Attributes every LogRecord has: anything else on a record came from `extra=` and is logged.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, request_id,
    the `extra=` fields, and the exception's traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or current_request_id(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
