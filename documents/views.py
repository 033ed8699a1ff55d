"""Pages of the documents app: a round's consolidated report, an agency's Excel template.

Thin: they ask accounts.permissions and write through documents.actions and
reporting.actions. Objects outside the user's scope answer 404; forbidden writes on visible
objects answer 403 (as the reporting pages do).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.http import AuthenticatedHttpRequest
from core.confirm import ask_confirmation, confirmed
from core.spreadsheet import check_upload_size
from documents import actions
from documents.appendix_table import appendix_rows
from documents.figures import national_figures, svg_of
from documents.forms import ApprovalForm, NarrativeForm, ReturnForm, WorkbookUploadForm
from documents.models import ConsolidatedReport
from documents.national import NationalConsolidation
from documents.pdf import pdf_available
from documents.reading import read_round
from documents.wording import NARRATIVE_KEYS
from documents.workbook_jobs import queue_workbook, workbook_in_background
from plans.models import Plan
from reporting import actions as reporting_actions
from reporting.agency_workbook import build_template, check_workbook, save_workbook
from reporting.models import AgencyReport, ReportingRound

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _visible_round(request: AuthenticatedHttpRequest, pk: int) -> ReportingRound:
    round_ = get_object_or_404(
        ReportingRound.objects.select_related("plan__territory", "plan__focal_point").filter(
            plan__in=Plan.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    if not permissions.can_view_consolidated_reports(request.user, round_):
        raise Http404
    return round_


def _versions(request: AuthenticatedHttpRequest, round_: ReportingRound):
    versions = round_.consolidated_reports.select_related(
        "generated_by", "sent_by", "submitted_by", "reviewed_by", "delivered_as"
    )
    user = request.user
    if not (
        permissions.can_generate_consolidated_report(user, round_.plan)
        or permissions.is_province_leader(user, round_.plan.territory.province_id)
    ):
        versions = versions.filter(
            status__in=[ConsolidatedReport.Status.SENT, ConsolidatedReport.Status.APPROVED]
        )
    return versions


def _national_answer(request: AuthenticatedHttpRequest, round_: ReportingRound):
    """The province's report in the national round of the year, with the ministry's steps
    (returns with their per-item comments), or None (also for who may not read it)."""
    report = reporting_actions.national_report_of(round_)
    if report is None or not permissions.can_view_report(request.user, report):
        return None
    events = report.events.filter(action__in=["submitted", "returned", "accepted"]).select_related(
        "actor"
    )
    return {"report": report, "events": list(events)}


@login_required
def consolidation(request: AuthenticatedHttpRequest, round_pk: int) -> HttpResponse:
    """The consolidated report of a round: its figures, the narrative to edit, the versions."""
    round_ = _visible_round(request, round_pk)
    actions.fail_stalled_builds(round_=round_)
    can_generate = permissions.can_generate_consolidated_report(request.user, round_.plan)
    latest = round_.consolidated_reports.first()
    form = None
    if request.method == "POST":
        if not can_generate:
            raise PermissionDenied
        form = NarrativeForm(request.POST)
        if form.is_valid():
            try:
                report = actions.generate_consolidated_report(
                    round_, user=request.user, narrative=form.cleaned_data
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                _say_generated(request, report)
                return redirect("documents:consolidation", round_.pk)
    data = read_round(round_, narrative=latest.narrative if latest else None)
    if form is None and can_generate:
        form = NarrativeForm(initial={key: data.narrative[key] for key in NARRATIVE_KEYS})
    national = isinstance(data, NationalConsolidation)
    figures = national_figures(data) if isinstance(data, NationalConsolidation) else []
    return render(
        request,
        "documents/consolidation.html",
        {
            "plan": round_.plan,
            "round": round_,
            "data": data,
            "national": national,
            # The national report's charts, as the Word file draws them (matplotlib's SVG of
            # our own figures; user text is never read as markup by core.charts).
            # Drawn again only when the figures change (documents.figures.svg_of).
            "charts": [
                (figure.caption, mark_safe(svg_of(figure)))  # noqa: S308
                for figure in figures
            ],
            "form": form,
            "can_generate": can_generate,
            "versions": _versions(request, round_),
            "pdf_available": pdf_available(),
            "national_answer": _national_answer(request, round_),
            "appendix_rows": ""
            if isinstance(data, NationalConsolidation)
            else appendix_rows(data.appendix),
        },
    )


def _visible_version(request: AuthenticatedHttpRequest, pk: int) -> ConsolidatedReport:
    report = get_object_or_404(
        ConsolidatedReport.objects.select_related(
            "round__plan__territory",
            "round__plan__parent__focal_point",
            "generated_by",
            "sent_by",
            "submitted_by",
            "reviewed_by",
            "delivered_as__round__plan",
        ).filter(round__plan__in=Plan.objects.visible_to(request.user)),
        pk=pk,
    )
    if not permissions.can_download_consolidated_report(request.user, report):
        raise Http404
    return report


@login_required
def version_row(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One row of the versions table; htmx polls it every second while it is being built."""
    report = _visible_version(request, pk)
    if report.is_building and actions.fail_stalled_builds(round_=report.round):
        report.refresh_from_db()
    return render(
        request,
        "documents/_version_row.html",
        {
            "version": report,
            "can_generate": permissions.can_generate_consolidated_report(
                request.user, report.round.plan
            ),
            "pdf_available": pdf_available(),
        },
    )


