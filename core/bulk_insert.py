"""Rows inserted by the thousand, without Django's per-value preparation.

Django's bulk_create builds one statement per batch and passes every value of every row
through the field's preparation chain; for an import of 100,000 plan items with their
assignments that costs more than reading the file. `insert_rows` takes unsaved model
instances, `insert_values` plain tuples of some of the model's fields (the others take their
default: auto_now fields now); each value is read once, as a save would store it (foreign keys
by id, dates in the database's form, text cleaned as on a save: core.text), and the rows go to
the driver as they are:

* PostgreSQL: one COPY ... FROM STDIN (psycopg's `cursor.copy`), the rows streamed in one
  round trip, where executemany would wait for the server after each row;
* SQLite: one prepared INSERT run for every row (executemany), which is a loop in C in the
  same process.

Either is one statement in the query log. It writes no history and sends no signals: the
caller records history in bulk too (core.history.copy_to_history) and reads back the ids it
needs (neither path returns them).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
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

Adapter = Callable[[Any], Any]


def insert_rows(
    model: type[models.Model], objs: Sequence[models.Model], *, using: str = "default"
) -> int:
    """INSERT `objs`, unsaved instances of `model` whose primary key the database assigns.
    Returns the number of rows."""
    if not objs:
        return 0
    fields = _fields(model)
    read = attrgetter(*(field.attname for field in fields))
    if len(fields) == 1:  # attrgetter of one name returns the value, not a tuple
        return _insert(model, fields, ((read(obj),) for obj in objs), using=using)
    return _insert(model, fields, (read(obj) for obj in objs), using=using)


def insert_values(
    model: type[models.Model],
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    using: str = "default",
) -> int:
    """INSERT `rows`, each the values of the fields `names` (attribute names: "item_id") in
    that order, of new rows of `model` whose primary key the database assigns; every other
    field takes its default (auto_now and auto_now_add fields: now). For many rows where
    building a model instance for each costs more than its insert. Returns the number of
    rows."""
    fields = _fields(model)
    unknown = set(names) - {field.attname for field in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
    now = timezone.now()
    defaults = [
        now
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        # A field without a default is NULL, as the database would make it.
        else field.get_default()
        for field in fields
    ]
    positions = [names.index(field.attname) if field.attname in names else -1 for field in fields]

    def full(row: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(
            row[position] if position >= 0 else default
            for position, default in zip(positions, defaults, strict=True)
        )

    return _insert(model, fields, (full(row) for row in rows), using=using, now=now)


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _insert(
    model: type[models.Model],
    fields: list[models.Field[Any, Any]],
    values: Iterable[Any],
    *,
    using: str,
    now: Any = None,
) -> int:
    connection = connections[using]
    now = now or timezone.now()
    adapters = [_adapter(field, connection, now) for field in fields]
    steps = [(index, adapt) for index, adapt in enumerate(adapters) if adapt is not None]
    if steps:

        def prepared(row: Sequence[Any]) -> tuple[Any, ...]:
            row = list(row)
            for index, adapt in steps:
                row[index] = adapt(row[index])
            return tuple(row)

        rows = [prepared(row) for row in values]
    else:
        rows = [tuple(row) for row in values]
    if not rows:
        return 0
    quote = connection.ops.quote_name
    # Names from the model, quoted; every value a parameter (or a COPY row).
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column or f.name) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({columns}) FROM STDIN"
            _copy(connection, cursor, sql, rows)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(sql, rows)
    return len(rows)


def _copy(connection: Any, cursor: Any, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """Stream `rows` through COPY, logged as one query where Django logs queries (DEBUG, the
    tests' query counts), its errors Django's (IntegrityError) as for any other statement."""
    start = time.monotonic()
    with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
    if connection.queries_logged:
        connection.queries_log.append(
            {"sql": f"{sql} -- {len(rows)} rows", "time": f"{time.monotonic() - start:.3f}"}
        )


def _adapter(field: models.Field[Any, Any], connection: Any, now: Any) -> Adapter | None:
    """What turns the field's Python value into the one bound; None for the value as it is."""
    if isinstance(field, models.DateTimeField):
        if field.auto_now or field.auto_now_add:
            stamp = connection.ops.adapt_datetimefield_value(now)
            return lambda value: stamp
        return connection.ops.adapt_datetimefield_value  # type: ignore[no-any-return]
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value  # type: ignore[no-any-return]
    if isinstance(field, models.CharField | models.TextField) and is_project_app(
        field.model._meta.app_label
    ):
        # What the pre_save receiver does for one save (core.text.clean_text_fields).
        return lambda value: strip_xml_illegal(value) if isinstance(value, str) else value
    if isinstance(field, _PLAIN):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def update_rows(
    model: type[models.Model],
    objs: Sequence[models.Model],
    names: Sequence[str],
    *,
    using: str = "default",
) -> int:
    """UPDATE the fields `names` of `objs`, saved instances of `model`, to their values on the
    instances, by primary key: one prepared UPDATE run for every row (executemany), where
    Django's bulk_update builds a CASE of every row of a batch for every field, which the
    database evaluates for every row (quadratic in the batch). auto_now fields among `names`
    are set to now. Returns the number of rows."""
    if not objs:
        return 0
    connection = connections[using]
    fields: list[models.Field[Any, Any]] = []
    for name in names:
        field = model._meta.get_field(name)
        if not isinstance(field, models.Field) or not field.concrete:
            raise ValueError(f"{model.__name__}.{name} is not a column")
        fields.append(field)
    pk = model._meta.pk
    assert pk is not None and pk.column  # every model has one
    now = timezone.now()
    adapters = [_adapter(field, connection, now) for field in fields]
    read = attrgetter(*(field.attname for field in fields), "pk")
    rows = []
    for obj in objs:
        values = list(read(obj))
        for index, adapt in enumerate(adapters):
            if adapt is not None:
                values[index] = adapt(values[index])
        rows.append(values)
    quote = connection.ops.quote_name
    # Names from the model, quoted; every value a parameter.
    sql = (
        f"UPDATE {quote(model._meta.db_table)} "  # noqa: S608
        f"SET {', '.join(f'{quote(f.column or f.name)} = %s' for f in fields)} "
        f"WHERE {quote(pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)
