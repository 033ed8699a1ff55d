"""Excel: the scorecard export, and the catalogue exported and imported all or nothing."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from accounts.system import system_user
from indicators import actions
from indicators.catalogue_file import (
    CATALOGUE_COLUMNS,
    CATALOGUE_SHEET,
    ImportRejected,
    catalogue_workbook,
)
from indicators.models import Indicator, Objective
from indicators.tests.test_pages import given_a_tracked_intensity


def open_xlsx(response):
    return load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )


def test_the_scorecard_export_holds_numbers_and_statuses(world, catalogue, as_user):
    given_a_tracked_intensity(world, catalogue)
    client = as_user(world.viewer)
    client.cookies["django_language"] = "en"

    response = client.get(reverse("indicators:scorecard_export", args=["bd"]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = open_xlsx(response).active
    assert "UBND tỉnh Bình Dương" in sheet["A1"].value
    header = [c.value for c in sheet[4]]
    assert header[:2] == ["Code", "Indicator"] and header[-1] == "Status"
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True)}
    intensity = rows["GHG_INTENSITY"]
    # baseline 2014: 80; target 2030: 68; latest 2020: 75; path 75.5; gap 7; on track
    assert intensity[4:13] == (2014, 80, 2030, 68, 2020, 75, 75.5, 7, "On track")
    assert rows["GRDP"][-1] == "No target"


def test_another_provinces_scorecard_cannot_be_exported(world, catalogue, as_user):
    response = as_user(world.other_coordinator).get(
        reverse("indicators:scorecard_export", args=["bd"])
    )

    assert response.status_code == 404


def test_the_catalogue_export_round_trips(world, catalogue, as_user):
    response = as_user(world.viewer).get(reverse("indicators:catalogue_export"))
    sheet = open_xlsx(response)[CATALOGUE_SHEET]

    assert [c.value for c in sheet[1]] == CATALOGUE_COLUMNS
    rows = {
        r[0]: dict(zip(CATALOGUE_COLUMNS, r, strict=False))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert rows["GHG_INTENSITY"]["formula"] == "GHG_TOTAL / GRDP"
    assert rows["GHG_TOTAL"]["responsible_agency"] == "bd-donre"
    assert rows["GRDP"]["unit"] == "billion_VND"

    saved = actions.import_catalogue_file(b"".join([response.content]), user=world.admin)
    assert len(saved) == 3


def catalogue_file(rows: list[dict]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.title = CATALOGUE_SHEET
    sheet.append(CATALOGUE_COLUMNS)
    for row in rows:
        sheet.append([row.get(key, "") for key in CATALOGUE_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_good_file_is_imported(world, catalogue):
    Objective.objects.create(number=2, name="Xanh hóa các ngành kinh tế")
    content = catalogue_file(
        [
            {
                "code": "RE_SUPPLY",
                "name": "Cung năng lượng tái tạo",
                "unit": "ktoe",
                "objective": 2,
            },
            {"code": "TPES", "name": "Tổng cung năng lượng sơ cấp", "unit": "ktoe"},
            {
                "code": "RE_SHARE",
                "name": "Tỷ trọng năng lượng tái tạo",
                "unit": "percent",
                "kind": "derived",
                "formula": "RE_SUPPLY / TPES",
                "responsible_agency": "bd-doit",
            },
            {"code": "GRDP", "name": "GRDP (sửa tên)", "unit": "billion_VND"},
        ]
    )

    actions.import_catalogue_file(content, user=world.admin)

    share = Indicator.objects.get(code="RE_SHARE")
    assert set(share.inputs.values_list("code", flat=True)) == {"RE_SUPPLY", "TPES"}
    assert Indicator.objects.get(code="RE_SUPPLY").objective.number == 2
    assert Indicator.objects.get(code="GRDP").name == "GRDP (sửa tên)"


def test_a_file_with_problems_saves_nothing_and_lists_them(world, catalogue):
    content = catalogue_file(
        [
            {"code": "OK_ONE", "name": "Đúng", "unit": "percent"},
            {"code": "BAD_UNIT", "name": "Sai đơn vị", "unit": "tấn/ngày"},
            {
                "code": "BAD_FORMULA",
                "name": "x",
                "unit": "m²/person",
                "kind": "derived",
                "formula": "GHG_TOTAL / GRDP",
            },
            {"code": "", "name": "Không mã"},
            {"code": "X", "name": "x", "direction": "up", "responsible_agency": "nope"},
            {"code": "GRDP", "name": "GRDP", "unit": "ha"},  # would break GHG_INTENSITY
        ]
    )

    with pytest.raises(ImportRejected) as exc:
        actions.import_catalogue_file(content, user=world.admin)

    where = {(p.row, p.column) for p in exc.value.problems}
    assert {(3, "unit"), (4, "formula"), (5, "code"), (6, "direction")} <= where
    assert any(p.column == "formula" and "GHG_INTENSITY" in p.message for p in exc.value.problems)
    assert not Indicator.objects.filter(code="OK_ONE").exists()
    assert Indicator.objects.get(code="GRDP").unit == "billion_VND"


def test_the_import_page_lists_problems_with_rows(world, catalogue, as_user):
    content = catalogue_file(
        [{"code": "A", "name": "x", "kind": "derived", "unit": "percent", "formula": "A / B"}]
    )
    client = as_user(world.admin)
    client.cookies["django_language"] = "en"

    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("indicators:catalogue_import"),
        {"file": SimpleUploadedFile("c.xlsx", content)},
    )

    html = response.content.decode()
    assert "nothing was saved" in html
    assert "Unknown indicator code(s): B." in html
    assert not Indicator.objects.filter(code="A").exists()


def test_a_file_that_is_not_a_workbook_is_rejected(world):
    with pytest.raises(ImportRejected, match="not a valid Excel workbook"):
        actions.import_catalogue_file(b"code,name\nA,x", user=world.admin)


def test_values_in_the_export_are_decimal_exact(world, catalogue):
    actions.set_baseline(
        catalogue.grdp, world.province, year=2015, value=Decimal("123456.789"), user=system_user()
    )
    from indicators.catalogue_file import scorecard_workbook
    from indicators.scorecard import build_scorecard

    sheet = load_workbook(io.BytesIO(scorecard_workbook(build_scorecard(world.province)))).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["GRDP"][5] == pytest.approx(123456.789)


def test_the_catalogues_agencies_are_found_like_a_plans_and_an_ambiguous_name_is_refused(
    world, catalogue
):
    # One lookup for every importer (orgs/lookup.py): a code, or a name that fits one agency;
    # a short name every province uses is refused with the candidates, not given to the first.
    from greenplan.testing.factories import OrganisationFactory

    world.donre.short_name = "Sở TN&MT"
    world.donre.save()
    OrganisationFactory(code="dn-donre", short_name="Sở TN&MT", parent=world.other_province)
    content = catalogue_file(
        [
            {
                "code": "BY_NAME",
                "name": "x",
                "unit": "percent",
                "responsible_agency": "Sở Công Thương",
            },
            {"code": "SHARED", "name": "y", "unit": "percent", "responsible_agency": "Sở TN&MT"},
        ]
    )

    with pytest.raises(ImportRejected) as exc:
        actions.import_catalogue_file(content, user=world.admin)

    (problem,) = exc.value.problems
    assert (problem.row, problem.column) == (3, "responsible_agency")
    assert "bd-donre" in problem.message and "dn-donre" in problem.message
    assert not Indicator.objects.filter(code__in=["BY_NAME", "SHARED"]).exists()


def test_a_catalogue_with_entity_declarations_is_refused(world):
    from core.tests import workbooks

    content = workbooks.with_dtd("xl/worksheets/sheet1.xml", catalogue_workbook([]))
    with translation.override("en"), pytest.raises(ImportRejected, match="XML declarations"):
        actions.import_catalogue_file(content, user=world.admin)


def test_a_catalogue_of_blank_cells_is_refused(world):
    from core.tests import workbooks

    content = workbooks.with_part(
        catalogue_workbook([]),
        "xl/worksheets/sheet1.xml",
        workbooks.sheet_xml('<row><c s="0"/></row>' * 1_500_000),
    )
    with translation.override("en"), pytest.raises(ImportRejected, match="too large"):
        actions.import_catalogue_file(content, user=world.admin)


def test_hostile_indicator_names_are_exported_as_text_and_read_back_unchanged(
    world, catalogue, as_user
):
    from core.tests.exports import HOSTILE_TITLES, assert_exported_as_text

    given_a_tracked_intensity(world, catalogue)
    client = as_user(world.viewer)
    for name in HOSTILE_TITLES:
        Indicator.objects.filter(code="GRDP").update(name=name)

        exported = client.get(reverse("indicators:catalogue_export")).content
        scorecard = open_xlsx(client.get(reverse("indicators:scorecard_export", args=["bd"])))
        buffer = io.BytesIO()
        scorecard.save(buffer)

        assert_exported_as_text(exported, name)
        assert_exported_as_text(buffer.getvalue(), name)
        # and the catalogue's round trip takes our quote off again
        actions.import_catalogue_file(exported, user=world.admin)
        assert Indicator.objects.get(code="GRDP").name == name
