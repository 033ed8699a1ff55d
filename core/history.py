"""Who made the next save of an object, and why, for django-simple-history."""

from __future__ import annotations

import datetime
from typing import Any

# simple_history keeps at most 100 characters of a reason.
REASON_LENGTH = 100


def history_user(user: Any) -> Any:
    """The user a history record names: `user`, or nobody for an actor that is not saved (the
    system user of commands and the demo, accounts.system)."""
    return user if getattr(user, "pk", None) is not None else None


def stamp(obj: Any, user: Any, reason: str = "", *, at: datetime.datetime | None = None) -> None:
    """The next save (or delete) of `obj` is recorded as done by `user`, for `reason`, and at
    `at` when given (back-dated demo data); else now. The one way the apps sign history."""
    obj._history_user = history_user(user)
    if reason:
        obj._change_reason = reason[:REASON_LENGTH]
    if at is not None:
        obj._history_date = at
