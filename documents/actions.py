"""Every write of the documents app: generate a version of a consolidated report, build its
files, mark it as sent, or take it up the approval chain: DPI submits it to the provincial
People's Committee, whose leader approves it (the version is issued as the People's
Committee's report: number, date, signer; its files rebuilt so, frozen, their SHA-256
stored; delivered to the national round of the year) or returns it with a comment. Views and
commands call these; permissions are checked here.

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

import dataclasses
import datetime
import hashlib
import logging
import re
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
from core.history import stamp
from documents.consolidation import consolidate
from documents.contents import Consolidation, IssuedAs
from documents.docx_report import build_docx
from documents.models import ConsolidatedReport
from documents.pdf import docx_to_pdf
from documents.wording import NARRATIVE_KEYS, abbreviation, issuing_body_name, place_name
from documents.xlsx_report import build_xlsx
from reporting.actions import deliver_national_report, national_report_of
from reporting.models import AgencyReport, ReportingRound

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
    data = consolidate(round_, narrative=narrative, today=timezone.localdate(generated_at))
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
    report: ConsolidatedReport, background: bool | None, data: Consolidation | None = None
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


def _start_thread(report_id: int, data: Consolidation | None = None) -> None:
    thread = threading.Thread(
        target=_build_in_thread,
        args=(report_id, data),
        name=f"consolidate-{report_id}",
        daemon=True,
    )
    thread.start()


def _build_in_thread(report_id: int, data: Consolidation | None = None) -> None:
    close_old_connections()
    try:
        build_files(report_id, data)
    finally:
        connection.close()  # this thread's own connection


def _set_progress(report_id: int, percent: int) -> None:
    ConsolidatedReport.objects.filter(pk=report_id).update(
        progress=percent, heartbeat_at=timezone.now()
    )


def build_files(report_id: int, data: Consolidation | None = None) -> None:
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
            data = consolidate(
                report.round,
                narrative=report.narrative,
                today=timezone.localdate(report.generated_at),
            )
        _set_progress(report_id, 15)
        docx = build_docx(data, lambda p: _set_progress(report_id, 15 + p * 55 // 100))
        xlsx = build_xlsx(data)
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
    _store_digests(report)
    report.save(update_fields=["status", "sent_by", "sent_at", *DIGEST_FIELDS, "updated_at"])
    return report


# --- The approval chain: DPI -> the People's Committee -> the ministry ---------------------

DIGEST_FIELDS = ("docx_sha256", "xlsx_sha256", "pdf_sha256")
# "125/BC-UBND" (Decree 30: number, "/", BC for a report, "-", the issuing body); a bare
# number is completed with the People's Committee's symbol.
ISSUED_NUMBER = re.compile(r"^\d{1,6}/BC-UBND$")


def _store_digests(report: ConsolidatedReport) -> None:
    """Write the SHA-256 of each stored file on the row (not saved)."""
    for kind in ("docx", "xlsx", "pdf"):
        stored = getattr(report, kind)
        digest = ""
        if stored:
            with stored.open("rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
        setattr(report, f"{kind}_sha256", digest)


def _refuse_step(report: ConsolidatedReport, new: str) -> None:
    if not report.can_become(new):
        raise ValidationError(
            _("This version is %(current)s: it cannot become %(new)s.")
            % {
                "current": report.get_status_display(),
                "new": ConsolidatedReport.Status(new).label,
            }
        )


@transaction.atomic
def submit_to_leader(
    report: ConsolidatedReport, *, user: User, at: datetime.datetime | None = None
) -> ConsolidatedReport:
    """DPI submits this version to the provincial People's Committee for approval."""
    report = _locked(report)
    if not permissions.can_generate_consolidated_report(user, report.round.plan):
        raise PermissionDenied(_("Only the plan's coordinator may submit the report."))
    _refuse_step(report, ConsolidatedReport.Status.SUBMITTED)
    if report.build != ConsolidatedReport.Build.READY:
        raise ValidationError(_("This version has no files yet: wait until it is generated."))
    submitted = report.round.consolidated_reports.filter(
        status=ConsolidatedReport.Status.SUBMITTED
    ).first()
    if submitted is not None:
        raise ValidationError(
            _("Version %(version)s already waits for the People's Committee's approval.")
            % {"version": submitted.version}
        )
    report.status = ConsolidatedReport.Status.SUBMITTED
    report.submitted_by = user
    report.submitted_at = at or timezone.now()
    stamp(report, user, at=at)
    report.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    return report


