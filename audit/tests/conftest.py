"""The project fixtures the audit tests show links of: the plan tree and the 5-year SEDP."""

from projects.tests.conftest import sedp, tree  # noqa: F401 (pytest fixtures, used by name)
