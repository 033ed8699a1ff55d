"""Who made the next save of an object, and why, for django-simple-history."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.db.models import Index
from simple_history.models import HistoricalRecords as _HistoricalRecords

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


class HistoricalRecords(_HistoricalRecords):  # type: ignore[misc]  # (simple_history has no types)
    """simple_history's HistoricalRecords, whose tables also index (history_user, history_date):
    the audit page's filter by user reads a user's records newest (or oldest) first from it
    instead of walking the whole table by date. Every audited model declares its history
    with this one (`from core.history import HistoricalRecords`)."""

    def get_meta_options(self, model: Any) -> dict[str, Any]:
        options: dict[str, Any] = super().get_meta_options(model)
        by_user = Index(fields=["history_user", "history_date"], name=_by_user_name(model))
        options["indexes"] = (*options.get("indexes", ()), by_user)
        return options


def _by_user_name(model: Any) -> str:
    """A stable index name of at most 30 characters (Django's limit), unique per table."""
    digest = hashlib.sha256(model._meta.label_lower.encode()).hexdigest()[:8]
    return f"hist_user_date_{digest}"
