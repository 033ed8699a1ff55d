"""Reminders to agencies that have not submitted, at set days before and after the deadline.

Run daily (cron or a systemd timer):

    15 7 * * *  cd /srv/greenplan && .venv/bin/python manage.py send_reminders

Offsets come from REMINDER_DAYS_BEFORE (default "14,7,1") and REMINDER_DAYS_AFTER (default
"1,7"). A ReminderSent row per (report, offset) guarantees a reminder is never sent twice,
so running the command again, or with `--date` to catch up a missed day, is safe.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Role
from notifications.actions import notify_report
from notifications.models import NotificationKind
from reporting.models import EDITABLE_STATUSES, AgencyReport, ReminderSent


def offset_for(report: AgencyReport, today: datetime.date) -> int | None:
    """The reminder offset due today for this report, if any (positive = days before)."""
    days = (report.deadline - today).days
    if days > 0 and days in settings.REMINDER_DAYS_BEFORE:
        return days
    if days < 0 and -days in settings.REMINDER_DAYS_AFTER:
        return days
    return None


def recipients(report: AgencyReport) -> list[str]:
    addresses = [report.organisation.email] if report.organisation.email else []
    addresses += [
        u.email
        for u in report.organisation.users.all()
        if u.is_active and u.email and u.role in {Role.AGENCY_STAFF, Role.AGENCY_LEADER}
    ]
    return sorted(set(addresses))


def pending_reports():
    """Reports an agency still has to submit, in rounds that still take them."""
    return (
        AgencyReport.objects.filter(status__in=EDITABLE_STATUSES)
        .filter(Q(round__locked=False) | Q(deadline_override__isnull=False))
        .select_related("round__plan", "organisation")
        .prefetch_related("organisation__users")
    )


def send_reminders(today: datetime.date) -> int:
    """Send what is due on `today`; return how many reminders were sent."""
    sent = 0
    for report in pending_reports():
        if not report.is_open_on(today):
            continue
        offset = offset_for(report, today)
        if offset is None:
            continue
        to = recipients(report)
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    report=report, offset=offset, sent_on=today, recipients=", ".join(to)
                )
                if to:
                    _mail(report, offset, to)
                # The same reminder in the app; its email is the one just sent.
                notify_report(report, NotificationKind.DEADLINE, user=None, email=False)
        except IntegrityError:
            continue  # already sent for this offset
        sent += 1
    return sent


def _mail(report: AgencyReport, offset: int, to: list[str]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "agency": report.organisation,
            "plan": report.round.plan.number,
            "year": report.round.year,
            "deadline": report.deadline.strftime("%d/%m/%Y"),
            "days": abs(offset),
        }
        if offset > 0:
            subject = _("Reminder: report %(year)s on plan %(plan)s due on %(deadline)s") % context
            body = (
                _(
                    "Dear %(agency)s,\n\nYour implementation report %(year)s on plan %(plan)s "
                    "is due in %(days)s day(s), on %(deadline)s. Please complete it and have "
                    "your leader submit it in greenplan.\n"
                )
                % context
            )
        else:
            subject = (
                _("Overdue: report %(year)s on plan %(plan)s (deadline %(deadline)s)") % context
            )
            body = (
                _(
                    "Dear %(agency)s,\n\nYour implementation report %(year)s on plan %(plan)s was "
                    "due on %(deadline)s, %(days)s day(s) ago, and has not been submitted. Please "
                    "submit it in greenplan as soon as possible; it will be marked late.\n"
                )
                % context
            )
    send_mail(subject, body, None, to)
