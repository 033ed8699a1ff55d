"""A double-clicked submit (or two leaders at once) says "already submitted", never 403/500.

The second submission locks the report row (select_for_update), sees it submitted and
answers with the date of the first one; nothing is written twice. Sequentially on every
database; with two threads on PostgreSQL (SQLite serialises writers on one file lock).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from reporting import actions
from reporting.actions import ReportAlreadySubmitted, submit_report
from reporting.models import AgencyReport, ReportEvent, ReportStatus

TIMEOUT = 90  # generous: the CI machine may be busy
SUBMIT = {"document_number": "55/STNMT", "signer": "Lê Quốc Hùng", "confirm": "1"}


def test_a_second_submit_says_already_submitted_and_writes_nothing(rep):
    report = rep.donre_report
    submit_report(report, user=rep.world.leader)
    first = AgencyReport.objects.get(pk=report.pk)

    with pytest.raises(ReportAlreadySubmitted) as already:
        submit_report(report, user=rep.world.leader)

    assert already.value.report.submitted_at == first.submitted_at
    again = AgencyReport.objects.get(pk=report.pk)
    assert (again.version, again.submitted_at) == (first.version, first.submitted_at)
    assert ReportEvent.objects.filter(report=report, action="submitted").count() == 1


def test_someone_outside_the_agency_is_still_refused(rep):
    report = rep.donre_report
    submit_report(report, user=rep.world.leader)

    with pytest.raises(actions.PermissionDenied):
        submit_report(report, user=rep.doit_leader)


def test_the_page_answers_a_second_click_with_the_message(rep):
    client = Client()
    client.force_login(rep.world.leader)
    url = reverse("reporting:submit", args=[rep.donre_report.pk])
    data = {"document_number": "55/STNMT", "signer": "Lê Quốc Hùng", "confirm": "1"}
    assert client.post(url, data).status_code == 302

    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    assert "đã được gửi" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_submits_at_the_same_moment_one_submits_the_other_is_told(rep, monkeypatch):
    report = rep.donre_report
    url = reverse("reporting:submit", args=[report.pk])
    barrier = threading.Barrier(2, timeout=TIMEOUT)
    real_submit = actions.submit_report

    def submit_together(*args, **kwargs):
        barrier.wait()  # both views have read the report as a draft; now both submit
        return real_submit(*args, **kwargs)

    monkeypatch.setattr(actions, "submit_report", submit_together)
    responses: list = [None, None]
    clients = [Client(), Client()]  # the same leader, two tabs; logged in before the race
    for client in clients:
        client.force_login(rep.world.leader)

    def click(index: int) -> None:
        try:
            responses[index] = clients[index].post(url, SUBMIT, follow=True)
        except Exception as exc:
            responses[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)

    assert [getattr(r, "status_code", r) for r in responses] == [200, 200]
    pages = [r.content.decode() for r in responses]
    assert sum("Đã gửi báo cáo" in page for page in pages) == 1, pages
    assert sum("đã được gửi" in page for page in pages) == 1
    assert AgencyReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    assert ReportEvent.objects.filter(report=report, action="submitted").count() == 1
