"""An uploaded agency workbook reports every error of the file at once (issue 18, defect 14):
the cells it cannot read and the report's own rules (a completed item needs 100 % and its
results), not the second kind only on the next upload; a too large file says its size and the
limit."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.tests.test_agency_workbook import download, draft, snapshot, staff, upload

__all__ = ["draft", "staff"]  # fixtures


def test_unreadable_cells_and_the_reports_rules_are_reported_together(staff, draft):
    # given a template with an unreadable progress on row 2 and a completed item without its
    # results on row 3
    wb = download(staff, draft)
    ws = wb["Report lines"]
    ws["F2"] = "một trăm"
    ws["E3"] = "Completed"
    ws["F3"] = 100
    ws["G3"] = None
    before = snapshot(draft)

    # when it is uploaded once
    response = upload(staff, draft, wb)

    # then both errors are listed, and nothing is saved
    html = response.content.decode().replace("&quot;", '"')
    assert 'row 2, column "Progress (%)": a whole number from 0 to 100.' in html
    assert 'row 3, column "Results achieved": A completed item needs' in html
    assert snapshot(draft) == before


def test_a_too_large_file_says_its_size_and_the_limit(staff, draft, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    response = staff.post(
        reverse("documents:report_workbook", args=[draft.pk]),
        {"file": SimpleUploadedFile("bao-cao.xlsx", b"x" * 5000)},
    )
    html = response.content.decode()
    assert "The file is too large (4.9\xa0KB); the limit is 1000\xa0bytes." in html
