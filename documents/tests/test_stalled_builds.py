"""A version whose build died with its worker does not stay "being generated" for ever: once it
has not reported for DOCUMENTS_BUILD_TIMEOUT seconds it is queued again while it has attempts
left, then marked failed with the reason, when the page or its row is read, by the worker's
schedule or by `fail_stalled_builds`, and the coordinator may try again. (The real worker
killed half-way: test_worker_killed.py.)"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from documents import actions
from documents.models import ConsolidatedReport

TIMEOUT = 600


@pytest.fixture(autouse=True)
def _timeout(settings):
    settings.DOCUMENTS_BUILD_TIMEOUT = TIMEOUT
    settings.DOCUMENTS_BUILD_ATTEMPTS = 1  # no attempt left: these tests are about giving up


@pytest.fixture
def coordinator(demo_db):
    return get_user_model().objects.get(username="dpi.coordinator")


def started_in_a_dead_process(round_, coordinator, *, seconds_ago: int) -> ConsolidatedReport:
    """A version whose thread began building and then vanished with its worker."""
    version = actions.generate_consolidated_report(round_, user=coordinator, background=True)
    ConsolidatedReport.objects.filter(pk=version.pk).update(
        build=ConsolidatedReport.Build.RUNNING,
        progress=40,
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=seconds_ago),
    )
    return version


def page(round_) -> str:
    return reverse("documents:consolidation", args=[round_.pk])


def test_the_page_marks_a_build_that_stopped_reporting_as_failed_with_the_reason(
    round_2018, coordinator, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the thread never runs
        version = started_in_a_dead_process(round_2018, coordinator, seconds_ago=TIMEOUT + 5)

    content = as_user(coordinator).get(page(round_2018)).content.decode()

    version.refresh_from_db()
    assert version.build == ConsolidatedReport.Build.FAILED
    assert "máy chủ" in version.error  # the reason, in the site's language
    row = content[content.index(f'id="version-{version.pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'data-build="failed"' in row and "hx-trigger" not in row  # no more polling
    assert "Thử lại" in row  # "Try again"


def test_the_polled_row_also_marks_it(
    round_2018, coordinator, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        version = started_in_a_dead_process(round_2018, coordinator, seconds_ago=TIMEOUT + 5)

    row = as_user(coordinator).get(reverse("documents:version_row", args=[version.pk]))

    assert 'data-build="failed"' in row.content.decode()


def test_a_build_that_reported_recently_keeps_running(
    round_2018, coordinator, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        version = started_in_a_dead_process(round_2018, coordinator, seconds_ago=TIMEOUT - 60)

    as_user(coordinator).get(page(round_2018))

    version.refresh_from_db()
    assert version.build == ConsolidatedReport.Build.RUNNING


def test_a_queued_build_whose_thread_never_started_is_failed_by_the_command(
    round_2018, coordinator, django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=False):
        version = actions.generate_consolidated_report(
            round_2018, user=coordinator, background=True
        )
    ConsolidatedReport.objects.filter(pk=version.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=TIMEOUT + 1)
    )

    call_command("fail_stalled_builds")

    version.refresh_from_db()
    assert version.build == ConsolidatedReport.Build.FAILED
    assert "1 marked as failed" in capsys.readouterr().out


def test_the_coordinator_tries_again_and_gets_the_files(
    round_2018, coordinator, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        version = started_in_a_dead_process(round_2018, coordinator, seconds_ago=TIMEOUT + 5)
    client = as_user(coordinator)
    client.get(page(round_2018))  # marked failed

    response = client.post(reverse("documents:retry", args=[version.pk]))

    assert response.status_code == 302
    version.refresh_from_db()
    assert version.build == ConsolidatedReport.Build.READY  # built in the request (tests)
    assert version.docx and version.error == ""
    assert ConsolidatedReport.objects.filter(round=round_2018).count() == 1  # the same version


def test_only_a_failed_version_may_be_tried_again(round_2018, coordinator):
    version = actions.generate_consolidated_report(round_2018, user=coordinator)
    assert version.build == ConsolidatedReport.Build.READY

    with pytest.raises(ValidationError):
        actions.retry_consolidated_report(version, user=coordinator)


def test_a_viewer_may_not_try_again(
    round_2018, coordinator, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        version = started_in_a_dead_process(round_2018, coordinator, seconds_ago=TIMEOUT + 5)
    actions.fail_stalled_builds()
    viewer = get_user_model().objects.get(username="province.viewer")

    response = as_user(viewer).post(reverse("documents:retry", args=[version.pk]))

    assert response.status_code in (403, 404)
    version.refresh_from_db()
    assert version.build == ConsolidatedReport.Build.FAILED


@pytest.mark.parametrize("attempts", [2, 3])
def test_a_stalled_build_with_attempts_left_is_queued_again_and_built(
    round_2018, coordinator, settings, django_capture_on_commit_callbacks, attempts
):
    settings.DOCUMENTS_BUILD_ATTEMPTS = attempts
    with django_capture_on_commit_callbacks(execute=False):
        version = started_in_a_dead_process(round_2018, coordinator, seconds_ago=TIMEOUT + 5)

    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend runs it
        assert actions.recover_stalled_builds() == (1, 0)

    version.refresh_from_db()
    assert version.build == ConsolidatedReport.Build.READY and version.docx
    assert version.attempt == 2 and version.task_id


def test_after_the_last_attempt_it_is_failed_not_queued(
    round_2018, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.DOCUMENTS_BUILD_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=False):
        version = started_in_a_dead_process(round_2018, coordinator, seconds_ago=TIMEOUT + 5)
    ConsolidatedReport.objects.filter(pk=version.pk).update(attempt=2)

    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert actions.recover_stalled_builds() == (0, 1)

    assert queued == []
    version.refresh_from_db()
    assert version.build == ConsolidatedReport.Build.FAILED and "máy chủ" in version.error


def test_a_late_task_of_an_older_attempt_changes_nothing(
    round_2018, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        version = started_in_a_dead_process(round_2018, coordinator, seconds_ago=TIMEOUT + 5)
    ConsolidatedReport.objects.filter(pk=version.pk).update(attempt=2)

    actions.build_files(version.pk, attempt=1)

    version.refresh_from_db()
    assert version.build == ConsolidatedReport.Build.RUNNING and not version.docx


def test_the_try_again_button_starts_over_at_the_first_attempt(
    round_2018, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        version = started_in_a_dead_process(round_2018, coordinator, seconds_ago=TIMEOUT + 5)
    actions.fail_stalled_builds()

    with django_capture_on_commit_callbacks(execute=True):
        actions.retry_consolidated_report(version, user=coordinator, background=True)

    version.refresh_from_db()
    assert version.build == ConsolidatedReport.Build.READY and version.attempt == 1
