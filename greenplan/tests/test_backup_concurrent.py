"""A backup taken while people work restores: the dump is one consistent snapshot.

A writer thread with its own connection keeps adding and then changing plans (each write with
its history row) for the whole time of the backup; the archive must still hold matching data and
row counts, and restore. Needs parallel connections, so PostgreSQL only (skipped elsewhere, as
the other concurrent-writer tests; run with DATABASE_URL=postgres://...).
"""

from __future__ import annotations

import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from greenplan.backup import model_counts
from plans.models import Plan

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL (row locks, parallel connections); "
        "run with DATABASE_URL=postgres://...",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_a_backup_taken_while_people_save_restores(world, media, tmp_path):
    stop = threading.Event()
    written = threading.Semaphore(0)
    added: list[int] = []
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                with transaction.atomic():  # as the actions write: row and history together
                    plan = Plan.objects.create(
                        number=f"{len(added) + 100}/KH-UBND",
                        title="saved during the backup",
                        territory=world.province,
                        period_start=2021,
                        period_end=2025,
                    )
                with transaction.atomic():
                    plan.title = "changed during the backup"
                    plan.save(update_fields=["title"])  # a second history row, in a second write
                added.append(plan.pk)
                written.release()
        except BaseException as exc:  # shown by the test below
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert written.acquire(timeout=30)  # the writer is at work
        archive = tmp_path / "backup.zip"
        call_command("backup", str(archive))
        during = len(added)
    finally:
        stop.set()
        thread.join(30)
    assert not errors, errors
    assert during > 1  # rows were really added while the backup ran

    call_command("restore", str(archive))  # refused before the fix: the counts disagreed

    restored = Plan.objects.filter(pk__in=added)
    assert 0 < restored.count() < len(added)  # the snapshot fell while the writer worked
    assert model_counts()["plans.plan"] == Plan.objects.count()
    # One snapshot: every restored plan has its creation row, and all but perhaps the last
    # one also the change written after it.
    history = Plan.history.filter(id__in=added)
    assert history.filter(history_type="+").count() == restored.count()
    assert history.filter(history_type="~").count() in (restored.count(), restored.count() - 1)
