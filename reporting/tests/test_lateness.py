"""One rule of lateness (AgencyReport.days_late): days past the deadline, or the agency's
extension, counted at the first submission; for a report not submitted, counted to today
while its round is open, and nothing once the round's year has ended. The board, the report
page, the API and the notice say the same."""

from __future__ import annotations

import datetime

from reporting.actions import grant_exception, submit_report
from reporting.tests.conftest import at
from reporting.tests.test_api import bearer


def test_a_report_is_late_by_the_days_past_its_deadline_at_submission(rep, client, as_user):
    # given the 2018 round's deadline 25/10/2018 and DONRE submitting on 28/10/2018
    submit_report(rep.donre_report, user=rep.world.leader, at=at("28/10/2018"))
    rep.donre_report.refresh_from_db()

    # then it is late by 3 days, whenever one looks (today is years later)
    assert rep.donre_report.days_late == 3
    coordinator = as_user(rep.world.coordinator)
    board = coordinator.get(f"/reporting/rounds/{rep.round.pk}/").content.decode()
    row = board[board.index(f'data-agency="{rep.world.donre.code}"') :]
    assert "trễ 3 ngày" in row[: row.index("</tr>")]
    page = coordinator.get(f"/reporting/reports/{rep.donre_report.pk}/").content.decode()
    assert "trễ 3 ngày" in page
    api = client.get(
        f"/api/reporting/reports/{rep.donre_report.pk}", **bearer(rep.world.staff)
    ).json()
    assert api["days_late"] == 3 and api["is_late"] is True


def test_an_extension_moves_the_deadline_lateness_is_counted_from(rep):
    grant_exception(rep.doit_report, user=rep.world.coordinator, until=datetime.date(2018, 10, 30))
    submit_report(rep.doit_report, user=rep.doit_leader, at=at("01/11/2018"))
    rep.doit_report.refresh_from_db()

    assert rep.doit_report.days_late == 2


def test_on_time_is_not_late(rep):
    submit_report(rep.donre_report, user=rep.world.leader, at=at("25/10/2018", 17))
    rep.donre_report.refresh_from_db()

    assert rep.donre_report.days_late is None


def test_a_missing_report_is_late_while_its_round_is_open_and_not_after_its_year(rep, as_user):
    report = rep.donre_report
    assert report.days_late_on(datetime.date(2018, 11, 4)) == 10
    assert report.days_late_on(datetime.date(2019, 1, 2)) is None  # the year is over
    # and today (years after 2018) the pages say nothing of thousands of days
    html = as_user(rep.world.staff).get(f"/reporting/reports/{report.pk}/").content.decode()
    assert "trễ" not in html and "quá hạn" not in html
