"""Events reach a registered endpoint signed, after the action's commit, through the queue;
a failed delivery is retried; what the owner may not read is not sent."""

from __future__ import annotations

import json
import socket
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from django_tasks import default_task_backend

from accounts.models import ApiToken, Role, User
from documents.actions import mark_sent
from documents.models import ConsolidatedReport
from reporting.actions import lock_round
from reporting.models import AgencyReport, ReportingRound, ReportStatus
from webhooks import actions
from webhooks.delivery import EVENT_HEADER, MAX_ATTEMPTS, sign
from webhooks.models import Delivery, Event

DEFERRING = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def queue(settings):
    """A task backend that keeps the tasks (and their run_after) instead of running them."""
    settings.TASKS = DEFERRING
    settings.WEBHOOKS_ALLOW_LOCAL_HTTP = True
    settings.WEBHOOKS_TIMEOUT = 2
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def run_queued(queue) -> list:
    """Run the tasks queued so far (a worker would), oldest first; the results' run_after."""
    results = list(queue.results)
    queue.clear()
    for result in results:
        result.task.call(*result.args, **result.kwargs)
    return [result.task.run_after for result in results]


def _submitted(demo) -> AgencyReport:
    return AgencyReport.objects.get(
        round__plan__number="1847/KH-UBND",
        round__year=2019,
        organisation__code="bd-snnptnt",
        status=ReportStatus.SUBMITTED,
    )


@pytest.fixture
def accept(django_capture_on_commit_callbacks):
    """Accept `report` through the API as the coordinator, committing (its on_commit work
    runs, as in production, before the request returns): its status and duration."""

    def accept_through_the_api(report: AgencyReport) -> tuple[int, float]:
        _token, key = ApiToken.issue(User.objects.get(username="dpi.coordinator"), "test")
        client = Client(headers={"Authorization": f"Bearer {key}"})
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/api/reporting/reports/{report.pk}/accept",
                {"version": report.version},
                content_type="application/json",
            )
        return response.status_code, time.monotonic() - started

    return accept_through_the_api


def test_an_accepted_report_reaches_the_endpoint_signed_and_is_retried_after_a_500(
    demo, queue, receiver, accept
):
    # Given the coordinator's endpoint for accepted reports, and a receiver that fails once
    coordinator = User.objects.get(username="dpi.coordinator")
    endpoint = actions.register_endpoint(
        user=coordinator, url=receiver.url, events=[Event.REPORT_ACCEPTED]
    )
    receiver.secret = endpoint.secret
    receiver.answers = [500]
    report = _submitted(demo)

    # When the coordinator accepts the report through the API
    status, _elapsed = accept(report)

    # Then the request answered without calling the receiver: one delivery is queued
    assert status == 200
    assert receiver.received == []
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert delivery.event == Event.REPORT_ACCEPTED
    # and the worker's first attempt meets the 500: recorded, retried later
    run_queued(queue)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.RETRYING
    assert [a.status_code for a in delivery.attempt_log.all()] == [500]
    [run_after] = [r.task.run_after for r in queue.results]
    assert run_after == delivery.next_attempt_at
    # and the retry is delivered, signed, with the report as the coordinator reads it
    run_queued(queue)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert [a.status_code for a in delivery.attempt_log.all()] == [500, 200]
    assert [r["signed"] for r in receiver.received] == [True, True]
    body = json.loads(receiver.received[-1]["body"])
    assert receiver.received[-1]["headers"][EVENT_HEADER] == "report.accepted"
    assert body["event"] == "report.accepted"
    assert body["delivery"] == str(delivery.pk)
    assert body["data"]["report"]["organisation_code"] == "bd-snnptnt"
    assert body["data"]["report"]["status"] == "accepted"


def test_a_receiver_that_hangs_does_not_slow_the_request(demo, queue, receiver, settings, accept):
    # Given an endpoint whose receiver takes longer than the delivery timeout to answer
    coordinator = User.objects.get(username="dpi.coordinator")
    endpoint = actions.register_endpoint(
        user=coordinator, url=receiver.url, events=[Event.REPORT_ACCEPTED]
    )
    receiver.secret = endpoint.secret
    receiver.hang = settings.WEBHOOKS_TIMEOUT + 1

    # When the coordinator accepts a report
    status, elapsed = accept(_submitted(demo))

    # Then the request returns before the receiver could have answered (it is queued)
    assert status == 200
    assert elapsed < settings.WEBHOOKS_TIMEOUT
    # and the worker's attempt times out: recorded as an error, to be retried
    run_queued(queue)
    delivery = Delivery.objects.get(endpoint=endpoint)
    [attempt] = delivery.attempt_log.all()
    assert attempt.status_code is None
    assert attempt.error
    assert delivery.status == Delivery.Status.RETRYING


