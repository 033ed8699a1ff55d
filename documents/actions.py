"""Every write of the documents app: generate a version of a consolidated report, build its
files, mark it as sent. Views and commands call these; permissions are checked here.

Generation stores a new version and builds its files either in the request (fast rounds,
tests) or in a background thread that reports its progress on the row, so that a request
never waits for a large document: settings.DOCUMENTS_BUILD_IN_BACKGROUND (default True).

A thread dies with its worker process (killed, or gracefully reloaded by gunicorn): its
version would stay "being generated" for ever. Every progress report writes heartbeat_at;
fail_stalled_builds marks the versions that have not reported for
settings.DOCUMENTS_BUILD_TIMEOUT seconds as failed, with the reason (the consolidation page,
its polled rows and `manage.py fail_stalled_builds` call it), and the coordinator may try
again (retry_consolidated_report). A task queue that retries (issue 16) will replace this.
"""

from __future__ import annotations

import datetime
import logging
import threading
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import close_old_connections, connection, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import permissions
from documents.models import ConsolidatedReport
from documents.pdf import docx_to_pdf
from documents.reading import AnyConsolidation, excel_file, read_round, word_file
from documents.wording import NARRATIVE_KEYS
from reporting.models import ReportingRound

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


def build_in_background() -> bool:
    return settings.DOCUMENTS_BUILD_IN_BACKGROUND


def build_timeout() -> int:
    return getattr(settings, "DOCUMENTS_BUILD_TIMEOUT", 600)


def clean_narrative(narrative: dict[str, str] | None) -> dict[str, str]:
    return {
        key: str(value).replace("\r\n", "\n").strip()
        for key, value in (narrative or {}).items()
        if key in NARRATIVE_KEYS and value is not None
    }


@transaction.atomic
def generate_consolidated_report(
    round_: ReportingRound,
    *,
    user: User,
    narrative: dict[str, str] | None = None,
    background: bool | None = None,
) -> ConsolidatedReport:
    """Store a new version of the round's consolidated report and build its files.

    Versions already sent stay as they are (frozen): a generation always adds a version.
    The round is read once, here, under the round's lock; the files are built from that
    reading (in the request or in a thread).
    """
    round_ = (
        ReportingRound.objects.select_for_update()
        .select_related("plan__territory")
        .get(pk=round_.pk)
    )
    if not permissions.can_generate_consolidated_report(user, round_.plan):
        raise PermissionDenied(_("Only the plan's coordinator may generate the report."))
    generated_at = timezone.now()
    narrative = clean_narrative(narrative)
    data = read_round(round_, narrative=narrative, today=timezone.localdate(generated_at))
    if not data.has_accepted:
        raise ValidationError(
            _("No report of this round is accepted yet: there is nothing to consolidate.")
        )
    last = round_.consolidated_reports.aggregate(last=Max("version"))["last"] or 0
    report = ConsolidatedReport.objects.create(
        round=round_,
        version=last + 1,
        narrative=narrative,
        generated_by=user,
        generated_at=generated_at,
        expected=data.coverage.expected,
        received=data.coverage.received,
        accepted=data.coverage.accepted,
        heartbeat_at=timezone.now(),
    )
    _build(report, background, data)
    return report


def _build(
    report: ConsolidatedReport, background: bool | None, data: AnyConsolidation | None = None
) -> None:
    """Build `report`'s files from `data` (the reading of its generation), or from a new
    reading of its round when retried."""
    if build_in_background() if background is None else background:
        transaction.on_commit(lambda: _start_thread(report.pk, data))
    else:
        build_files(report.pk, data)
        report.refresh_from_db()


def _locked(report: ConsolidatedReport) -> ConsolidatedReport:
    """`report` read again under a row lock, with its round's plan (inside a transaction)."""
    return (
        ConsolidatedReport.objects.select_for_update()
        .select_related("round__plan__territory")
        .get(pk=report.pk)
    )


@transaction.atomic
def retry_consolidated_report(
    report: ConsolidatedReport, *, user: User, background: bool | None = None
) -> ConsolidatedReport:
    """Build a version whose generation failed once more (same version, same narrative)."""
    report = _locked(report)
    if not permissions.can_generate_consolidated_report(user, report.round.plan):
        raise PermissionDenied(_("Only the plan's coordinator may generate the report."))
    if report.is_frozen or report.build != ConsolidatedReport.Build.FAILED:
        raise ValidationError(_("Only a version whose generation failed can be tried again."))
    report.build = ConsolidatedReport.Build.QUEUED
    report.progress = 0
    report.error = ""
    report.heartbeat_at = timezone.now()
    report.save(update_fields=["build", "progress", "error", "heartbeat_at", "updated_at"])
    _build(report, background)
    return report


