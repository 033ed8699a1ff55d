"""A plan import stays inside its province: the parent plan and the items it implements are
found among the plans the importing user may see (national and sectoral plans, and their own
province's), agencies among the plan's territory and the central bodies, and no message tells
whether another province has a plan of a given number.

Province A is Bình Dương (the demo's), province B is Đồng Nai; both have a department whose
short name is "Sở TN&MT", as every province does.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.system import system_user
from greenplan.testing.factories import OrganisationFactory, PlanFactory, PlanItemFactory
from greenplan.testing.personas import World
from orgs.models import Organisation
from plans.actions import import_plan_file
from plans.models import Assignment, ItemKind, Plan, PlanItem
from plans.plan_import import ImportProblem, ImportRejected
from plans.tests.plan_files import items_with, plan_with, workbook


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@dataclass
class TwoProvinces:
    world: World
    theme: PlanItem  # A's theme
    activity: PlanItem  # A's activity
    a_donre: Organisation  # A's "Sở TN&MT"
    b_donre: Organisation  # B's "Sở TN&MT"


@pytest.fixture
def provinces(world) -> TwoProvinces:
    # A's department first, so that a lookup where the first match wins finds A's.
    world.donre.short_name = "Sở TN&MT"
    world.donre.save()
    b_donre = OrganisationFactory(
        code="dn-donre",
        name="Sở Tài nguyên và Môi trường",
        short_name="Sở TN&MT",
        parent=world.other_province,
    )
    theme = PlanItemFactory(
        plan=world.plan, kind=ItemKind.THEME, code="T1", title="Chủ đề bí mật của Bình Dương"
    )
    activity = PlanItemFactory(
        plan=world.plan, parent=theme, code="7", title="Hoạt động nội bộ của Bình Dương"
    )
    return TwoProvinces(world, theme, activity, world.donre, b_donre)


# A plan of province B, as its coordinator would write it.
B_PLAN = {"Số hiệu": "55/KH-UBND", "Địa bàn": "dn", "Cơ quan đầu mối": "dn-dpi"}
B_ITEMS = [
    {"Mã": "T1", "Loại": "chủ đề", "Nội dung": "Thể chế"},
    {"Mã": "1", "Mã cha": "T1", "Loại": "hoạt động", "Nội dung": "Kế hoạch hành động"},
]


def b_file(plan: dict | None = None, **item_cells) -> bytes:
    items = [dict(row) for row in B_ITEMS]
    items[1].update(item_cells)
    header = ["Mã", "Mã cha", "Loại", "Nội dung", "Cơ quan chủ trì", "Thực hiện hoạt động quốc gia"]
    return workbook(plan_with(**{**B_PLAN, **(plan or {})}), items, header=header)


def rejected(content: bytes, user, replace: bool = False) -> list[ImportProblem]:
    with pytest.raises(ImportRejected) as caught:
        import_plan_file("ke-hoach.xlsx", content, user=user, replace=replace)
    return caught.value.problems


def messages(problems: list[ImportProblem]) -> list[str]:
    return [p.message for p in problems]


# Item 1: the parent plan and what is implemented --------------------------------------------


def test_another_provinces_plan_cannot_be_the_parent_and_looks_like_no_plan(provinces):
    world = provinces.world
    before = Plan.objects.count()

    foreign = rejected(b_file({"Kế hoạch cấp trên": "1847/KH-UBND"}), world.other_coordinator)
    missing = rejected(b_file({"Kế hoạch cấp trên": "1848/KH-UBND"}), world.other_coordinator)

    assert Plan.objects.count() == before
    assert messages(foreign) == ["Parent plan 1847/KH-UBND does not exist; import it first."]
    assert messages(missing) == ["Parent plan 1848/KH-UBND does not exist; import it first."]


def test_another_provinces_items_cannot_be_implemented(provinces):
    world = provinces.world

    problems = rejected(
        b_file({"Kế hoạch cấp trên": "1847/KH-UBND"}, **{"Thực hiện hoạt động quốc gia": "7"}),
        world.other_coordinator,
    )

    assert not Plan.objects.filter(number="55/KH-UBND").exists()
    assert not provinces.activity.implementations.exists()
    assert all("Bình Dương" not in str(p) for p in problems)


def test_the_national_plan_is_still_a_parent_for_every_province(provinces):
    world = provinces.world
    national_activity = PlanItemFactory(plan=world.national_plan, code="N7")

    plan = import_plan_file(
        "ke-hoach.xlsx",
        b_file(**{"Thực hiện hoạt động quốc gia": "N7"}),
        user=world.other_coordinator,
    )

    assert plan.parent == world.national_plan
    assert plan.items.get(code="1").implements == national_activity


def test_a_command_import_cannot_cross_provinces_either(provinces):
    # Run as the system user (manage.py import_plan): the plan's own territory decides.
    with pytest.raises(ImportRejected) as caught:
        import_plan_file(
            "kh.xlsx", b_file({"Kế hoạch cấp trên": "1847/KH-UBND"}), user=system_user()
        )

    assert [p.column for p in caught.value.problems] == ["Kế hoạch cấp trên"]
    assert "another province" in caught.value.problems[0].message


def test_messages_do_not_tell_whether_another_province_has_a_plan_of_that_number(provinces):
    world = provinces.world
    taken = b_file({"Số hiệu": "1847/KH-UBND"})

    plain = rejected(taken, world.other_coordinator)
    replacing = rejected(taken, world.other_coordinator, replace=True)

    assert messages(plain) == messages(replacing)
    text = " ".join(messages(plain))
    assert "already exists" not in text and "may not change" not in text
    assert "Bình Dương" not in text
    assert Plan.objects.get(number="1847/KH-UBND").territory == world.province


@pytest.fixture
def old_b_plan(provinces) -> Plan:
    """Old data: B's plan imported with A's plan as parent, one item implementing A's."""
    world = provinces.world
    b_plan = PlanFactory(number="56/KH-UBND", territory=world.other_province, parent=world.plan)
    PlanItemFactory(plan=b_plan, code="1", implements=provinces.activity)
    return b_plan


