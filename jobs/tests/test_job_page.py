"""The one job page of every import of the queue, and what happens to a job whose worker died:
queued again while it has attempts, then failed with the reason and a "try again" button while
its file is stored ("upload again" otherwise); seen only by its uploader and administrators.
(The plan kind is used: jobs itself knows no kind; each kind's own tests are in its app.)"""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from jobs import actions
from jobs.models import ImportJob
from plans.models import Plan
from plans.tests.plan_files import items_with, workbook

NUMBER = "12/KH-UBND"


@pytest.fixture
def client_en(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def stalled_job(world, *, attempt: int, with_file: bool = True) -> ImportJob:
    """A plan import whose worker died an hour ago, half-way through `attempt`."""
    job = ImportJob(
        kind="plans.plan",
        file_name="ke-hoach.xlsx",
        rows=3,
        created_by=world.coordinator,
        language="en",
        status=ImportJob.Status.RUNNING,
        attempt=attempt,
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1),
    )
    if with_file:
        job.file.save("ke-hoach.xlsx", ContentFile(workbook()), save=False)
    job.save()
    return job


def go_stale(job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=settings.IMPORT_JOB_TIMEOUT + 1)
    )


def test_a_job_is_retried_while_it_has_attempts_then_fails_with_the_reason(
    world, settings, client_en, django_capture_on_commit_callbacks
):
    settings.IMPORT_JOB_ATTEMPTS = 3
    job = stalled_job(world, attempt=1)

    for attempt in (2, 3):  # each retry's worker dies too: its task never runs
        with django_capture_on_commit_callbacks(execute=False) as queued:
            assert actions.recover_stalled_import_jobs() == (1, 0)
        job.refresh_from_db()
        assert (job.status, job.attempt, len(queued)) == ("queued", attempt, 1)
        go_stale(job)
    assert actions.recover_stalled_import_jobs() == (0, 1)

    job.refresh_from_db()
    assert (job.status, job.stalled, job.attempt) == ("failed", True, 3)
    [problem] = job.problems
    assert "stopped without finishing" in problem["message"]  # in the uploader's language
    assert "Try again" in problem["message"]
    assert default_storage.exists(job.file.name)  # kept: it was never read whole
    assert not Plan.objects.filter(number=NUMBER).exists()
    client_en.force_login(world.coordinator)
    body = client_en.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'id="import-job-again"' in body and 'id="import-job-upload"' not in body
    assert "stopped without finishing" in body


def test_try_again_runs_the_stored_file_from_its_first_attempt(
    world, settings, client_en, django_capture_on_commit_callbacks
):
    settings.IMPORT_JOB_ATTEMPTS = 1
    job = stalled_job(world, attempt=1)
    actions.recover_stalled_import_jobs()
    client_en.force_login(world.coordinator)

    with django_capture_on_commit_callbacks(execute=True):  # the immediate task backend
        response = client_en.post(reverse("jobs:again", args=[job.pk]))

    assert response.url == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    plan = Plan.objects.get(number=NUMBER)
    assert (job.status, job.stalled, job.attempt, job.problems) == ("done", False, 1, [])
    assert job.result_url == reverse("plans:detail", args=[plan.pk])
    body = client_en.get(response.url).content.decode()
    assert f'href="{job.result_url}"' in body and f"Open plan {NUMBER}" in body


def test_a_job_whose_file_is_gone_offers_to_upload_again_only(world, settings, client_en):
    settings.IMPORT_JOB_ATTEMPTS = 3
    job = stalled_job(world, attempt=1, with_file=False)  # nothing to retry on

    assert actions.recover_stalled_import_jobs() == (0, 1)

    job.refresh_from_db()
    assert job.status == "failed" and "Upload the file again" in job.problems[0]["message"]
    client_en.force_login(world.coordinator)
    url = reverse("jobs:detail", args=[job.pk])
    body = client_en.get(url).content.decode()
    assert 'id="import-job-again"' not in body
    assert f'id="import-job-upload" href="{reverse("plans:import")}"' in body
    response = client_en.post(reverse("jobs:again", args=[job.pk]), follow=True)
    assert "can be tried again" in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.attempt) == ("failed", 1)


def test_a_file_refused_for_its_content_is_not_tried_again(world, client_en):
    job = stalled_job(world, attempt=1)
    job.file.save("ke-hoach.xlsx", ContentFile(workbook(items=items_with(3, **{"Loại": "x"}))))
    ImportJob.objects.filter(pk=job.pk).update(status="queued", heartbeat_at=timezone.now())

    actions.run_job(job.pk, attempt=1)

    job.refresh_from_db()
    assert (job.status, job.stalled, bool(job.file)) == ("failed", False, False)
    client_en.force_login(world.coordinator)
    body = client_en.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert '<td>Hoạt động</td><td class="num">3</td><td>Loại</td>' in body
    assert 'id="import-job-again"' not in body and 'id="import-job-upload"' in body
    client_en.post(reverse("jobs:again", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "failed"


@pytest.mark.parametrize("who", ["other_coordinator", "staff", "viewer"])
def test_nobody_else_sees_or_retries_a_job(world, as_user, settings, who):
    settings.IMPORT_JOB_ATTEMPTS = 1
    job = stalled_job(world, attempt=1)
    actions.recover_stalled_import_jobs()
    client = as_user(getattr(world, who))

    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:again", args=[job.pk])).status_code == 404

    job.refresh_from_db()
    assert (job.status, job.stalled) == ("failed", True)


def test_an_administrator_sees_the_job_of_a_coordinator(world, as_user):
    job = stalled_job(world, attempt=1)

    body = as_user(world.admin).get(reverse("jobs:detail", args=[job.pk])).content.decode()

    assert "ke-hoach.xlsx" in body and 'hx-trigger="every 1s"' in body


def test_the_former_address_leads_to_the_job_page(world, as_user):
    job = stalled_job(world, attempt=1)

    response = as_user(world.coordinator).get(f"/plans/import/jobs/{job.pk}/")

    assert response.url == reverse("jobs:detail", args=[job.pk])
