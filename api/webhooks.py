"""Webhook endpoints: register an HTTPS address for chosen events, read its deliveries and
their attempts, remove it. An administrator, or a province's coordinator for their province.
How deliveries are signed and retried: webhooks/delivery.py and the README."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status

from accounts.models import User
from api.auth import ApiRequest
from api.errors import forbidden, refused
from api.pagination import PageIn, page_of, paginate
from api.schemas import ErrorOut, ProblemOut, ShapeErrorOut, Text
from webhooks import actions
from webhooks.models import Delivery, Endpoint, Event

router = Router(tags=["webhooks"])


class EndpointIn(Schema):
    url: Text = Field(max_length=500, examples=["https://eoffice.binhduong.gov.vn/greenplan"])
    events: list[Event] = Field(min_length=1, examples=[["report.submitted", "report.accepted"]])
    description: Text = Field("", max_length=200)


class EndpointOut(Schema):
    id: int
    url: str
    description: str
    events: list[str]
    province_code: str | None = Field(description="null: every province (administrators).")
    active: bool
    created_at: datetime.datetime


class NewEndpointOut(EndpointOut):
    secret: str = Field(
        description="The signing secret: shown once, at registration. Keep it in the receiver."
    )


class AttemptOut(Schema):
    at: datetime.datetime
    status_code: int | None = Field(description="null: no answer (refused, timed out).")
    error: str
    duration_ms: int


class DeliveryOut(Schema):
    id: str
    event: str
    subject_kind: str
    subject_id: int
    occurred_at: datetime.datetime
    status: str = Field(json_schema_extra={"enum": list(Delivery.Status.values)})
    attempts: int
    next_attempt_at: datetime.datetime | None
    attempt_log: list[AttemptOut]


def _endpoint_out(endpoint: Endpoint) -> dict[str, Any]:
    return {
        "id": endpoint.pk,
        "url": endpoint.url,
        "description": endpoint.description,
        "events": endpoint.events,
        "province_code": endpoint.province.code if endpoint.province else None,
        "active": endpoint.active,
        "created_at": endpoint.created_at,
    }


def visible_endpoints(user: User) -> QuerySet[Endpoint]:
    return Endpoint.objects.managed_by(user).select_related("province")


def _endpoint(user: User, endpoint_id: int) -> Endpoint:
    return get_object_or_404(visible_endpoints(user), pk=endpoint_id)


@router.get(
    "",
    response={200: page_of(EndpointOut), 401: ErrorOut, 422: ShapeErrorOut},
    summary="Webhook endpoints the caller manages",
)
def list_endpoints(request: ApiRequest, page: Query[PageIn]) -> dict[str, Any]:
    endpoints = visible_endpoints(request.auth).order_by("pk")
    return paginate(request, endpoints, page, _endpoint_out)


@router.post(
    "",
    response={201: NewEndpointOut, 401: ErrorOut, 403: ErrorOut, 422: ProblemOut},
    summary="Register an HTTPS endpoint for chosen events",
    description=(
        "A coordinator's endpoint receives their province's events; an administrator's, every "
        "province's. The answer holds the signing secret, shown only here."
    ),
)
def register_endpoint(request: ApiRequest, payload: EndpointIn) -> Any:
    try:
        endpoint = actions.register_endpoint(
            user=request.auth,
            url=payload.url,
            events=[str(e) for e in payload.events],
            description=payload.description,
        )
    except PermissionDenied as exc:
        return forbidden(exc, gettext("You may not register a webhook."))
    except ValidationError as exc:
        return refused(exc, gettext("The webhook was not registered."))
    return Status(201, {**_endpoint_out(endpoint), "secret": endpoint.secret})


@router.get(
    "/{endpoint_id}/deliveries",
    response={200: page_of(DeliveryOut), 401: ErrorOut, 404: ErrorOut, 422: ShapeErrorOut},
    summary="An endpoint's deliveries, newest first, with their attempts",
)
def list_deliveries(request: ApiRequest, endpoint_id: int, page: Query[PageIn]) -> dict[str, Any]:
    endpoint = _endpoint(request.auth, endpoint_id)
    deliveries = endpoint.deliveries.prefetch_related("attempt_log").order_by("-created_at", "pk")

    def out(delivery: Delivery) -> dict[str, Any]:
        return {
            "id": str(delivery.pk),
            "event": delivery.event,
            "subject_kind": delivery.subject_kind,
            "subject_id": delivery.subject_id,
            "occurred_at": delivery.occurred_at,
            "status": delivery.status,
            "attempts": delivery.attempts,
            "next_attempt_at": delivery.next_attempt_at,
            "attempt_log": [
                {
                    "at": a.at,
                    "status_code": a.status_code,
                    "error": a.error,
                    "duration_ms": a.duration_ms,
                }
                for a in delivery.attempt_log.all()
            ],
        }

    return paginate(request, deliveries, page, out)


@router.delete(
    "/{endpoint_id}",
    response={200: EndpointOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Stop deliveries to an endpoint (its log is kept)",
)
def remove_endpoint(request: ApiRequest, endpoint_id: int) -> Any:
    endpoint = _endpoint(request.auth, endpoint_id)
    try:
        actions.remove_endpoint(endpoint, user=request.auth)
    except PermissionDenied as exc:
        return forbidden(exc, gettext("You may not change this webhook."))
    endpoint.refresh_from_db()
    return _endpoint_out(endpoint)