@transaction.atomic
def return_to_dpi(
    report: ConsolidatedReport, *, user: User, comment: str, at: datetime.datetime | None = None
) -> ConsolidatedReport:
    """The province leader sends the version back to DPI with what to change."""
    report = _locked(report)
    if not permissions.can_approve_consolidated_report(user, report):
        raise PermissionDenied(_("Only the province's leader may return this version."))
    _refuse_step(report, ConsolidatedReport.Status.RETURNED)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what DPI must change: write a comment.")})
    report.status = ConsolidatedReport.Status.RETURNED
    report.reviewed_by = user
    report.reviewed_at = at or timezone.now()
    report.review_comment = comment.strip()
    stamp(report, user, at=at)
    report.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
    )
    return report


def normalise_issued_number(number: str) -> str:
    """ "125" -> "125/BC-UBND"; spaces dropped."""
    number = re.sub(r"\s+", "", number or "")
    return f"{number}/BC-UBND" if number.isdigit() else number


def addressee_on(round_: ReportingRound, day: datetime.date) -> str:
    """The ministry the province reports to on `day`: the national plan's focal point, or the
    organisation that took it over by then (Bộ Kế hoạch và Đầu tư until 28/02/2025, Bộ Tài
    chính from 01/03/2025). Blank when the plan implements no national plan."""
    national = round_.plan.parent
    if national is None or national.focal_point is None:
        return ""
    return national.focal_point.as_of(day).name


def _issued_reading(report: ConsolidatedReport, issued: IssuedAs, day) -> Consolidation:
    data = consolidate(report.round, narrative=report.narrative, today=day)
    if (data.coverage.expected, data.coverage.received, data.coverage.accepted) != (
        report.expected,
        report.received,
        report.accepted,
    ):
        raise ValidationError(
            _(
                "The round's reports changed since version %(version)s was generated: it no "
                "longer says what the reports say. DPI must generate a new version."
            )
            % {"version": report.version}
        )
    return dataclasses.replace(data, issued=issued)


def issue_files(report: ConsolidatedReport, data: Consolidation) -> None:
    """Rebuild the version's files as the People's Committee's report (in the request: the
    approval stores their SHA-256 in the same transaction). Not saved."""
    docx = build_docx(data)
    xlsx = build_xlsx(data)
    pdf = docx_to_pdf(docx)
    number = (data.issued.number if data.issued else "").split("/")[0]
    name = f"bao-cao-{report.round.year}-v{report.version}-{number}-bc-ubnd"
    report.docx.save(f"{name}.docx", ContentFile(docx), save=False)
    report.xlsx.save(f"{name}.xlsx", ContentFile(xlsx), save=False)
    if pdf is not None:
        report.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
    else:
        report.pdf = None  # the draft's PDF is not the issued text
    _store_digests(report)


