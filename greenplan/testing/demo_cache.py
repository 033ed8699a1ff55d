"""Load the demo once per test process, then copy its rows back in for every later test.

Loading the Bình Dương demo through the actions (plans, rounds, reports, indicators,
projects, with history) takes seconds; many tests need it. The first test that asks for it
loads it for real and keeps a copy of every row it created; later tests (each in its own
rolled-back transaction) get those rows back with one bulk insert per table. Foreign keys
are checked at commit (Django creates them deferrable), so table order does not matter.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models, transaction

_snapshot: list[tuple[type[models.Model], list[dict]]] | None = None
# The rows the snapshot refers to without having made them (content types, permissions), by
# their natural keys: a transactional test's flush (every browser test's) makes them again
# under new ids, and the snapshot's references are then translated to those.
_made_before: dict[type[models.Model], dict[int, tuple]] = {}
_media_root: str | None = None


def _rows_made_before() -> dict[type[models.Model], dict[int, tuple]]:
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    return {
        ContentType: {
            pk: (app, model)
            for pk, app, model in ContentType.objects.values_list("pk", "app_label", "model")
        },
        Permission: {
            pk: (app, model, codename)
            for pk, app, model, codename in Permission.objects.values_list(
                "pk", "content_type__app_label", "content_type__model", "codename"
            )
        },
    }


def _translated(snapshot, now: dict[type[models.Model], dict[int, tuple]]):
    """The snapshot with its references to content types and permissions made from their
    natural keys at snapshot time to today's ids."""
    new_id = {model: {key: pk for pk, key in now[model].items()} for model in _made_before}
    old_to_new = {
        model: {pk: new_id[model][key] for pk, key in keys.items() if key in new_id[model]}
        for model, keys in _made_before.items()
    }
    translated = []
    for model, rows in snapshot:
        refs = [
            (f.attname, old_to_new[f.related_model])
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model in old_to_new
        ]
        if refs:
            rows = [{**row, **{a: ids.get(row[a], row[a]) for a, ids in refs}} for row in rows]
        translated.append((model, rows))
    return translated


def media_root() -> str:
    """The folder of the demo's files (its consolidated reports) in this test process: a test
    that serves or reads them (the browser tests) points MEDIA_ROOT there."""
    global _media_root
    if _media_root is None:
        import tempfile

        _media_root = tempfile.mkdtemp(prefix="greenplan-demo-media-")
    return _media_root


def _all_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy]


def _counts() -> dict[type[models.Model], int]:
    return {m: m._base_manager.count() for m in _all_models()}


def _sequences_past_the_rows(restored: list[type[models.Model]]) -> None:
    """On PostgreSQL, rows inserted with their ids leave the tables' sequences where they
    were, and a sequence may have been set back meanwhile (setval is not undone by a
    rollback: loaddata, in the backup restore tests, sets it to its own rows): the next
    insert would take an id the demo already holds. Each sequence is set to its table's
    largest id."""
    from django.core.management.color import no_style
    from django.db import connection

    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows the largest id inserted
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), restored):
            cursor.execute(statement)


def load_demo_cached() -> None:
    global _snapshot, _made_before
    from demo.loader import load_demo

    if _snapshot is not None and not any(m._base_manager.exists() for m, _rows in _snapshot):
        now = _rows_made_before()
        rows_of = _snapshot if now == _made_before else _translated(_snapshot, now)
        with transaction.atomic():  # one commit: foreign keys checked at its end (also for
            for model, rows in rows_of:  # transactional tests, which have no outer one)
                model._base_manager.bulk_create([model(**row) for row in rows])
            _sequences_past_the_rows([model for model, _rows in rows_of])
        return
    before = _counts()
    # The demo's consolidated reports (demo/national.py) are built in the load: without the
    # PDF converter (seconds per file), and into a throwaway folder, in the tests.
    from django.test import override_settings

    with override_settings(
        DOCUMENTS_SOFFICE="", DOCUMENTS_BUILD_IN_BACKGROUND=False, MEDIA_ROOT=media_root()
    ):
        load_demo(restructure=False)
    if _snapshot is None and all(before[m] == 0 for m, n in _counts().items() if n != before[m]):
        _made_before = _rows_made_before()
        _snapshot = [
            (
                model,
                list(model._base_manager.values(*[f.attname for f in model._meta.concrete_fields])),
            )
            for model, count in _counts().items()
            if count != before[model]
        ]
