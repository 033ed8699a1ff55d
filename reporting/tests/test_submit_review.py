import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reporting.actions import (
    ItemChanges,
    accept_report,
    grant_exception,
    lock_round,
    return_report,
    save_draft,
    submit_report,
)
from reporting.models import ReportEvent, ReportStatus
from reporting.tests.conftest import at


def test_the_full_cycle_submit_return_fix_resubmit_accept(rep):
    w = rep.world
    report = rep.donre_report
    item = report.items.get(plan_item__code="4")
    # given a draft submitted by the leader on time, with the official document
    submit_report(
        report,
        user=w.leader,
        document_number="123/STNMT",
        signer="Lê Quốc Hùng",
        at=at("20/10/2018"),
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.document_number == "123/STNMT" and report.signer == "Lê Quốc Hùng"
    assert report.submitted_at == at("20/10/2018") and not report.is_late
    # then it is read-only for the agency
    with pytest.raises(PermissionDenied):
        save_draft(report, user=w.staff, version=report.version, general={"general_results": "x"})
    # when the coordinator returns it with a whole and a per-item comment
    return_report(
        report,
        user=w.coordinator,
        comment="Bổ sung số liệu",
        item_comments={item.pk: "Thiếu kết quả"},
    )
    report.refresh_from_db()
    item.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.review_comment == "Bổ sung số liệu"
    assert item.review_comment == "Thiếu kết quả"
    # then the agency can edit again, and the leader resubmits
    save_draft(
        report,
        user=w.staff,
        version=report.version,
        items={
            item.pk: ItemChanges({"status": "completed", "progress": 100, "results": "Hoàn thành"})
        },
    )
    submit_report(report, user=w.leader, at=at("30/10/2018"))
    accept_report(report, user=w.coordinator)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    # lateness counts from the first submission, which was on time
    assert not report.is_late
    actions = list(report.events.order_by("pk").values_list("action", flat=True))
    assert actions == ["opened", "submitted", "returned", "saved", "submitted", "accepted"]
    returned = report.events.get(action=ReportEvent.Action.RETURNED)
    assert returned.actor == w.coordinator and returned.item_comments == {"4": "Thiếu kết quả"}
    assert report.history.filter(status=ReportStatus.RETURNED).exists()


def test_a_report_first_submitted_after_the_deadline_is_late(rep):
    submit_report(rep.doit_report, user=rep.doit_leader, at=at("26/10/2018", 9))
    rep.doit_report.refresh_from_db()
    assert rep.doit_report.is_late


def test_staff_cannot_submit_only_the_leader(rep):
    with pytest.raises(PermissionDenied):
        submit_report(rep.donre_report, user=rep.world.staff)
    rep.donre_report.refresh_from_db()
    assert rep.donre_report.status == ReportStatus.DRAFT


def test_a_report_with_an_invalid_item_cannot_be_submitted(rep):
    item = rep.donre_report.items.get(plan_item__code="4")
    item.status = "completed"  # bypassing the form: no results text
    item.save()
    with pytest.raises(ValidationError):
        submit_report(rep.donre_report, user=rep.world.leader)
    rep.donre_report.refresh_from_db()
    assert rep.donre_report.status == ReportStatus.DRAFT


def test_returning_needs_a_comment(rep):
    submit_report(rep.donre_report, user=rep.world.leader)
    with pytest.raises(ValidationError) as exc:
        return_report(rep.donre_report, user=rep.world.coordinator, comment=" ")
    assert "comment" in exc.value.message_dict


@pytest.mark.parametrize("who", ["staff", "leader", "viewer", "other_coordinator", "other_staff"])
def test_only_the_coordinator_reviews(rep, who):
    submit_report(rep.donre_report, user=rep.world.leader)
    for action in (accept_report, return_report):
        with pytest.raises(PermissionDenied):
            action(rep.donre_report, user=getattr(rep.world, who), comment="x")
    rep.donre_report.refresh_from_db()
    assert rep.donre_report.status == ReportStatus.SUBMITTED


def test_a_draft_cannot_be_accepted(rep):
    with pytest.raises(PermissionDenied):
        accept_report(rep.donre_report, user=rep.world.coordinator)


def test_a_locked_round_refuses_reports_except_with_an_exception(rep):
    lock_round(rep.round, user=rep.world.coordinator)
    rep.donre_report.refresh_from_db()
    with pytest.raises(PermissionDenied):
        submit_report(rep.donre_report, user=rep.world.leader)
    far = datetime.date.today() + datetime.timedelta(days=30)
    grant_exception(rep.donre_report, user=rep.world.coordinator, until=far)
    rep.donre_report.refresh_from_db()
    submit_report(rep.donre_report, user=rep.world.leader)
    rep.donre_report.refresh_from_db()
    assert rep.donre_report.status == ReportStatus.SUBMITTED
    assert rep.donre_report.deadline == far
    # DOIT, without an exception, still cannot
    with pytest.raises(PermissionDenied):
        submit_report(rep.doit_report, user=rep.doit_leader)


def test_only_the_coordinator_locks_and_grants(rep):
    with pytest.raises(PermissionDenied):
        lock_round(rep.round, user=rep.world.leader)
    with pytest.raises(PermissionDenied):
        grant_exception(
            rep.donre_report, user=rep.world.other_coordinator, until=datetime.date(2018, 11, 30)
        )
    rep.round.refresh_from_db()
    assert not rep.round.locked
