"""The database router: the read-only pages read from the replica alias, everything else
from the primary. The replica is a second alias on the test database itself (the TEST MIRROR
of a real deployment's settings): these tests prove where each query goes, not replication."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from greenplan import settings as project_settings
from greenplan.db_router import ReplicaRouter, is_replica_view, reads_from_replica


@pytest.fixture
def replica(settings):
    """The routing of a deployment with DATABASE_REPLICA_URL set: the suite's "replica" alias
    (conftest.py) is a mirror of the test database; a replica (another connection) sees only
    what is committed, hence transactional tests."""
    assert settings.DATABASES["replica"]["TEST"]["MIRROR"] == "default"
    settings.DATABASE_REPLICA_VIEWS = project_settings.DATABASE_REPLICA_VIEWS


pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def queries(alias):
    return CaptureQueriesContext(connections[alias])


def tables(captured) -> str:
    return " ".join(q["sql"] for q in captured.captured_queries)


def test_the_audit_page_reads_from_the_replica_and_the_session_from_the_primary(
    replica, world, client
):
    client.force_login(world.admin)
    with queries("replica") as on_replica, queries("default") as on_primary:
        response = client.get("/audit/")
    assert response.status_code == 200
    assert "simple_history" in tables(on_replica) or "historical" in tables(on_replica)
    assert "django_session" not in tables(on_replica)
    assert "django_session" in tables(on_primary)


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/"), ("get", "/inbox/"), ("post", "/audit/")],
)
def test_other_pages_and_every_post_read_from_the_primary(replica, world, client, method, url):
    client.force_login(world.admin)
    with queries("replica") as on_replica:
        getattr(client, method)(url)
    assert on_replica.captured_queries == []


def test_an_api_list_reads_from_the_replica(replica, world, client):
    client.force_login(world.admin)
    with queries("replica") as on_replica:
        response = client.get("/api/orgs")
    assert response.status_code == 200
    assert "orgs_organisation" in tables(on_replica)


def test_writes_go_to_the_primary_even_on_a_read_only_page(replica, world):
    router = ReplicaRouter()
    with reads_from_replica():
        assert router.db_for_read(User) == "replica"
        assert router.db_for_write(User) == "default"
        with transaction.atomic():  # a transaction must see its own writes
            assert router.db_for_read(User) == "default"
        with queries("replica") as on_replica:
            User.objects.filter(pk=world.admin.pk).update(first_name="Lan")
        assert on_replica.captured_queries == []
        assert User.objects.get(pk=world.admin.pk).first_name == "Lan"  # read on the replica


def test_without_a_replica_every_read_uses_the_default(monkeypatch):
    monkeypatch.delitem(django_settings.DATABASES, "replica")  # put back after the test
    router = ReplicaRouter()
    with reads_from_replica():
        assert router.db_for_read(User) is None
    assert router.allow_migrate("replica", "accounts") is False
    assert router.allow_migrate("default", "accounts") is True


def test_the_pages_marked_read_only(replica):
    assert is_replica_view("audit:list")
    assert is_replica_view("api:list_reports")
    assert is_replica_view("reporting:round_live")
    assert not is_replica_view("api:get_report")
    assert not is_replica_view("reporting:report")
    assert not is_replica_view(None)
