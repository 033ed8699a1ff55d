import pytest
from django.conf import settings

from greenplan.testing.personas import World, build_world

# Every test run has the "replica" alias that DATABASE_REPLICA_URL adds in a deployment, as a
# mirror of the test database (Django's TEST MIRROR), so that the router is tested with a real
# second alias (greenplan/tests/test_db_router.py). No page reads from it unless a test turns
# the routing on (`_no_replica_reads` below).
settings.DATABASES.setdefault(
    "replica", {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}
)


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
def _no_replica_reads(settings):
    # A test reading from the replica alias must say so (databases=[..., "replica"]).
    settings.DATABASE_REPLICA_VIEWS = []


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


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    # Tasks run where they are enqueued (after the commit, as in production): tests about the
    # worker itself use the database backend and a real worker process (documents/tests).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _no_pdf_converter(settings):
    # The same suite whether or not LibreOffice is on the machine (seconds per file): the
    # tests of the PDF step fake the converter themselves (documents/tests).
    settings.DOCUMENTS_SOFFICE = ""


@pytest.fixture
def national(world):
    """The national chain on top of the personas; see greenplan/testing/national.py."""
    from greenplan.testing.national import build_national

    return build_national(world)


@pytest.fixture
def reform(national):
    """Bình Dương merged into Hồ Chí Minh City from 01/07/2025 on the national chain, a 2019 and
    a 2025 national round; see greenplan/testing/national.py (build_reform)."""
    from greenplan.testing.national import build_reform

    return build_reform(national)
