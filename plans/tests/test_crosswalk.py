"""The crosswalk between plan generations: the link rules, the two-column import (preview then
apply, all or nothing), who may link, and the item page across both generations."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl.worksheet.worksheet import Worksheet

from accounts.system import system_user
from greenplan.testing.factories import PlanFactory, PlanItemFactory
from greenplan.testing.personas import World
from plans.crosswalk import import_crosswalk_file, link_items, unlink
from plans.crosswalk_file import HEADINGS
from plans.models import ItemLink, Plan, PlanItem, PlanLevel


@pytest.fixture(autouse=True)
def _english(_default_language):
    # Messages asserted in English, whatever the catalogue translates.
    translation.activate("en")


@pytest.fixture
def client_en(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def later(world: World) -> Plan:
    """Bình Dương's next plan (2023-2030), with tasks 1.1, 1.2 and 2.1."""
    plan = PlanFactory(
        number="3961/KH-UBND",
        territory=world.province,
        parent=world.national_plan,
        focal_point=world.dpi,
        period_start=2023,
        period_end=2030,
    )
    for code in ("1.1", "1.2", "2.1"):
        PlanItemFactory(plan=plan, code=code, number=code)
    return plan


@pytest.fixture
def earlier(world: World) -> Plan:
    """1847/KH-UBND with activities 4, 5 and 7."""
    for code in ("4", "5", "7"):
        PlanItemFactory(plan=world.plan, code=code, number=code)
    return world.plan


def item(plan: Plan, code: str) -> PlanItem:
    return PlanItem.objects.select_related("plan__territory").get(plan=plan, code=code)


def csv_file(*rows: str, header: bool = True) -> bytes:
    lines = ([",".join(HEADINGS)] if header else []) + list(rows)
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def xlsx_file(*rows: tuple) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "Liên kết"
    sheet.append(list(HEADINGS))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pairs() -> set[tuple[str, str, str]]:
    return set(ItemLink.objects.values_list("predecessor__code", "successor__code", "note"))


# --- The rules of a link ----------------------------------------------------------------------


def test_a_coordinator_links_an_item_to_its_successor_once(world, earlier, later):
    # Given the coordinator of Bình Dương
    # When they link 5 -> 1.1 twice, the second time with another note
    first = link_items(item(earlier, "5"), item(later, "1.1"), user=world.coordinator, note="a")
    again = link_items(item(earlier, "5"), item(later, "1.1"), user=world.coordinator, note="b")
    # Then there is one link, with the last note, and its history names the coordinator
    assert first.pk == again.pk
    assert pairs() == {("5", "1.1", "b")}
    assert first.created_by == world.coordinator
    assert [h.history_user for h in ItemLink.history.order_by("history_id")] == [
        world.coordinator,
        world.coordinator,
    ]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("self", "cannot be linked to itself"),
        ("same_plan", "a link joins items of two generations"),
        ("successor_earlier", "the successor plan cannot be the earlier one"),
        ("other_province", "different provinces"),
    ],
)
def test_links_the_rules_refuse(world, earlier, later, case, message):
    other_province_plan = PlanFactory(
        number="12/KH-UBND", territory=world.other_province, period_start=2023
    )
    other_item = PlanItemFactory(plan=other_province_plan, code="1")
    predecessor, successor = {
        "self": (item(earlier, "5"), item(earlier, "5")),
        "same_plan": (item(earlier, "5"), item(earlier, "7")),
        "successor_earlier": (item(later, "1.1"), item(earlier, "5")),
        "other_province": (item(earlier, "5"), other_item),
    }[case]
    with pytest.raises(Exception) as refused:
        link_items(predecessor, successor, user=system_user())
    assert message in str(refused.value)
    assert ItemLink.objects.count() == 0


