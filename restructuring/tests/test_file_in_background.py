"""A restructuring file of more than RESTRUCTURING_BACKGROUND_ROWS changes: the preview is
still shown in the request, the confirmed file is applied by a job of the queue (jobs), whole
or not at all, its problems on the job page as the page itself shows them."""

from __future__ import annotations

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from greenplan.testing.atomicity import row_counts
from greenplan.testing.factories import OrganisationFactory
from jobs.models import ImportJob
from orgs.models import Organisation
from restructuring.plans import preview_restructuring, queue_restructuring
from restructuring.restructuring_file import parse_restructuring_file

CSV = (
    "Mã cơ quan,Thay đổi,Ngày hiệu lực,Sáp nhập vào / trực thuộc,Tên mới,Căn cứ pháp lý\n"
    "bd-dpi,sáp nhập,01/03/2025,bd-dof,,NQ 176/2025/QH15\n"
    "bd-dof,đổi tên,01/01/2025,,Sở Tài chính tỉnh Bình Dương,NQ 176/2025/QH15\n"
)
BAD = CSV.replace("bd-dof", "khong-co")


@pytest.fixture
def background(settings):
    settings.RESTRUCTURING_BACKGROUND_ROWS = 1  # "large" above one change


@pytest.fixture
def finance(world):
    return OrganisationFactory(code="bd-dof", name="Sở Tài chính", parent=world.province)


def preview_then_confirm(client, text: str):
    preview = client.post(
        "/restructuring/file/", {"file": SimpleUploadedFile("sap-xep.csv", text.encode())}
    ).content.decode()
    found = re.search(r'name="digest" value="(\w+)"', preview)
    assert found, preview  # the preview offers to apply the file
    return preview, client.post("/restructuring/file/", {"confirm": "1", "digest": found.group(1)})


def test_a_small_file_is_still_applied_in_the_request(world, as_user, finance, settings):
    settings.RESTRUCTURING_BACKGROUND_ROWS = 200

    _preview, done = preview_then_confirm(as_user(world.admin), CSV)

    assert done.url == reverse("orgs:list")
    assert not ImportJob.objects.exists()
    assert Organisation.objects.get(pk=world.dpi.pk).successor == finance


def test_a_large_confirmed_file_is_queued_then_applied_by_the_job(
    world, as_user, finance, background, django_capture_on_commit_callbacks
):
    client = as_user(world.admin)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        preview, done = preview_then_confirm(client, CSV)

    assert "sáp nhập vào Sở Tài chính" in preview  # the preview, in the request as before
    job = ImportJob.objects.get()
    assert done.url == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.rows, job.created_by, job.status) == (
        "restructuring.file",
        2,
        world.admin,
        "queued",
    )
    assert job.file.name.startswith("imports/restructuring/")
    assert default_storage.exists(job.file.name)
    assert Organisation.objects.get(pk=world.dpi.pk).valid_to is None  # only queued
    assert "restructuring_file" not in client.session  # the kept file went to the job
    assert len(queued) == 1

    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()  # the task runs (the immediate backend)

    job.refresh_from_db()
    dpi = Organisation.objects.get(pk=world.dpi.pk)
    assert (job.status, job.progress, job.result_url) == ("done", 100, reverse("orgs:list"))
    assert dpi.successor == finance and str(dpi.valid_to) == "2025-02-28"
    assert not job.file
    body = client.get(done.url).content.decode()
    assert f'href="{reverse("orgs:list")}"' in body and "2" in job.result_label


def test_a_refused_file_saves_nothing_and_shows_the_problems_of_the_page(
    world, as_user, background, django_capture_on_commit_callbacks
):
    # The file was previewed when its target existed; it is gone when the job runs.
    changes = parse_restructuring_file("sap-xep.csv", BAD.encode())
    expected = preview_restructuring(changes, user=world.admin).problems
    assert expected  # what the page shows in the request for this file
    before = row_counts()
    with django_capture_on_commit_callbacks(execute=True):
        job = queue_restructuring("sap-xep.csv", BAD.encode(), user=world.admin, changes=changes)

    job.refresh_from_db()
    assert job.status == "failed"
    assert [(p["row"], p["column"], p["message"]) for p in job.problems] == [
        (p.row, p.column, p.message) for p in expected
    ]
    after, before = row_counts(), before
    after.pop("jobs.ImportJob"), before.pop("jobs.ImportJob")
    assert after == before
    body = as_user(world.admin).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert '<td class="num">2</td><td>Sáp nhập vào / trực thuộc</td>' in body
    assert "khong-co" in body and 'id="import-job-upload"' in body


@pytest.mark.parametrize("who", ["coordinator", "staff", "viewer", "other_coordinator"])
def test_only_administrators_see_a_restructuring_job(world, as_user, who):
    job = ImportJob.objects.create(
        kind="restructuring.file", file_name="sap-xep.csv", created_by=world.admin
    )

    response = as_user(getattr(world, who)).get(reverse("jobs:detail", args=[job.pk]))

    assert response.status_code == 404


def test_an_uploader_who_may_no_longer_restructure_does_not_see_the_job(world, as_user):
    job = ImportJob.objects.create(
        kind="restructuring.file", file_name="sap-xep.csv", created_by=world.coordinator
    )  # say, uploaded while they were an administrator

    response = as_user(world.coordinator).get(reverse("jobs:detail", args=[job.pk]))

    assert response.status_code == 404
