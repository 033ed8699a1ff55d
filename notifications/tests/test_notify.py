"""Notifications: made by the reporting actions' events, for the people who may read the
report only, with an email after the commit; read and marked read by their recipient."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from accounts.models import Role
from greenplan.testing.factories import UserFactory
from notifications.models import Notification, NotificationKind
from reporting.actions import accept_report, return_report, submit_report
from reporting.reminders import send_reminders
from reporting.tests.conftest import Reporting, at


@pytest.fixture
def rep(world) -> Reporting:
    from reporting.tests.conftest import build_reporting

    w = world
    for person, address in [
        (w.coordinator, "dpi@bd.gov.vn"),
        (w.leader, "leader@donre.gov.vn"),
        (w.staff, "staff@donre.gov.vn"),
        (w.viewer, "viewer@bd.gov.vn"),
        (w.other_coordinator, "dpi@dn.gov.vn"),
        (w.other_staff, "staff@doit.gov.vn"),
    ]:
        person.email = address
        person.save(update_fields=["email"])
    return build_reporting(world)


def recipients(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_a_submission_tells_the_province_coordinator_only(rep, django_capture_on_commit_callbacks):
    w = rep.world
    when = at("20/10/2018")
    with django_capture_on_commit_callbacks(execute=True):
        submit_report(
            rep.donre_report, user=w.leader, document_number="1/STNMT", signer="A", at=when
        )
    # the coordinator of Bình Dương, not the other province's, not the viewer, not the leader
    assert recipients(NotificationKind.SUBMITTED) == {"coordinator"}
    note = Notification.objects.get()
    assert note.link == reverse("reporting:report", args=[rep.donre_report.pk])
    assert note.read_at is None and note.created_at == when  # the event's time
    assert [m.to for m in mail.outbox] == [["dpi@bd.gov.vn"]]
    assert "1847/KH-UBND" in mail.outbox[0].subject
    assert "http://localhost:8000/reporting/reports/" in mail.outbox[0].body


def test_return_and_accept_tell_the_agency_with_the_comment(
    rep, django_capture_on_commit_callbacks
):
    w = rep.world
    submit_report(rep.donre_report, user=w.leader)
    with django_capture_on_commit_callbacks(execute=True):
        return_report(rep.donre_report, user=w.coordinator, comment="Bổ sung số liệu")
    # DONRE's leader and staff; never DOIT's staff nor the viewer (who may not read it)
    assert recipients(NotificationKind.RETURNED) == {"leader", "staff"}
    assert sorted(m.to[0] for m in mail.outbox) == ["leader@donre.gov.vn", "staff@donre.gov.vn"]
    assert "Bổ sung số liệu" in mail.outbox[0].body
    submit_report(rep.donre_report, user=w.leader)
    accept_report(rep.donre_report, user=w.coordinator)
    assert recipients(NotificationKind.ACCEPTED) == {"leader", "staff"}


def test_no_email_when_the_action_rolls_back(rep, django_capture_on_commit_callbacks):
    w = rep.world
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                submit_report(rep.donre_report, user=w.leader)
                raise RuntimeError("the request fails after the action")
        except RuntimeError:
            pass
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_deactivated_people_are_not_told(rep):
    w = rep.world
    w.staff.is_active = False
    w.staff.save(update_fields=["is_active"])
    submit_report(rep.donre_report, user=w.leader)
    return_report(rep.donre_report, user=w.coordinator, comment="x")
    assert recipients(NotificationKind.RETURNED) == {"leader"}


def test_the_reminders_notify_in_the_app_without_a_second_email(rep, settings):
    settings.REMINDER_DAYS_BEFORE = [7]
    deadline = rep.round.deadline
    sent = send_reminders(deadline - datetime.timedelta(days=7))
    assert sent == 3  # DONRE, DOIT, DPI
    assert recipients(NotificationKind.DEADLINE) == {
        "leader",
        "staff",
        "other_staff",
        "doit_leader",
    }
    # one reminder email per report (the reminders' own), none from the notifications
    # (DPI's report has no one to mail: its coordinator is not agency staff)
    assert sorted(tuple(m.to) for m in mail.outbox) == [
        ("leader@donre.gov.vn", "staff@donre.gov.vn"),
        ("staff@doit.gov.vn",),
    ]
    # running again the same day adds nothing
    count = Notification.objects.count()
    send_reminders(deadline - datetime.timedelta(days=7))
    assert Notification.objects.count() == count


def test_the_list_shows_ones_own_and_marks_read(rep, client):
    w = rep.world
    submit_report(rep.donre_report, user=w.leader)
    return_report(rep.donre_report, user=w.coordinator, comment="Sửa lại")
    mine = Notification.objects.get(recipient=w.staff)
    client.force_login(w.staff)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Sửa lại" in page and 'class="notification unread"' in page
    # someone else's notification: it does not exist for them
    other = Notification.objects.get(recipient=w.leader)
    assert client.post(reverse("notifications:read", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None
    # open it: read, and taken to the report
    answer = client.post(reverse("notifications:read", args=[mine.pk]), {"open": "1"})
    assert answer.status_code == 302 and answer["Location"] == mine.link
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_mark_all_read(rep, client):
    w = rep.world
    submit_report(rep.donre_report, user=w.leader)
    submit_report(rep.dpi_report, user=w.coordinator)
    for report in (rep.donre_report, rep.dpi_report):
        accept_report(report, user=UserFactory(role=Role.ADMIN, organisation=w.province))
    assert Notification.objects.filter(recipient=w.leader).unread().count() == 1
    client.force_login(w.leader)
    client.post(reverse("notifications:read_all"))
    assert Notification.objects.filter(recipient=w.leader).unread().count() == 0
