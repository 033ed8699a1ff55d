"""The plan imports of the queue stored before the one job model (plans.PlanImportJob) become
jobs of kind "plans.plan" (plans 0006), and go back when the migration is reversed."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("plans", "0005_plan_import_job"), ("jobs", "0001_initial")]
AFTER = [("plans", "0007_delete_plan_import_job")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_plan_import_jobs_become_import_jobs_and_back(world):
    uploaded = timezone.now() - datetime.timedelta(days=3)
    old_apps = migrate(BEFORE)
    PlanImportJob = old_apps.get_model("plans", "PlanImportJob")
    plan = old_apps.get_model("plans", "Plan").objects.get(pk=world.plan.pk)
    done = PlanImportJob.objects.create(
        file_name="kh.xlsx", rows=3, replace=True, language="en", status="done", progress=100,
        plan=plan, created_by_id=world.coordinator.pk, attempt=2, task_id="t-1",
    )  # fmt: skip
    PlanImportJob.objects.filter(pk=done.pk).update(created_at=uploaded)
    failed = PlanImportJob.objects.create(
        file="imports/plans/2026/11/lon.xlsx", file_name="lon.xlsx", status="failed",
        problems=[{"message": "x", "sheet": "Hoạt động", "row": 3, "column": "Loại"}],
        created_by_id=world.coordinator.pk,
    )  # fmt: skip

    new_apps = migrate(AFTER)

    ImportJob = new_apps.get_model("jobs", "ImportJob")
    jobs = {job.file_name: job for job in ImportJob.objects.all()}
    assert set(jobs) == {"kh.xlsx", "lon.xlsx"}
    moved = jobs["kh.xlsx"]
    assert (moved.kind, moved.options, moved.status, moved.progress, moved.rows) == (
        "plans.plan",
        {"replace": True},
        "done",
        100,
        3,
    )
    assert (moved.attempt, moved.task_id, moved.created_by_id, moved.created_at) == (
        2,
        "t-1",
        world.coordinator.pk,
        uploaded,
    )
    assert moved.result_url == f"/plans/{plan.pk}/"
    assert moved.result_label == f"Open plan {plan.number}"  # in the uploader's language
    kept = jobs["lon.xlsx"]
    assert kept.file.name == "imports/plans/2026/11/lon.xlsx"  # the stored file stays put
    assert kept.problems == failed.problems

    back = migrate(BEFORE).get_model("plans", "PlanImportJob")
    again = back.objects.get(file_name="kh.xlsx")
    assert (again.plan_id, again.replace, again.created_at) == (plan.pk, True, uploaded)
    assert back.objects.count() == 2
    migrate(AFTER)
