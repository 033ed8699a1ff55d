"""Rows inserted by the thousand: one prepared INSERT run for every row (executemany).

Django's bulk_create builds one statement per batch and passes every value of every row
through the field's preparation chain; for an import of 100,000 plan items with their
assignments that costs more than reading the file. `insert_rows` takes the same unsaved model
instances, reads each field's value once (the value a save would store: auto_now fields set,
foreign keys by id, dates in the database's form) and hands the rows to the driver, which
binds them into one statement prepared once. Text is cleaned as on a save (core.text). It
writes no history and sends no signals: the
caller records history in bulk too (core.history.copy_to_history) and reads back the ids it
needs (the database's RETURNING is not available with executemany).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models
from django.utils import timezone

from core.text import is_project_app, strip_xml_illegal

# Fields whose Python value the drivers (sqlite3, psycopg) bind as it is.
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def insert_rows(
    model: type[models.Model], objs: Sequence[models.Model], *, using: str = "default"
) -> int:
    """INSERT `objs`, unsaved instances of `model` whose primary key the database assigns.
    Returns the number of rows."""
    if not objs:
        return 0
    connection = connections[using]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    readers: list[Callable[[models.Model], Any]] = []
    for field in fields:
        readers.append(_reader(field, connection, now))
    quote = connection.ops.quote_name
    # Names from the model, quoted; every value a parameter.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(f.column or f.name) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    rows = [tuple(read(obj) for read in readers) for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)


def _reader(
    field: models.Field[Any, Any], connection: Any, now: Any
) -> Callable[[models.Model], Any]:
    attname = field.attname
    if isinstance(field, models.DateTimeField):
        stamp = connection.ops.adapt_datetimefield_value(now)
        if field.auto_now or field.auto_now_add:
            return lambda obj: stamp
        adapt_datetime = connection.ops.adapt_datetimefield_value
        return lambda obj: adapt_datetime(getattr(obj, attname))
    if isinstance(field, models.DateField):
        adapt_date = connection.ops.adapt_datefield_value
        return lambda obj: adapt_date(getattr(obj, attname))
    if isinstance(field, models.CharField | models.TextField) and is_project_app(
        field.model._meta.app_label
    ):
        # What the pre_save receiver does for one save (core.text.clean_text_fields).
        def clean(obj: models.Model) -> Any:
            value = getattr(obj, attname)
            return strip_xml_illegal(value) if isinstance(value, str) else value

        return clean
    if isinstance(field, _PLAIN):
        return lambda obj: getattr(obj, attname)
    return lambda obj: field.get_db_prep_save(getattr(obj, attname), connection)
