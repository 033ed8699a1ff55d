"""The cache and the sessions shared by several app servers: Django's Redis backend against a
real redis-server (REDIS_URL, e.g. redis://127.0.0.1:6390/0; .ci/run starts one and sets it).

Without REDIS_URL these tests are reported as skipped with the reason, and under CI (CI set)
they fail instead: CI must never pass them without a server."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from core.charts import recent_svg

REDIS_URL = os.environ.get("REDIS_URL", "")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def redis_cache(settings):
    if not REDIS_URL:
        if os.environ.get("CI"):
            pytest.fail("REDIS_URL is not set under CI: .ci/run starts redis-server and sets it")
        pytest.skip("REDIS_URL is not set: no Redis server to test the shared cache against")
    import redis

    prefix = f"test-{uuid.uuid4().hex}"  # this test's keys only: never FLUSHDB a shared server
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    client = redis.Redis.from_url(REDIS_URL)
    yield prefix, client
    keys = client.keys(f"{prefix}:*")
    if keys:
        client.delete(*keys)
    client.close()


def another_app_server(prefix: str) -> RedisCache:
    """A cache backend of its own, as another gunicorn process on another machine has."""
    return RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})


class Painter:
    def __init__(self) -> None:
        self.drawn = 0

    def __call__(self) -> str:
        self.drawn += 1
        return f"<svg>{self.drawn}</svg>"


def test_a_chart_drawn_by_one_app_server_is_served_by_the_other(redis_cache):
    prefix, client = redis_cache
    paint = Painter()
    first = recent_svg("reporting-board:7:vi", "state-a", paint, max_age=15)

    # the drawing is in Redis, not in this process
    assert client.keys(f"{prefix}:*chart-place:reporting-board:7:vi")
    stored = another_app_server(prefix).get("chart-place:reporting-board:7:vi")
    assert stored["svg"] == first.svg == "<svg>1</svg>"

    # a fresh backend (the other server's) serves it without drawing again
    caches["default"].close()
    del caches["default"]
    again = recent_svg("reporting-board:7:vi", "state-a", paint, max_age=15)
    assert paint.drawn == 1 and again.svg == "<svg>1</svg>" and again.current


def test_the_round_board_puts_its_chart_in_redis(redis_cache, world, as_user):
    from reporting.tests.conftest import build_reporting

    prefix, client = redis_cache
    rep = build_reporting(world)
    response = as_user(world.coordinator).get(
        f"/reporting/rounds/{rep.round.pk}/live/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "<svg" in response.content.decode()
    assert client.keys(f"{prefix}:*chart-place:reporting-board:{rep.round.pk}:vi")


def test_sessions_in_the_cache_live_in_redis(redis_cache, settings, world, client):
    prefix, redis_client = redis_cache
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    client.force_login(world.coordinator)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    assert redis_client.keys(f"{prefix}:*{session_key}")
    # another app server reads the same session: the person stays logged in
    assert another_app_server(prefix).get(f"django.contrib.sessions.cache{session_key}")
    response = client.get("/inbox/")
    assert response.status_code == 200


def settings_in_a_process(**environ: str) -> str:
    """The settings a process started with these variables reads (or its error)."""
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.CACHES['default'], settings.SESSION_ENGINE]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "greenplan.settings", **environ}
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return done.stdout + done.stderr


def test_cache_url_redis_selects_djangos_redis_backend():
    out = settings_in_a_process(CACHE_URL="redis://10.0.0.5:6379/2", SESSION_STORE="cached_db")
    assert "django.core.cache.backends.redis.RedisCache" in out
    assert "redis://10.0.0.5:6379/2" in out
    assert "django.contrib.sessions.backends.cached_db" in out


def test_sessions_in_a_per_process_cache_are_refused():
    out = settings_in_a_process(CACHE_URL="locmem://", SESSION_STORE="cache")
    assert "SESSION_STORE=cache keeps sessions in each worker's memory" in out
    assert "must be db, cache or cached_db" in settings_in_a_process(SESSION_STORE="redis")
