import pytest

from greenplan.testing.personas import World, build_world


@pytest.fixture
def world(db) -> World:
    """Two provinces, a ministry, plans and one user per role; see greenplan/testing/personas.py."""
    return build_world()


@pytest.fixture
def demo(db):
    """The full Bình Dương demo, loaded through the same code as `make run` (cached per process)."""
    from greenplan.testing.demo_cache import load_demo_cached

    load_demo_cached()


@pytest.fixture
def as_user(client):
    """Log the test client in as a given user: `as_user(world.staff)`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests need speed, not strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached charts are keyed by ids that another test's database may reuse.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request in English (or a test that activates a language) leaves that language active
    # in the thread; every test starts and ends in the site's default language.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def national(world):
    """The national chain on top of the personas; see greenplan/testing/national.py."""
    from greenplan.testing.national import build_national

    return build_national(world)
