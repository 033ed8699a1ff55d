"""The database connection's options read from the environment (greenplan/settings.py)."""

from __future__ import annotations

import pytest
from django.db import connection

from greenplan import settings as project_settings


def test_postgresql_connections_have_jit_switched_off(monkeypatch):
    monkeypatch.delenv("POSTGRES_JIT", raising=False)
    database = {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"options": "-c x=1"}}
    project_settings._without_jit(database)
    assert database["OPTIONS"]["options"] == "-c x=1 -c jit=off"


def test_jit_stays_on_when_asked(monkeypatch):
    monkeypatch.setenv("POSTGRES_JIT", "1")
    database = {"ENGINE": "django.db.backends.postgresql"}
    project_settings._without_jit(database)
    assert "OPTIONS" not in database


def test_sqlite_options_are_left_alone(monkeypatch):
    monkeypatch.delenv("POSTGRES_JIT", raising=False)
    database = {"ENGINE": "django.db.backends.sqlite3", "OPTIONS": {"timeout": 20}}
    project_settings._without_jit(database)
    assert database["OPTIONS"] == {"timeout": 20}


@pytest.mark.django_db
def test_the_running_database_compiles_no_query():
    """On PostgreSQL, the suite's own connection was opened with JIT off; SQLite has no JIT."""
    if connection.vendor != "postgresql":
        assert connection.settings_dict.get("OPTIONS", {}).get("options") is None
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
