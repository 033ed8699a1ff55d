"""Every write of the documents app: generate a version of a consolidated report, build its
files, mark it as sent, or take it up the approval chain: DPI submits it to the provincial
People's Committee, whose leader approves it (the version is issued as the People's
Committee's report: number, date, signer; its files rebuilt so, frozen, their SHA-256
stored; delivered to the national round of the year) or returns it with a comment. Views and
commands call these; permissions are checked here.

Generation stores a new version and builds its files either in the request (fast rounds,
tests) or in a task of the queue (documents.tasks, run by `manage.py run_worker`), so that a
request never waits for a large document: settings.DOCUMENTS_BUILD_IN_BACKGROUND (default
True). The task reads the round itself when it runs; the request only counts the reports.

A worker may die half-way (killed, out of memory, its machine restarted): its task is never
finished by the queue. Every progress report writes heartbeat_at; recover_stalled_builds
(every minute on the worker's schedule, and when the consolidation page or its polled rows
are read) queues the versions that have not reported for settings.DOCUMENTS_BUILD_TIMEOUT
seconds once more, as their next attempt, up to settings.DOCUMENTS_BUILD_ATTEMPTS; after the
last one they are marked failed with the reason, and the coordinator may try again
(retry_consolidated_report). A task of an older attempt that wakes up late changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import logging
import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import permissions
from core.history import stamp
from core.logs import current_request_id
from core.stalled import recover_stalled, waiting_on_the_queue
from documents.consolidation import consolidate
from documents.contents import Consolidation, IssuedAs
from documents.docx_report import build_docx
from documents.models import ConsolidatedReport
from documents.pdf import docx_to_pdf
from documents.reading import AnyConsolidation, excel_file, read_round, word_file
from documents.wording import NARRATIVE_KEYS, abbreviation, issuing_body_name, place_name
from documents.xlsx_report import build_xlsx
from reporting.actions import deliver_national_report, national_report_of
from reporting.board import round_board
from reporting.models import AgencyReport, ReportingRound

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


def build_in_background() -> bool:
    return settings.DOCUMENTS_BUILD_IN_BACKGROUND


def build_timeout() -> int:
    return getattr(settings, "DOCUMENTS_BUILD_TIMEOUT", 600)


def build_attempts() -> int:
    return max(1, getattr(settings, "DOCUMENTS_BUILD_ATTEMPTS", 3))


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
    In the request, the round is read once, here, under the round's lock, and the files are
    built from that reading; through the queue, the task reads it (here only its counts).
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
    queued = build_in_background() if background is None else background
    data: AnyConsolidation | None = None
    if queued:  # the task reads the round; here only its counts, to refuse an empty round
        counts = round_board(round_, timezone.localdate(generated_at)).counts
        expected, received, accepted = counts["expected"], counts["received"], counts["accepted"]
    else:
        data = read_round(round_, narrative=narrative, today=timezone.localdate(generated_at))
        coverage = data.coverage
        expected, received, accepted = coverage.expected, coverage.received, coverage.accepted
    if not accepted:
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
        expected=expected,
        received=received,
        accepted=accepted,
        heartbeat_at=timezone.now(),
    )
    _build(report, queued, data)
    return report


def _build(
    report: ConsolidatedReport, background: bool | None, data: AnyConsolidation | None = None
) -> None:
    """Build `report`'s files: in a task queued when the transaction commits, or here from
    `data` (the reading of its generation), or from a new reading of its round when retried."""
    if build_in_background() if background is None else background:
        report_id, attempt, request_id = report.pk, report.attempt, current_request_id()
        transaction.on_commit(lambda: enqueue_build(report_id, attempt, request_id))
    else:
        build_files(report.pk, data)
        report.refresh_from_db()


def enqueue_build(report_id: int, attempt: int, request_id: str = "") -> None:
    """Queue the build of `report_id`'s `attempt`; the task's id is kept on the version."""
    from documents.tasks import build_consolidated_report  # the task module imports this one

    result = build_consolidated_report.enqueue(report_id, attempt, request_id=request_id)
    ConsolidatedReport.objects.filter(pk=report_id, attempt=attempt).update(task_id=result.id)


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
    report.attempt = 1
    report.save(
        update_fields=["build", "progress", "error", "heartbeat_at", "attempt", "updated_at"]
    )
    _build(report, background)
    return report


def _stalled(round_: ReportingRound | None):
    cutoff = timezone.now() - datetime.timedelta(seconds=build_timeout())
    stalled = ConsolidatedReport.objects.filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff),
        build__in=[ConsolidatedReport.Build.QUEUED, ConsolidatedReport.Build.RUNNING],
    )
    return stalled if round_ is None else stalled.filter(round=round_)


def recover_stalled_builds(*, round_: ReportingRound | None = None) -> tuple[int, int]:
    """Queue once more the builds (of one round, or all) that stopped reporting progress and
    have attempts left; mark the others failed with the reason. Returns (queued, failed).

    A build stops reporting when its worker died, or, for a queued one, when its task was
    lost. A queued build whose task still waits its turn on the queue (behind others, on
    deadline day) is not stalled, where the backend can say so (the database backend can).
    """
    return recover_stalled(
        _stalled(round_),
        retry=lambda report: report.attempt < build_attempts(),
        queue_again=_queue_build_again,
        give_up=_give_up_builds,
        waiting=_waiting_on_the_queue,
    )


def _queue_build_again(report: ConsolidatedReport) -> None:
    report.attempt += 1
    report.build = ConsolidatedReport.Build.QUEUED
    report.heartbeat_at = timezone.now()
    report.save(update_fields=["attempt", "build", "heartbeat_at", "updated_at"])
    logger.warning(
        "consolidated report %s stopped reporting progress: attempt %s queued",
        report.pk,
        report.attempt,
    )
    transaction.on_commit(functools.partial(enqueue_build, report.pk, report.attempt))


def _give_up_builds(reports: list[ConsolidatedReport]) -> int:
    with translation.override(settings.LANGUAGE_CODE):  # stored text, read by everyone
        reason = _(
            "The generation stopped without finishing (the server was probably restarted "
            "meanwhile). Try again."
        )
    return ConsolidatedReport.objects.filter(pk__in=[report.pk for report in reports]).update(
        build=ConsolidatedReport.Build.FAILED, error=reason
    )


def _waiting_on_the_queue(report: ConsolidatedReport) -> bool:
    """Whether `report` is queued and its task is still waiting for a worker."""
    from documents.tasks import build_consolidated_report  # the task module imports this one

    return report.build == ConsolidatedReport.Build.QUEUED and waiting_on_the_queue(
        build_consolidated_report, report.task_id
    )


def fail_stalled_builds(*, round_: ReportingRound | None = None) -> int:
    """recover_stalled_builds, answering whether anything changed (how many versions)."""
    return sum(recover_stalled_builds(round_=round_))


def _set_progress(report_id: int, percent: int) -> None:
    ConsolidatedReport.objects.filter(pk=report_id).update(
        progress=percent, heartbeat_at=timezone.now()
    )


def build_files(
    report_id: int, data: AnyConsolidation | None = None, *, attempt: int | None = None
) -> None:
    """Build the Word, Excel (and, where possible, PDF) files of a stored version, from `data`
    when the generation read it already, else reading the round again. With `attempt` (the
    queue's tasks), only while that attempt is the version's current one."""
    report = ConsolidatedReport.objects.select_related("round").get(pk=report_id)
    if report.is_frozen or report.build == ConsolidatedReport.Build.READY:
        return  # a sent version never changes
    if attempt is not None and (
        report.attempt != attempt or report.build == ConsolidatedReport.Build.FAILED
    ):
        return  # superseded by a later attempt, or given up: nothing to do
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
            # What the files state (the round may have moved on since the generation).
            report.expected = data.coverage.expected
            report.received = data.coverage.received
            report.accepted = data.coverage.accepted
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
            update_fields=[
                *("docx", "xlsx", "pdf", "build", "progress", "error", "updated_at"),
                *("expected", "received", "accepted"),
            ]
        )
    except Exception as exc:
        logger.exception("consolidated report %s failed", report_id)
        reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        ConsolidatedReport.objects.filter(pk=report_id).update(
            build=ConsolidatedReport.Build.FAILED, error=reason[:2000]
        )
        if attempt is None and not build_in_background():
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
