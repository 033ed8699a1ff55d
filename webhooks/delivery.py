"""Delivering an event to an endpoint: a signed JSON POST, retried with backoff through the
task queue (django-tasks), every attempt recorded.

The request an endpoint receives:

    POST <its URL>
    Content-Type: application/json
    X-Greenplan-Event: report.submitted
    X-Greenplan-Delivery: <the delivery's id, the same on every retry>
    X-Greenplan-Timestamp: <Unix time of this attempt, seconds>
    X-Greenplan-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with its secret>

    {"delivery": "...", "event": "report.submitted", "occurred_at": "...", "data": {...}}

A receiver recomputes the signature over the timestamp header, a dot and the raw body, compares
it in constant time, and refuses a timestamp more than REPLAY_WINDOW from its clock (and a
delivery id it has already processed). Any 2xx answer is a success; anything else, or no answer
within TIMEOUT seconds, is retried after BACKOFF[n] until MAX_ATTEMPTS.

What `data` says is read at each attempt, for the endpoint's owner: an object the owner may not
read (any more) is not sent; the delivery is "withheld".
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
import uuid
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import default_task_backend, task

from accounts import permissions
from accounts.models import User
from documents.models import ConsolidatedReport
from reporting.models import AgencyReport, ReportingRound
from webhooks.models import Attempt, Delivery, Endpoint

SIGNATURE_HEADER = "X-Greenplan-Signature"
TIMESTAMP_HEADER = "X-Greenplan-Timestamp"
EVENT_HEADER = "X-Greenplan-Event"
DELIVERY_HEADER = "X-Greenplan-Delivery"
REPLAY_WINDOW = datetime.timedelta(minutes=5)
MAX_ATTEMPTS = 6
# The wait before attempts 2, 3, ... 6: about three hours in all.
BACKOFF = [datetime.timedelta(seconds=s) for s in (30, 120, 600, 1800, 7200)]


def timeout() -> float:
    return float(getattr(settings, "WEBHOOKS_TIMEOUT", 5))


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=<hex>`: HMAC-SHA256 of "<timestamp>.<body>" with the endpoint's secret."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def verify(secret: str, timestamp: str, body: bytes, signature: str, now: float) -> bool:
    """What a receiver does (documented in the README): the signature and the replay window."""
    try:
        age = abs(now - int(timestamp))
    except ValueError:
        return False
    if age > REPLAY_WINDOW.total_seconds():
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def _province_of(subject_kind: str, subject_id: int) -> int | None:
    """The province the subject belongs to (None: a national round's, or nothing found)."""
    if subject_kind == "report":
        report = AgencyReport.objects.select_related("round__plan__territory").get(pk=subject_id)
        territory = report.round.plan.territory
    elif subject_kind == "round":
        round_ = ReportingRound.objects.select_related("plan__territory").get(pk=subject_id)
        territory = round_.plan.territory
    else:
        version = ConsolidatedReport.objects.select_related("round__plan__territory").get(
            pk=subject_id
        )
        territory = version.round.plan.territory
    return territory.province_id or (territory.pk if territory.kind == "province" else None)


def enqueue_event(
    event: str, subject_kind: str, subject_id: int, occurred_at: datetime.datetime
) -> list[Delivery]:
    """A delivery for each active endpoint that chose `event` and covers the subject's
    province, each queued as a task (after the action's commit)."""
    province = _province_of(subject_kind, subject_id)
    endpoints = [
        endpoint
        for endpoint in Endpoint.objects.filter(active=True).select_related("owner")
        if event in endpoint.events
        and (endpoint.province_id is None or endpoint.province_id == province)
    ]
    deliveries = [
        Delivery.objects.create(
            endpoint=endpoint,
            event=event,
            subject_kind=subject_kind,
            subject_id=subject_id,
            occurred_at=occurred_at,
        )
        for endpoint in endpoints
    ]
    for delivery in deliveries:
        deliver.enqueue(str(delivery.pk))
    return deliveries


def payload_for(delivery: Delivery, owner: User) -> dict[str, Any] | None:
    """What the delivery says, as the owner may read it now; None if they may not."""
    kind, pk = delivery.subject_kind, delivery.subject_id
    data: dict[str, Any]
    if kind == "report":
        report = (
            AgencyReport.objects.visible_to(owner)
            .select_related("round__plan", "organisation")
            .filter(pk=pk)
            .first()
        )
        if report is None:
            return None
        data = {
            "report": {
                "id": report.pk,
                "round_id": report.round_id,
                "year": report.round.year,
                "plan_number": report.round.plan.number,
                "organisation_code": report.organisation.code,
                "status": report.status,
                "version": report.version,
                "url": f"/api/reporting/reports/{report.pk}",
            }
        }
    elif kind == "round":
        round_ = ReportingRound.objects.select_related("plan").filter(pk=pk).first()
        if round_ is None or not permissions.can_view_plan(owner, round_.plan):
            return None
        data = {
            "round": {
                "id": round_.pk,
                "plan_id": round_.plan_id,
                "plan_number": round_.plan.number,
                "year": round_.year,
                "locked": round_.locked,
                "url": f"/api/reporting/rounds/{round_.pk}",
            }
        }
    else:
        version = ConsolidatedReport.objects.select_related("round__plan").filter(pk=pk).first()
        if (
            version is None
            or not permissions.can_view_plan(owner, version.round.plan)
            or not permissions.can_download_consolidated_report(owner, version)
        ):
            return None
        data = {
            "consolidated_report": {
                "id": version.pk,
                "round_id": version.round_id,
                "year": version.round.year,
                "version": version.version,
                "status": version.status,
                "url": f"/api/documents/consolidated-reports/{version.pk}",
            }
        }
    return {
        "delivery": str(delivery.pk),
        "event": delivery.event,
        "occurred_at": delivery.occurred_at.isoformat(),
        "data": data,
    }


def _post(endpoint: Endpoint, delivery: Delivery, body: bytes) -> tuple[int | None, str]:
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked at registration
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "greenplan-webhooks/1",
            EVENT_HEADER: delivery.event,
            DELIVERY_HEADER: str(delivery.pk),
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout()) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, str(reason)[:500]


