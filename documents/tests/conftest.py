"""Fixtures of the documents tests: the demo round 2018 of Bình Dương, its consolidation.

The demo comes from the suite's one cache (greenplan/testing/demo_cache.py): loaded once per
test process, copied back in for each test.
"""

from __future__ import annotations

import datetime
import io

import pytest
from docx import Document

from documents.consolidation import consolidate
from documents.contents import Consolidation
from documents.docx_report import build_docx
from reporting.models import ReportingRound

ISSUED_ON = datetime.date(2018, 11, 5)


@pytest.fixture(autouse=True)
def _documents_settings(settings, tmp_path):
    # Files under a throwaway MEDIA_ROOT; builds in the request (no thread), no PDF converter
    # even where LibreOffice happens to be installed: CI does not have it.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENTS_BUILD_IN_BACKGROUND = False
    settings.DOCUMENTS_SOFFICE = ""


@pytest.fixture
def demo_db(demo) -> None:
    """The Bình Dương demo (users, plan 1847/KH-UBND, rounds 2018 and 2019), from the one
    demo cache of the suite (conftest.py's `demo`)."""


@pytest.fixture
def round_2018(demo_db) -> ReportingRound:
    """Bình Dương's 2018 round, with no consolidated version yet: the demo's national chain
    (demo/national.py) generated and approved some, which these tests of generation do not
    want (they count versions from 1)."""
    from documents.models import ConsolidatedReport

    ConsolidatedReport.objects.all().delete()
    return ReportingRound.objects.get(plan__number="1847/KH-UBND", year=2018)


@pytest.fixture
def consolidation(round_2018) -> Consolidation:
    return consolidate(round_2018, today=ISSUED_ON)


@pytest.fixture
def docx_document(consolidation):
    return Document(io.BytesIO(build_docx(consolidation)))
