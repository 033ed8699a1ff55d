"""The inbox: what waits for each person, and the header's counts in a constant number of
queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inbox.waiting import waiting_for
from reporting.actions import return_report, submit_report
from reporting.tests.conftest import Reporting, add_agencies, build_reporting


@pytest.fixture
def rep(world) -> Reporting:
    return build_reporting(world)


def test_the_coordinator_sees_the_reports_to_review(rep, client):
    w = rep.world
    submit_report(rep.donre_report, user=w.leader)
    client.force_login(w.coordinator)
    page = client.get(reverse("inbox:inbox")).content.decode()
    assert 'id="to-review"' in page
    assert f'data-report="{rep.donre_report.pk}"' in page
    assert [r.pk for r in waiting_for(w.coordinator).to_review] == [rep.donre_report.pk]
    # the other province's coordinator has nothing to review
    assert waiting_for(w.other_coordinator).to_review == []


def test_the_leader_sees_reports_to_submit_and_staff_returned_ones(rep):
    w = rep.world
    assert [r.pk for r in waiting_for(w.leader).to_submit] == [rep.donre_report.pk]
    # a draft far from its deadline is not yet staff's business
    today = rep.round.deadline - datetime.timedelta(days=60)
    assert waiting_for(w.staff, today).count == 0
    near = rep.round.deadline - datetime.timedelta(days=3)
    assert [r.pk for r in waiting_for(w.staff, near).near_deadline] == [rep.donre_report.pk]
    submit_report(rep.donre_report, user=w.leader)
    assert waiting_for(w.leader).to_submit == []
    return_report(rep.donre_report, user=w.coordinator, comment="Sửa")
    assert [r.pk for r in waiting_for(w.staff, today).returned] == [rep.donre_report.pk]
    assert [r.pk for r in waiting_for(w.leader).to_submit] == [rep.donre_report.pk]


def test_viewers_and_other_agencies_wait_for_nothing(rep):
    w = rep.world
    submit_report(rep.donre_report, user=w.leader)
    assert waiting_for(w.viewer).count == 0
    assert rep.donre_report.pk not in [r.pk for r in waiting_for(w.other_staff).returned]


def test_the_header_shows_the_counts(rep, client):
    w = rep.world
    submit_report(rep.donre_report, user=w.leader)
    submit_report(rep.dpi_report, user=w.coordinator)
    client.force_login(w.coordinator)
    page = client.get(reverse("home")).content.decode()
    assert 'id="nav-inbox"' in page
    # two to review, and nothing more of DPI's own: its report is submitted
    inbox_link = page.split('id="nav-inbox"', 1)[1].split("</a>", 1)[0]
    assert '">2</span>' in inbox_link


def _header_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("inbox:inbox")).status_code == 200
    return len(queries)


def test_the_inbox_and_its_counts_take_a_constant_number_of_queries(rep, client):
    w = rep.world
    submit_report(rep.donre_report, user=w.leader)
    few = _header_queries(client, w.coordinator)
    add_agencies(w, w.plan, 5)
    from reporting.actions import open_round

    round_ = open_round(w.plan, 2019, user=w.coordinator)
    for report in round_.reports.exclude(organisation=w.dpi)[:5]:
        report.status = "submitted"
        report.save(update_fields=["status"])
    many = _header_queries(client, w.coordinator)
    assert len(waiting_for(w.coordinator).to_review) >= 6
    assert many == few


def test_the_header_count_is_the_inbox_lists(rep):
    from inbox.waiting import waiting_count

    w = rep.world
    submit_report(rep.donre_report, user=w.leader)
    return_report(rep.donre_report, user=w.coordinator, comment="Sửa")
    near = rep.round.deadline - datetime.timedelta(days=3)
    for person in (w.coordinator, w.leader, w.staff, w.viewer, w.other_staff, w.admin):
        assert waiting_count(person, near) == waiting_for(person, near).count, person
    assert waiting_count(w.staff, near) == 1  # the returned report
