"""SQLite, the default database: two people saving at the same moment never get "database is
locked". The settings open SQLite transactions as IMMEDIATE with a busy timeout and WAL, so
the second save waits for the first and then sees its version (stale) or saves its own
report.

Runs a separate process (greenplan/tests/sqlite_writers.py) against a file database holding
the test database's schema: the test database itself is in memory, where locking differs.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="about SQLite's locking (the default database)"
)
ROUNDS = 10


@pytest.fixture
def sqlite_file(tmp_path, db) -> Path:
    """A file database with the test database's schema (copied: no migrations to run)."""
    path = tmp_path / "db.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        )
        schema = [sql for (sql,) in cursor.fetchall()]
    target = sqlite3.connect(path)
    for sql in schema:
        target.execute(sql)
    target.commit()
    target.close()
    return path


def run_writers(path: Path, *args: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "DJANGO_SETTINGS_MODULE": "greenplan.settings",
    }
    done = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "greenplan.tests.sqlite_writers", *(args or [str(ROUNDS)])],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_two_people_saving_at_the_same_moment_never_get_database_is_locked(sqlite_file):
    results = run_writers(sqlite_file)

    # The same report: one save wins, the other is told it is stale (the report page then
    # shows both texts); never an error.
    assert all(sorted(pair) == ["saved", "stale"] for pair in results["same report"]), results
    # Two agencies' reports: both are saved, one after the other.
    assert all(pair == ["saved", "saved"] for pair in results["two agencies"]), results
    assert results["journal_mode"] == "wal"


def test_sqlite_settings_wait_for_the_write_lock_instead_of_failing():
    options = settings.DATABASES["default"]["OPTIONS"]

    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_a_backup_taken_while_someone_saves_reads_back(sqlite_file, tmp_path):
    # The backup's own read transaction (deferred, not IMMEDIATE: the writer goes on in WAL).
    result = run_writers(sqlite_file, "backup", str(tmp_path / "backup.zip"))

    assert result["errors"] == []
    assert result["checked"]  # write_backup read it back too; here once more, from outside
    assert result["added before the end"] >= 1
    assert result["plans in archive"] < result["plans at the end"]  # the writer went on
