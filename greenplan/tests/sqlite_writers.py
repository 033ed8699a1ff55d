"""Two people save at the same moment against a file SQLite database: run in its own process
by test_sqlite_concurrency.py, with DATABASE_URL naming a file that holds the schema.

Each round releases two threads (each with its own connection, as two gunicorn workers would
have) through a barrier: once on the same report (one save wins, the other is refused as
stale), once on the reports of two agencies (both are saved). Prints what every save gave, as
JSON: "saved", "stale" or the error.

`sqlite_writers backup <archive>` instead takes a backup while a thread keeps saving.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenplan.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from greenplan.testing.personas import build_world  # noqa: E402
from reporting import actions  # noqa: E402
from reporting.actions import ItemChanges, StaleReport  # noqa: E402
from reporting.models import AgencyReport  # noqa: E402
from reporting.tests.conftest import build_reporting  # noqa: E402

TIMEOUT = 60


def save(user, report: AgencyReport, text: str, barrier: threading.Barrier) -> str:
    version = AgencyReport.objects.get(pk=report.pk).version  # both read the form first
    item = report.items.order_by("pk").first()
    assert item is not None
    barrier.wait()
    try:
        actions.save_draft(
            report,
            user=user,
            version=version,
            general={"general_results": text},
            items={item.pk: ItemChanges({"status": "in_progress", "results": text})},
        )
        return "saved"
    except StaleReport:
        return "stale"
    except Exception as exc:  # what the test must never see: "database is locked"
        return f"{type(exc).__name__}: {exc}"
    finally:
        connection.close()  # this thread's own connection


def together(*jobs) -> list[str]:
    barrier = threading.Barrier(len(jobs), timeout=TIMEOUT)
    results = [""] * len(jobs)

    def run(index: int, job) -> None:
        results[index] = job(barrier)

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    return results


def main(rounds: int) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    rep = build_reporting(build_world())
    world = rep.world
    out: dict[str, list[list[str]]] = {"same report": [], "two agencies": []}
    for number in range(rounds):
        out["same report"].append(
            together(
                lambda b, n=number: save(world.staff, rep.donre_report, f"{n} staff", b),
                lambda b, n=number: save(world.leader, rep.donre_report, f"{n} leader", b),
            )
        )
        out["two agencies"].append(
            together(
                lambda b, n=number: save(world.staff, rep.donre_report, f"{n} donre", b),
                lambda b, n=number: save(world.other_staff, rep.doit_report, f"{n} doit", b),
            )
        )
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        out["journal_mode"] = cursor.fetchone()[0]
    print(json.dumps(out))


def backup_while_saving(archive: str) -> None:
    """A backup while someone keeps adding plans: the archive must read back (its counts
    match its data) and hold a moment between the writer's first and last plan."""
    from greenplan.backup import check_archive, write_backup
    from plans.models import Plan

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    stop = threading.Event()
    started = threading.Event()
    added: list[str] = []
    errors: list[str] = []

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
                    plan.save(update_fields=["title"])
                added.append(plan.number)
                started.set()
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            started.set()
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    started.wait(TIMEOUT)
    try:
        counts = write_backup(Path(archive))
        during = len(added)
    finally:
        stop.set()
        thread.join(TIMEOUT)
    checked = check_archive(Path(archive))
    print(
        json.dumps(
            {
                "errors": errors,
                "added before the end": during,
                "plans in archive": counts["plans.plan"],
                "checked": checked.counts == counts,
                "plans at the end": Plan.objects.count(),
            }
        )
    )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "backup":
        backup_while_saving(sys.argv[2])
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
