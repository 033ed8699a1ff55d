"""Reporting pages. Thin: they read through accounts.permissions and write through actions.

Reads of objects outside the user's scope answer 404 (whether or not they exist), so that
guessing ids reveals nothing; forbidden writes on visible objects answer 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts import permissions
from accounts.http import AuthenticatedHttpRequest, HtmxHttpRequest
from core.charts import Drawing, recent_svg, to_svg
from core.confirm import ask_confirmation, confirmed
from core.filetypes import serve_file
from core.forms import own_field
from orgs.models import NamesOn
from plans.models import Plan
from plans.visibility import get_visible_plan
from reporting import actions
from reporting.board import Summary, round_board
from reporting.charts import completeness_figure, completeness_key
from reporting.disbursements import lines_to_report, reported_amounts
from reporting.forms import (
    AttachmentForm,
    DisbursementForm,
    ExceptionForm,
    GeneralForm,
    OpenRoundForm,
    ReplaceAttachmentForm,
    ReportItemForm,
    ReviewForm,
    SubmitForm,
    disbursed_field,
)
from reporting.history import changes_since_return, report_changes
from reporting.models import (
    AgencyReport,
    Attachment,
    ItemFunding,
    ReportingRound,
    ReportStatus,
)
from reporting.report_lines import lines_html


def _visible_round(request: AuthenticatedHttpRequest, pk: int) -> ReportingRound:
    plans = Plan.objects.visible_to(request.user)
    return get_object_or_404(
        ReportingRound.objects.select_related("plan__territory").filter(plan__in=plans), pk=pk
    )


def _visible_report(request: AuthenticatedHttpRequest, pk: int):
    return get_object_or_404(
        AgencyReport.objects.visible_to(request.user).select_related(
            "round__plan__territory", "organisation", "submitted_by", "reviewed_by"
        ),
        pk=pk,
    )


def _add_errors(form, error: ValidationError) -> None:
    for name, msgs in error.message_dict.items():
        field = name if name in form.fields else None
        for msg in msgs:
            form.add_error(field, msg)


def _place_problems(problems, general, item_forms, disbursement_form) -> None:
    """Each problem of a refused draft in the list above the form (on its field for the
    report's own fields), and again on the item's or budget line's field it is about."""
    forms_by_id = {item.pk: form for item, form in item_forms}
    for problem in problems:
        about_report = problem.item is None and problem.line is None
        general.add_error(
            problem.field if about_report and problem.field in general.fields else None,
            problem.message,
        )
        if problem.line is not None:
            name = disbursed_field(problem.line)
            if disbursement_form is not None and name in disbursement_form.fields:
                disbursement_form.add_error(name, problem.message)
        elif problem.item is not None and problem.item in forms_by_id:
            form = forms_by_id[problem.item]
            form.add_error(problem.field if problem.field in form.fields else None, problem.message)


@dataclass(frozen=True)
class FieldError:
    """One line of the summary above a refused form: a link to the field, where it is."""

    field_id: str
    where: str
    message: str


def _error_summary(general, item_forms, disbursement_form) -> list[FieldError]:
    """Every field error of the page, in the page's order; the first wrong field gets the
    focus (the browser scrolls to it, with or without JavaScript)."""
    entries: list[tuple[str, object]] = [
        (f"{item.plan_item.label} · {item.plan_item.title}", form) for item, form in item_forms
    ]
    if disbursement_form is not None:
        entries.append((_("Money disbursed"), disbursement_form))
    entries.append((_("General section"), general))
    summary: list[FieldError] = []
    for where, form in entries:
        bound_form = cast(forms.BaseForm, form)
        for message in bound_form.non_field_errors():
            summary.append(FieldError("report-form", where, str(message)))
        for bound in bound_form:
            if not bound.errors:
                continue
            # The line forms share their fields (core.forms.SharedFields): these attributes
            # are this form's, set on its own copy.
            bound = own_field(bound_form, bound.name)
            attrs = bound.field.widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{bound.auto_id}_errors"
            if not summary:
                attrs["autofocus"] = True
            for message in bound.errors:
                summary.append(
                    FieldError(str(bound.auto_id), f"{where} · {bound.label}", str(message))
                )
    return summary


def _saved_place(request: AuthenticatedHttpRequest, report, item_forms) -> str:
    """The report's URL at the item the writer edited last (the form's `anchor`, set by the
    page's script as they type; without it, the last item whose fields changed), so that a
    save does not throw them back to the top of a long form."""
    url = reverse("reporting:report", args=[report.pk])
    anchors = {f"item-{item.pk}" for item, _form in item_forms} | {"disbursements", "general"}
    anchor = request.POST.get("anchor", "")
    if anchor in anchors:
        return f"{url}#{anchor}"
    # From the last line up: has_changed reads every field of a form back.
    changed = next((item for item, form in reversed(item_forms) if form.has_changed()), None)
    return f"{url}#item-{changed.pk}" if changed is not None else url


@login_required
def round_list(request: AuthenticatedHttpRequest, plan_pk: int) -> HttpResponse:
    """The plan's rounds; the coordinator opens a new one here; agencies find their report."""
    plan = get_visible_plan(request.user, plan_pk)
    can_manage = permissions.can_manage_reporting(request.user, plan)
    form = OpenRoundForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                round_ = actions.open_round(plan, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Round %(year)s opened.") % {"year": round_.year})
                return redirect("reporting:round", round_.pk)
    rounds = plan.rounds.annotate(
        expected=Count("reports"),
        received=Count("reports", filter=Q(reports__first_submitted_at__isnull=False)),
        accepted=Count("reports", filter=Q(reports__status=ReportStatus.ACCEPTED)),
    ).order_by("-year")  # by year, newest first, whatever order they were opened in
    mine = (
        AgencyReport.objects.visible_to(request.user)
        .filter(round__plan=plan, organisation_id=request.user.organisation_id)
        .select_related("round")
        .order_by("-round__year")
    )
    return render(
        request,
        "reporting/round_list.html",
        {
            "plan": plan,
            "rounds": _round_rows(plan, rounds),
            "form": form,
            "mine": mine,
            "can_manage": can_manage,
            "can_board": can_manage
            or permissions.can_view_round(request.user, ReportingRound(plan=plan)),
        },
    )


@dataclass(frozen=True)
class RoundRow:
    round: ReportingRound
    coordinated_by: str  # the coordinating body as it was named on the round's deadline


def _round_rows(plan: Plan, rounds) -> list[RoundRow]:
    """The rounds with the plan's focal point on each round's deadline (the one it had then,
    Plan.focal_point_on, or the body that carried on its work) named as it was then. Three
    queries whatever the number of rounds: the focal point, the earlier focal points and the
    earlier names."""
    rounds = list(rounds)
    plan = (
        Plan.objects.select_related("focal_point__successor__successor__successor")
        .only("id", "focal_point")
        .get(pk=plan.pk)
    )
    if plan.focal_point_id is None:
        return [RoundRow(r, "") for r in rounds]
    names = NamesOn.over(r.deadline for r in rounds)
    periods = list(plan.focal_point_periods.select_related("organisation__successor"))
    rows = []
    for round_ in rounds:
        day = round_.deadline
        then = next((p.organisation for p in periods if p.valid_to >= day), plan.focal_point)
        assert then is not None
        rows.append(RoundRow(round_, names[day].short(then.carrier_on(day))))
    return rows


def _completeness_chart(summary: Summary) -> Drawing | None:
    if not summary.themes:
        return None
    # Drawn again when the figures change, at most every BOARD_CHART_MAX_AGE seconds.
    drawing = recent_svg(
        f"reporting-board:{summary.round.pk}:{get_language()}",
        completeness_key(summary),
        lambda: to_svg(completeness_figure(summary)),
        max_age=settings.BOARD_CHART_MAX_AGE,
    )
    drawing.svg = mark_safe(drawing.svg)  # noqa: S308 (matplotlib's SVG of our own figures)
    return drawing


def _live_part(request: AuthenticatedHttpRequest, round_: ReportingRound) -> dict:
    """What the board's live part shows (reporting/_board_counts.html): the counts, the chart
    and the lists, all from one reading of the round (round_board), so they always agree."""
    # Only the reports this user may open are links (a viewer reads accepted ones).
    summary = round_board(round_, reader=request.user)
    return {
        "round": round_,
        "national": permissions.is_national_plan(round_.plan),
        "can_manage": permissions.can_manage_reporting(request.user, round_.plan),
        "board": summary,
        "chart": _completeness_chart(summary),
        "chart_max_age": settings.BOARD_CHART_MAX_AGE,
        "updated_at": localtime(),
    }


def _check_board(request: AuthenticatedHttpRequest, round_: ReportingRound) -> None:
    if permissions.can_view_round(request.user, round_):
        return
    if permissions.is_national_plan(round_.plan):
        raise PermissionDenied(
            _(
                "The board of a national round is the ministry's: each province sees its own "
                "report to the ministry from its consolidated report's page."
            )
        )
    raise Http404


@login_required
def round_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The completeness board."""
    round_ = _visible_round(request, pk)
    _check_board(request, round_)
    return render(
        request,
        "reporting/round_detail.html",
        {
            "plan": round_.plan,
            **_live_part(request, round_),
            "exception_form": ExceptionForm(),
            # A round nothing was submitted in can be cancelled (actions.cancel_round).
            "can_cancel": permissions.can_manage_reporting(request.user, round_.plan)
            and not actions.cancel_problem(round_),
        },
    )


def round_live(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The board's counts and chart alone: the open board page fetches them again every
    30 seconds (htmx), so that a coordinator watching the deadline sees reports arrive without
    reloading the agency table."""
    if not request.user.is_authenticated:
        login = redirect_to_login(reverse("reporting:round", args=[pk]))
        # The session expired while the page was open: take the whole page to the login form
        # (htmx would otherwise put the form inside the counts).
        return HttpResponseClientRedirect(login.url) if request.htmx else login
    signed_in = cast(AuthenticatedHttpRequest, request)  # its user is authenticated: see above
    round_ = _visible_round(signed_in, pk)
    _check_board(signed_in, round_)
    return render(
        request,
        "reporting/_board_counts.html",
        _live_part(signed_in, round_),
    )


@login_required
@require_POST
def lock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round_ = _visible_round(request, pk)
    locked = request.POST.get("locked", "1") == "1"
    if locked and not round_.locked and not confirmed(request):
        if not permissions.can_manage_reporting(request.user, round_.plan):
            raise PermissionDenied
        context = {"plan": round_.plan.number, "year": round_.year}
        return ask_confirmation(
            request,
            title=_("Lock the %(year)s round of plan %(plan)s?") % context,
            consequences=[
                _(
                    "Agencies can no longer submit or correct their reports, except those "
                    "granted an exception."
                ),
                _("You can reopen the round later."),
            ],
            button=_("Confirm: lock"),
            back_url=reverse("reporting:round", args=[round_.pk]),
            can_be_undone=True,
        )
    actions.lock_round(round_, user=request.user, locked=locked)
    messages.success(request, _("Round locked.") if locked else _("Round reopened."))
    return redirect("reporting:round", round_.pk)


@login_required
@require_POST
def cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Cancel a round opened by mistake: first the confirmation naming the reports that will be
    deleted (core.confirm), then, confirmed, actions.cancel_round; refused with the reason once
    a report in it was submitted."""
    round_ = _visible_round(request, pk)
    if not permissions.can_manage_reporting(request.user, round_.plan):
        raise PermissionDenied
    problem = actions.cancel_problem(round_)
    if problem:
        messages.error(request, problem)
        return redirect("reporting:round", round_.pk)
    if not confirmed(request):
        reports = list(round_.reports.select_related("organisation").order_by("organisation"))
        context = {"year": round_.year, "plan": round_.plan.number, "count": len(reports)}
        return ask_confirmation(
            request,
            title=_("Cancel the %(year)s round of %(plan)s?") % context,
            consequences=[
                ngettext(
                    "The round and its %(count)s draft report are deleted, with what was "
                    "written in it:",
                    "The round and its %(count)s draft reports are deleted, with what was "
                    "written in them:",
                    len(reports),
                )
                % context,
                *[str(report.organisation.as_on(round_.deadline).name) for report in reports],
                _(
                    "Nothing in it was submitted. The deletion is kept in the round's history "
                    "(who and when); the round can be opened again."
                ),
            ],
            button=_("Confirm: cancel the round"),
            back_url=reverse("reporting:round", args=[round_.pk]),
        )
    plan_pk = round_.plan_id
    try:
        actions.cancel_round(round_, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reporting:round", round_.pk)
    messages.success(request, _("Round %(year)s cancelled.") % {"year": round_.year})
    return redirect("reporting:rounds", plan_pk)


@login_required
@require_POST
def grant_exception(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    # Before reading the form: a refused user gets 403 whatever they posted, not a message.
    if not permissions.can_manage_reporting(request.user, report.round.plan):
        raise PermissionDenied
    form = ExceptionForm(request.POST)
    if form.is_valid():
        try:
            actions.grant_exception(report, user=request.user, until=form.cleaned_data["until"])
            messages.success(
                request, _("Exception granted to %(org)s.") % {"org": report.organisation}
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("reporting:round", report.round_id)


def _item_forms(report, items, data=None):
    """A form for each line, with the line's saved funds (one query for the report's)."""
    funds: dict[int, dict[str, Decimal]] = {item.pk: {} for item in items}
    rows = ItemFunding.objects.filter(item__report=report).order_by()
    for item_id, source, amount in rows.values_list("item_id", "source", "amount"):
        funds[item_id][source] = amount
    return [
        (item, ReportItemForm(data, instance=item, prefix=f"item-{item.pk}", funds=funds[item.pk]))
        for item in items
    ]


@login_required
def report_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Read the report; its agency edits the draft here (POST saves the draft)."""
    report = _visible_report(request, pk)
    can_edit = permissions.can_edit_report(request.user, report)
    report_items = report.items.select_related("plan_item").order_by("position")
    # The editable page reads the funds as plain amounts for the forms (_item_forms); the
    # read-only one shows each line's rows.
    items = list(report_items if can_edit else report_items.prefetch_related("funds"))
    stale = None
    data = request.POST if request.method == "POST" else None
    if data is not None and not can_edit:
        raise PermissionDenied
    general = GeneralForm(data, instance=report, initial={"version": report.version})
    item_forms = _item_forms(report, items, data) if can_edit else []
    lines = lines_to_report(report)
    amounts = reported_amounts(report)
    disbursement_form = (
        DisbursementForm(data, lines=lines, amounts=amounts, prefix="money")
        if can_edit and lines
        else None
    )
    if data is not None:
        valid = (
            general.is_valid()
            & all([f.is_valid() for _i, f in item_forms])
            & (disbursement_form is None or disbursement_form.is_valid())
        )
        if valid:
            try:
                actions.save_draft(
                    report,
                    user=request.user,
                    version=general.cleaned_data["version"],
                    general={
                        n: general.cleaned_data[n]
                        for n in ("general_results", "general_difficulties", "general_proposals")
                    },
                    items={item.pk: form.changes() for item, form in item_forms},
                    disbursements=disbursement_form.amounts() if disbursement_form else None,
                )
            except actions.StaleReport as exc:
                stale = exc
                messages.error(request, str(exc))
            except actions.DraftRejected as exc:
                _place_problems(exc.problems, general, item_forms, disbursement_form)
            else:
                messages.success(request, _("Draft saved."))
                return redirect(_saved_place(request, report, item_forms))
        if stale is None:
            messages.error(request, _("The draft was not saved: correct the fields marked below."))
    error_summary = (
        _error_summary(general, item_forms, disbursement_form)
        if data is not None and stale is None
        else []
    )
    current = None
    if stale is not None:
        # Show what is saved now beside the user's unsaved text, never overwrite either.
        current_report = stale.report
        current_items = {
            i.pk: i for i in current_report.items.select_related("plan_item").order_by("position")
        }
        current = {"report": current_report, "items": current_items}
        posted = cast(QueryDict, general.data).copy()  # the POST it was bound to
        posted["version"] = str(current_report.version)
        general.data = posted
    can_review = permissions.can_review_report(request.user, report)
    # Only a reviewer sees it (a comment field for each line).
    review_form = ReviewForm(items=items) if can_review else None
    changes = (
        changes_since_return(report)
        if can_review and report.status == ReportStatus.SUBMITTED
        else {}
    )
    item_rows = [
        (
            item,
            review_form[f"comment_{item.pk}"] if review_form is not None else None,
            changes.get(item.pk),
        )
        for item in items
    ]
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            # the agency named in full as it was when the round was due (Organisation.as_on):
            # a 2019 report of a department merged in 2025 still reads with its 2019 name
            "agency": report.organisation.as_on(report.round.deadline),
            "round": report.round,
            "plan": report.round.plan,
            "items": items,
            "general": general,
            "item_forms": item_forms,
            "item_lines": lines_html(item_forms),
            "disbursement_form": disbursement_form,
            "disbursements": [(line, amounts.get(line.pk)) for line in lines],
            "can_edit": can_edit,
            "can_submit": permissions.can_submit_report(request.user, report),
            "can_review": can_review,
            "submit_form": _submit_form(request.user, report),
            "review_form": review_form,
            "item_rows": item_rows,
            "attachment_form": AttachmentForm(report_items=items),
            "attachments": report.attachments.select_related("item__plan_item"),
            "replace_form": ReplaceAttachmentForm(),
            "events": report.events.select_related("actor").order_by("created_at", "pk"),
            "stale": stale,
            "current": current,
            "error_summary": error_summary,
            "carried_over": any(item.carried_over for item in items),
            # A province's report to a national round: the approved versions it came from
            # (documents.ConsolidatedReport.delivered_as), their frozen files and SHA-256.
            "national": permissions.is_national_plan(report.round.plan),
            "delivered": report.deliveries.filter(status="approved").order_by("-reviewed_at")
            if permissions.is_national_plan(report.round.plan)
            else [],
        },
    )


