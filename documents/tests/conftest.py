"""Fixtures of the documents tests: the demo round 2018 of Bình Dương, its consolidation.

The demo is loaded once per test module (it takes seconds) inside a transaction rolled back
at the end of the module; each test runs in its own savepoint within it, as usual.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import transaction
from docx import Document

from documents.consolidation import Consolidation, consolidate
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


@pytest.fixture(scope="module")
def _demo_module(django_db_setup, django_db_blocker):
    from demo.loader import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(_demo_module, db) -> None:
    """The Bình Dương demo (users, plan 1847/KH-UBND, rounds 2018 and 2019)."""


@pytest.fixture
def round_2018(demo_db) -> ReportingRound:
    return ReportingRound.objects.get(plan__number="1847/KH-UBND", year=2018)


@pytest.fixture
def consolidation(round_2018) -> Consolidation:
    return consolidate(round_2018, today=ISSUED_ON)


@pytest.fixture
def docx_document(consolidation):
    return Document(io.BytesIO(build_docx(consolidation)))
