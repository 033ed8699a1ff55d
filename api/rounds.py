"""Reporting rounds: find a plan's rounds (national rounds too: rounds of a national plan),
read a round's completeness board, lock or reopen it, and generate and list its consolidated
report versions. Same actions and permissions as the round pages."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status

from accounts import permissions
from accounts.models import User
from api.auth import ApiRequest
from api.consolidated import ConsolidatedOut, consolidated_out
from api.errors import forbidden, refused
from api.pagination import ChangedSinceIn, PageIn, in_sync_order, page_of, paginate
from api.schemas import ErrorOut, ShapeErrorOut, Text
from documents import actions as document_actions
from documents.models import ConsolidatedReport
from documents.wording import NARRATIVE_KEYS
from plans.models import Plan, PlanLevel
from reporting import actions
from reporting.board import round_board
from reporting.models import ReportingRound, ReportStatus

router = Router(tags=["reporting rounds"])

READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ShapeErrorOut}
WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ShapeErrorOut}

RoundState = Literal["open", "overdue", "locked"]


class RoundLinksOut(Schema):
    url: str = Field(description="This round in the API.")
    reports: str = Field(description="The round's reports the caller may read.")
    board: str = Field(description="Completeness (coordinators, viewers).")
    consolidated_reports: str
    page: str = Field(description="The round's page in the web application.")


class RoundOut(Schema):
    id: int
    plan_id: int
    plan_number: str = Field(examples=["1847/KH-UBND"])
    plan_level: PlanLevel = Field(description="`national`: a national round (403/QĐ-TTg).")
    territory_code: str = Field(examples=["ubnd-binh-duong"])
    year: int = Field(examples=[2024])
    period_start: datetime.date
    period_end: datetime.date
    deadline: datetime.date = Field(examples=["2024-12-15"])
    locked: bool
    state: RoundState = Field(
        description="`open` until the deadline, then `overdue`; `locked` once closed."
    )
    expected: int = Field(description="Reports expected.")
    received: int = Field(description="Reports submitted at least once.")
    accepted: int
    updated_at: datetime.datetime
    links: RoundLinksOut


class RoundFilters(ChangedSinceIn):
    plan_id: int | None = None
    year: int | None = Field(None, ge=1900, le=2200)
    plan_level: PlanLevel | None = Field(
        None, description="`national` lists the national rounds (issue 14's chain)."
    )
    locked: bool | None = None


class CountsOut(Schema):
    expected: int
    received: int
    submitted: int
    accepted: int
    returned: int
    missing: int
    on_time: int
    late: int


class ThemeOut(Schema):
    code: str | None
    title: str
    expected: int
    received: int
    accepted: int
    completed: int


class AgencyRowOut(Schema):
    organisation_code: str
    organisation: str
    report_id: int | None = Field(description="null when the caller may not open the report.")
    status: ReportStatus
    items: int
    deadline: datetime.date
    submitted_at: datetime.datetime | None
    late: bool
    days_late: int | None


class BoardOut(Schema):
    """The round's completeness, as its board page shows it (reporting.board.round_board):
    missing agencies first, then those awaiting review, then the rest."""

    round: RoundOut
    today: datetime.date
    counts: CountsOut
    themes: list[ThemeOut]
    agencies: list[AgencyRowOut]


class LockIn(Schema):
    locked: bool = Field(True, description="false reopens the round.")


class GenerateIn(Schema):
    narrative: dict[str, Text] = Field(
        default_factory=dict,
        description="Sections written by the coordinator: " + ", ".join(NARRATIVE_KEYS) + ".",
    )


def rounds_of(user: User) -> QuerySet[ReportingRound]:
    return (
        ReportingRound.objects.filter(plan__in=Plan.objects.visible_to(user))
        .select_related("plan__territory")
        .annotate(
            expected=Count("reports"),
            received=Count("reports", filter=Q(reports__first_submitted_at__isnull=False)),
            accepted=Count("reports", filter=Q(reports__status=ReportStatus.ACCEPTED)),
        )
    )


def round_state(round_: ReportingRound, today: datetime.date) -> str:
    if round_.locked:
        return "locked"
    return "overdue" if today > round_.deadline else "open"


def round_out(round_: ReportingRound, today: datetime.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    base = f"/api/reporting/rounds/{round_.pk}"
    return {
        "id": round_.pk,
        "plan_id": round_.plan_id,
        "plan_number": round_.plan.number,
        "plan_level": round_.plan.level,
        "territory_code": round_.plan.territory.code,
        "year": round_.year,
        "period_start": round_.period_start,
        "period_end": round_.period_end,
        "deadline": round_.deadline,
        "locked": round_.locked,
        "state": round_state(round_, today),
        "expected": round_.expected,  # type: ignore[attr-defined]
        "received": round_.received,  # type: ignore[attr-defined]
        "accepted": round_.accepted,  # type: ignore[attr-defined]
        "updated_at": round_.updated_at,
        "links": {
            "url": base,
            "reports": f"/api/reporting/reports?round_id={round_.pk}",
            "board": f"{base}/board",
            "consolidated_reports": f"{base}/consolidated-reports",
            "page": f"/reporting/rounds/{round_.pk}/",
        },
    }


def visible_round(user: User, round_id: int) -> ReportingRound:
    return get_object_or_404(rounds_of(user), pk=round_id)


@router.get(
    "",
    response={200: page_of(RoundOut), 401: ErrorOut, 422: ShapeErrorOut},
    summary="Rounds of the plans visible to the caller",
    description=(
        "Filter by `plan_id`, `year`, `plan_level` (`national` for the national rounds), "
        "`locked`, `changed_since`. Ordered by plan, then year (newest first), then id; with "
        "`changed_since`, by `updated_at` then id."
    ),
)
def list_rounds(
    request: ApiRequest, filters: Query[RoundFilters], page: Query[PageIn]
) -> dict[str, Any]:
    rounds = rounds_of(request.auth)
    if filters.plan_id is not None:
        rounds = rounds.filter(plan_id=filters.plan_id)
    if filters.year is not None:
        rounds = rounds.filter(year=filters.year)
    if filters.plan_level:
        rounds = rounds.filter(plan__level=filters.plan_level)
    if filters.locked is not None:
        rounds = rounds.filter(locked=filters.locked)
    rounds = in_sync_order(rounds, filters.changed_since, "plan_id", "-year", "pk")
    today = timezone.localdate()
    return paginate(request, rounds, page, lambda r: round_out(r, today))


@router.get(
    "/{round_id}", response={200: RoundOut, 401: ErrorOut, 404: ErrorOut}, summary="One round"
)
def get_round(request: ApiRequest, round_id: int) -> dict[str, Any]:
    return round_out(visible_round(request.auth, round_id))


@router.get(
    "/{round_id}/board",
    response={200: BoardOut, 401: ErrorOut, 404: ErrorOut},
    summary="A round's completeness: who reported, on time or late, per agency and theme",
    description="For those who see the board page: the plan's coordinator, viewers, admins.",
)
def get_board(request: ApiRequest, round_id: int) -> dict[str, Any]:
    round_ = visible_round(request.auth, round_id)
    if not permissions.can_view_round(request.auth, round_):
        raise Http404
    board = round_board(round_, reader=request.auth)
    return {
        "round": round_out(round_, board.today),
        "today": board.today,
        "counts": board.counts,
        "themes": [
            {
                "code": row.theme.code if row.theme else None,
                "title": row.theme.title if row.theme else gettext("Without a theme"),
                "expected": row.expected,
                "received": row.received,
                "accepted": row.accepted,
                "completed": row.completed,
            }
            for row in board.themes
        ],
        "agencies": [
            {
                "organisation_code": row.report.organisation.code,
                "organisation": row.name,  # as it was named on the round's deadline
                "report_id": row.report.pk if row.readable else None,
                "status": row.report.status,
                "items": row.items,
                "deadline": row.report.deadline,
                "submitted_at": row.report.submitted_at,
                "late": row.late,
                "days_late": row.days_late,
            }
            for row in board.agencies
        ],
    }


@router.post(
    "/{round_id}/lock",
    response={200: RoundOut, **WRITE_ERRORS},
    summary="Lock a round to further submissions (or reopen it)",
    description="The plan's coordinator. Agencies with an extension may still submit.",
)
def lock_round(request: ApiRequest, round_id: int, payload: LockIn) -> Any:
    round_ = visible_round(request.auth, round_id)
    try:
        actions.lock_round(round_, user=request.auth, locked=payload.locked)
    except PermissionDenied as exc:
        return forbidden(exc, gettext("Only the plan's coordinator may lock a round."))
    return round_out(visible_round(request.auth, round_id))


def _visible_for_documents(user: User, round_id: int) -> ReportingRound:
    round_ = visible_round(user, round_id)
    if not permissions.can_view_consolidated_reports(user, round_):
        raise Http404
    return round_


@router.get(
    "/{round_id}/consolidated-reports",
    response={200: page_of(ConsolidatedOut), **READ_ERRORS},
    summary="The versions of a round's consolidated report, newest first",
    description="The coordinator sees every version; others see the versions sent.",
)
def list_consolidated_reports(
    request: ApiRequest, round_id: int, page: Query[PageIn]
) -> dict[str, Any]:
    round_ = _visible_for_documents(request.auth, round_id)
    document_actions.fail_stalled_builds(round_=round_)
    versions = round_.consolidated_reports.select_related("round", "generated_by", "sent_by")
    if not permissions.can_generate_consolidated_report(request.auth, round_.plan):
        versions = versions.filter(status=ConsolidatedReport.Status.SENT)
    return paginate(request, versions.order_by("-version", "pk"), page, consolidated_out)


@router.post(
    "/{round_id}/consolidated-reports",
    response={202: ConsolidatedOut, **WRITE_ERRORS},
    summary="Generate a new version of the round's consolidated report",
    description=(
        "The plan's coordinator. Answers 202 at once with the new version; its files are built "
        "in the background: follow `build` and `progress` at its `links.self` until `ready` "
        "(or `failed`, with `error`). 422 when no report of the round is accepted yet."
    ),
)
def generate_consolidated_report(request: ApiRequest, round_id: int, payload: GenerateIn) -> Any:
    round_ = _visible_for_documents(request.auth, round_id)
    try:
        report = document_actions.generate_consolidated_report(
            round_, user=request.auth, narrative=dict(payload.narrative)
        )
    except PermissionDenied as exc:
        return forbidden(exc, gettext("Only the plan's coordinator may generate the report."))
    except ValidationError as exc:
        return refused(exc, gettext("The report was not generated."))
    return Status(202, consolidated_out(report))
