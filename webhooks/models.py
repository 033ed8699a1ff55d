"""Endpoints that hear about events, and the deliveries and attempts made to them."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords


class Event(models.TextChoices):
    REPORT_SUBMITTED = "report.submitted", _("Report submitted")
    REPORT_RETURNED = "report.returned", _("Report returned")
    REPORT_ACCEPTED = "report.accepted", _("Report accepted")
    CONSOLIDATED_SENT = "consolidated_report.sent", _("Consolidated report sent")
    CONSOLIDATED_APPROVED = "consolidated_report.approved", _("Consolidated report approved")
    ROUND_LOCKED = "round.locked", _("Round locked")


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class EndpointQuerySet(models.QuerySet["Endpoint"]):
    def managed_by(self, user: Any) -> EndpointQuerySet:
        """The endpoints `user` manages (accounts.permissions.can_manage_webhook, as a filter):
        an administrator's all, a province coordinator's those of their province."""
        from accounts import permissions

        if permissions.is_active_user(user) and user.is_admin:
            return self
        if permissions.can_manage_webhook(user, user.province_id):
            return self.filter(province_id=user.province_id)
        return self.none()


class Endpoint(models.Model):
    """An HTTPS address that receives the chosen events of one province (or of all, for an
    administrator's endpoint), signed with its secret. What it receives is what its owner may
    read, checked at each delivery."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
    )
    province = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: every province (administrators only)."),
    )
    url = models.URLField(_("address"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["secret"])
    objects = EndpointQuerySet.as_manager()

    class Meta:
        ordering = ["url", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        RETRYING = "retrying", _("Retrying")
        FAILED = "failed", _("Failed")
        WITHHELD = "withheld", _("Withheld (the owner may not read it)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    # What the event is about: ("report", 12), ("round", 3), ("consolidated_report", 5).
    subject_kind = models.CharField(max_length=30)
    subject_id = models.PositiveIntegerField()
    occurred_at = models.DateTimeField(_("occurred at"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"


class Attempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(_("at"))
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        ordering = ["delivery", "at", "pk"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self) -> str:
        return f"{self.delivery} @ {self.at}"
