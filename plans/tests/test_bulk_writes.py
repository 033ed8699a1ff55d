"""The bulk writers the plan import uses (core.bulk_insert, core.history), on plan rows: rows as
a save would store them, one statement in the query log, the database's errors Django's."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.bulk_insert import insert_rows, insert_values
from core.history import copy_to_history, delete_with_history
from greenplan.testing.factories import PlanItemFactory
from plans.models import Assignment, PlanItem


def test_values_are_inserted_as_a_save_stores_them(world):
    item = PlanItemFactory(plan=world.plan)
    before = timezone.now()

    with CaptureQueriesContext(connection) as queries:
        added = insert_values(
            Assignment,
            ("item_id", "organisation_id", "role"),
            [(item.pk, world.dpi.pk, "lead"), (item.pk, world.donre.pk, "coord\x0bin\x00ating")],
        )

    assert added == 2 and len(queries.captured_queries) == 1
    rows = Assignment.objects.filter(item=item).order_by("pk")
    # Text cleaned as on a save (a vertical tab is a line break, NUL goes); created_at now.
    assert [(a.organisation_id, a.role) for a in rows] == [
        (world.dpi.pk, "lead"),
        (world.donre.pk, "coord\ninating"),
    ]
    assert all(before <= a.created_at <= timezone.now() for a in rows)


def test_many_instances_are_inserted_with_their_dates(world):
    items = [
        PlanItem(plan=world.plan, code=f"B{n}", kind="task", title=f"Việc {n}", position=n)
        for n in range(2500)
    ]
    items[7].due_date = datetime.date(2025, 12, 31)

    assert insert_rows(PlanItem, items) == 2500

    stored = PlanItem.objects.filter(plan=world.plan, code__startswith="B")
    assert stored.count() == 2500
    assert stored.get(code="B7").due_date == datetime.date(2025, 12, 31)
    assert stored.filter(due_date__isnull=True).count() == 2499


def test_a_duplicate_raises_django_s_integrity_error(world):
    item = PlanItemFactory(plan=world.plan)
    row = (item.pk, world.dpi.pk, "lead")

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_values(Assignment, ("item_id", "organisation_id", "role"), [row, row])

    assert not Assignment.objects.filter(item=item).exists()


def test_an_unknown_field_is_refused():
    with pytest.raises(ValueError, match="no fields"):
        insert_values(Assignment, ("item_id", "colour"), [(1, "green")])


def test_a_bulk_delete_writes_the_records_a_delete_would(world):
    items = [PlanItemFactory(plan=world.plan, title=f"Việc {n}") for n in range(3)]
    copy_to_history(PlanItem.objects.filter(pk__in=[i.pk for i in items]), user=world.admin)

    deleted = delete_with_history(
        PlanItem.objects.filter(pk__in=[i.pk for i in items[:2]]), user=world.admin, reason="gộp"
    )

    assert deleted == 2
    assert list(PlanItem.objects.filter(pk__in=[i.pk for i in items])) == [items[2]]
    removed = PlanItem.history.filter(history_type="-").order_by("id")
    assert [(r.id, r.title, r.history_user, r.history_change_reason) for r in removed] == [
        (items[0].pk, "Việc 0", world.admin, "gộp"),
        (items[1].pk, "Việc 1", world.admin, "gộp"),
    ]