@login_required
def download(request: AuthenticatedHttpRequest, pk: int, kind: str) -> FileResponse:
    """The version's files are never public: the reader must be allowed to download them."""
    report = _visible_version(request, pk)
    if kind not in CONTENT_TYPES:
        raise Http404
    stored = getattr(report, kind)
    if not stored:
        raise Http404
    return FileResponse(
        stored.open("rb"),
        as_attachment=kind != "pdf",  # the PDF opens in the browser for reading
        filename=f"bao-cao-{report.round.year}-v{report.version}.{kind}",
        content_type=CONTENT_TYPES[kind],
    )


@login_required
@require_POST
def mark_sent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _visible_version(request, pk)
    if not permissions.can_generate_consolidated_report(request.user, report.round.plan):
        raise PermissionDenied
    if not confirmed(request) and not report.is_frozen:
        return ask_confirmation(
            request,
            title=_("Mark version %(version)s as sent?") % {"version": report.version},
            consequences=[
                _("Version %(version)s is recorded as sent, by you, now.")
                % {"version": report.version},
                _("Its files are frozen: they never change again; their SHA-256 is kept."),
            ],
            button=_("Confirm: mark as sent"),
            back_url=reverse("documents:consolidation", args=[report.round_id]),
        )
    try:
        actions.mark_sent(report, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Version %(version)s marked as sent.") % {"version": report.version}
        )
    return redirect("documents:consolidation", report.round_id)


@login_required
@require_POST
def retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Generate a version whose build failed once more."""
    report = _visible_version(request, pk)
    try:  # the action refuses (403) whoever may not generate the plan's report
        report = actions.retry_consolidated_report(report, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        _say_generated(request, report)
    return redirect("documents:consolidation", report.round_id)


# --- The approval chain: DPI submits, the People's Committee approves or returns ------------


@login_required
@require_POST
def submit_to_leader(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _visible_version(request, pk)
    if not permissions.can_generate_consolidated_report(request.user, report.round.plan):
        raise PermissionDenied
    if not confirmed(request):
        return ask_confirmation(
            request,
            title=_("Submit version %(version)s to the People's Committee?")
            % {"version": report.version},
            consequences=[
                _("The leaders of %(province)s read it and approve it or return it to you.")
                % {"province": report.round.plan.territory},
                _("While it waits, no other version can be submitted."),
            ],
            button=_("Confirm: submit for approval"),
            back_url=reverse("documents:consolidation", args=[report.round_id]),
        )
    try:
        actions.submit_to_leader(report, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Version %(version)s submitted to the People's Committee.")
            % {"version": report.version},
        )
    return redirect("documents:consolidation", report.round_id)


def _approval_page(
    request: AuthenticatedHttpRequest,
    report: ConsolidatedReport,
    *,
    approval_form: ApprovalForm | None = None,
    return_form: ReturnForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_decide = (
        permissions.can_approve_consolidated_report(request.user, report) and report.awaits_approval
    )
    national = reporting_actions.national_report_of(report.round)
    if national is not None and not permissions.can_view_report(request.user, national):
        national = None
    return render(
        request,
        "documents/approval.html",
        {
            "plan": report.round.plan,
            "round": report.round,
            "version": report,
            "can_decide": can_decide,
            "approval_form": approval_form or ApprovalForm(),
            "return_form": return_form or ReturnForm(),
            "addressee": actions.addressee_on(report.round, timezone.localdate()),
            "national": national,
        },
        status=status,
    )


@login_required
def approval(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The leader's view of a submitted version: its files, the approve and return forms."""
    return _approval_page(request, _visible_version(request, pk))