def test_the_database_refuses_a_link_to_itself_and_a_repeated_pair(world, earlier, later):
    a, b = item(earlier, "5"), item(later, "1.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemLink.objects.create(predecessor=a, successor=a)
    ItemLink.objects.create(predecessor=a, successor=b)
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemLink.objects.create(predecessor=a, successor=b)


@pytest.mark.parametrize("who", ["staff", "leader", "viewer", "other_coordinator"])
def test_only_who_may_edit_the_successor_plan_links_and_unlinks(world, earlier, later, who):
    link = link_items(item(earlier, "5"), item(later, "1.1"), user=world.coordinator)
    with pytest.raises(PermissionDenied):
        link_items(item(earlier, "7"), item(later, "1.2"), user=getattr(world, who))
    with pytest.raises(PermissionDenied):
        unlink(link, user=getattr(world, who))
    assert pairs() == {("5", "1.1", "")}


def test_unlink_removes_the_link_and_keeps_its_history(world, earlier, later):
    link = link_items(item(earlier, "5"), item(later, "1.1"), user=world.coordinator)
    unlink(link, user=world.coordinator)
    assert ItemLink.objects.count() == 0
    assert ItemLink.history.filter(history_type="-").get().history_user == world.coordinator


# --- Importing a file ------------------------------------------------------------------------


def test_a_csv_file_links_by_number_with_notes(world, earlier, later):
    content = csv_file("5,1.1,Tiếp nối", "7,1.2,Tách đôi", "7,2.1,")
    links = import_crosswalk_file("lien-ket.csv", content, earlier, later, user=world.coordinator)
    assert len(links) == 3
    assert pairs() == {("5", "1.1", "Tiếp nối"), ("7", "1.2", "Tách đôi"), ("7", "2.1", "")}


def test_a_workbook_links_too_and_a_second_import_updates_the_notes(world, earlier, later):
    import_crosswalk_file(
        "lien-ket.xlsx", xlsx_file(("5", "1.1"), (4, 2.1)), earlier, later, user=world.coordinator
    )
    import_crosswalk_file(
        "lien-ket.xlsx", xlsx_file(("5", "1.1", "mới")), earlier, later, user=world.coordinator
    )
    assert pairs() == {("5", "1.1", "mới"), ("4", "2.1", "")}


def test_semicolons_and_no_heading_row_are_read(world, earlier, later):
    content = "5;1.1;ghi chú, có dấu phẩy\n".encode()
    import_crosswalk_file("x.csv", content, earlier, later, user=world.coordinator)
    assert pairs() == {("5", "1.1", "ghi chú, có dấu phẩy")}


def problems_of(name: str, content: bytes, earlier: Plan, later: Plan, user) -> list[tuple]:
    from core.spreadsheet import ImportRejected

    with pytest.raises(ImportRejected) as rejected:
        import_crosswalk_file(name, content, earlier, later, user=user)
    return [(p.row, p.column, p.message) for p in rejected.value.problems]


def test_a_bad_file_saves_nothing_and_names_every_row_and_column(world, earlier, later):
    # Given a file with two good rows and four bad ones
    content = csv_file("5,1.1,ok", "99,1.2,", "7,9.9,", "5,1.1,again", ",2.1,", "4,2.1,ok")
    # When it is imported
    found = problems_of("x.csv", content, earlier, later, world.coordinator)
    # Then every problem is listed with its row and column, and nothing is saved
    assert [(row, column) for row, column, _m in found] == [
        (3, HEADINGS[0]),
        (4, HEADINGS[1]),
        (5, HEADINGS[1]),
        (6, HEADINGS[0]),
    ]
    assert "Plan 1847/KH-UBND has no item 99." in found[0][2]
    assert "Plan 3961/KH-UBND has no item 9.9." in found[1][2]
    assert "already linked in row 2" in found[2][2]
    assert ItemLink.objects.count() == 0


def test_the_earlier_plan_must_start_before(world, earlier, later):
    found = problems_of("x.csv", csv_file("1.1,5"), later, earlier, world.coordinator)
    assert "the successor plan cannot be the earlier one" in found[0][2]
    found = problems_of("x.csv", csv_file("5,7"), earlier, earlier, world.coordinator)
    assert "a link joins items of two generations" in found[0][2]
    assert ItemLink.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("lien-ket.pdf", b"%PDF-1.4", "Unknown file type lien-ket.pdf"),
        ("lien-ket.xlsx", b"not a zip", "not a valid Excel workbook"),
        ("lien-ket.csv", "5,1.1".encode("utf-16"), "not UTF-8"),
        ("lien-ket.csv", b"", "The file is empty."),
        ("lien-ket.csv", csv_file(), "heading row but no links"),
    ],
)
def test_a_wrong_file_is_refused_clearly(world, earlier, later, name, content, message):
    found = problems_of(name, content, earlier, later, world.coordinator)
    assert message in found[0][2]
    assert ItemLink.objects.count() == 0


