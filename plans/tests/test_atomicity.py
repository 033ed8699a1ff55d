"""All or nothing: a plan import that fails half-way leaves the database as it was."""

import pytest

from greenplan.testing.atomicity import fail_on_call, row_counts
from plans import actions
from plans.models import Assignment, Plan
from plans.tests.plan_files import csv_file, items_with, workbook


def test_a_new_plan_failing_at_its_assignments_leaves_no_trace(world, monkeypatch):
    before = row_counts()
    # The history of the assignments is written last (the items' first), after the plan,
    # every item and every assignment have been saved.
    stand_in = fail_on_call(2, actions.copy_to_history)
    monkeypatch.setattr(actions, "copy_to_history", stand_in)

    with pytest.raises(RuntimeError, match="failure injected"):
        actions.import_plan_file("ke-hoach.xlsx", workbook(), user=world.admin)

    assert stand_in.calls == 2  # the failure came after the plan and items were written
    assert row_counts() == before
    assert not Plan.objects.filter(number="12/KH-UBND").exists()


def test_a_replacing_import_failing_half_way_keeps_the_old_plan(world, monkeypatch):
    actions.import_plan_file("ke-hoach.csv", csv_file(), user=world.admin)
    plan = Plan.objects.get(number="12/KH-UBND")
    items = {i.code: (i.title, i.parent_id, i.position) for i in plan.items.all()}
    assignments = set(Assignment.objects.filter(item__plan=plan).values_list("item__code", "role"))
    before = row_counts()
    # The replacement renames every item and drops the coordinating agencies; the writing of
    # the items' legal bases fails, after the plan and every item were changed.
    changed = items_with(2, **{"Nội dung": "Tên mới 1"})
    changed[1].update({"Nội dung": "Tên mới 2", "Cơ quan phối hợp": None})
    stand_in = fail_on_call(1, actions._write_item_documents)
    monkeypatch.setattr(actions, "_write_item_documents", stand_in)

    with pytest.raises(RuntimeError, match="failure injected"):
        actions.import_plan_file(
            "ke-hoach.xlsx",
            workbook(items=changed, plan=None),
            user=world.admin,
            replace=True,
        )

    monkeypatch.undo()
    assert stand_in.calls == 1
    assert row_counts() == before
    plan.refresh_from_db()
    assert {i.code: (i.title, i.parent_id, i.position) for i in plan.items.all()} == items
    assert (
        set(Assignment.objects.filter(item__plan=plan).values_list("item__code", "role"))
        == assignments
    )


def test_the_upload_page_failing_half_way_saves_nothing(world, as_user, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client = as_user(world.admin)  # logging in writes a session: before the snapshot
    before = row_counts()
    monkeypatch.setattr(actions, "copy_to_history", fail_on_call(2, actions.copy_to_history))

    with pytest.raises(RuntimeError, match="failure injected"):
        client.post(
            reverse("plans:import"),
            {"file": SimpleUploadedFile("ke-hoach.xlsx", workbook())},
        )

    assert row_counts() == before
