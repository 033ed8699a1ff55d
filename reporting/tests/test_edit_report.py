from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reporting.actions import ItemChanges, StaleReport, save_draft
from reporting.models import ItemStatus, ReportEvent


def item_of(report, code):
    return report.items.get(plan_item__code=code)


def test_staff_saves_a_draft_with_items_and_funds(rep):
    # given DONRE's draft
    report = rep.donre_report
    item = item_of(report, "4")
    # when the staff member saves a status, results and funds
    save_draft(
        report,
        user=rep.world.staff,
        version=report.version,
        general={"general_results": "Tổng quan"},
        items={
            item.pk: ItemChanges(
                {"status": ItemStatus.IN_PROGRESS, "progress": 40, "results": "Đã rà soát"},
                funds={"local_budget": Decimal("150000000")},
            )
        },
    )
    # then it is stored, the version moved on, and the save is recorded
    report.refresh_from_db()
    item.refresh_from_db()
    assert report.general_results == "Tổng quan"
    assert report.version == 2
    assert (item.status, item.progress, item.results) == ("in_progress", 40, "Đã rà soát")
    assert item.funds.get().amount == Decimal("150000000")
    assert report.events.filter(action=ReportEvent.Action.SAVED, actor=rep.world.staff).exists()
    assert report.history.count() >= 2 and item.history.count() >= 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"status": "in_progress", "progress": 140}, "progress"),
        ({"status": "completed", "progress": 100, "results": ""}, "results"),
        ({"status": "finished"}, "status"),
    ],
)
def test_bad_input_is_refused_field_by_field_and_changes_nothing(rep, values, field):
    report = rep.donre_report
    item = item_of(report, "4")
    with pytest.raises(ValidationError) as exc:
        save_draft(
            report,
            user=rep.world.staff,
            version=1,
            general={"general_results": "should not be saved"},
            items={item.pk: ItemChanges(values)},
        )
    assert f"{item.pk}-{field}" in exc.value.message_dict
    report.refresh_from_db()
    item.refresh_from_db()
    assert report.version == 1 and report.general_results == ""
    assert item.status == ItemStatus.NOT_STARTED and item.progress is None


def test_a_stale_save_is_refused_and_nothing_is_overwritten(rep):
    # given two people who opened the same report at version 1
    report = rep.donre_report
    save_draft(report, user=rep.world.staff, version=1, general={"general_results": "first"})
    # when the second one saves from version 1
    with pytest.raises(StaleReport) as exc:
        save_draft(report, user=rep.world.leader, version=1, general={"general_results": "second"})
    # then the first text stays and the error carries the current report
    report.refresh_from_db()
    assert report.general_results == "first"
    assert exc.value.report.general_results == "first"


def test_an_item_of_another_report_cannot_be_smuggled_in(rep):
    foreign = item_of(rep.doit_report, "9")
    with pytest.raises(ValidationError):
        save_draft(
            rep.donre_report,
            user=rep.world.staff,
            version=1,
            items={foreign.pk: ItemChanges({"results": "x"})},
        )
    foreign.refresh_from_db()
    assert foreign.results == ""


@pytest.mark.parametrize("who", ["other_staff", "viewer", "coordinator", "other_coordinator"])
def test_only_the_agency_writes_its_report(rep, who):
    with pytest.raises(PermissionDenied):
        save_draft(
            rep.donre_report,
            user=getattr(rep.world, who),
            version=1,
            general={"general_results": "x"},
        )
    rep.donre_report.refresh_from_db()
    assert rep.donre_report.general_results == ""
