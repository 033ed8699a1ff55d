"""Each denial, proven: other agency, viewer on a non-accepted report, other province,
anonymous, guessed ids."""

import pytest

from reporting.actions import accept_report, submit_report
from reporting.models import ReportStatus


def url(report, suffix=""):
    return f"/reporting/reports/{report.pk}/{suffix}"


def test_anonymous_users_are_sent_to_log_in(rep, client):
    for path in (
        url(rep.donre_report),
        f"/reporting/rounds/{rep.round.pk}/",
        f"/reporting/plans/{rep.world.plan.pk}/",
    ):
        response = client.get(path)
        assert response.status_code == 302 and "/login/" in response["Location"]
    response = client.post(url(rep.donre_report, "submit/"))
    assert response.status_code == 302
    rep.donre_report.refresh_from_db()
    assert rep.donre_report.status == ReportStatus.DRAFT


def test_another_agencys_staff_cannot_read_or_write_by_guessing_the_id(rep, as_user):
    client = as_user(rep.world.other_staff)  # DOIT
    assert client.get(url(rep.donre_report)).status_code == 404
    assert (
        client.post(url(rep.donre_report), {"version": 1, "general_results": "x"}).status_code
        == 404
    )
    assert client.post(url(rep.donre_report, "submit/")).status_code == 404
    assert client.get(url(rep.doit_report)).status_code == 200  # its own
    rep.donre_report.refresh_from_db()
    assert rep.donre_report.general_results == ""


def test_agency_users_do_not_see_the_board(rep, as_user):
    assert as_user(rep.world.staff).get(f"/reporting/rounds/{rep.round.pk}/").status_code == 404


def test_a_viewer_reads_accepted_reports_only(rep, as_user):
    client = as_user(rep.world.viewer)
    assert client.get(url(rep.donre_report)).status_code == 404
    submit_report(rep.donre_report, user=rep.world.leader)
    assert client.get(url(rep.donre_report)).status_code == 404
    accept_report(rep.donre_report, user=rep.world.coordinator)
    page = client.get(url(rep.donre_report))
    assert page.status_code == 200 and 'id="report-form"' not in page.content.decode()
    assert client.post(url(rep.donre_report), {"version": 1}).status_code == 403


def test_the_other_provinces_coordinator_sees_nothing(rep, as_user):
    client = as_user(rep.world.other_coordinator)
    assert client.get(f"/reporting/rounds/{rep.round.pk}/").status_code == 404
    assert client.get(url(rep.donre_report)).status_code == 404
    submit_report(rep.donre_report, user=rep.world.leader)
    response = client.post(url(rep.donre_report, "review/"), {"decision": "accept"})
    assert response.status_code == 404
    rep.donre_report.refresh_from_db()
    assert rep.donre_report.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("who", ["staff", "leader"])
def test_agency_users_cannot_review_their_own_report(rep, as_user, who):
    submit_report(rep.donre_report, user=rep.world.leader)
    response = as_user(getattr(rep.world, who)).post(
        url(rep.donre_report, "review/"), {"decision": "accept"}
    )
    assert response.status_code == 403
    rep.donre_report.refresh_from_db()
    assert rep.donre_report.status == ReportStatus.SUBMITTED


def test_staff_cannot_submit_through_the_page(rep, as_user):
    response = as_user(rep.world.staff).post(url(rep.donre_report, "submit/"), {})
    assert response.status_code == 403
    rep.donre_report.refresh_from_db()
    assert rep.donre_report.status == ReportStatus.DRAFT


def test_only_the_coordinator_opens_rounds_and_locks(rep, as_user):
    plan = rep.world.plan
    assert (
        as_user(rep.world.leader).post(f"/reporting/plans/{plan.pk}/", {"year": 2020}).status_code
        == 403
    )
    assert (
        as_user(rep.world.staff).post(f"/reporting/rounds/{rep.round.pk}/lock/").status_code == 403
    )
    assert (
        as_user(rep.world.other_coordinator)
        .post(f"/reporting/rounds/{rep.round.pk}/lock/")
        .status_code
        == 404
    )
    rep.round.refresh_from_db()
    assert not plan.rounds.filter(year=2020).exists() and not rep.round.locked


def test_a_guessed_id_that_does_not_exist_is_a_404(rep, as_user):
    assert as_user(rep.world.coordinator).get("/reporting/reports/999999/").status_code == 404
