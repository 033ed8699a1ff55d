"""/healthz and /readyz: without login, without data, 200 or 503 in JSON."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.db.migrations.executor import MigrationExecutor

from greenplan import health

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_reading_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readiness_checks_everything_and_says_ok(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    health._migrated = False

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": dict.fromkeys(["database", "migrations", "cache", "storage", "task_queue"], "ok"),
    }


def test_a_cache_that_loses_what_it_stores_makes_it_503_without_details(
    client, monkeypatch, caplog
):
    monkeypatch.setattr(cache, "get", lambda key, default=None: None)

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing" and body["checks"]["cache"] == "failing"
    assert body["checks"]["database"] == "ok"
    assert "did not return" not in json.dumps(body)  # the reason goes to the log only
    assert "readiness check cache failed" in caplog.text


def test_unapplied_migrations_make_it_503(client, monkeypatch):
    health._migrated = False
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: ["0099"])

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "failing"


def test_an_unreachable_database_makes_it_503(client, monkeypatch):
    def broken() -> None:
        raise OSError("connection refused by 10.0.0.5:5432")

    monkeypatch.setitem(health.CHECKS, "database", broken)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert "10.0.0.5" not in response.content.decode()


def test_no_other_method(client):
    assert client.post("/readyz").status_code == 405
