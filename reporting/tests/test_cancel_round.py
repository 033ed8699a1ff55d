"""A round opened by mistake can be cancelled by the plan's coordinator while nothing in it was
submitted; the deletion is kept in the round's history (simple_history keeps deleted records)
with who, when and what was deleted (issue 15, item 4)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reporting.actions import cancel_round
from reporting.models import AgencyReport, ReportingRound, ReportItem, ReportStatus


def _url(round_) -> str:
    return f"/reporting/rounds/{round_.pk}/cancel/"


def _submitted(report, status=ReportStatus.SUBMITTED):
    AgencyReport.objects.filter(pk=report.pk).update(
        status=status, first_submitted_at=timezone.now()
    )


def test_the_coordinator_cancels_a_round_nothing_was_submitted_in(rep):
    round_ = rep.round
    pk = round_.pk
    cancel_round(round_, user=rep.world.coordinator)
    assert not ReportingRound.objects.filter(pk=pk).exists()
    assert not AgencyReport.objects.filter(round_id=pk).exists()
    assert not ReportItem.objects.filter(report__round_id=pk).exists()
    # the round's history keeps the deletion: who, and what was deleted
    gone = ReportingRound.history.filter(id=pk, history_type="-").get()
    assert gone.history_user == rep.world.coordinator
    assert "2018" in gone.history_change_reason and "3" in gone.history_change_reason
    # the reports' deletions are signed too
    deleted = AgencyReport.history.filter(round_id=pk, history_type="-")
    assert deleted.count() == 3
    assert {h.history_user for h in deleted} == {rep.world.coordinator}


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.RETURNED])
def test_a_round_with_a_report_once_submitted_is_not_cancelled(rep, status):
    _submitted(rep.donre_report, status)
    with pytest.raises(ValidationError) as exc:
        cancel_round(rep.round, user=rep.world.coordinator)
    assert "1" in exc.value.messages[0]
    assert ReportingRound.objects.filter(pk=rep.round.pk).exists()
    assert rep.round.reports.count() == 3


@pytest.mark.parametrize("who", ["staff", "leader", "viewer", "other_coordinator"])
def test_only_the_plans_coordinator_cancels_a_round(rep, who):
    with pytest.raises(PermissionDenied):
        cancel_round(rep.round, user=getattr(rep.world, who))
    assert ReportingRound.objects.filter(pk=rep.round.pk).exists()


def test_the_first_click_asks_for_confirmation_naming_what_is_deleted(rep, as_user):
    response = as_user(rep.world.coordinator).post(_url(rep.round))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="confirm" value="1"' in html
    assert "2018" in html and "1847/KH-UBND" in html
    for org in (rep.world.donre, rep.world.dpi):
        assert org.name in html
    assert ReportingRound.objects.filter(pk=rep.round.pk).exists()


def test_the_confirmed_cancel_deletes_the_round_and_goes_to_the_round_list(rep, as_user):
    plan = rep.world.plan
    response = as_user(rep.world.coordinator).post(_url(rep.round), {"confirm": "1"})
    assert response.status_code == 302
    assert response.url == f"/reporting/plans/{plan.pk}/"
    assert not plan.rounds.exists()


def test_a_refused_cancel_says_why_and_keeps_the_round(rep, as_user):
    _submitted(rep.donre_report)
    client = as_user(rep.world.coordinator)
    response = client.post(_url(rep.round), {"confirm": "1"}, follow=True)
    assert ReportingRound.objects.filter(pk=rep.round.pk).exists()
    assert 'class="messages' in response.content.decode() or response.context["messages"]
    assert any("2018" in str(m) for m in response.context["messages"])


def test_the_board_offers_the_cancel_button_to_the_coordinator_only(rep, as_user):
    board = f"/reporting/rounds/{rep.round.pk}/"
    assert 'id="cancel-round"' in as_user(rep.world.coordinator).get(board).content.decode()
    assert 'id="cancel-round"' not in as_user(rep.world.viewer).get(board).content.decode()


def test_others_cannot_cancel_through_the_page(rep, as_user):
    response = as_user(rep.world.staff).post(_url(rep.round), {"confirm": "1"})
    assert response.status_code in (403, 404)
    assert ReportingRound.objects.filter(pk=rep.round.pk).exists()


def test_a_cancelled_rounds_draft_files_are_removed_after_the_commit(
    rep, as_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reporting.models import Attachment

    settings.MEDIA_ROOT = tmp_path
    as_user(rep.world.staff).post(
        f"/reporting/reports/{rep.donre_report.pk}/attachments/",
        {"file": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7\n...")},
    )
    attachment = Attachment.objects.get(report=rep.donre_report)
    stored = tmp_path / attachment.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_round(rep.round, user=rep.world.coordinator)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not stored.exists()
