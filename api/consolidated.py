"""A consolidated report version: follow its build, download its Word / Excel / PDF files,
mark it sent. Same actions and permissions as the consolidation page (documents/)."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Router, Schema

from accounts import permissions
from accounts.models import User
from api.auth import ApiRequest
from api.errors import forbidden, refused
from api.schemas import ErrorOut, ProblemOut, Text
from documents import actions
from documents.models import ConsolidatedReport
from plans.models import Plan

router = Router(tags=["consolidated reports"])

FileKind = Literal["docx", "xlsx", "pdf"]
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


class ConsolidatedLinksOut(Schema):
    url: str = Field(description="This version in the API (poll it while it is built).")
    docx: str | None = Field(description="The Word file, once built.")
    xlsx: str | None
    pdf: str | None = Field(description="Only where a PDF converter is installed.")
    sent: str = Field(description="POST here to record that the version was sent.")


class ApproveIn(Schema):
    issued_number: Text = Field(
        max_length=30, description='As Decree 30 writes it, e.g. "125/BC-UBND" (or "125").'
    )
    issued_on: datetime.date = Field(examples=["2024-12-20"])
    signer_name: Text = Field(max_length=120, examples=["Nguyễn Văn Lộc"])
    signature_authority: str = Field(
        json_schema_extra={"enum": list(ConsolidatedReport.Authority.values)},
        description="`chairman` (TM. UBND) or `vice_chairman` (KT. CHỦ TỊCH).",
    )


class ReturnToDpiIn(Schema):
    comment: Text = Field(description="What DPI must change.")


class ConsolidatedOut(Schema):
    id: int
    round_id: int
    year: int
    version: int = Field(examples=[2])
    # Inline enums: "Status" alone would clash with other models' statuses in OpenAPI.
    status: str = Field(
        description="`sent` versions never change.",
        json_schema_extra={"enum": list(ConsolidatedReport.Status.values)},
    )
    build: str = Field(json_schema_extra={"enum": list(ConsolidatedReport.Build.values)})
    progress: int = Field(ge=0, le=100, examples=[100])
    error: str = Field(description="Why the build failed; empty otherwise.")
    expected: int
    received: int
    accepted: int
    generated_at: datetime.datetime
    generated_by: str | None
    sent_at: datetime.datetime | None
    sent_by: str | None
    submitted_at: datetime.datetime | None = Field(
        description="When DPI submitted it to the province's leader (issue 14)."
    )
    reviewed_at: datetime.datetime | None = Field(
        description="When the province's leader approved or returned it."
    )
    review_comment: str = Field(description="The leader's comment on a returned version.")
    issued_number: str = Field(
        description="The People's Committee's report number, once approved.",
        examples=["125/BC-UBND"],
    )
    issued_on: datetime.date | None
    delivered_as_report_id: int | None = Field(
        description="The province's report of the national round this version became."
    )
    updated_at: datetime.datetime
    links: ConsolidatedLinksOut


def _person(user: User | None) -> str | None:
    return None if user is None else (user.get_full_name() or user.username)


def consolidated_out(report: ConsolidatedReport) -> dict[str, Any]:
    base = f"/api/documents/consolidated-reports/{report.pk}"
    return {
        "id": report.pk,
        "round_id": report.round_id,
        "year": report.round.year,
        "version": report.version,
        "status": report.status,
        "build": report.build,
        "progress": report.progress,
        "error": report.error,
        "expected": report.expected,
        "received": report.received,
        "accepted": report.accepted,
        "generated_at": report.generated_at,
        "generated_by": _person(report.generated_by),
        "sent_at": report.sent_at,
        "sent_by": _person(report.sent_by),
        "submitted_at": report.submitted_at,
        "reviewed_at": report.reviewed_at,
        "review_comment": report.review_comment,
        "issued_number": report.issued_number,
        "issued_on": report.issued_on,
        "delivered_as_report_id": report.delivered_as_id,
        "updated_at": report.updated_at,
        "links": {
            "url": base,
            **{kind: f"{base}/{kind}" if getattr(report, kind) else None for kind in CONTENT_TYPES},
            "sent": f"{base}/sent",
        },
    }


def visible_version(user: User, report_id: int) -> ConsolidatedReport:
    report = get_object_or_404(
        ConsolidatedReport.objects.select_related(
            "round__plan__territory", "generated_by", "sent_by"
        ).filter(round__plan__in=Plan.objects.visible_to(user)),
        pk=report_id,
    )
    if not permissions.can_download_consolidated_report(user, report):
        raise Http404
    return report


@router.get(
    "/{report_id}",
    response={200: ConsolidatedOut, 401: ErrorOut, 404: ErrorOut},
    summary="One version of a consolidated report: its build and its files",
)
def get_consolidated_report(request: ApiRequest, report_id: int) -> dict[str, Any]:
    report = visible_version(request.auth, report_id)
    if report.is_building and actions.fail_stalled_builds(round_=report.round):
        report.refresh_from_db()
    return consolidated_out(report)


def _file_response(kind: str) -> dict[str, Any]:
    return {
        "description": f"The {kind} file.",
        "content": {CONTENT_TYPES[kind]: {"schema": {"type": "string", "format": "binary"}}},
    }


def _download(request: ApiRequest, report_id: int, kind: str) -> FileResponse:
    report = visible_version(request.auth, report_id)
    stored = getattr(report, kind)
    if not stored:
        raise Http404
    return FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=f"bao-cao-{report.round.year}-v{report.version}.{kind}",
        content_type=CONTENT_TYPES[kind],
    )


# One operation per file kind: each has its own content type in the OpenAPI document, so
# that generated clients know they receive a Word, an Excel or a PDF file.
def _download_operation(kind: str, label: str) -> None:
    def download(request: ApiRequest, report_id: int) -> FileResponse:
        return _download(request, report_id, kind)

    download.__name__ = f"download_consolidated_report_{kind}"
    router.get(
        f"/{{report_id}}/{kind}",
        response={200: None, 401: ErrorOut, 404: ErrorOut},
        summary=f"Download the version's {label} file",
        operation_id=f"download_consolidated_report_{kind}",
        openapi_extra={"responses": {200: _file_response(kind)}},
    )(download)


for _kind, _label in (("docx", "Word"), ("xlsx", "Excel"), ("pdf", "PDF")):
    _download_operation(_kind, _label)


@router.post(
    "/{report_id}/sent",
    response={200: ConsolidatedOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ProblemOut},
    summary="Record that this version was sent: it is frozen from now on",
    description="The plan's coordinator; 422 when the version was sent already or has no files.",
)
def mark_sent(request: ApiRequest, report_id: int) -> Any:
    report = visible_version(request.auth, report_id)
    try:
        report = actions.mark_sent(report, user=request.auth)
    except PermissionDenied as exc:
        return forbidden(exc, gettext("Only the plan's coordinator may mark a report as sent."))
    except ValidationError as exc:
        return refused(exc, gettext("The version was not marked as sent."), prefix=())
    return consolidated_out(visible_version(request.auth, report.pk))


STEP_ERRORS: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ProblemOut,
}


def _step(
    request: ApiRequest, report_id: int, do: Any, refused_detail: str, forbidden_detail: str
) -> Any:
    report = visible_version(request.auth, report_id)
    try:
        do(report)
    except PermissionDenied as exc:
        return forbidden(exc, forbidden_detail)
    except ValidationError as exc:
        return refused(exc, refused_detail)
    return consolidated_out(visible_version(request.auth, report_id))


@router.post(
    "/{report_id}/submit",
    response={200: ConsolidatedOut, **STEP_ERRORS},
    summary="Submit the version to the province's leader for approval (DPI)",
)
def submit_to_leader(request: ApiRequest, report_id: int) -> Any:
    return _step(
        request,
        report_id,
        lambda report: actions.submit_to_leader(report, user=request.auth),
        gettext("The version was not submitted."),
        gettext("Only the plan's coordinator may submit the report."),
    )


@router.post(
    "/{report_id}/approve",
    response={200: ConsolidatedOut, **STEP_ERRORS},
    summary="Approve the version as the People's Committee's report (the province's leader)",
    description=(
        "Issues it with its number, date and signer, rebuilds and freezes its files, and "
        "delivers it as the province's report of the year's national round (issue 14)."
    ),
)
def approve(request: ApiRequest, report_id: int, payload: ApproveIn) -> Any:
    return _step(
        request,
        report_id,
        lambda report: actions.approve_consolidated_report(
            report,
            user=request.auth,
            issued_number=payload.issued_number,
            issued_on=payload.issued_on,
            signer_name=payload.signer_name,
            signature_authority=payload.signature_authority,
        ),
        gettext("The version was not approved."),
        gettext("Only the province's leader may approve this version."),
    )


@router.post(
    "/{report_id}/return-to-dpi",
    response={200: ConsolidatedOut, **STEP_ERRORS},
    summary="Return the version to DPI with a comment (the province's leader)",
)
def return_to_dpi(request: ApiRequest, report_id: int, payload: ReturnToDpiIn) -> Any:
    return _step(
        request,
        report_id,
        lambda report: actions.return_to_dpi(report, user=request.auth, comment=payload.comment),
        gettext("The version was not returned."),
        gettext("Only the province's leader may return this version."),
    )
