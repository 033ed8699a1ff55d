"""An uploaded file applied by a task of the queue (jobs.tasks): one model for every kind."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def upload_path(job: ImportJob, filename: str) -> str:
    """imports/<the kind's folder>/<year>/<month>/<file>: e.g. imports/plans/2026/12/kh.xlsx."""
    folder = job.kind.split(".")[0]
    return str(PurePosixPath("imports", folder, timezone.now().strftime("%Y/%m"), filename))


class ImportJob(models.Model):
    """A file too large to be applied in the request (a plan, a restructuring file, an agency
    workbook): stored through the storage API until the task has read it, applied whole or
    not at all, with the progress, the problems of a refused file (each with its sheet, row
    and column) or the link to what it made. What a kind does is registered by its app
    (jobs.kinds)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being imported")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    kind = models.CharField(_("kind"), max_length=40)
    file = models.FileField(_("file"), upload_to=upload_path, max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    # What the kind needs besides the file, as JSON (a plan import: whether it replaces).
    options = models.JSONField(_("options"), default=dict, blank=True)
    # The uploader's language, in which the task writes the problems it finds.
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # The file's problems when it was refused: [{message, sheet, row, column}].
    problems = models.JSONField(_("problems"), default=list, blank=True)
    # Set when the job failed because its attempts stopped without finishing (their worker
    # died), not because of the file: it may be tried again while the file is stored.
    stalled = models.BooleanField(_("stopped without finishing"), default=False)
    result_url = models.CharField(_("result"), max_length=200, blank=True)
    result_label = models.CharField(_("result's label"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("uploaded by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Written with every progress report, so that a job whose worker died is seen and queued
    # again (its attempt + 1), as a consolidated report's build (core.stalled).
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="jobs_status_beat")]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def may_try_again(self) -> bool:
        """Failed only because its worker died, and the file is still stored."""
        return self.status == self.Status.FAILED and self.stalled and bool(self.file)
