"""Where events come from: the records that the reporting and documents actions write.

A report's submission, return and acceptance each write a reporting.ReportEvent; locking a
round saves its `locked`; marking a version sent (or approving it) changes its `status`.
Each is turned into deliveries after the action's transaction commits (never for a
rolled-back action), and the deliveries are queued, not made in the request
(webhooks.delivery).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from documents.models import ConsolidatedReport
from reporting.models import ReportEvent, ReportingRound
from webhooks.models import Event

REPORT_EVENTS = {
    ReportEvent.Action.SUBMITTED: Event.REPORT_SUBMITTED,
    ReportEvent.Action.RETURNED: Event.REPORT_RETURNED,
    ReportEvent.Action.ACCEPTED: Event.REPORT_ACCEPTED,
}


def connect() -> None:
    post_save.connect(_report_event, sender=ReportEvent, dispatch_uid="webhooks-report")
    post_save.connect(_round_saved, sender=ReportingRound, dispatch_uid="webhooks-round")
    pre_save.connect(
        _version_before, sender=ConsolidatedReport, dispatch_uid="webhooks-consolidated-before"
    )
    post_save.connect(
        _version_saved, sender=ConsolidatedReport, dispatch_uid="webhooks-consolidated"
    )


def emit(event: str, subject_kind: str, subject_id: int) -> None:
    """After the current transaction commits: one delivery per endpoint that listens."""
    from webhooks.delivery import enqueue_event

    occurred_at = timezone.now()
    transaction.on_commit(lambda: enqueue_event(event, subject_kind, subject_id, occurred_at))


def _report_event(sender: Any, instance: ReportEvent, created: bool, **kwargs: Any) -> None:
    event = REPORT_EVENTS.get(instance.action)  # type: ignore[call-overload]
    if created and event:
        emit(event, "report", instance.report_id)


def _saved(kwargs: dict[str, Any], field: str) -> bool:
    fields = kwargs.get("update_fields")
    return fields is not None and field in fields


def _round_saved(sender: Any, instance: ReportingRound, created: bool, **kwargs: Any) -> None:
    if not created and instance.locked and _saved(kwargs, "locked"):
        emit(Event.ROUND_LOCKED, "round", instance.pk)


# A version's status before its save, read in pre_save: the event is the change of status
# (sent; approved by the province's leader, issue 14), whatever fields the action saves.
VERSION_EVENTS = {"sent": Event.CONSOLIDATED_SENT, "approved": Event.CONSOLIDATED_APPROVED}


def _version_before(sender: Any, instance: ConsolidatedReport, **kwargs: Any) -> None:
    instance._status_before = (  # type: ignore[attr-defined]
        ConsolidatedReport.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        if instance.pk
        else None
    )


def _version_saved(sender: Any, instance: ConsolidatedReport, created: bool, **kwargs: Any) -> None:
    event = VERSION_EVENTS.get(instance.status)
    if event and getattr(instance, "_status_before", None) != instance.status:
        emit(event, "consolidated_report", instance.pk)