def test_the_coverage_page_does_not_show_a_parent_plan_the_user_may_not_see(
    old_b_plan, provinces, client
):
    world = provinces.world
    b_plan = old_b_plan
    client.force_login(world.other_coordinator)

    html = client.get(reverse("plans:coverage", args=[b_plan.pk])).content.decode()
    detail = client.get(reverse("plans:detail", args=[b_plan.pk])).content.decode()

    assert "Chủ đề bí mật" not in html and "Hoạt động nội bộ" not in html
    assert "1847/KH-UBND" not in html and "1847/KH-UBND" not in detail
    client.force_login(world.coordinator)  # A's coordinator still sees A's own plan's coverage
    assert client.get(reverse("plans:coverage", args=[world.plan.pk])).status_code == 200


def test_the_api_does_not_name_a_parent_plan_or_items_the_user_may_not_see(old_b_plan, provinces):
    from django.test import Client

    world = provinces.world
    client = Client()
    client.force_login(world.other_coordinator)

    plans = {p["number"]: p for p in client.get("/api/plans").json()["items"]}
    detail = client.get(f"/api/plans/{old_b_plan.pk}").json()
    items = client.get(f"/api/plans/{old_b_plan.pk}/items").json()["items"]

    assert plans["56/KH-UBND"]["parent_number"] is None
    assert plans["56/KH-UBND"]["parent_id"] is None
    assert (detail["parent_id"], detail["parent_number"]) == (None, None)
    assert [item["implements"] for item in items] == [None]
    client.force_login(world.admin)  # who may see A's plan still reads the link
    assert client.get(f"/api/plans/{old_b_plan.pk}").json()["parent_number"] == "1847/KH-UBND"


