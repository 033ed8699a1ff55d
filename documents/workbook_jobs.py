"""An agency workbook of a large report, saved by a task of the queue (jobs: the kind below):
the upload is stored, the request answers at once with the job's page. The task checks and
saves it exactly as the page does in the request (reporting.agency_workbook), whole or not at
all, as the uploader, with the same sentences naming sheet, row and column."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import permissions
from core.spreadsheet import ImportProblem, ImportRejected
from jobs.actions import queue_import
from jobs.kinds import JobKind, Result
from jobs.models import ImportJob
from reporting.agency_workbook import WorkbookChanges, check_workbook, save_workbook
from reporting.models import AgencyReport

if TYPE_CHECKING:
    from accounts.models import User

WORKBOOK_JOB = "reporting.agency_workbook"


def workbook_in_background(report: AgencyReport) -> bool:
    """Whether the report has enough lines for its workbook to be saved by a task."""
    return bool(report.items.count() > settings.AGENCY_WORKBOOK_BACKGROUND_ROWS)


def queue_workbook(report: AgencyReport, name: str, content: bytes, *, user: User) -> ImportJob:
    if not permissions.can_edit_report(user, report):
        raise PermissionDenied
    return queue_import(
        WORKBOOK_JOB,
        name,
        content,
        user=user,
        rows=report.items.count(),
        options={"report": report.pk},
    )


def _refused(messages: list[str]) -> ImportRejected:
    return ImportRejected([ImportProblem(message) for message in messages])


def _report(job: ImportJob) -> AgencyReport:
    reports = AgencyReport.objects.select_related("round__plan__territory", "organisation")
    report: AgencyReport = reports.get(pk=job.options["report"])
    return report


def _read(job: ImportJob, content: bytes) -> tuple[tuple[AgencyReport, WorkbookChanges], int]:
    report = _report(job)
    changes, problems = check_workbook(report, content)
    if problems:
        raise _refused(problems)
    return (report, changes), len(changes.items)


def _write(job: ImportJob, read: tuple[AgencyReport, WorkbookChanges]) -> Result:
    report, changes = read
    problems = save_workbook(report, changes, user=job.created_by)
    if problems:
        raise _refused(problems)
    return Result(
        reverse("reporting:report", args=[report.pk]),
        _("The workbook was saved as the report's draft: open the report"),
    )


def _may_see(user: User, job: ImportJob) -> bool:
    return AgencyReport.objects.visible_to(user).filter(pk=job.options.get("report")).exists()


WORKBOOK_KIND = JobKind(
    name=WORKBOOK_JOB,
    title=lambda: _("Excel workbook of a report"),
    read=_read,
    write=_write,
    may_see=_may_see,
    upload_again=lambda job: reverse("documents:report_workbook", args=[job.options["report"]]),
)