HISTORY_SHOWN_ON_THE_REPORT = 100


@login_required
def report_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The report's changes field by field, newest first. The report page loads them when the
    reader opens its "history" section (htmx), not on every view; without htmx, a page."""
    report = _visible_report(request, pk)
    labels = {item.pk: item.plan_item.label for item in report.items.select_related("plan_item")}
    changes = report_changes(report, labels)
    if request.htmx:
        shown = changes[:HISTORY_SHOWN_ON_THE_REPORT]
        return render(
            request,
            "reporting/_report_history.html",
            {"report": report, "changes": shown, "more": len(changes) - len(shown)},
        )
    return render(request, "reporting/report_history.html", {"report": report, "changes": changes})


def _submit_form(user, report: AgencyReport) -> SubmitForm:
    """The leader's own name proposed as signer; a resubmission proposes what was sent."""
    return SubmitForm(
        initial={
            "document_number": report.document_number,
            "signer": report.signer or user.get_full_name() or user.get_username(),
        }
    )


@login_required
@require_POST
def submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """First the confirmation step (what will be sent, by whom, and that it becomes read-only),
    then, with its button's `confirm`, the submission."""
    report = _visible_report(request, pk)
    form = SubmitForm(request.POST)
    valid = form.is_valid()
    if permissions.can_submit_report(request.user, report) and not (
        valid and form.cleaned_data["confirm"]
    ):
        return render(
            request,
            "reporting/submit_confirm.html",
            {"report": report, "round": report.round, "plan": report.round.plan, "form": form},
        )
    data = form.cleaned_data if valid else {}
    try:
        # Someone who may not submit (or a second click) is answered by the action.
        actions.submit_report(
            report,
            user=request.user,
            document_number=data.get("document_number", ""),
            signer=data.get("signer", ""),
        )
    except actions.ReportAlreadySubmitted as exc:
        # A second click, or a colleague was quicker: said, not refused (nothing written).
        messages.info(request, str(exc))
    except ValidationError as exc:
        messages.error(
            request,
            _("The report cannot be submitted yet: %(errors)s")
            % {"errors": " ".join(exc.messages)},
        )
    else:
        messages.success(request, _("Report submitted to the focal point."))
    return redirect("reporting:report", report.pk)