def fail_stalled_builds(*, round_: ReportingRound | None = None) -> int:
    """Mark as failed the builds (of one round, or all) that stopped reporting progress;
    returns how many. Their thread died with its process: nothing will finish them."""
    cutoff = timezone.now() - datetime.timedelta(seconds=build_timeout())
    stalled = ConsolidatedReport.objects.filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff),
        build__in=[ConsolidatedReport.Build.QUEUED, ConsolidatedReport.Build.RUNNING],
    )
    if round_ is not None:
        stalled = stalled.filter(round=round_)
    if not stalled.exists():  # the usual answer, read-only: no write lock taken on SQLite
        return 0
    with translation.override(settings.LANGUAGE_CODE):  # stored text, read by everyone
        reason = _(
            "The generation stopped without finishing (the server was probably restarted "
            "meanwhile). Try again."
        )
    return stalled.update(build=ConsolidatedReport.Build.FAILED, error=reason)


def _start_thread(report_id: int, data: AnyConsolidation | None = None) -> None:
    thread = threading.Thread(
        target=_build_in_thread,
        args=(report_id, data),
        name=f"consolidate-{report_id}",
        daemon=True,
    )
    thread.start()


def _build_in_thread(report_id: int, data: AnyConsolidation | None = None) -> None:
    close_old_connections()
    try:
        build_files(report_id, data)
    finally:
        connection.close()  # this thread's own connection


def _set_progress(report_id: int, percent: int) -> None:
    ConsolidatedReport.objects.filter(pk=report_id).update(
        progress=percent, heartbeat_at=timezone.now()
    )


def build_files(report_id: int, data: AnyConsolidation | None = None) -> None:
    """Build the Word, Excel (and, where possible, PDF) files of a stored version, from `data`
    when the generation read it already, else reading the round again."""
    report = ConsolidatedReport.objects.select_related("round").get(pk=report_id)
    if report.is_frozen or report.build == ConsolidatedReport.Build.READY:
        return  # a sent version never changes
    ConsolidatedReport.objects.filter(pk=report_id).update(
        build=ConsolidatedReport.Build.RUNNING, progress=5, heartbeat_at=timezone.now()
    )
    try:
        if data is None:
            data = read_round(
                report.round,
                narrative=report.narrative,
                today=timezone.localdate(report.generated_at),
            )
        _set_progress(report_id, 15)
        docx = word_file(data, lambda p: _set_progress(report_id, 15 + p * 55 // 100))
        xlsx = excel_file(data)
        _set_progress(report_id, 80)
        pdf = docx_to_pdf(docx)
        name = f"bao-cao-{report.round.year}-v{report.version}"
        report.docx.save(f"{name}.docx", ContentFile(docx), save=False)
        report.xlsx.save(f"{name}.xlsx", ContentFile(xlsx), save=False)
        if pdf is not None:
            report.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        report.build = ConsolidatedReport.Build.READY
        report.progress = 100
        report.error = ""
        report.save(
            update_fields=["docx", "xlsx", "pdf", "build", "progress", "error", "updated_at"]
        )
    except Exception as exc:
        logger.exception("consolidated report %s failed", report_id)
        reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        ConsolidatedReport.objects.filter(pk=report_id).update(
            build=ConsolidatedReport.Build.FAILED, error=reason[:2000]
        )
        if not build_in_background():
            raise


@transaction.atomic
def mark_sent(report: ConsolidatedReport, *, user: User) -> ConsolidatedReport:
    """Record that this version was sent: it is frozen from now on."""
    report = _locked(report)
    if not permissions.can_generate_consolidated_report(user, report.round.plan):
        raise PermissionDenied(_("Only the plan's coordinator may mark a report as sent."))
    if report.is_frozen:
        raise ValidationError(_("This version was already sent."))
    if report.build != ConsolidatedReport.Build.READY:
        raise ValidationError(_("This version has no files yet: wait until it is generated."))
    report.status = ConsolidatedReport.Status.SENT
    report.sent_by = user
    report.sent_at = timezone.now()
    report.save(update_fields=["status", "sent_by", "sent_at", "updated_at"])
    return report
