"""Load the demo once per test process, then copy its rows back in for every later test.

Loading the Bình Dương demo through the actions (plans, rounds, reports, indicators,
projects, with history) takes seconds; many tests need it. The first test that asks for it
loads it for real and keeps a copy of every row it created; later tests (each in its own
rolled-back transaction) get those rows back with one bulk insert per table. Foreign keys
are checked at commit (Django creates them deferrable), so table order does not matter.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

_snapshot: list[tuple[type[models.Model], list[dict]]] | None = None


def _all_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy]


def _counts() -> dict[type[models.Model], int]:
    return {m: m._base_manager.count() for m in _all_models()}


def load_demo_cached() -> None:
    global _snapshot
    from demo.loader import load_demo

    if _snapshot is not None and not any(m._base_manager.exists() for m, _rows in _snapshot):
        for model, rows in _snapshot:
            model._base_manager.bulk_create([model(**row) for row in rows])
        return
    before = _counts()
    # The demo's consolidated reports (demo/national.py) are built in the load: without the
    # PDF converter (seconds per file), and into a throwaway folder, in the tests.
    import tempfile

    from django.test import override_settings

    with override_settings(
        DOCUMENTS_SOFFICE="", DOCUMENTS_BUILD_IN_BACKGROUND=False, MEDIA_ROOT=tempfile.mkdtemp()
    ):
        load_demo()
    if _snapshot is None and all(before[m] == 0 for m, n in _counts().items() if n != before[m]):
        _snapshot = [
            (
                model,
                list(model._base_manager.values(*[f.attname for f in model._meta.concrete_fields])),
            )
            for model, count in _counts().items()
            if count != before[model]
        ]