def _confirm_national_review(
    request: AuthenticatedHttpRequest, report: AgencyReport, decision: str
) -> HttpResponse:
    """The ministry's answer to a province, confirmed first (core.confirm)."""
    context = {
        "number": report.document_number or "—",
        "province": report.organisation,
        "year": report.round.year,
    }
    if decision == "accept":
        title = _("Accept the report of %(province)s?") % context
        what = _("Report No. %(number)s of %(province)s is accepted for the %(year)s round.")
        button = _("Confirm: accept")
    else:
        title = _("Return the report to %(province)s?") % context
        what = _(
            "Report No. %(number)s goes back to %(province)s with your comments: its People's "
            "Committee approves a new version, which is sent again."
        )
        button = _("Confirm: return")
    return ask_confirmation(
        request,
        title=title,
        consequences=[what % context, _("The province's leaders and DPI are told.")],
        button=button,
        back_url=reverse("reporting:report", args=[report.pk]),
    )


def _confirm_review(
    request: AuthenticatedHttpRequest, report: AgencyReport, decision: str
) -> HttpResponse:
    """The coordinator's answer to an agency, confirmed first (core.confirm)."""
    context = {"agency": report.organisation, "year": report.round.year}
    if decision == "accept":
        title = _("Accept the report of %(agency)s?") % context
        consequences = [
            _(
                "The report of %(agency)s for %(year)s is accepted: it counts in the "
                "consolidated report and can no longer be changed."
            )
            % context,
        ]
        button = _("Confirm: accept")
    else:
        title = _("Return the report to %(agency)s?") % context
        consequences = [
            _(
                "The report goes back to %(agency)s with your comments: the agency corrects it "
                "and submits it again."
            )
            % context,
        ]
        button = _("Confirm: return")
    return ask_confirmation(
        request,
        title=title,
        consequences=[*consequences, _("The agency's people are told.")],
        button=button,
        back_url=reverse("reporting:report", args=[report.pk]),
    )


