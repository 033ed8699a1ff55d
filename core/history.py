"""Who made the next save of an object, and why, for django-simple-history."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.db import connections
from django.db.models import Index, QuerySet
from django.utils import timezone
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
    """simple_history's HistoricalRecords, whose tables also index the audit page's order:
    (history_date, history_id), and (history_user, history_date, history_id) for its filter by
    user. A page then reads its records from either end of an index, even where thousands of
    records share one date (an import, a generated round), instead of sorting every record of
    that date. Every audited model declares its history with this one
    (`from core.history import HistoricalRecords`)."""

    def get_meta_options(self, model: Any) -> dict[str, Any]:
        options: dict[str, Any] = super().get_meta_options(model)
        digest = hashlib.sha256(model._meta.label_lower.encode()).hexdigest()[:8]
        # Names stable and at most 30 characters (Django's limit), unique per table.
        by_date = Index(fields=["history_date", "history_id"], name=f"hist_date_id_{digest}")
        by_user = Index(
            fields=["history_user", "history_date", "history_id"], name=f"hist_user_date_{digest}"
        )
        options["indexes"] = (*options.get("indexes", ()), by_date, by_user)
        return options


def copy_to_history(
    rows: QuerySet[Any], *, user: Any, history_type: str = "+", reason: str = ""
) -> int:
    """Write one history record for each row of `rows`, as simple_history's own would read
    (every tracked field, the date now, `user`, `history_type`), in one INSERT ... SELECT
    that the database runs by itself: for rows just written in bulk (a plan of 100,000
    items), where building a historical object for each in Python costs more than the rows'
    own insert. Returns the number of records written."""
    history = rows.model.history.model
    tracked = [field.attname for field in history.tracked_fields]
    select, params = rows.order_by().values_list(*tracked).query.sql_with_params()
    columns = [history._meta.get_field(name).column for name in tracked]
    extra = ["history_date", "history_type", "history_user_id", "history_change_reason"]
    quote = connections[rows.db].ops.quote_name
    # Names from the models, quoted; every value a parameter.
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(c) for c in [*columns, *extra])}) "
        f"SELECT source.*, %s, %s, %s, %s FROM ({select}) source"
    )
    who = history_user(user)
    connection = connections[rows.db]
    values = [
        connection.ops.adapt_datetimefield_value(timezone.now()),
        history_type,
        getattr(who, "pk", None),
        reason[:REASON_LENGTH] or None,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *params])  # the SELECT's values come after ours
        return int(cursor.rowcount)


def delete_with_history(rows: QuerySet[Any], *, user: Any, reason: str = "") -> int:
    """Delete `rows`, first writing the "-" record simple_history's own delete would write for
    each (every tracked field as it was, `user`, `reason`) when the model keeps history: two
    statements whatever the number of rows, where a queryset's delete loads every row and
    writes its record alone. Sends no signals and follows no relation: the caller deletes
    what hangs from the rows first (what Django's cascade would have). Returns the number of
    rows deleted."""
    model = rows.model
    if getattr(model._meta, "simple_history_manager_attribute", None):
        copy_to_history(rows, user=user, history_type="-", reason=reason)
    connection = connections[rows.db]
    select, params = rows.order_by().values_list("pk").query.sql_with_params()
    quote = connection.ops.quote_name
    # Names from the model, quoted; every value a parameter.
    sql = (
        f"DELETE FROM {quote(model._meta.db_table)} "  # noqa: S608
        f"WHERE {quote(model._meta.pk.column)} IN ({select})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)
