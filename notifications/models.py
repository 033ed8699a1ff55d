"""What happened that a person must know: a report submitted, returned, accepted, a deadline
that nears. Made by `notifications.actions.notify_report` only; read and marked read by the
recipient."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", _("Report submitted")
    RETURNED = "returned", _("Report returned for revision")
    ACCEPTED = "accepted", _("Report accepted")
    DEADLINE = "deadline", _("Deadline nears")


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    # The object it is about (an agency report) and the page that shows it.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    link = models.CharField(_("link"), max_length=300)
    # The object's name when it happened (e.g. "1847/KH-UBND / 2019 / Sở TN&MT").
    about = models.CharField(_("about"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    # When it happened (the event's time: back-dated demo events keep theirs).
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.recipient} / {self.kind} / {self.about}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
