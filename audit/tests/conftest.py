"""Fixtures of the audit tests: the audit page's query count, and the project fixtures whose
links it shows (the plan tree and the 5-year SEDP)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.tests.conftest import sedp, tree  # noqa: F401 (pytest fixtures, used by name)


@pytest.fixture
def audit_page_queries(world, as_user):
    """A function that opens the audit page as the administrator and returns how many queries
    it ran (the first, warming sessions, content types and templates up, is not counted)."""
    admin = as_user(world.admin)
    admin.get("/audit/")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin.get("/audit/").status_code == 200
        return len(captured)

    return queries
