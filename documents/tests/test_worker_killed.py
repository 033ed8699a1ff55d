"""A worker SIGKILLed half-way through a consolidated report's build: the next worker builds
it (another attempt), or, with no attempt left, the version ends failed with the reason and
the "try again" button. Nothing stays "being generated".

Real processes on the real queue (the database backend): the test enqueues the build, a
worker (documents/tests/blocking_worker.py) claims it and stops inside the Word step, the
test kills it with SIGKILL, then starts a plain `manage.py run_worker --batch`, whose schedule
finds the build that no longer reports progress. On SQLite the test database (in memory) is
copied to a file the workers open; on PostgreSQL they open the test database itself.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django_tasks_db.models import DBTaskResult

from documents import actions
from documents.models import ConsolidatedReport
from reporting.models import ReportingRound

pytestmark = pytest.mark.django_db(transaction=True)
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WAIT = 180  # seconds; generous for a loaded machine, never reached when things work


def database_url(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        path = tmp_path / "queue.sqlite3"
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def read(url: str, sql: str, *params: Any) -> tuple:
    """One row, read as another process would (the file database on SQLite)."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return db.execute(sql, params).fetchone()
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("?", "%s"), params)
        return cursor.fetchone()


def environment(url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "greenplan.settings",
        "DATABASE_URL": url,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DOCUMENTS_SOFFICE": "",
        "LOG_FORMAT": "json",
        **extra,
    }


@pytest.fixture
def queued_build(demo, settings) -> ConsolidatedReport:
    """A version of the 2018 round, its build waiting on the database queue."""
    settings.TASKS = DATABASE_BACKEND
    round_ = ReportingRound.objects.get(plan__number="1847/KH-UBND", year=2018)
    coordinator = get_user_model().objects.get(username="dpi.coordinator")
    version = actions.generate_consolidated_report(round_, user=coordinator, background=True)
    version.refresh_from_db()
    assert version.build == ConsolidatedReport.Build.QUEUED and version.task_id
    return version


def kill_mid_build(url: str, tmp_path: Path, **extra: str) -> None:
    marker = tmp_path / "building"
    log = tmp_path / "worker.log"  # a file, not a pipe: a full pipe would stall the worker
    with log.open("wb") as stderr:
        worker = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "documents.tests.blocking_worker", str(marker)]
            + ["--no-schedule", "--no-startup-delay", "--interval", "0.1"],
            cwd=settings.BASE_DIR,
            env=environment(url, tmp_path, **extra),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + WAIT
        while not marker.exists():  # written by the worker once its build is half-way
            said = log.read_text(errors="replace")[-3000:]
            assert worker.poll() is None, said
            assert time.monotonic() < deadline, f"the worker never started the build: {said}"
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL


def run_next_worker(url: str, tmp_path: Path, **extra: str) -> str:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "run_worker", "--batch", "--no-startup-delay"],
        cwd=settings.BASE_DIR,
        # No progress for 0 s counts as stalled: the killed build is found at once (its
        # heartbeat is older than the start of this worker), not after a real timeout.
        env=environment(url, tmp_path, DOCUMENTS_BUILD_TIMEOUT="0", **extra),
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout + done.stderr


REPORT = (
    "SELECT build, attempt, progress, error, docx, xlsx FROM documents_consolidatedreport "
    "WHERE id = ?"
)
TASK = f"SELECT status FROM {DBTaskResult._meta.db_table} WHERE id = ?"  # noqa: S608 (a name)


def task_id(version: ConsolidatedReport) -> object:
    """The version's task id as the queue's table stores it (hex without dashes on SQLite)."""
    return DBTaskResult._meta.pk.get_db_prep_value(version.task_id, connection)


def test_a_build_whose_worker_was_killed_is_built_by_the_next_worker(queued_build, tmp_path):
    url = database_url(tmp_path)

    kill_mid_build(url, tmp_path)

    build, attempt, progress, *_ = read(url, REPORT, queued_build.pk)
    assert (build, attempt) == ("running", 1) and 0 < progress < 100  # left half-way
    assert read(url, TASK, task_id(queued_build)) == ("RUNNING",)  # claimed, never finished

    logs = run_next_worker(url, tmp_path, DOCUMENTS_BUILD_ATTEMPTS="3")

    build, attempt, progress, error, docx, xlsx = read(url, REPORT, queued_build.pk)
    assert (build, attempt, progress, error) == ("ready", 2, 100, "")
    assert (tmp_path / "media" / docx).stat().st_size > 0
    assert (tmp_path / "media" / xlsx).stat().st_size > 0
    assert "attempt 2 queued" in logs  # the worker's JSON log lines say what happened


def test_with_no_attempt_left_it_ends_failed_with_the_reason(queued_build, tmp_path):
    url = database_url(tmp_path)

    kill_mid_build(url, tmp_path)
    run_next_worker(url, tmp_path, DOCUMENTS_BUILD_ATTEMPTS="1")

    build, attempt, _progress, error, docx, _xlsx = read(url, REPORT, queued_build.pk)
    assert (build, attempt, docx) == ("failed", 1, "")
    assert "máy chủ" in error and "thử lại" in error  # the reason the page shows (and "try again")


def test_a_build_still_waiting_its_turn_on_the_queue_is_not_stalled(queued_build, settings):
    settings.DOCUMENTS_BUILD_TIMEOUT = 0  # long past its last report, yet no worker took it

    assert actions.recover_stalled_builds() == (0, 0)

    queued_build.refresh_from_db()
    assert queued_build.build == ConsolidatedReport.Build.QUEUED and queued_build.attempt == 1


# --- An import job (jobs): the same recovery, through jobs.actions.recover_stalled_import_jobs


JOB = (
    "SELECT status, attempt, progress, problems, result_url, file FROM jobs_importjob WHERE id = ?"
)


def test_a_plan_import_whose_worker_was_killed_is_finished_by_the_next_worker(
    world, settings, tmp_path
):
    from jobs.models import ImportJob
    from plans.actions import queue_plan_import
    from plans.tests.plan_files import workbook

    settings.TASKS = DATABASE_BACKEND
    settings.MEDIA_ROOT = tmp_path / "media"  # where the workers read the stored file
    job = queue_plan_import("ke-hoach.xlsx", workbook(), user=world.coordinator)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED and job.task_id  # on the database queue
    url = database_url(tmp_path)

    kill_mid_build(url, tmp_path, BLOCKING_STEP="plan_import")

    status, attempt, progress, *_ = read(url, JOB, job.pk)
    assert (status, attempt, progress) == ("running", 1, 40)  # file read, killed in its write

    logs = run_next_worker(url, tmp_path, IMPORT_JOB_TIMEOUT="0", IMPORT_JOB_ATTEMPTS="3")

    status, attempt, progress, problems, result_url, file = read(url, JOB, job.pk)
    assert (status, attempt, progress, file) == ("done", 2, 100, "")
    assert problems in ("[]", [])  # JSON text on SQLite, decoded by psycopg
    number = read(url, "SELECT id FROM plans_plan WHERE number = ?", "12/KH-UBND")
    assert number is not None and result_url == f"/plans/{number[0]}/"
    assert "attempt 2 queued" in logs
