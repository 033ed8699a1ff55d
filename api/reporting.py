"""Reporting: read a round's reports and their items; an agency system saves and submits a
report as JSON. Same actions, permissions and validation (the page forms) as the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema

from accounts import permissions
from api.auth import ApiRequest
from api.errors import content_refused, forbidden, not_saved, stale
from api.pagination import PageIn, page_of, paginate
from api.schemas import ErrorOut, ProblemOut, ShapeErrorOut
from core.money import FundingSource
from plans.models import Plan
from reporting import actions
from reporting.disbursements import lines_to_report, reported_amounts
from reporting.forms import GeneralForm, SubmitForm
from reporting.models import (
    GENERAL_FIELDS,
    ITEM_FIELDS,
    AgencyReport,
    ItemFunding,
    ItemStatus,
    ReportingRound,
    ReportItem,
)

router = Router(tags=["reporting"])


class FundOut(Schema):
    source: str
    amount: Decimal


class ReportItemOut(Schema):
    id: int
    plan_item_id: int
    code: str
    title: str
    role: str
    status: str
    progress: int | None
    results: str
    outputs: str
    document_number: str
    document_date: datetime.date | None
    difficulties: str
    proposals: str
    carried_over: bool
    review_comment: str
    funds: list[FundOut]


class ReportOut(Schema):
    id: int
    round_id: int
    year: int
    organisation_code: str
    organisation: str
    status: str
    version: int
    deadline: datetime.date
    submitted_at: datetime.datetime | None
    is_late: bool  # first submitted after the deadline (or the agency's extension)
    days_late: int | None  # AgencyReport.days_late: null when on time or nothing to count
    document_number: str
    signer: str
    review_comment: str
    general_results: str
    general_difficulties: str
    general_proposals: str


class ReportDisbursementOut(Schema):
    """A budget line of a funded project the agency leads, for the round's year."""

    budget_line_id: int
    project_id: int
    project_title: str
    year: int
    source: str
    allocated: Decimal
    recorded: Decimal = Field(description="Disbursed as recorded on the project now.")
    reported: Decimal | None = Field(description="Disbursed in the year, as this report says.")


class ReportDetailOut(ReportOut):
    items: list[ReportItemOut]
    disbursements: list[ReportDisbursementOut]


class ItemIn(Schema):
    id: int
    status: ItemStatus | None = None
    progress: int | None = Field(None, ge=0, le=100)
    results: str | None = None
    outputs: str | None = None
    document_number: str | None = None
    document_date: datetime.date | None = None
    difficulties: str | None = None
    proposals: str | None = None
    # Whole đồng (VND has no minor unit).
    funds: dict[FundingSource, Annotated[int, Field(ge=0, le=10**17)] | None] = {}


class ReportDisbursementIn(Schema):
    budget_line_id: int
    # Whole đồng disbursed in the round's year; null clears the figure.
    amount: Annotated[int, Field(ge=0, le=10**17)] | None


class ReportIn(Schema):
    version: int
    general_results: str | None = None
    general_difficulties: str | None = None
    general_proposals: str | None = None
    items: list[ItemIn] = []
    disbursements: list[ReportDisbursementIn] = []
    submit: bool = False
    document_number: str = ""
    signer: str = ""


def _report_out(report: AgencyReport) -> dict:
    return {
        "id": report.pk,
        "round_id": report.round_id,
        "year": report.round.year,
        "organisation_code": report.organisation.code,
        "organisation": str(report.organisation),
        "status": report.status,
        "version": report.version,
        "deadline": report.deadline,
        "submitted_at": report.submitted_at,
        "is_late": report.is_late,
        "days_late": report.days_late,
        "document_number": report.document_number,
        "signer": report.signer,
        "review_comment": report.review_comment,
        **{name: getattr(report, name) for name in GENERAL_FIELDS},
    }


def _item_out(item: ReportItem) -> dict:
    return {
        "id": item.pk,
        "plan_item_id": item.plan_item_id,
        "code": item.plan_item.code,
        "title": item.plan_item.title,
        "role": item.role,
        **{name: getattr(item, name) for name in ITEM_FIELDS},
        "carried_over": item.carried_over,
        "review_comment": item.review_comment,
        "funds": [{"source": f.source, "amount": f.amount} for f in item.funds.all()],
    }


def _item_changes(item: ReportItem, entry: ItemIn) -> actions.ItemChanges:
    """The entry as the action's input, in typed values: what it leaves out keeps the item's
    value (and funds, the amounts stored); text is trimmed as the report page's form does."""
    values = {}
    for name in ITEM_FIELDS:
        value = getattr(entry, name)
        if value is None:
            value = getattr(item, name)
        elif isinstance(value, str):
            value = value.strip()
        values[name] = value
    funds: dict[str, Decimal | None] = {f.source: f.amount for f in item.funds.all()}
    funds.update(
        {
            str(source): None if amount is None else Decimal(amount)
            for source, amount in entry.funds.items()
        }
    )
    return actions.ItemChanges(values, funds={s: funds.get(s) for s in FundingSource.values})


