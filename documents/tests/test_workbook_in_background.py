"""An agency workbook of a report of more than AGENCY_WORKBOOK_BACKGROUND_ROWS lines is saved
by a job of the queue (jobs): stored, then checked and saved as the page does in the request,
whole or not at all, its problems on the job page in the same sentences."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation

from documents.tests.test_agency_workbook import download, snapshot, upload
from jobs.models import ImportJob
from reporting.agency_workbook import check_workbook
from reporting.models import AgencyReport


def user(username: str):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def draft(demo_db) -> AgencyReport:
    report = AgencyReport.objects.get(round__year=2019, organisation__code="bd-stnmt")
    assert report.is_editable and report.items.count() > 1
    return report


@pytest.fixture
def staff(demo_db, as_user):
    client = as_user(user("donre.staff"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def background(settings):
    settings.AGENCY_WORKBOOK_BACKGROUND_ROWS = 1  # every report of more than one line


def bytes_of(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_small_report_is_still_saved_in_the_request(staff, draft):
    wb = download(staff, draft)
    wb["Report lines"]["G2"] = "Kết quả."

    response = upload(staff, draft, wb)

    assert response.url == reverse("reporting:report", args=[draft.pk])
    assert not ImportJob.objects.exists()


def test_a_large_workbook_is_queued_then_saved_by_the_job(
    staff, draft, background, django_capture_on_commit_callbacks
):
    wb = download(staff, draft)
    first_id = wb["Report lines"]["A2"].value
    wb["Report lines"]["G2"] = "Đã hoàn thành kiểm kê, trình UBND tỉnh."
    version = draft.version

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = upload(staff, draft, wb)

    job = ImportJob.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.options, job.rows, job.created_by.username, job.language) == (
        "reporting.agency_workbook",
        {"report": draft.pk},
        draft.items.count(),
        "donre.staff",
        "en",
    )
    assert job.file.name.startswith("imports/reporting/") and default_storage.exists(job.file.name)
    draft.refresh_from_db()
    assert draft.version == version  # only queued

    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()

    job.refresh_from_db()
    draft.refresh_from_db()
    assert (job.status, job.progress) == ("done", 100)
    assert job.result_url == reverse("reporting:report", args=[draft.pk])
    assert draft.version == version + 1
    assert draft.items.get(pk=first_id).results == "Đã hoàn thành kiểm kê, trình UBND tỉnh."
    body = staff.get(response.url).content.decode()
    assert f'href="{job.result_url}"' in body and "Excel workbook of a report" in body


def test_a_refused_workbook_saves_nothing_and_shows_the_sentences_of_the_page(
    staff, draft, background, django_capture_on_commit_callbacks
):
    wb = download(staff, draft)
    wb["Report lines"]["E2"] = "Xong rồi"  # not a status
    wb["Report lines"]["F3"] = 140  # not a percentage
    with translation.override("en"):
        _changes, expected = check_workbook(draft, bytes_of(wb))  # what the page would list
    before = snapshot(draft)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(staff, draft, wb)

    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert len(expected) >= 2
    assert [p["message"] for p in job.problems] == expected
    assert snapshot(draft) == before
    body = staff.get(response.url).content.decode().replace("&quot;", '"')
    assert 'Sheet "Report lines", row 2, column "Status": choose a status' in body
    assert 'Sheet "Report lines", row 3, column "Progress (%)"' in body


def test_a_report_saved_since_the_download_is_not_overwritten_by_the_job(
    staff, draft, background, django_capture_on_commit_callbacks
):
    from reporting import actions

    wb = download(staff, draft)
    wb["Report lines"]["G2"] = "Văn bản ngoại tuyến."
    with django_capture_on_commit_callbacks(execute=False) as queued:
        upload(staff, draft, wb)
    actions.save_draft(draft, user=user("donre.staff"), version=draft.version, general={})
    before = snapshot(draft)

    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()

    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert "saved in greenplan after this workbook was downloaded" in job.problems[0]["message"]
    assert snapshot(draft) == before


def test_only_the_uploader_and_administrators_see_the_job(
    staff, draft, background, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        upload(staff, draft, download(staff, draft))
    job = ImportJob.objects.get()
    url = reverse("jobs:detail", args=[job.pk])

    for username in ("dpi.coordinator", "doit.staff"):  # a colleague of the round, another agency
        assert as_user(user(username)).get(url).status_code == 404
    assert as_user(user("admin")).get(url).status_code == 200
