"""All or nothing: a report save, submission or round opening that fails half-way leaves the
database as it was."""

from decimal import Decimal

import pytest

from greenplan.testing.atomicity import fail_on_call, row_counts
from reporting import actions
from reporting.actions import ItemChanges
from reporting.models import AgencyReport, ItemFunding, ReportingRound, ReportItem, ReportStatus


def lines(report):
    return list(
        ReportItem.objects.filter(report=report)
        .order_by("pk")
        .values_list("status", "progress", "results")
    )


def test_a_draft_failing_at_the_second_line_s_funds_saves_nothing(rep, monkeypatch):
    report = rep.donre_report
    first, second = report.items.order_by("pk")
    ItemFunding.objects.create(item=first, source="oda", amount=Decimal(7))
    before, before_lines = row_counts(), lines(report)
    stand_in = fail_on_call(2, actions._save_funds)
    monkeypatch.setattr(actions, "_save_funds", stand_in)

    with pytest.raises(RuntimeError, match="failure injected"):
        actions.save_draft(
            report,
            user=rep.world.staff,
            version=report.version,
            general={"general_results": "Không được lưu"},
            items={
                first.pk: ItemChanges(
                    {"status": "in_progress", "progress": 30, "results": "Dòng một"},
                    funds={"oda": None, "local_budget": Decimal(1_000_000)},
                ),
                second.pk: ItemChanges({"status": "in_progress", "progress": 60}),
            },
        )

    assert stand_in.calls == 2  # the first line and its funds had been written
    assert row_counts() == before
    assert lines(report) == before_lines
    assert list(ItemFunding.objects.values_list("item_id", "source", "amount")) == [
        (first.pk, "oda", Decimal(7))
    ]
    report.refresh_from_db()
    assert (report.version, report.general_results) == (1, "")


def test_a_submission_failing_at_its_event_stays_a_draft(rep, monkeypatch):
    report = rep.donre_report
    before = row_counts()
    monkeypatch.setattr(actions, "_event", fail_on_call(1, actions._event))

    with pytest.raises(RuntimeError, match="failure injected"):
        actions.submit_report(report, user=rep.world.leader, document_number="15/BC-STNMT")

    assert row_counts() == before
    report.refresh_from_db()
    assert (report.status, report.document_number, report.submitted_at, report.version) == (
        ReportStatus.DRAFT,
        "",
        None,
        1,
    )


def test_opening_a_round_failing_at_the_second_report_opens_nothing(rep, monkeypatch):
    before = row_counts()
    monkeypatch.setattr(actions, "_event", fail_on_call(2, actions._event))

    with pytest.raises(RuntimeError, match="failure injected"):
        actions.open_round(rep.world.plan, 2019, user=rep.world.coordinator)

    assert row_counts() == before
    assert not ReportingRound.objects.filter(year=2019).exists()
    assert AgencyReport.objects.filter(round__year=2019).count() == 0