def _get_report(user, report_id: int) -> AgencyReport:
    items = ReportItem.objects.select_related("plan_item").prefetch_related(
        Prefetch("funds", queryset=ItemFunding.objects.order_by("source"))
    )
    reports = (
        AgencyReport.objects.visible_to(user)
        .select_related("round", "organisation")
        .prefetch_related(Prefetch("items", queryset=items.order_by("position")))
    )
    return get_object_or_404(reports, pk=report_id)


def _detail(report: AgencyReport) -> dict:
    amounts = reported_amounts(report)
    disbursements = [
        {
            "budget_line_id": line.pk,
            "project_id": line.project_id,
            "project_title": line.project.title,
            "year": line.year,
            "source": line.source,
            "allocated": line.allocated,
            "recorded": line.disbursed,
            "reported": amounts.get(line.pk),
        }
        for line in lines_to_report(report)
    ]
    return {
        **_report_out(report),
        "items": [_item_out(i) for i in report.items.all()],
        "disbursements": disbursements,
    }


@router.get(
    "/rounds/{round_id}/reports",
    response={200: page_of(ReportOut), 401: ErrorOut, 404: ErrorOut, 422: ShapeErrorOut},
    summary="Reports of a round visible to the caller",
    description=(
        "By organisation name, then id. (`GET /api/reporting/reports` filters across rounds.)"
    ),
)
def list_reports(request: ApiRequest, round_id: int, page: Query[PageIn]) -> dict:
    plans = Plan.objects.visible_to(request.auth)
    round_ = get_object_or_404(ReportingRound.objects.filter(plan__in=plans), pk=round_id)
    reports = (
        AgencyReport.objects.visible_to(request.auth)
        .filter(round=round_)
        .select_related("round", "organisation")
        .order_by("organisation__name", "pk")
    )
    return paginate(request, reports, page, _report_out)


@router.get(
    "/reports/{report_id}",
    response={200: ReportDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="One report with its items",
)
def get_report(request: ApiRequest, report_id: int):
    return _detail(_get_report(request.auth, report_id))


@router.post(
    "/reports/{report_id}",
    response={
        200: ReportDetailOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ProblemOut,
        422: ProblemOut,
    },
    summary="Save a report's items (and submit it)",
    description=(
        "Saves the given general fields and items as a draft, checked as on the report page: "
        "`version` must be the report's current version. Values of the wrong shape answer "
        "422, and so does content the report's rules refuse (a completed item without "
        "results, an item of another report), with `errors` located at "
        '`["body", "<item id>-<field>"]` or `["body", "disbursed_<budget line id>"]`; a '
        "stale `version` answers 409. Either way nothing is saved. "
        "`disbursements` gives, for budget lines listed in the report's `disbursements`, the "
        "money disbursed in the round's year. With `submit: true`, the "
        "report is then submitted (agency leader only), with `document_number` and `signer`."
    ),
)
def save_report(request: ApiRequest, report_id: int, payload: ReportIn):
    user = request.auth
    report = _get_report(user, report_id)
    invalid = gettext("The report was not saved: correct the fields listed in errors.")
    errors: dict[str, list[str]] = {}
    general_data = {
        "version": payload.version,
        **{
            name: getattr(payload, name)
            if getattr(payload, name) is not None
            else getattr(report, name)
            for name in ("general_results", "general_difficulties", "general_proposals")
        },
    }
    general = GeneralForm(general_data, instance=AgencyReport(pk=report.pk))
    if not general.is_valid():
        errors.update({k: [str(m) for m in v] for k, v in general.errors.items()})
    items = {i.pk: i for i in report.items.all()}
    changes = {}
    for entry in payload.items:
        item = items.get(entry.id)
        if item is None:
            errors.setdefault("items", []).append(
                gettext("Item %(id)s is not part of this report.") % {"id": entry.id}
            )
            continue
        changes[item.pk] = _item_changes(item, entry)
    for problem in actions.check_items(report, changes):
        errors.setdefault(problem.key, []).append(problem.message)
    submit_form = SubmitForm({"document_number": payload.document_number, "signer": payload.signer})
    # Someone who may not submit is refused as such (403) below, not told to fill the fields.
    may_submit = permissions.can_submit_report(user, report)
    if payload.submit and may_submit and not submit_form.is_valid():
        errors.update({k: [str(m) for m in v] for k, v in submit_form.errors.items()})
    if errors:
        return content_refused(invalid, errors)
    try:
        with transaction.atomic():  # a refused submission leaves the draft unsaved too
            actions.save_draft(
                report,
                user=user,
                version=payload.version,
                general={k: v for k, v in general.cleaned_data.items() if k != "version"},
                items=changes,
                disbursements={
                    d.budget_line_id: None if d.amount is None else Decimal(d.amount)
                    for d in payload.disbursements
                },
            )
            if payload.submit:
                data = submit_form.cleaned_data if may_submit else {}
                actions.submit_report(
                    report,
                    user=user,
                    document_number=data.get("document_number", ""),
                    signer=data.get("signer", ""),
                )
    except PermissionDenied as exc:
        return forbidden(exc, gettext("You may not change this report."))
    except actions.StaleReport as exc:
        return stale(str(exc))
    except ValidationError as exc:
        return not_saved(exc, invalid)
    return _detail(_get_report(user, report_id))