# --- The page: preview, then apply -------------------------------------------------------------


def page(plan: Plan) -> str:
    return reverse("plans:crosswalk", args=[plan.pk])


def test_the_page_previews_saves_nothing_then_applies(world, earlier, later, client_en):
    client_en.force_login(world.coordinator)
    upload = SimpleUploadedFile("lien-ket.csv", csv_file("5,1.1,Tiếp nối", "7,1.2,"))
    preview = client_en.post(page(later), {"predecessor_plan": earlier.pk, "file": upload})
    assert preview.status_code == 200
    assert [(x.predecessor.code, x.successor.code) for x in preview.context["planned"]] == [
        ("5", "1.1"),
        ("7", "1.2"),
    ]
    assert "Save these links" in preview.content.decode()
    assert ItemLink.objects.count() == 0
    applied = client_en.post(page(later), {"token": preview.context["token"]})
    assert applied.status_code == 302
    assert pairs() == {("5", "1.1", "Tiếp nối"), ("7", "1.2", "")}


def test_a_tampered_preview_saves_nothing(world, earlier, later, client_en):
    client_en.force_login(world.coordinator)
    upload = SimpleUploadedFile("lien-ket.csv", csv_file("5,1.1"))
    token = client_en.post(page(later), {"predecessor_plan": earlier.pk, "file": upload}).context[
        "token"
    ]
    response = client_en.post(page(later), {"token": token[:-3] + "abc"}, follow=True)
    assert "The preview has expired or is damaged" in response.content.decode()
    assert ItemLink.objects.count() == 0


def test_the_page_lists_problems_and_saves_nothing(world, earlier, later, client_en):
    client_en.force_login(world.coordinator)
    upload = SimpleUploadedFile("lien-ket.csv", csv_file("5,1.1", "8,1.2"))
    response = client_en.post(page(later), {"predecessor_plan": earlier.pk, "file": upload})
    assert [(p.row, p.column) for p in response.context["problems"]] == [(3, HEADINGS[0])]
    assert "nothing was saved" in response.content.decode()
    assert not response.context["token"]
    assert ItemLink.objects.count() == 0


def test_a_later_plan_cannot_be_chosen_as_the_earlier_one(world, earlier, later, client_en):
    client_en.force_login(world.coordinator)
    choices = client_en.get(page(earlier)).context["form"].fields["predecessor_plan"].queryset
    assert list(choices) == [world.national_plan]  # not 3961 (later), not Đồng Nai's plan
    upload = SimpleUploadedFile("lien-ket.csv", csv_file("1.1,5"))
    response = client_en.post(page(earlier), {"predecessor_plan": later.pk, "file": upload})
    assert "predecessor_plan" in response.context["form"].errors
    assert ItemLink.objects.count() == 0


