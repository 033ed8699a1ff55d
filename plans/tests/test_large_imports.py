"""Large plan files: written in bulk (queries that do not grow with the rows), up to
plan_file.MAX_ROWS rows, and above PLAN_IMPORT_BACKGROUND_ROWS imported by a task of the queue
(jobs.tasks, a job of kind "plans.plan"), whose page shows the progress, then the plan or the
file's problems."""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from greenplan.testing.atomicity import row_counts
from jobs import actions as job_actions
from jobs.models import ImportJob
from plans import actions
from plans.models import Assignment, Plan, PlanItem
from plans.plan_file import MAX_ROWS, parse_plan_file
from plans.plan_import import ImportRejected
from plans.tests.plan_files import PLAN, csv_file, items_with, large_items, plan_with, workbook

IMPORT = reverse("plans:import")
NUMBER = "12/KH-UBND"


@pytest.fixture
def client_en(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client, content: bytes, name: str = "ke-hoach.xlsx", **fields):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content), **fields})


# --- Bulk writes -------------------------------------------------------------------------------


def test_a_10000_row_plan_is_imported_whole(world):
    items = large_items(10_000)

    plan = actions.import_plan_file("ke-hoach.xlsx", workbook(items=items), user=world.coordinator)

    assert plan.items.count() == 10_000
    leads = sum(1 for item in items if item.get("Cơ quan chủ trì"))
    coordinating = sum(2 for item in items if item.get("Cơ quan phối hợp"))
    assert Assignment.objects.filter(item__plan=plan).count() == leads + coordinating
    task = PlanItem.objects.select_related("parent__parent").get(plan=plan, code="N9995")
    assert (task.parent.code, task.parent.parent.code) == ("A9991", "T9900")
    assert (task.position, task.search_text) == (9996, "n9995 nhiem vu 9995")
    assert PlanItem.objects.get(plan=plan, code="N9996").due_date == datetime.date(2025, 12, 31)
    # One history record for each item and assignment, signed by the importer, written where
    # it stood: the task already under its activity.
    record = task.history.get()
    assert (record.history_type, record.history_user, record.parent_id) == (
        "+",
        world.coordinator,
        task.parent_id,
    )
    assert PlanItem.history.filter(plan_id=plan.pk).count() == 10_000
    assert Assignment.history.filter(item_id__in=plan.items.values("pk")).count() == (
        leads + coordinating
    )


def _statements(rows: int, world, number: str) -> Counter[str]:
    data = parse_plan_file(
        "ke-hoach.xlsx",
        workbook(
            plan=[(k, number if k == "Số hiệu" else v) for k, v in PLAN], items=large_items(rows)
        ),
    )
    with CaptureQueriesContext(connection) as queries:
        actions.import_plan(data, user=world.coordinator)
    # An executemany is logged once, as "N times: INSERT ...".
    return Counter(
        q["sql"].split(" times: ")[-1].split()[0].upper() for q in queries.captured_queries
    )


def test_the_queries_of_an_import_do_not_grow_with_its_rows(world):
    small = _statements(200, world, "200/KH-UBND")
    large = _statements(2_000, world, "2000/KH-UBND")

    # Every read and write is done once for the whole file (the items once per level of the
    # tree), whatever its size.
    assert large == small
    assert sum(large.values()) < 40


def test_a_file_over_the_limit_is_refused_with_the_row(world):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(PLAN)
    writer.writerow([])
    writer.writerow(["Mã", "Loại", "Nội dung"])
    writer.writerows([f"N{n}", "nhiệm vụ", f"Nhiệm vụ {n}"] for n in range(MAX_ROWS + 1))

    with pytest.raises(ImportRejected) as refused:
        actions.import_plan_file("ke-hoach.csv", buffer.getvalue().encode(), user=world.admin)

    [problem] = refused.value.problems
    # The plan's 8 rows, an empty one and the heading: item row 100,001 is file row 100,011.
    assert problem.row == MAX_ROWS + 11
    assert "100.000" in problem.message or "100,000" in problem.message
    assert not Plan.objects.filter(number=NUMBER).exists()


# --- On the queue ------------------------------------------------------------------------------


@pytest.fixture
def background(settings):
    # The world's plan file has 8 plan rows, a heading and 3 items: "large" above 5 rows.
    settings.PLAN_IMPORT_BACKGROUND_ROWS = 5


def test_a_small_file_is_imported_in_the_request(world, as_user, settings):
    settings.PLAN_IMPORT_BACKGROUND_ROWS = 2_000

    response = upload(as_user(world.coordinator), workbook())

    plan = Plan.objects.get(number=NUMBER)
    assert response.url == reverse("plans:detail", args=[plan.pk])
    assert not ImportJob.objects.exists()


def test_a_large_file_is_stored_and_queued(
    world, as_user, background, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = upload(as_user(world.coordinator), workbook())

    job = ImportJob.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.created_by, job.file_name) == (
        "queued",
        world.coordinator,
        "ke-hoach.xlsx",
    )
    assert default_storage.exists(job.file.name)  # through the storage API, not a local path
    assert job.file.name.startswith("imports/plans/")
    assert not Plan.objects.filter(number=NUMBER).exists()  # nothing yet: only queued
    assert len(queued) == 1


def test_a_queued_import_runs_and_its_page_links_the_plan(
    world, as_user, client_en, background, django_capture_on_commit_callbacks
):
    client_en.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):  # the immediate task backend
        response = upload(client_en, workbook())

    job = ImportJob.objects.get()
    plan = Plan.objects.get(number=NUMBER)
    assert (job.status, job.progress, job.rows) == ("done", 100, 3)
    assert job.result_url == reverse("plans:detail", args=[plan.pk])
    assert plan.items.count() == 3
    assert not job.file  # read, then let go
    page = client_en.get(response.url)
    body = page.content.decode()
    assert reverse("plans:detail", args=[plan.pk]) in body
    assert "Imported on" in body
    assert "hx-trigger" not in body  # finished: no more polling


