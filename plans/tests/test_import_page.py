"""The import page and the template download."""

import io

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from plans.models import Assignment, Plan, PlanItem
from plans.plan_file import ITEM_COLUMNS, PLAN_FIELDS
from plans.tests.plan_files import items_with, plan_with, workbook

IMPORT = reverse("plans:import")
TEMPLATE = reverse("plans:import_template")


@pytest.fixture
def client_en(client):
    # Assert English text, whatever translations the catalogue gains later.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client, content: bytes, name: str = "ke-hoach.xlsx", replace: bool = False):
    data: dict[str, object] = {"file": SimpleUploadedFile(name, content)}
    if replace:
        data["replace"] = "on"
    return client.post(IMPORT, data)


def counts() -> tuple[int, int, int]:
    return Plan.objects.count(), PlanItem.objects.count(), Assignment.objects.count()


def problem_rows(response) -> list[tuple]:
    return [(p.sheet, p.row, p.column) for p in response.context["problems"]]


def test_coordinator_sees_the_form_and_the_template_link(world, client_en):
    client_en.force_login(world.coordinator)

    html = client_en.get(IMPORT).content.decode()

    assert 'type="file"' in html and 'name="replace"' in html
    assert TEMPLATE in html


def test_coordinator_imports_a_plan_and_lands_on_it(world, client_en):
    client_en.force_login(world.coordinator)

    response = upload(client_en, workbook())

    plan = Plan.objects.get(number="12/KH-UBND")
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert plan.items.count() == 3
    assert plan.history.get().history_user == world.coordinator
    page = client_en.get(response["Location"]).content.decode()
    assert "Plan 12/KH-UBND imported: 3 items." in page


def test_a_bad_file_lists_its_problems_by_row_and_column_and_saves_nothing(world, client_en):
    client_en.force_login(world.coordinator)
    items = items_with(3, **{"Cơ quan chủ trì": "so-khong-co"})
    items[2]["Hạn hoàn thành"] = "31/02/2021"
    before = counts()

    response = upload(client_en, workbook(items=items))

    assert counts() == before
    assert response.status_code == 200
    # the parser finds the bad date first; the unknown agency needs a file that parses
    assert problem_rows(response) == [("Hoạt động", 4, "Hạn hoàn thành")]
    html = response.content.decode()
    assert "nothing was saved" in html
    assert "&quot;31/02/2021&quot; is not a date" in html

    response = upload(client_en, workbook(items=items_with(3, **{"Cơ quan chủ trì": "nope"})))

    assert counts() == before
    assert problem_rows(response) == [("Hoạt động", 3, "Cơ quan chủ trì")]
    assert "Unknown agency nope." in response.content.decode()


def test_a_file_that_is_not_a_workbook_is_explained(world, client_en):
    client_en.force_login(world.coordinator)

    response = upload(client_en, b"hello", name="ke-hoach.xlsx")

    assert "not a valid Excel workbook" in response.content.decode()


def test_a_coordinator_may_not_import_another_provinces_plan(world, client_en):
    client_en.force_login(world.other_coordinator)
    before = counts()

    response = upload(client_en, workbook())
    national = upload(client_en, workbook(plan_with(**{"Cấp": "quốc gia", "Địa bàn": "gov"})))

    assert counts() == before
    # Another province's territory is not one the coordinator may name (see test_import_scope);
    # a territory they may see but not plan for is refused as such.
    assert "Unknown agency bd." in response.content.decode()
    assert "You may not import plans for Chính phủ." in national.content.decode()


def test_an_existing_plan_is_replaced_only_when_asked(world, client_en):
    client_en.force_login(world.coordinator)
    content = workbook(plan_with(**{"Số hiệu": "1847/KH-UBND"}))

    refused = upload(client_en, content)
    replaced = upload(client_en, content, replace=True)

    assert "already exists" in refused.content.decode()
    assert replaced.status_code == 302
    assert world.plan.items.count() == 3


def test_a_file_over_the_size_limit_is_refused(world, client_en, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    client_en.force_login(world.coordinator)
    before = counts()

    response = upload(client_en, workbook())

    assert counts() == before
    assert "The file is too large" in response.content.decode()
    assert "the limit is 1000\xa0bytes" in response.content.decode()


def test_agency_staff_may_not_import(world, client):
    client.force_login(world.staff)

    assert client.get(IMPORT).status_code == 403
    assert upload(client, workbook()).status_code == 403
    assert client.get(TEMPLATE).status_code == 403
    assert not Plan.objects.filter(number="12/KH-UBND").exists()


def test_anonymous_users_are_sent_to_log_in(db, client):
    for url in (IMPORT, TEMPLATE):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_home_page_offers_import_only_to_those_who_may(world, client_en):
    client_en.force_login(world.coordinator)
    assert IMPORT in client_en.get(reverse("home")).content.decode()

    client_en.force_login(world.staff)
    assert IMPORT not in client_en.get(reverse("home")).content.decode()


def test_the_template_is_a_workbook_with_plan_items_and_instructions(world, client):
    client.force_login(world.coordinator)

    response = client.get(TEMPLATE)

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Kế hoạch", "Hoạt động", "Hướng dẫn"]
    items = book["Hoạt động"]
    assert [c.value for c in items[1]] == [spec.label for spec in ITEM_COLUMNS]
    assert items.freeze_panes == "A2"
    assert [c.value for c in book["Kế hoạch"]["A"][1:]] == [spec.label for spec in PLAN_FIELDS]
    instructions = [
        tuple(row) for row in book["Hướng dẫn"].iter_rows(values_only=True) if row[1] and row[2]
    ]
    explained = {(row[1], row[2]) for row in instructions}
    for spec in (*PLAN_FIELDS, *ITEM_COLUMNS):
        assert (spec.label, spec.key) in explained
    assert all(row[4] and row[5] for row in instructions[1:])  # Vietnamese and English


def test_the_templates_own_examples_import(demo, client_en):
    # Unchanged, the template's examples name the demo's agencies, national plan and documents.
    coordinator = User.objects.get(username="dpi.coordinator")
    client_en.force_login(coordinator)
    template = client_en.get(TEMPLATE).content

    response = upload(client_en, template, name="mau-nhap-ke-hoach.xlsx")

    assert response.status_code == 302, response.context["problems"]
    plan = Plan.objects.get(number="VD-01/KH-UBND")
    assert plan.parent.number == "403/QĐ-TTg"
    assert plan.items.count() == 4
    activity = plan.items.get(code="7")
    assert activity.implements.plan == plan.parent
    assert activity.assignments.count() == 3


def test_a_cycle_under_a_parent_column_headed_ma_cap_tren_is_refused(world, client_en):
    # "Mã cấp trên" is a common name of the parent column: the hierarchy it draws is read, and
    # a cycle in it is found, rather than the column being ignored and the plan flattened.
    client_en.force_login(world.coordinator)
    header = ["Mã", "Mã cấp trên", "Loại", "Nội dung"]
    items = [
        {"Mã": "T1", "Mã cấp trên": "1", "Loại": "chủ đề", "Nội dung": "Chủ đề"},
        {"Mã": "1", "Mã cấp trên": "T1", "Loại": "hoạt động", "Nội dung": "Hoạt động"},
    ]
    before = counts()

    response = upload(client_en, workbook(items=items, header=header))

    assert counts() == before
    assert problem_rows(response) == [
        ("Hoạt động", 2, "Mã cấp trên"),
        ("Hoạt động", 3, "Mã cấp trên"),
    ]
    assert "is its own ancestor" in response.content.decode()