@transaction.atomic
def approve_consolidated_report(
    report: ConsolidatedReport,
    *,
    user: User,
    issued_number: str,
    issued_on: datetime.date | None,
    signer_name: str,
    signature_authority: str,
    at: datetime.datetime | None = None,
) -> ConsolidatedReport:
    """The province leader approves the version: it is issued as the People's Committee's
    report (number, date, signer, the ministry valid on that date), its files are rebuilt so
    and frozen with their SHA-256, and it is delivered to the province's report of the year's
    national round when that round is open (else when it opens). All or nothing."""
    report = _locked(report)
    if report.status == ConsolidatedReport.Status.APPROVED:
        raise ValidationError(
            _("This version was already approved as No. %(number)s; nothing was changed.")
            % {"number": report.issued_number}
        )
    if not permissions.can_approve_consolidated_report(user, report):
        raise PermissionDenied(_("Only the province's leader may approve this version."))
    _refuse_step(report, ConsolidatedReport.Status.APPROVED)
    number = normalise_issued_number(issued_number)
    errors: dict[str, str] = {}
    if not number:
        errors["issued_number"] = _("Give the issued number of the report.")
    elif not ISSUED_NUMBER.match(number):
        errors["issued_number"] = _('The number is written as Decree 30 says, e.g. "125/BC-UBND".')
    if issued_on is None:
        errors["issued_on"] = _("Give the date the report is issued.")
    elif issued_on > timezone.localdate(at):
        errors["issued_on"] = _("The issue date cannot be in the future.")
    if not signer_name.strip():
        errors["signer_name"] = _("Give the name of the leader who signs.")
    if signature_authority not in ConsolidatedReport.Authority.values:
        errors["signature_authority"] = _("Choose who signs for the People's Committee.")
    if errors:
        raise ValidationError(errors)
    assert issued_on is not None
    national_report = national_report_of(report.round)
    if national_report is not None and not national_report.is_editable:
        raise ValidationError(
            _(
                "The province's report to the ministry is %(status)s: a new version can be "
                "approved only once the ministry returns it."
            )
            % {"status": national_report.get_status_display()}
        )
    plan = report.round.plan
    report.issued_number = number
    report.issued_on = issued_on
    report.signer_name = signer_name.strip()
    report.signature_authority = signature_authority
    report.addressee = addressee_on(report.round, issued_on)
    authority, title = report.signature_lines
    drafting = consolidate_abbreviation(plan)
    issued = IssuedAs(
        body=plan.territory.name,
        number=number,
        addressee=report.addressee,
        authority=authority,
        title=title,
        signer=report.signer_name,
        drafting_unit=drafting,
    )
    issue_files(report, _issued_reading(report, issued, issued_on))
    report.status = ConsolidatedReport.Status.APPROVED
    report.reviewed_by = user
    report.reviewed_at = at or timezone.now()
    report.review_comment = ""
    if national_report is not None:
        report.delivered_as = _deliver(
            report, national_report, user=user, approved_by=user, at=report.reviewed_at
        )
    stamp(report, user, at=at)
    report.save()
    return report


def consolidate_abbreviation(plan) -> str:
    """DPI's abbreviation (the drafting unit of the People's Committee's report)."""
    if plan.focal_point is None:
        return "UBND"
    return abbreviation(issuing_body_name(plan.focal_point, place_name(plan.territory.name)))


def _deliver(
    report: ConsolidatedReport,
    national_report: AgencyReport,
    *,
    user: User,
    approved_by: User,
    at: datetime.datetime | None = None,
) -> AgencyReport:
    return deliver_national_report(
        national_report,
        user=user,
        source_round=report.round,
        approved_by=approved_by,
        document_number=report.issued_number,
        signer=report.signer_name,
        comment=_("Version %(version)s of the consolidated report, No. %(number)s")
        % {"version": report.version, "number": report.issued_number},
        at=at,
    )


def deliver_approved_versions(round_: ReportingRound, *, user: User) -> int:
    """A national round was just opened: deliver each province's latest approved version of
    the year (submitted at its approval time, by its approving leader); returns how many."""
    delivered = 0
    reports = round_.reports.select_related("organisation")
    for national_report in reports:
        latest = (
            ConsolidatedReport.objects.filter(
                round__plan__parent_id=round_.plan_id,
                round__plan__territory_id=national_report.organisation_id,
                round__year=round_.year,
                status=ConsolidatedReport.Status.APPROVED,
            )
            .select_related("round__plan", "reviewed_by")
            .order_by("-reviewed_at", "-version")
            .first()
        )
        if latest is None or latest.reviewed_by is None:
            continue
        latest.delivered_as = _deliver(
            latest,
            national_report,
            user=user,
            approved_by=latest.reviewed_by,
            at=latest.reviewed_at,
        )
        stamp(latest, user)
        latest.save(update_fields=["delivered_as", "updated_at"])
        delivered += 1
    return delivered
