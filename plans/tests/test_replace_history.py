"""Replacing a plan: the items the file no longer has, and the assignments it drops, leave a
"-" record each in the audit trail, as simple_history's own delete wrote them (the removed
row's every tracked field, the person who imported, no reason), and the rows are gone."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans import actions
from plans.models import Assignment, Plan, PlanItem
from plans.tests.plan_files import ITEMS, workbook

IMPORT = reverse("plans:import")
NUMBER = "12/KH-UBND"
# A second theme with an activity and a task, which the replacing file leaves out.
REMOVED: list[dict[str, Any]] = [
    {"Mã": "T2", "Loại": "chủ đề", "Số": "2", "Nội dung": "Chuyển đổi năng lượng"},
    {
        "Mã": "2",
        "Mã cha": "T2",
        "Loại": "hoạt động",
        "Số": "2",
        "Nội dung": "Điện mặt trời mái nhà",
        "Cơ quan chủ trì": "bd-doit",
        "Cơ quan phối hợp": "bd-dpi; bd-donre",
        "Hạn hoàn thành": "30/06/2024",
    },
    {
        "Mã": "2.1",
        "Mã cha": "2",
        "Loại": "nhiệm vụ",
        "Số": "2.1",
        "Nội dung": "Khảo sát mái nhà công sở",
        "Cơ quan chủ trì": "bd-donre",
    },
]


def tracked(model: type[Any], rows: Any) -> list[dict[str, Any]]:
    names = [field.attname for field in model.history.model.tracked_fields]
    return sorted(rows.values(*names), key=lambda row: row["id"])


def removals(model: type[Any]) -> list[dict[str, Any]]:
    """The "-" records of `model`: the tracked fields, who, why."""
    names = [field.attname for field in model.history.model.tracked_fields]
    rows = model.history.filter(history_type="-").values(
        *names, "history_user_id", "history_change_reason"
    )
    return sorted(rows, key=lambda row: row["id"])


def as_removed(rows: list[dict[str, Any]], user: Any) -> list[dict[str, Any]]:
    return [{**row, "history_user_id": user.pk, "history_change_reason": None} for row in rows]


def test_a_replacing_upload_records_every_removed_item_and_assignment(world, as_user):
    client = as_user(world.coordinator)
    client.post(IMPORT, {"file": SimpleUploadedFile("a.xlsx", workbook(items=ITEMS + REMOVED))})
    plan = Plan.objects.get(number=NUMBER)
    gone_items = PlanItem.objects.filter(plan=plan, code__in=["T2", "2", "2.1"])
    # The activity "1" keeps its lead and bd-donre; bd-doit no longer coordinates it.
    dropped = Assignment.objects.filter(item__code="1", organisation__code="bd-doit")
    gone_assignments = Assignment.objects.filter(item__in=gone_items) | dropped
    expected_items = as_removed(tracked(PlanItem, gone_items), world.coordinator)
    expected_assignments = as_removed(tracked(Assignment, gone_assignments), world.coordinator)
    assert len(expected_items) == 3 and len(expected_assignments) == 5
    kept = tracked(PlanItem, PlanItem.objects.filter(plan=plan).exclude(pk__in=gone_items))
    replacement = [dict(item) for item in ITEMS]
    replacement[1]["Cơ quan phối hợp"] = "bd-donre"

    response = client.post(
        IMPORT,
        {"file": SimpleUploadedFile("b.xlsx", workbook(items=replacement)), "replace": "on"},
    )

    assert response.status_code == 302
    assert removals(PlanItem) == expected_items
    assert removals(Assignment) == expected_assignments
    assert not PlanItem.objects.filter(pk__in=[row["id"] for row in expected_items]).exists()
    assert not Assignment.objects.filter(
        pk__in=[row["id"] for row in expected_assignments]
    ).exists()
    # Each kept item has its "~" record, of the item as it is now, as bulk_update_with_history
    # wrote them.
    updates = PlanItem.history.filter(history_type="~").values(
        *[field.attname for field in PlanItem.history.model.tracked_fields],
        "history_user_id",
        "history_change_reason",
    )
    assert sorted(updates, key=lambda row: row["id"]) == as_removed(
        tracked(PlanItem, plan.items.all()), world.coordinator
    )
    # The kept items are still there, under the same ids.
    assert [row["id"] for row in tracked(PlanItem, plan.items.all())] == [row["id"] for row in kept]


def test_a_replacing_import_names_the_importer_on_every_removal(world):
    # Outside a request (a command, a task) the importer is named too, not only the person
    # of the request.
    actions.import_plan_file("a.xlsx", workbook(items=ITEMS + REMOVED), user=world.coordinator)

    actions.import_plan_file("b.xlsx", workbook(items=ITEMS), user=world.coordinator, replace=True)

    records = removals(PlanItem) + removals(Assignment)
    assert len(records) == 3 + 4
    assert {row["history_user_id"] for row in records} == {world.coordinator.pk}


def test_the_removals_take_statements_that_do_not_grow_with_the_rows(world):
    def removed_items(count: int) -> list[dict[str, Any]]:
        return [
            {"Mã": f"X{n}", "Loại": "nhiệm vụ", "Mã cha": "1", "Nội dung": f"Việc {n}",
             "Cơ quan chủ trì": "bd-dpi", "Cơ quan phối hợp": "bd-doit"}
            for n in range(count)
        ]  # fmt: skip

    def replacing_queries(count: int, number: str) -> int:
        first = workbook(items=ITEMS + removed_items(count))
        actions.import_plan(_with_number(first, number), user=world.coordinator)
        again = _with_number(workbook(items=ITEMS), number)
        with CaptureQueriesContext(connection) as queries:
            actions.import_plan(again, user=world.coordinator, replace=True)
        return len(queries.captured_queries)

    assert replacing_queries(3, "12/KH-UBND") == replacing_queries(60, "13/KH-UBND")


def _with_number(content: bytes, number: str) -> Any:
    from plans.plan_file import parse_plan_file

    data = parse_plan_file("plan.xlsx", content)
    data.plan.number = number
    return data
