"""Agency reports across rounds (the list a nightly sync reads) and the steps of their
workflow: the agency leader submits, the coordinator accepts or returns with comments per
item, and extends an agency's deadline. Same actions and permissions as the report pages.

Each step sends the report's `version` as read: a report changed since answers 409 (read it
again), and nothing is done.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema

from accounts.models import User
from api.auth import ApiRequest
from api.errors import forbidden, refused, stale
from api.pagination import ChangedSinceIn, PageIn, in_sync_order, page_of, paginate
from api.reporting import ReportDetailOut, ReportOut, _detail, _get_report, _report_out
from api.schemas import ErrorOut, ProblemOut, ShapeErrorOut, Text
from reporting import actions
from reporting.models import AgencyReport, ReportStatus

router = Router(tags=["reporting"])

STEP_ERRORS: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ProblemOut,
    422: ShapeErrorOut,
}
Short = Annotated[Text, Field(max_length=120)]


class ReportFilters(ChangedSinceIn):
    plan_id: int | None = None
    round_id: int | None = None
    year: int | None = Field(None, ge=1900, le=2200)
    organisation: Text | None = Field(None, description="Organisation code, e.g. bd-stnmt.")
    status: ReportStatus | None = None


class SubmitIn(Schema):
    version: int = Field(description="The report's version as read.")
    document_number: Annotated[Text, Field(max_length=60)] = Field(examples=["125/BC-STNMT"])
    signer: Short = Field(examples=["Nguyễn Văn A"])


class AcceptIn(Schema):
    version: int
    comment: Text = ""


class ItemCommentIn(Schema):
    item_id: int = Field(description="The report item's id (`items[].id`).")
    comment: Text


class ReturnIn(Schema):
    version: int
    comment: Text = Field("", description="On the whole report.")
    item_comments: list[ItemCommentIn] = Field(
        default_factory=list, description="What the agency must change, item by item."
    )


class ExtensionIn(Schema):
    until: datetime.date = Field(description="The agency's new deadline.", examples=["2024-12-31"])
    comment: Text = ""


@router.get(
    "",
    response={200: page_of(ReportOut), 401: ErrorOut, 422: ShapeErrorOut},
    summary="Agency reports visible to the caller, across rounds",
    description=(
        "Filter by `plan_id`, `round_id`, `year`, `organisation` (code), `status` and "
        "`changed_since`. Ordered by round, organisation, id; with `changed_since`, by "
        "`updated_at` then id. National reports (issue 14) are the reports of a national "
        "round: those of the provinces' People's Committees."
    ),
)
def list_reports(
    request: ApiRequest, filters: Query[ReportFilters], page: Query[PageIn]
) -> dict[str, Any]:
    reports = AgencyReport.objects.visible_to(request.auth).select_related("round", "organisation")
    if filters.plan_id is not None:
        reports = reports.filter(round__plan_id=filters.plan_id)
    if filters.round_id is not None:
        reports = reports.filter(round_id=filters.round_id)
    if filters.year is not None:
        reports = reports.filter(round__year=filters.year)
    if filters.organisation:
        reports = reports.filter(organisation__code=filters.organisation)
    if filters.status:
        reports = reports.filter(status=filters.status)
    reports = in_sync_order(reports, filters.changed_since, "round_id", "organisation__name", "pk")
    return paginate(request, reports, page, _report_out)


def _step(
    request: ApiRequest,
    report_id: int,
    version: int,
    do: Callable[[AgencyReport, User], object],
    refused_detail: str,
    forbidden_detail: str,
) -> Any:
    """Run one workflow step on the report as read at `version`, all or nothing."""
    user = request.auth
    report = _get_report(user, report_id)
    try:
        with transaction.atomic():
            current = AgencyReport.objects.select_for_update().get(pk=report.pk)
            if current.version != version:
                raise actions.StaleReport(current)
            do(current, user)
    except PermissionDenied as exc:
        return forbidden(exc, forbidden_detail)
    except (actions.StaleReport, actions.ReportAlreadySubmitted) as exc:
        return stale(str(exc))
    except ValidationError as exc:
        return refused(exc, refused_detail)
    return _detail(_get_report(user, report_id))


@router.post(
    "/{report_id}/submit",
    response={200: ReportDetailOut, **STEP_ERRORS},
    summary="Submit a report to the coordinator (the agency's leader)",
)
def submit_report(request: ApiRequest, report_id: int, payload: SubmitIn) -> Any:
    def do(report: AgencyReport, user: User) -> None:
        actions.submit_report(
            report,
            user=user,
            document_number=payload.document_number,
            signer=payload.signer,
        )

    return _step(
        request,
        report_id,
        payload.version,
        do,
        gettext("The report was not submitted: correct the fields listed in errors."),
        gettext("Only the agency's leader may submit this report."),
    )


@router.post(
    "/{report_id}/accept",
    response={200: ReportDetailOut, **STEP_ERRORS},
    summary="Accept a submitted report (the plan's coordinator)",
)
def accept_report(request: ApiRequest, report_id: int, payload: AcceptIn) -> Any:
    def do(report: AgencyReport, user: User) -> None:
        actions.accept_report(report, user=user, comment=payload.comment)

    return _step(
        request,
        report_id,
        payload.version,
        do,
        gettext("The report was not accepted."),
        gettext("Only the coordinator may review a submitted report."),
    )


@router.post(
    "/{report_id}/return",
    response={200: ReportDetailOut, **STEP_ERRORS},
    summary="Return a submitted report to its agency with comments (the plan's coordinator)",
    description="A comment on the whole report or on at least one item is required (422).",
)
def return_report(request: ApiRequest, report_id: int, payload: ReturnIn) -> Any:
    def do(report: AgencyReport, user: User) -> None:
        known = set(report.items.values_list("pk", flat=True))
        unknown = [c.item_id for c in payload.item_comments if c.item_id not in known]
        if unknown:
            raise ValidationError(
                {
                    "item_comments": gettext("Item %(id)s is not part of this report.")
                    % {"id": unknown[0]}
                }
            )
        actions.return_report(
            report,
            user=user,
            comment=payload.comment,
            item_comments={c.item_id: c.comment for c in payload.item_comments},
        )

    return _step(
        request,
        report_id,
        payload.version,
        do,
        gettext("The report was not returned."),
        gettext("Only the coordinator may review a submitted report."),
    )


@router.post(
    "/{report_id}/extension",
    response={200: ReportDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ProblemOut},
    summary="Give one agency a later deadline (the plan's coordinator)",
    description="It may then submit even when the round is locked.",
)
def grant_extension(request: ApiRequest, report_id: int, payload: ExtensionIn) -> Any:
    user = request.auth
    report = get_object_or_404(
        AgencyReport.objects.visible_to(user).select_related("round__plan"), pk=report_id
    )
    try:
        actions.grant_exception(report, user=user, until=payload.until, comment=payload.comment)
    except PermissionDenied as exc:
        return forbidden(exc, gettext("Only the plan's coordinator may grant an exception."))
    except ValidationError as exc:
        return refused(exc, gettext("The deadline was not extended."))
    return _detail(_get_report(user, report_id))
