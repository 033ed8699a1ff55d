"""Data: every plan import of the queue (plans.PlanImportJob) becomes a job of kind
"plans.plan" of the one job model (jobs.ImportJob); its stored file stays where it is. The
next migration removes the old model. Reversible: the jobs of that kind go back."""

import re

from django.db import migrations
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

KIND = "plans.plan"
SAME = [
    "file", "file_name", "rows", "language", "status", "progress", "problems",
    "created_by_id", "created_at", "started_at", "finished_at", "heartbeat_at", "attempt",
    "task_id",
]  # fmt: skip


def forwards(apps, schema_editor):
    PlanImportJob = apps.get_model("plans", "PlanImportJob")
    ImportJob = apps.get_model("jobs", "ImportJob")
    for old in PlanImportJob.objects.select_related("plan").order_by("pk"):
        job = ImportJob(kind=KIND, options={"replace": old.replace})
        for name in SAME:
            setattr(job, name, getattr(old, name))
        if old.plan is not None:
            job.result_url = reverse("plans:detail", args=[old.plan.pk])
            with translation.override(old.language or "vi"):
                job.result_label = gettext("Open plan %(number)s") % {"number": old.plan.number}
        job.save()


def backwards(apps, schema_editor):
    PlanImportJob = apps.get_model("plans", "PlanImportJob")
    ImportJob = apps.get_model("jobs", "ImportJob")
    Plan = apps.get_model("plans", "Plan")
    for job in ImportJob.objects.filter(kind=KIND).order_by("pk"):
        old = PlanImportJob(replace=bool(job.options.get("replace")))
        for name in SAME:
            setattr(old, name, getattr(job, name))
        found = re.search(r"/plans/(\d+)/", job.result_url)
        if found:
            old.plan = Plan.objects.filter(pk=int(found.group(1))).first()
        old.save()
        PlanImportJob.objects.filter(pk=old.pk).update(created_at=job.created_at)
    ImportJob.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_plan_import_job"),
        ("jobs", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
