"""The one way notifications are made: `notify_report`, called by reporting's actions inside
their transaction (and by the daily reminders), and the recipient marking them read."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import Role, User
from notifications.models import Notification, NotificationKind

if TYPE_CHECKING:
    from collections.abc import Iterable

AGENCY_ROLES = {Role.AGENCY_STAFF, Role.AGENCY_LEADER}


def report_recipients(report: Any, kind: str) -> list[User]:
    """Who is told about `kind` on `report` (an agency report): a submission goes to the
    coordinators of the plan's province, the rest to the agency's staff and leader. Only
    people who may read the report (accounts.permissions) are ever kept. A province's report
    to a national round: its submission goes to the ministry's coordinators, the ministry's
    answer to the province's leaders and DPI."""
    national = report.round.plan.level == "national"  # plans.models.PlanLevel.NATIONAL
    if national and kind == NotificationKind.SUBMITTED:
        candidates: Iterable[User] = User.objects.filter(
            is_active=True, role=Role.COORDINATOR, organisation__province__isnull=True
        ).select_related("organisation")
    elif national:
        candidates = User.objects.filter(
            is_active=True,
            role__in=[Role.PROVINCE_LEADER, Role.COORDINATOR],
            organisation__province_id=report.organisation.province_id,
        ).select_related("organisation")
    elif kind == NotificationKind.SUBMITTED:
        province_id = report.round.plan.territory.province_id
        candidates = User.objects.filter(
            is_active=True, role=Role.COORDINATOR, organisation__province_id=province_id
        ).select_related("organisation")
    else:
        candidates = User.objects.filter(
            is_active=True, role__in=AGENCY_ROLES, organisation_id=report.organisation_id
        ).select_related("organisation")
    return [person for person in candidates if permissions.can_view_report(person, report)]


def _subject_and_body(kind: str, about: str, link: str, detail: str) -> tuple[str, str]:
    context = {"about": about, "link": link}
    subjects = {
        NotificationKind.SUBMITTED: _("Report submitted for your review: %(about)s"),
        NotificationKind.RETURNED: _("Report returned for revision: %(about)s"),
        NotificationKind.ACCEPTED: _("Report accepted: %(about)s"),
        NotificationKind.DEADLINE: _("Reporting deadline nears: %(about)s"),
    }
    subject = subjects[NotificationKind(kind)] % context
    body = _("%(subject)s\n\nOpen it in greenplan: %(link)s\n") % {
        "subject": subject,
        "link": link,
    }
    if detail:
        body += "\n" + _("Comment: %(comment)s") % {"comment": detail} + "\n"
    return subject, body


def notify_report(
    report: Any,
    kind: str,
    *,
    user: User | None,
    detail: str = "",
    email: bool = True,
    at: datetime.datetime | None = None,
) -> list[Notification]:
    """Tell the people concerned that `kind` happened to `report` (never the one who did it).

    Call it inside the action's transaction: the rows are written with it, and the emails
    are sent only once it commits (a rolled-back submission mails nobody). `email=False` for
    the deadline notices: the reminder mail (reporting.reminders) is already their email."""
    people = [p for p in report_recipients(report, kind) if user is None or p.pk != user.pk]
    if not people:
        return []
    link = reverse("reporting:report", args=[report.pk])
    about = str(report)[:300]
    content_type = ContentType.objects.get_for_model(report)
    made = Notification.objects.bulk_create(
        [
            Notification(
                recipient=person,
                kind=kind,
                content_type=content_type,
                object_id=report.pk,
                link=link,
                about=about,
                detail=detail,
                created_at=at or timezone.now(),
            )
            for person in people
        ]
    )
    addresses = sorted({p.email for p in people if p.email})
    if email and addresses:
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _subject_and_body(kind, about, settings.SITE_URL + link, detail)
        messages = [(subject, body, None, [address]) for address in addresses]
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return made


@transaction.atomic
def mark_read(notification: Notification, *, user: User) -> Notification:
    """The recipient has seen it (nobody else may mark it)."""
    if not permissions.can_read_notification(user, notification):
        raise PermissionDenied(_("This notification is someone else's."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, user: User) -> int:
    """Every unread notification of `user` is read now; returns how many."""
    return Notification.objects.filter(recipient=user).unread().update(read_at=timezone.now())
