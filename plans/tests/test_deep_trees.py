"""Plan trees deeper than any real plan: refused at import (plans.plan_import.MAX_DEPTH levels at
most), and read without recursion when they exist already (older data), so that the plan page
and the API answer whatever the depth."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from greenplan.testing.factories import PlanItemFactory
from plans.actions import import_plan
from plans.models import ItemKind, Plan, PlanItem
from plans.plan_import import MAX_DEPTH, ImportRejected, ItemRow, PlanData, PlanImport
from plans.tree import build_tree, flatten

DEEP = 3000  # far past Python's recursion limit (1000)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def chain(depth: int) -> list[ItemRow]:
    """A theme and `depth - 1` groups, each the parent of the next; rows from 2 as in a sheet."""
    return [
        ItemRow(
            code=f"C{level}",
            kind=ItemKind.THEME if level == 1 else ItemKind.GROUP,
            title=f"Cấp {level}",
            parent_code=f"C{level - 1}" if level > 1 else "",
            row=level + 1,
        )
        for level in range(1, depth + 1)
    ]


def plan_import(items: list[ItemRow]) -> PlanImport:
    data = PlanData(
        number="77/KH-UBND",
        title="Kế hoạch rất sâu",
        level="provincial",
        territory="bd",
        period_start=2021,
        period_end=2025,
    )
    return PlanImport(plan=data, items=items, sheet_items="Hoạt động")


def test_the_maximum_depth_is_a_few_levels_above_a_real_plans(world):
    assert 5 < MAX_DEPTH <= 10  # theme > group > activity > task is 4; the national plan 3


def test_a_tree_as_deep_as_allowed_imports(world):
    plan = import_plan(plan_import(chain(MAX_DEPTH)), user=world.coordinator)

    assert plan.items.count() == MAX_DEPTH


def test_a_tree_deeper_than_allowed_is_refused_naming_the_first_row_too_deep(world):
    with pytest.raises(ImportRejected) as caught:
        import_plan(plan_import(chain(DEEP)), user=world.coordinator)

    assert not Plan.objects.filter(number="77/KH-UBND").exists()
    problems = caught.value.problems
    assert len(problems) == 1  # one per branch, not one per row below the limit
    problem = problems[0]
    assert (problem.sheet, problem.row, problem.column) == (
        "Hoạt động",
        MAX_DEPTH + 2,
        "parent_code",
    )
    assert f"C{MAX_DEPTH + 1}" in problem.message and str(MAX_DEPTH) in problem.message


def test_depth_is_checked_per_branch(world):
    items = chain(MAX_DEPTH) + [
        ItemRow(code="X", kind=ItemKind.GROUP, title="Nhánh khác", parent_code="C1", row=99),
        ItemRow(
            code="Y", kind=ItemKind.TASK, title="Quá sâu", parent_code=f"C{MAX_DEPTH}", row=100
        ),
    ]

    with pytest.raises(ImportRejected) as caught:
        import_plan(plan_import(items), user=world.coordinator)

    assert [p.row for p in caught.value.problems] == [100]


def test_build_tree_and_flatten_walk_any_depth_without_recursion():
    items = [
        PlanItem(pk=n, parent_id=n - 1 if n > 1 else None, code=str(n)) for n in range(1, DEEP + 1)
    ]

    nodes = flatten(build_tree(items))

    assert [node.item.pk for node in nodes] == list(range(1, DEEP + 1))
    assert [node.depth for node in nodes] == list(range(DEEP))


def test_flatten_keeps_depth_first_order_by_position():
    items = [
        PlanItem(pk=1, code="T1", position=1),
        PlanItem(pk=2, code="T2", position=4),
        PlanItem(pk=3, parent_id=1, code="1", position=2),
        PlanItem(pk=4, parent_id=3, code="1.1", position=3),
        PlanItem(pk=5, parent_id=2, code="2", position=5),
    ]

    nodes = flatten(build_tree(items))

    assert [(n.item.code, n.depth) for n in nodes] == [
        ("T1", 0),
        ("1", 1),
        ("1.1", 2),
        ("T2", 0),
        ("2", 1),
    ]


@pytest.fixture
def deep_plan(world) -> Plan:
    """A plan 3,000 levels deep, as an import made before the limit could leave it."""
    plan = world.plan
    items = PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            kind=ItemKind.THEME if n == 1 else ItemKind.GROUP,
            code=f"C{n}",
            title=f"Cấp {n}",
            position=n,
        )
        for n in range(1, DEEP + 1)
    )
    for parent, child in zip(items, items[1:], strict=False):
        child.parent = parent
    PlanItem.objects.bulk_update(items[1:], ["parent"], batch_size=500)
    return plan


def test_the_plan_page_of_a_very_deep_plan_answers(deep_plan, world, client):
    client.force_login(world.coordinator)

    response = client.get(reverse("plans:detail", args=[deep_plan.pk]))
    items = client.get(
        reverse("plans:items", args=[deep_plan.pk]), {"theme": deep_plan.items.get(code="C1").pk}
    )

    assert response.status_code == 200
    assert f"Cấp {DEEP}" in response.content.decode()
    assert items.status_code == 200 and items.context["page"].paginator.count == DEEP


def test_the_items_of_a_very_deep_plan_answer_in_the_api(deep_plan, world, as_user):
    client = as_user(world.coordinator)
    codes, url = [], f"/api/plans/{deep_plan.pk}/items?limit=500"
    while url:  # page after page, in tree order
        response = client.get(url)
        assert response.status_code == 200
        codes += [item["code"] for item in response.json()["items"]]
        url = response.json()["next"]

    assert codes == [f"C{n}" for n in range(1, DEEP + 1)]


def test_a_very_deep_plan_can_be_replaced_by_a_shallow_one(deep_plan, world):
    # Deleting the items the file no longer has removes children before their parents: one
    # cascading delete per item would recurse once per level.
    data = plan_import(chain(2))
    data.plan.number = deep_plan.number

    plan = import_plan(data, user=world.coordinator, replace=True)

    assert plan.pk == deep_plan.pk
    assert sorted(plan.items.values_list("code", flat=True)) == ["C1", "C2"]


def test_an_item_other_records_use_is_named_and_nothing_is_deleted(world):
    plan = import_plan(plan_import(chain(3)), user=world.coordinator)
    PlanItemFactory(plan=world.other_plan, implements=plan.items.get(code="C3"))

    with pytest.raises(ImportRejected) as caught:
        import_plan(plan_import(chain(1)), user=world.coordinator, replace=True)

    assert [p.message for p in caught.value.problems] == [
        "Item C3 is missing from the file but other records use it."
    ]
    assert plan.items.count() == 3