def test_a_receiver_that_is_down_fails_after_the_last_attempt(demo, queue, accept):
    # Given an endpoint at a port where nothing listens
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    coordinator = User.objects.get(username="dpi.coordinator")
    actions.register_endpoint(
        user=coordinator, url=f"http://127.0.0.1:{port}/", events=[Event.REPORT_ACCEPTED]
    )

    # When a report is accepted and the worker runs every retry
    status, _elapsed = accept(_submitted(demo))
    for _ in range(MAX_ATTEMPTS + 2):
        run_queued(queue)

    # Then each attempt is recorded, and the delivery gave up after the last one
    assert status == 200
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempt_log.count() == MAX_ATTEMPTS


def test_an_owner_who_may_no_longer_read_gets_nothing(demo, queue, receiver, accept):
    # Given the coordinator's endpoint, and the coordinator then moved to an agency's staff
    coordinator = User.objects.get(username="dpi.coordinator")
    endpoint = actions.register_endpoint(
        user=coordinator, url=receiver.url, events=[Event.REPORT_ACCEPTED]
    )
    status, _elapsed = accept(_submitted(demo))
    User.objects.filter(pk=coordinator.pk).update(role=Role.AGENCY_STAFF)

    # When the worker delivers
    run_queued(queue)

    # Then nothing was sent: the delivery is withheld
    assert status == 200
    assert receiver.received == []
    assert Delivery.objects.get(endpoint=endpoint).status == Delivery.Status.WITHHELD


def test_the_signature_is_hmac_sha256_over_timestamp_dot_body():
    import hashlib
    import hmac

    expected = hmac.new(b"s3cret", b"1700000000.{}", hashlib.sha256).hexdigest()
    assert sign("s3cret", "1700000000", b"{}") == f"sha256={expected}"


def test_locking_a_round_and_sending_a_version_make_deliveries(
    demo, queue, django_capture_on_commit_callbacks, tmp_path, settings
):
    # Given the coordinator's endpoint for locked rounds and sent versions
    settings.MEDIA_ROOT = tmp_path
    coordinator = User.objects.get(username="dpi.coordinator")
    endpoint = actions.register_endpoint(
        user=coordinator,
        url="https://eoffice.example.org/hook",
        events=[Event.ROUND_LOCKED, Event.CONSOLIDATED_SENT],
    )
    round_ = ReportingRound.objects.get(plan__number="1847/KH-UBND", year=2019)
    version = ConsolidatedReport(
        round=round_,
        version=99,
        build=ConsolidatedReport.Build.READY,
        generated_by=coordinator,
        generated_at=timezone.now(),
    )
    version.docx.save("v.docx", ContentFile(b"PK"), save=False)
    version.save()

    # When the coordinator locks the round and marks the version sent (each committed)
    with django_capture_on_commit_callbacks(execute=True):
        lock_round(round_, user=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        mark_sent(version, user=coordinator)

    # Then one delivery each is queued, about the round and the version
    deliveries = Delivery.objects.filter(endpoint=endpoint).order_by("created_at")
    assert [(d.event, d.subject_id) for d in deliveries] == [
        (Event.ROUND_LOCKED, round_.pk),
        (Event.CONSOLIDATED_SENT, version.pk),
    ]
    assert len(queue.results) == 2


def test_an_endpoint_must_be_https_and_a_coordinators_is_of_their_province(demo):
    coordinator = User.objects.get(username="dpi.coordinator")
    staff = User.objects.get(username="donre.staff")

    with pytest.raises(ValidationError) as refused:
        actions.register_endpoint(
            user=coordinator, url="http://eoffice.example.org/", events=[Event.ROUND_LOCKED]
        )
    with pytest.raises(PermissionDenied):
        actions.register_endpoint(
            user=staff, url="https://eoffice.example.org/", events=[Event.ROUND_LOCKED]
        )
    endpoint = actions.register_endpoint(
        user=coordinator, url="https://eoffice.example.org/", events=[Event.ROUND_LOCKED]
    )

    assert "url" in refused.value.message_dict
    assert endpoint.province is not None and endpoint.province.code == "ubnd-binh-duong"