def test_the_item_pages_do_not_name_items_the_user_may_not_see(old_b_plan, provinces, client):
    world = provinces.world
    item = old_b_plan.items.get()
    client.force_login(world.other_coordinator)

    detail = client.get(reverse("plans:item", args=[item.pk])).content.decode()
    rows = client.get(reverse("plans:items", args=[old_b_plan.pk])).content.decode()

    assert "1847/KH-UBND" not in detail
    assert reverse("plans:item", args=[provinces.activity.pk]) not in detail
    assert f'<td class="hide-sm">{provinces.activity.label}</td>' not in rows


# Item 2: agencies ----------------------------------------------------------------------------


def lead_of(plan: Plan, code: str) -> Organisation:
    return plan.items.get(code=code).assignments.get(role=Assignment.Role.LEAD).organisation


def test_a_short_name_shared_by_provinces_resolves_to_the_plans_own_province(provinces):
    world = provinces.world

    plan = import_plan_file(
        "ke-hoach.xlsx", b_file(**{"Cơ quan chủ trì": "Sở TN&MT"}), user=world.other_coordinator
    )

    assert lead_of(plan, "1") == provinces.b_donre


def test_the_same_name_in_province_a_finds_province_as_department(provinces):
    world = provinces.world
    a_plan = {"Số hiệu": "57/KH-UBND", "Địa bàn": "bd", "Cơ quan đầu mối": "bd-dpi"}

    plan = import_plan_file(
        "ke-hoach.xlsx",
        b_file(a_plan, **{"Cơ quan chủ trì": "Sở TN&MT"}),
        user=world.coordinator,
    )

    assert lead_of(plan, "1") == provinces.a_donre


@pytest.mark.parametrize("user", ["other_coordinator", "system"])
def test_another_provinces_agency_is_unknown_in_a_provincial_plan(provinces, user):
    world = provinces.world
    importer = system_user() if user == "system" else getattr(world, user)

    problems = rejected(b_file(**{"Cơ quan chủ trì": "bd-donre"}), importer)

    assert messages(problems) == ["Unknown agency bd-donre."]
    assert problems[0].column == "Cơ quan chủ trì"


def test_another_provinces_territory_is_unknown_to_a_coordinator(provinces):
    world = provinces.world

    problems = rejected(b_file({"Địa bàn": "bd"}), world.other_coordinator)

    assert "Unknown agency bd." in messages(problems)
    assert all("Bình Dương" not in m for m in messages(problems))


def test_a_central_body_may_lead_an_item_of_a_provincial_plan(provinces):
    world = provinces.world

    plan = import_plan_file(
        "ke-hoach.xlsx", b_file(**{"Cơ quan chủ trì": "mpi"}), user=world.other_coordinator
    )

    assert lead_of(plan, "1") == world.ministry


def test_an_ambiguous_name_is_refused_with_the_candidates_named(provinces):
    world = provinces.world
    OrganisationFactory(
        code="dn-donre-2",
        name="Chi cục Bảo vệ môi trường",
        short_name="Sở TN&MT",
        parent=world.other_province,
    )

    problems = rejected(b_file(**{"Cơ quan chủ trì": "Sở TN&MT"}), world.other_coordinator)

    assert len(problems) == 1
    message = problems[0].message
    assert "Sở TN&MT" in message and "dn-donre" in message and "dn-donre-2" in message
    assert "bd-donre" not in message
    assert (problems[0].sheet, problems[0].row, problems[0].column) == (
        "Hoạt động",
        3,
        "Cơ quan chủ trì",
    )


def test_the_code_always_settles_an_ambiguous_name(provinces):
    world = provinces.world
    OrganisationFactory(code="dn-x", short_name="Sở TN&MT", parent=world.other_province)

    plan = import_plan_file(
        "ke-hoach.xlsx", b_file(**{"Cơ quan chủ trì": "dn-donre"}), user=world.other_coordinator
    )

    assert lead_of(plan, "1") == provinces.b_donre


def test_the_valid_template_file_still_imports(world):
    # The shared plan file of the other import tests: Bình Dương's agencies by code and name.
    plan = import_plan_file("ke-hoach.xlsx", workbook(items=items_with(2)), user=world.coordinator)

    assert lead_of(plan, "1.1") == world.donre