def attempt(delivery_id: str) -> Delivery:
    """One attempt of a delivery, recorded; on failure the next one is scheduled."""
    delivery = Delivery.objects.select_related("endpoint__owner").get(pk=uuid.UUID(delivery_id))
    if delivery.status in (Delivery.Status.DELIVERED, Delivery.Status.WITHHELD):
        return delivery
    endpoint = delivery.endpoint
    owner = endpoint.owner
    payload = (
        payload_for(delivery, owner)
        if endpoint.active and permissions.can_manage_webhook(owner, endpoint.province_id)
        else None
    )
    now = timezone.now()
    if payload is None:
        delivery.status = Delivery.Status.WITHHELD
        delivery.next_attempt_at = None
        delivery.save(update_fields=["status", "next_attempt_at", "updated_at"])
        return delivery
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    started = time.monotonic()
    status_code, error = _post(endpoint, delivery, body)
    Attempt.objects.create(
        delivery=delivery,
        at=now,
        status_code=status_code,
        error=error,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    delivery.attempts += 1
    if status_code is not None and 200 <= status_code < 300:
        delivery.status = Delivery.Status.DELIVERED
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = Delivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.status = Delivery.Status.RETRYING
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
    delivery.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
    if delivery.status == Delivery.Status.RETRYING and default_task_backend.supports_defer:
        deliver.using(run_after=delivery.next_attempt_at).enqueue(str(delivery.pk))
    return delivery


def retry_due(now: datetime.datetime | None = None) -> int:
    """Queue the retries that are due (`manage.py retry_webhook_deliveries`), for a task
    backend that cannot run a task later (the immediate one)."""
    due = Delivery.objects.filter(
        status=Delivery.Status.RETRYING, next_attempt_at__lte=now or timezone.now()
    ).values_list("pk", flat=True)
    count = 0
    for pk in due:
        deliver.enqueue(str(pk))
        count += 1
    return count


@task()
def deliver(delivery_id: str) -> str:
    """The task: one attempt of delivery `delivery_id`; its status afterwards."""
    return attempt(delivery_id).status