@login_required
@require_POST
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    if not permissions.can_review_report(request.user, report):
        raise PermissionDenied
    items = list(report.items.select_related("plan_item"))
    form = ReviewForm(request.POST, items=items)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("reporting:report", report.pk)
    if not confirmed(request):
        if permissions.is_national_plan(report.round.plan):
            return _confirm_national_review(request, report, form.cleaned_data["decision"])
        return _confirm_review(request, report, form.cleaned_data["decision"])
    try:
        if form.cleaned_data["decision"] == "accept":
            actions.accept_report(report, user=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, _("Report accepted."))
        else:
            actions.return_report(
                report,
                user=request.user,
                comment=form.cleaned_data["comment"],
                item_comments=form.item_comments(),
            )
            messages.success(request, _("Report returned to the agency."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reporting:report", report.pk)


@login_required
@require_POST
def upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    items = list(report.items.select_related("plan_item"))
    form = AttachmentForm(request.POST, request.FILES, report_items=items)
    if form.is_valid():
        item = next((i for i in items if i.pk == form.cleaned_data["item"]), None)
        try:
            actions.add_attachment(
                report, user=request.user, upload=form.cleaned_data["file"], item=item
            )
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
        else:
            messages.success(request, _("File attached."))
    else:
        if not permissions.can_edit_report(request.user, report):
            raise PermissionDenied
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("reporting:report", report.pk)


def _visible_attachment(request: AuthenticatedHttpRequest, pk: int) -> Attachment:
    return get_object_or_404(
        Attachment.objects.filter(
            report__in=AgencyReport.objects.visible_to(request.user)
        ).select_related("report"),
        pk=pk,
    )


@login_required
@require_POST
def remove_attachment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attachment = _visible_attachment(request, pk)
    actions.remove_attachment(attachment, user=request.user)
    messages.success(request, _("File %(name)s removed.") % {"name": attachment.original_name})
    return redirect(reverse("reporting:report", args=[attachment.report_id]) + "#attachments")


@login_required
@require_POST
def replace_attachment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attachment = _visible_attachment(request, pk)
    if not permissions.can_change_attachment(request.user, attachment):
        raise PermissionDenied
    form = ReplaceAttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.replace_attachment(
                attachment, user=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
        else:
            messages.success(request, _("File replaced."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(reverse("reporting:report", args=[attachment.report_id]) + "#attachments")


@login_required
def download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Evidence files are never public: the reader must be allowed to see the report."""
    attachment = get_object_or_404(
        Attachment.objects.filter(report__in=AgencyReport.objects.visible_to(request.user)), pk=pk
    )
    return serve_file(
        attachment.file.open("rb"),
        name=attachment.original_name,
        content_type=attachment.content_type,  # checked on upload (reporting.files)
        attachment=True,
    )