@login_required
@require_POST
def approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _visible_version(request, pk)
    if not permissions.can_approve_consolidated_report(request.user, report):
        raise PermissionDenied
    form = ApprovalForm(request.POST)
    if not form.is_valid():
        return _approval_page(request, report, approval_form=form, status=400)
    data = form.cleaned_data
    if not confirmed(request) and report.awaits_approval:
        number = actions.normalise_issued_number(data["issued_number"])
        authority, title = ConsolidatedReport(
            signature_authority=data["signature_authority"]
        ).signature_lines
        national = reporting_actions.national_report_of(report.round)
        consequences = [
            _(
                "Version %(version)s becomes the report No. %(number)s of %(body)s, dated "
                "%(date)s, signed %(authority)s / %(title)s %(signer)s."
            )
            % {
                "version": report.version,
                "number": number,
                "body": report.round.plan.territory.name,
                "date": date_format(data["issued_on"], "SHORT_DATE_FORMAT"),
                "authority": authority,
                "title": title,
                "signer": data["signer_name"],
            },
            _("Its Word, Excel and PDF files are rebuilt so and frozen; nothing can change it."),
        ]
        addressee = actions.addressee_on(report.round, data["issued_on"])
        if national is not None:
            consequences.append(
                _("It is sent to %(ministry)s as the province's report of the %(year)s round.")
                % {"ministry": addressee or _("the ministry"), "year": report.round.year}
            )
        elif addressee:
            consequences.append(
                _(
                    "It is addressed to %(ministry)s and sent when the ministry opens the "
                    "national round of %(year)s."
                )
                % {"ministry": addressee, "year": report.round.year}
            )
        return ask_confirmation(
            request,
            title=_("Approve version %(version)s and issue it?") % {"version": report.version},
            consequences=consequences,
            button=_("Confirm: approve and issue"),
            back_url=reverse("documents:approval", args=[report.pk]),
        )
    try:
        actions.approve_consolidated_report(report, user=request.user, **data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                if name in form.fields:
                    form.add_error(name, errors)
            return _approval_page(request, report, approval_form=form, status=400)
    else:
        messages.success(
            request,
            _("Version %(version)s approved as report No. %(number)s.")
            % {"version": report.version, "number": report.issued_number or data["issued_number"]},
        )
    return redirect("documents:approval", report.pk)


@login_required
@require_POST
def return_version(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _visible_version(request, pk)
    if not permissions.can_approve_consolidated_report(request.user, report):
        raise PermissionDenied
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _approval_page(request, report, return_form=form, status=400)
    if not confirmed(request) and report.awaits_approval:
        return ask_confirmation(
            request,
            title=_("Return version %(version)s to DPI?") % {"version": report.version},
            consequences=[
                _("DPI reads your comment and prepares a new version for your approval."),
                _("This version can no longer be approved."),
            ],
            button=_("Confirm: return to DPI"),
            back_url=reverse("documents:approval", args=[report.pk]),
        )
    try:
        actions.return_to_dpi(report, user=request.user, comment=form.cleaned_data["comment"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Version %(version)s returned to DPI.") % {"version": report.version}
        )
    return redirect("documents:approval", report.pk)


def _say_generated(request: AuthenticatedHttpRequest, report: ConsolidatedReport) -> None:
    messages.success(
        request,
        _("Version %(version)s is being generated.") % {"version": report.version}
        if report.is_building
        else _("Version %(version)s generated.") % {"version": report.version},
    )


# --- The agency's Excel template ---------------------------------------------------------------


def _workbook_report(request: AuthenticatedHttpRequest, pk: int):
    report = get_object_or_404(
        AgencyReport.objects.visible_to(request.user).select_related(
            "round__plan__territory", "organisation"
        ),
        pk=pk,
    )
    if not permissions.can_use_report_workbook(request.user, report):
        raise Http404
    return report


@login_required
def report_workbook(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Download the template of an agency report; upload it back filled in (applied by a
    task of the queue for a report of more than AGENCY_WORKBOOK_BACKGROUND_ROWS lines)."""
    report = _workbook_report(request, pk)
    can_upload = permissions.can_edit_report(request.user, report)
    form = WorkbookUploadForm()
    problems: list[str] = []
    if request.method == "POST":
        if not can_upload:
            raise PermissionDenied
        form = WorkbookUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                check_upload_size(upload.size)
            except ValidationError as exc:
                problems = list(exc.messages)
            else:
                if workbook_in_background(report):
                    job = queue_workbook(report, upload.name, upload.read(), user=request.user)
                    return redirect("jobs:detail", job.pk)
                changes, problems = check_workbook(report, upload.read())
                problems = problems or save_workbook(report, changes, user=request.user)
            if not problems:
                messages.success(request, _("The workbook was saved as the report's draft."))
                return redirect("reporting:report", report.pk)
    return render(
        request,
        "documents/report_workbook.html",
        {
            "report": report,
            "round": report.round,
            "plan": report.round.plan,
            "form": form,
            "can_upload": can_upload,
            "problems": problems,
        },
    )


@login_required
def report_workbook_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _workbook_report(request, pk)
    response = HttpResponse(build_template(report), content_type=CONTENT_TYPES["xlsx"])
    name = f"bao-cao-{report.round.year}-{report.organisation.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