def test_the_template_is_a_workbook_with_the_headings(world, later, client_en):
    client_en.force_login(world.coordinator)
    response = client_en.get(reverse("plans:crosswalk_template", args=[later.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == list(HEADINGS)


@pytest.mark.parametrize(
    ("who", "status"), [("staff", 403), ("viewer", 403), ("other_coordinator", 404)]
)
def test_who_may_not_edit_the_plan_is_refused(world, earlier, later, client, who, status):
    link = link_items(item(earlier, "5"), item(later, "1.1"), user=world.coordinator)
    client.force_login(getattr(world, who))
    assert client.get(page(later)).status_code == status
    assert client.get(reverse("plans:crosswalk_template", args=[later.pk])).status_code == status
    upload = SimpleUploadedFile("lien-ket.csv", csv_file("7,1.2"))
    response = client.post(page(later), {"predecessor_plan": earlier.pk, "file": upload})
    assert response.status_code == status
    assert client.post(reverse("plans:unlink", args=[link.pk])).status_code == status
    assert pairs() == {("5", "1.1", "")}


# --- The item page ------------------------------------------------------------------------------


def test_the_item_page_shows_both_directions(world, earlier, later, client_en):
    link_items(item(earlier, "5"), item(later, "1.1"), user=world.coordinator, note="Tiếp nối")
    client_en.force_login(world.staff)
    earlier_page = client_en.get(reverse("plans:item", args=[item(earlier, "5").pk])).content
    later_page = client_en.get(reverse("plans:item", args=[item(later, "1.1").pk])).content
    assert "Carried on by (later plan)" in earlier_page.decode()
    assert "3961/KH-UBND · 1.1" in earlier_page.decode()
    assert "Carries on (earlier plan)" in later_page.decode()
    assert "1847/KH-UBND · 5" in later_page.decode()
    assert "Tiếp nối" in later_page.decode()
    assert "Remove link" not in later_page.decode()  # staff may not edit the plan


def test_the_coordinator_removes_a_link_from_the_item_page(world, earlier, later, client_en):
    link = link_items(item(earlier, "5"), item(later, "1.1"), user=world.coordinator)
    client_en.force_login(world.coordinator)
    successor_page = reverse("plans:item", args=[item(later, "1.1").pk])
    assert "Remove link" in client_en.get(successor_page).content.decode()
    response = client_en.post(reverse("plans:unlink", args=[link.pk]))
    assert response.status_code == 302
    assert response["Location"] == successor_page
    assert ItemLink.objects.count() == 0


# --- With the demo: progress of both generations ----------------------------------------------


def demo_item(number: str, code: str) -> PlanItem:
    return PlanItem.objects.get(plan__number=number, code=code)


@pytest.mark.usefixtures("demo")
def test_the_demo_links_both_generations(client_en):
    assert set(
        ItemLink.objects.values_list("predecessor__plan__number", "successor__plan__number")
    ) == {("1847/KH-UBND", "3961/KH-UBND"), ("403/QĐ-TTg", "882/QĐ-TTg")}
    assert all("demo" in note for note in ItemLink.objects.values_list("note", flat=True))
    # Loading again adds nothing.
    from demo.crosswalk import load_demo_crosswalk

    before = ItemLink.objects.count()
    assert load_demo_crosswalk() == "crosswalk links created: 0"
    assert ItemLink.objects.count() == before


@pytest.mark.usefixtures("demo")
def test_the_item_page_shows_progress_of_both_generations_year_by_year(client_en):
    from accounts.models import User

    client_en.force_login(User.objects.get(username="dpi.coordinator"))
    activity = demo_item("1847/KH-UBND", "5")
    response = client_en.get(reverse("plans:item", args=[activity.pk]))
    rows = [
        (line.year, other.plan.number, other.code)
        for line, other in response.context["generations"].progress
    ]
    years = [year for year, _plan, _code in rows]
    assert years == sorted(years)
    assert (2018, "1847/KH-UBND", "5") in rows
    assert (2023, "3961/KH-UBND", "1.1") in rows
    html = response.content.decode()
    assert 'id="generations-progress"' in html
    assert "3961/KH-UBND" in html


@pytest.mark.usefixtures("demo")
def test_the_item_page_costs_the_same_queries_whatever_the_links(client):
    from accounts.models import User

    coordinator = User.objects.get(username="dpi.coordinator")
    client.force_login(coordinator)
    activity = demo_item("1847/KH-UBND", "7")
    url = reverse("plans:item", args=[activity.pk])
    client.get(url)  # warm caches (session, content types)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for task in PlanItem.objects.filter(plan__number="3961/KH-UBND", kind="task")[3:12]:
        link_items(activity, task, user=coordinator, note="thêm")
    many = client.get(url).context["generations"]
    assert len(many.successors) >= 10
    assert queries() == few


def test_another_province_sees_no_link_to_it(world, earlier, later, client_en):
    # A national item carried on by a national task and by a task of Bình Dương's plan: Đồng
    # Nai's coordinator sees the national link only.
    national_later = PlanFactory(
        number="882/QĐ-TTg", level=PlanLevel.NATIONAL, territory=world.government, period_start=2021
    )
    old = PlanItemFactory(plan=world.national_plan, code="5")
    new = PlanItemFactory(plan=national_later, code="1.1.1")
    link_items(old, new, user=world.admin)
    link_items(old, item(later, "1.1"), user=world.coordinator)
    client_en.force_login(world.other_coordinator)
    html = client_en.get(reverse("plans:item", args=[old.pk])).content.decode()
    assert "882/QĐ-TTg · 1.1.1" in html
    assert "3961/KH-UBND" not in html
    assert client_en.get(reverse("plans:item", args=[item(later, "1.1").pk])).status_code == 404