def test_a_bad_row_fails_the_job_with_its_message_and_saves_nothing(
    world, client_en, background, django_capture_on_commit_callbacks
):
    client_en.force_login(world.coordinator)
    bad = items_with(3, **{"Loại": "mục lớn"})
    before = row_counts()

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client_en, workbook(items=bad))

    job = ImportJob.objects.get()
    assert job.status == "failed"
    [problem] = job.problems
    assert (problem["sheet"], problem["row"], problem["column"]) == ("Hoạt động", 3, "Loại")
    assert 'Unknown kind "mục lớn"' in problem["message"]  # in the uploader's language
    counts = row_counts()
    counts.pop("jobs.ImportJob")
    before.pop("jobs.ImportJob")
    assert counts == before
    body = client_en.get(response.url).content.decode()
    assert "nothing was saved" in body and "mục lớn" in body


def test_a_reference_problem_is_located_in_the_file(
    world, client_en, background, django_capture_on_commit_callbacks
):
    client_en.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_en, workbook(items=items_with(2, **{"Cơ quan chủ trì": "so-khong-co"})))

    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert [(p["row"], p["column"]) for p in job.problems] == [(2, "Cơ quan chủ trì")]
    assert not Plan.objects.filter(number=NUMBER).exists()


def test_the_page_polls_while_the_import_runs(world, client_en, background):
    client_en.force_login(world.coordinator)
    job = ImportJob.objects.create(
        kind="plans.plan", file_name="lon.xlsx", rows=50_000, created_by=world.coordinator,
        status="running", progress=40, heartbeat_at=timezone.now(),
    )  # fmt: skip
    url = reverse("jobs:detail", args=[job.pk])

    part = client_en.get(url, headers={"HX-Request": "true"}).content.decode()

    assert 'hx-trigger="every 1s"' in part and 'value="40"' in part
    assert "<html" not in part  # only the status part is swapped in


def test_a_queued_file_replaces_an_existing_plan_only_when_asked(
    world, client_en, background, django_capture_on_commit_callbacks
):
    client_en.force_login(world.coordinator)
    content = workbook(plan_with(**{"Số hiệu": "1847/KH-UBND"}))

    with django_capture_on_commit_callbacks(execute=True):
        upload(client_en, content)
    refused = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_en, content, replace="on")
    replaced = ImportJob.objects.exclude(pk=refused.pk).get()

    assert refused.status == "failed" and "already exists" in refused.problems[0]["message"]
    assert (replaced.status, replaced.options) == ("done", {"replace": True})
    assert replaced.result_url == reverse("plans:detail", args=[world.plan.pk])
    assert world.plan.items.count() == 3


@pytest.mark.parametrize("who", ["other_coordinator", "staff", "viewer"])
def test_nobody_else_sees_an_import_job(world, as_user, who):
    job = ImportJob.objects.create(
        kind="plans.plan", file_name="kh.xlsx", created_by=world.coordinator
    )

    response = as_user(getattr(world, who)).get(reverse("jobs:detail", args=[job.pk]))

    assert response.status_code == 404


def test_an_administrator_sees_an_import_job(world, as_user):
    job = ImportJob.objects.create(
        kind="plans.plan", file_name="kh.xlsx", created_by=world.coordinator
    )

    response = as_user(world.admin).get(reverse("jobs:detail", args=[job.pk]))

    assert response.status_code == 200


# --- A worker that died ------------------------------------------------------------------------


def _stalled_job(world, attempt: int) -> ImportJob:
    job = ImportJob(
        kind="plans.plan",
        file_name="ke-hoach.xlsx",
        rows=3,
        created_by=world.coordinator,
        language="en",
        status="running",
        attempt=attempt,
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1),
    )
    job.file.save("ke-hoach.xlsx", ContentFile(workbook()), save=False)
    job.save()
    return job


def test_a_job_whose_worker_died_is_queued_again_and_finishes(
    world, django_capture_on_commit_callbacks
):
    job = _stalled_job(world, attempt=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert job_actions.recover_stalled_import_jobs() == (1, 0)

    job.refresh_from_db()
    assert (job.status, job.attempt) == ("done", 2)
    assert Plan.objects.get(number=NUMBER).items.count() == 3


def test_a_job_out_of_attempts_is_marked_failed(world, settings):
    settings.IMPORT_JOB_ATTEMPTS = 2
    job = _stalled_job(world, attempt=2)

    assert job_actions.recover_stalled_import_jobs() == (0, 1)

    job.refresh_from_db()
    assert job.status == "failed"
    assert "stopped without finishing" in job.problems[0]["message"]
    assert not Plan.objects.filter(number=NUMBER).exists()


def test_a_late_task_of_an_old_attempt_does_nothing(world):
    job = _stalled_job(world, attempt=2)

    job_actions.run_job(job.pk, attempt=1)

    job.refresh_from_db()
    assert job.status == "running"
    assert not Plan.objects.filter(number=NUMBER).exists()


def test_csv_files_are_counted_by_their_lines(world):
    content = csv_file(items=large_items(30))

    assert actions.count_rows("kh.csv", content, stop_above=10) == 11
    assert actions.count_rows("kh.xlsx", workbook(items=large_items(30)), stop_above=1000) == 39


def test_the_import_page_states_the_limits(world, client_en):
    client_en.force_login(world.coordinator)

    body = client_en.get(IMPORT).content.decode()

    assert "up to 100,000 rows" in body and "more than 2,000 rows" in body
