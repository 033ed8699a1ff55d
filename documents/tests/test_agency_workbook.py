"""An agency downloads its Excel template, fills it offline, uploads it back as a draft."""

from __future__ import annotations

import io
import time
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from core.tests import workbooks
from reporting.agency_workbook import (
    build_template,
    disbursements_sheet_name,
    items_sheet_name,
    read_workbook,
)
from reporting.disbursements import lines_to_report, reported_amounts
from reporting.models import AgencyReport, ItemFunding, ItemStatus, ReportDisbursement, ReportEvent


def user(username: str):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def draft(demo_db) -> AgencyReport:
    """DONRE's 2019 report: a draft its staff may edit."""
    report = AgencyReport.objects.get(round__year=2019, organisation__code="bd-stnmt")
    assert report.is_editable
    return report


@pytest.fixture
def staff(demo_db, as_user):
    client = as_user(user("donre.staff"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # messages asserted in English
    return client


def download(client, report):
    response = client.get(reverse("documents:report_workbook_download", args=[report.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def upload(client, report, wb, name="bao-cao.xlsx"):
    buffer = io.BytesIO()
    wb.save(buffer)
    return upload_bytes(client, report, buffer.getvalue(), name)


def upload_bytes(client, report, data: bytes, name="bao-cao.xlsx"):
    return client.post(
        reverse("documents:report_workbook", args=[report.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


def snapshot(report):
    report.refresh_from_db()
    items = list(report.items.order_by("pk").values_list("status", "progress", "results"))
    funds = list(ItemFunding.objects.filter(item__report=report).values_list("source", "amount"))
    return report.version, items, funds


def test_the_template_lists_the_agency_lines_with_locked_keys_and_validations(staff, draft):
    wb = download(staff, draft)

    assert wb.sheetnames[:2] == ["Report lines", "General section"]
    assert "Instructions" in wb.sheetnames
    ws = wb["Report lines"]
    assert ws.max_row - 1 == draft.items.count()
    assert ws.protection.sheet
    assert ws["A2"].protection.locked and ws["C2"].protection.locked  # id, title
    assert not ws["E2"].protection.locked and not ws["G2"].protection.locked  # status, results
    assert ws.freeze_panes == "E2"
    validations = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert validations["list"].formula1.startswith("=_lists!$A$1")
    assert "E2" in str(validations["list"].sqref)
    assert (validations["whole"].formula1, validations["whole"].formula2) == ("0", "100")
    assert "F2" in str(validations["whole"].sqref)
    labels = [c.value for c in wb["_lists"]["A"] if c.value]
    assert "Completed" in labels and wb["_lists"].sheet_state == "hidden"


def test_a_filled_template_is_saved_whole_as_the_draft(staff, draft):
    wb = download(staff, draft)
    ws = wb["Report lines"]
    first_id = ws["A2"].value
    ws["E2"] = "Completed"
    ws["F2"] = 100
    ws["G2"] = "Đã hoàn thành kiểm kê, trình UBND tỉnh."
    ws["J2"] = "15/09/2019"
    local_budget = [c.column for c in ws[1] if "Local budget" in str(c.value)][0]
    ws.cell(2, local_budget, 5_000_000)
    wb["General section"]["B2"] = "Kết quả chung năm 2019."
    version = draft.version

    response = upload(staff, draft, wb)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.version == version + 1
    assert draft.general_results == "Kết quả chung năm 2019."
    item = draft.items.get(pk=first_id)
    assert (item.status, item.progress) == ("completed", 100)
    assert item.results == "Đã hoàn thành kiểm kê, trình UBND tỉnh."
    assert item.document_date.isoformat() == "2019-09-15"
    assert item.funds.get(source="local_budget").amount == 5_000_000
    assert draft.events.filter(action=ReportEvent.Action.SAVED).exists()


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ("E2", "Xong rồi", 'Sheet "Report lines", row 2, column "Status": choose a status'),
        ("F3", 140, 'Sheet "Report lines", row 3, column "Progress (%)": a whole number'),
        ("F2", 12.5, 'row 2, column "Progress (%)": a whole number from 0 to 100'),
        ("J2", "31/02/2019", 'row 2, column "Document issued: date (dd/mm/yyyy)"'),
    ],
)
def test_a_bad_cell_rejects_the_whole_file_and_names_sheet_row_column(
    staff, draft, cell, value, message
):
    wb = download(staff, draft)
    ws = wb["Report lines"]
    ws["G2"] = "Một kết quả hợp lệ ở dòng khác."  # valid changes elsewhere are not applied
    ws[cell] = value
    before = snapshot(draft)

    response = upload(staff, draft, wb)

    assert response.status_code == 200
    assert message in response.content.decode().replace("&quot;", '"')
    assert snapshot(draft) == before


def test_the_models_own_rules_are_placed_on_their_cell(staff, draft):
    wb = download(staff, draft)
    ws = wb["Report lines"]
    ws["E2"] = "Completed"
    ws["G2"] = None  # a completed item needs its results
    before = snapshot(draft)

    response = upload(staff, draft, wb)

    html = response.content.decode().replace("&quot;", '"')
    assert 'Sheet "Report lines", row 2, column "Results achieved": A completed item needs' in html
    assert snapshot(draft) == before


def test_a_workbook_without_the_sheet_is_rejected(staff, draft):
    wb = download(staff, draft)
    wb["Report lines"].title = "Sheet1"
    before = snapshot(draft)

    response = upload(staff, draft, wb)

    assert 'has no sheet "Report lines"' in response.content.decode().replace("&quot;", '"')
    assert snapshot(draft) == before


def test_a_file_that_is_not_an_xlsx_is_rejected(staff, draft):
    before = snapshot(draft)

    response = upload_bytes(staff, draft, b"PK\x03\x04 not really a workbook")

    assert "The file is not a valid Excel workbook (.xlsx)." in response.content.decode()
    assert snapshot(draft) == before


def test_the_template_of_another_report_is_rejected(staff, draft):
    wb = download(staff, draft)
    other = AgencyReport.objects.get(round__year=2018, organisation__code="bd-stnmt")
    wb["_lists"]["C1"] = other.pk

    response = upload(staff, draft, wb)

    assert "template of another report" in response.content.decode()


def test_a_report_saved_since_the_download_is_not_overwritten(staff, draft):
    from reporting import actions

    wb = download(staff, draft)
    wb["Report lines"]["G2"] = "Văn bản ngoại tuyến."
    actions.save_draft(draft, user=user("donre.staff"), version=draft.version, general={})
    before = snapshot(draft)

    response = upload(staff, draft, wb)

    assert "saved in greenplan after this workbook was downloaded" in response.content.decode()
    assert snapshot(draft) == before


def test_only_while_the_report_is_editable_and_only_by_its_agency(staff, draft, as_user):
    accepted = AgencyReport.objects.get(round__year=2018, organisation__code="bd-stnmt")
    wb = download(staff, accepted)  # reading its own accepted report is fine
    assert upload(staff, accepted, wb).status_code == 403

    other = as_user(user("doit.staff"))
    assert other.get(reverse("documents:report_workbook", args=[draft.pk])).status_code == 404
    url = reverse("documents:report_workbook_download", args=[draft.pk])
    assert other.get(url).status_code == 404
    coordinator = as_user(user("dpi.coordinator"))
    assert coordinator.get(url).status_code == 404  # the agency's own template only


# --- Disbursements on the budget lines of the projects the agency leads ------------------------


def saved(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def disbursements(report) -> list[tuple[int, Decimal]]:
    return list(
        ReportDisbursement.objects.filter(report=report)
        .order_by("budget_line_id")
        .values_list("budget_line_id", "amount")
    )


def test_the_disbursements_sheet_lists_the_budget_lines_with_the_reported_amounts(staff, draft):
    lines = lines_to_report(draft)
    amounts = reported_amounts(draft)
    assert len(lines) == 2 and amounts  # the demo: DONRE's green space project, and one more

    wb = download(staff, draft)

    assert wb.sheetnames.index("Disbursements") == 2  # after the general section
    ws = wb["Disbursements"]
    assert [c.value for c in ws[1]] == [
        "Budget line ID (do not change)",
        "Project",
        "Year",
        "Funding source",
        "Allocated (VND)",
        "Recorded on the project (VND)",
        "Disbursed in the year (VND)",
    ]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == [line.pk for line in lines]
    first = lines[0]
    with translation.override("en"):
        source = str(first.get_source_display())
    assert rows[0][1:6] == (first.project.title, 2019, source, first.allocated, first.disbursed)
    assert [row[6] for row in rows] == [amounts.get(line.pk) for line in lines]
    assert ws.protection.sheet and ws.column_dimensions["A"].hidden
    assert all(ws.cell(2, column).protection.locked for column in range(1, 7))
    assert not ws["G2"].protection.locked
    (validation,) = ws.data_validations.dataValidation
    assert (validation.type, validation.operator, validation.formula1) == (
        "whole",
        "greaterThanOrEqual",
        "0",
    )
    assert str(validation.sqref) == "G2:G3"
    instructions = " ".join(str(c.value) for c in wb["Instructions"]["A"])
    assert 'Sheet "Disbursements"' in instructions and "disbursed in 2019" in instructions


def test_the_disbursed_amounts_are_saved_with_the_draft(staff, draft):
    first, second = lines_to_report(draft)
    wb = download(staff, draft)
    ws = wb["Disbursements"]
    ws["G2"] = int(first.allocated) - 250_000_000
    ws["G3"] = None  # an empty cell clears what was reported
    version = draft.version

    response = upload(staff, draft, wb)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.version == version + 1
    assert disbursements(draft) == [(first.pk, first.allocated - 250_000_000)]


def test_a_disbursement_above_the_allocation_is_refused_on_its_cell(staff, draft):
    first, _second = lines_to_report(draft)
    wb = download(staff, draft)
    wb["Report lines"]["G2"] = "Một kết quả hợp lệ."  # a valid change is not applied either
    wb["Disbursements"]["G3"] = 1_000_000  # nor is a valid amount on another line
    wb["Disbursements"]["G2"] = int(first.allocated) + 1
    before, reported = snapshot(draft), disbursements(draft)

    response = upload(staff, draft, wb)

    html = response.content.decode().replace("&quot;", '"')
    assert response.status_code == 200
    assert 'Sheet "Disbursements", row 2, column "Disbursed in the year (VND)": Only ' in html
    assert snapshot(draft) == before  # report version unchanged
    assert disbursements(draft) == reported
    assert not ReportDisbursement.objects.filter(amount=first.allocated + 1).exists()


@pytest.mark.parametrize("value", [-5, 12.5, "mười triệu"])
def test_a_disbursement_that_is_not_whole_vnd_is_refused(staff, draft, value):
    wb = download(staff, draft)
    wb["Disbursements"]["G3"] = value
    before, reported = snapshot(draft), disbursements(draft)

    response = upload(staff, draft, wb)

    html = response.content.decode().replace("&quot;", '"')
    assert (
        'Sheet "Disbursements", row 3, column "Disbursed in the year (VND)": '
        "an amount in VND, zero or more." in html
    )
    assert (snapshot(draft), disbursements(draft)) == (before, reported)


def test_a_row_with_a_budget_line_of_another_agency_is_refused(staff, draft):
    doit_report = AgencyReport.objects.get(round__year=2019, organisation__code="bd-sct")
    (doit_line,) = lines_to_report(doit_report)
    wb = download(staff, draft)
    wb["Disbursements"]["A2"] = doit_line.pk
    wb["Disbursements"]["G2"] = 1_000_000
    before, reported = snapshot(draft), disbursements(draft)

    response = upload(staff, draft, wb)

    html = response.content.decode().replace("&quot;", '"')
    assert (
        'Sheet "Disbursements", row 2, column "Budget line ID (do not change)": '
        "this row is not a line of this report." in html
    )
    assert (snapshot(draft), disbursements(draft)) == (before, reported)
    assert not ReportDisbursement.objects.filter(budget_line=doit_line, report=draft).exists()


def test_a_workbook_without_the_disbursements_sheet_leaves_them_as_they_are(staff, draft):
    wb = download(staff, draft)
    del wb["Disbursements"]  # a template downloaded before the sheet existed
    wb["Report lines"]["G2"] = "Văn bản ngoại tuyến."
    reported = disbursements(draft)

    response = upload(staff, draft, wb)

    assert response.status_code == 302
    assert disbursements(draft) == reported


def test_the_template_of_an_agency_without_funded_projects_has_no_disbursements_sheet(demo_db):
    report = next(r for r in AgencyReport.objects.order_by("pk") if not lines_to_report(r))

    with translation.override("en"):
        wb = load_workbook(io.BytesIO(build_template(report)))

    assert "Disbursements" not in wb.sheetnames
    assert wb.sheetnames[:2] == ["Report lines", "General section"]
    assert "Disbursements" not in " ".join(str(c.value) for c in wb["Instructions"]["A"])


# --- A template downloaded in one language, uploaded in the other ------------------------------


@pytest.mark.parametrize(("downloaded_in", "uploaded_in"), [("en", "vi"), ("vi", "en")])
def test_a_template_downloaded_in_one_language_is_read_in_the_other(
    draft, downloaded_in, uploaded_in
):
    with translation.override(downloaded_in):
        wb = load_workbook(io.BytesIO(build_template(draft)))
        items, lines = wb[items_sheet_name()], wb[disbursements_sheet_name()]
        completed = str(ItemStatus.COMPLETED.label)  # as the drop-down offers it
    with translation.override(uploaded_in):
        assert items_sheet_name() != items.title  # the headings really are in another language
    item_id, line_id = items["A2"].value, lines["A2"].value
    items["E2"] = completed
    items["F2"] = 100
    items["G2"] = "Đã hoàn thành."
    lines["G2"] = 2_000_000

    with translation.override(uploaded_in):
        changes = read_workbook(draft, saved(wb))

    assert changes.errors == []
    assert changes.items[item_id].values["status"] == ItemStatus.COMPLETED
    assert changes.items[item_id].values["results"] == "Đã hoàn thành."
    assert changes.disbursements[line_id] == Decimal(2_000_000)
    assert set(changes.general) == {"general_results", "general_difficulties", "general_proposals"}


def test_a_colleague_with_greenplan_in_vietnamese_uploads_a_template_downloaded_in_english(
    staff, draft
):
    wb = download(staff, draft)  # in English
    wb["Report lines"]["E2"] = "Completed"
    wb["Report lines"]["F2"] = 120  # the message names the column as the file names it
    staff.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"

    response = upload(staff, draft, wb)

    html = response.content.decode().replace("&quot;", '"')
    assert 'Trang tính "Report lines", dòng 2, cột "Progress (%)"' in html

    wb["Report lines"]["F2"] = 100
    wb["Report lines"]["G2"] = "Đã hoàn thành."
    assert upload(staff, draft, wb).status_code == 302
    item = draft.items.get(pk=wb["Report lines"]["A2"].value)
    assert (item.status, item.progress, item.results) == ("completed", 100, "Đã hoàn thành.")


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        (1.475e10, Decimal(14_750_000_000)),  # a whole number Excel stored as a float
        ("1.500.000", Decimal(1_500_000)),
        ("1,500,000", Decimal(1_500_000)),
        (" 2 000 ", Decimal(2000)),
    ],
)
def test_amount_cells_are_read_as_whole_dong(cell, amount):
    from reporting.agency_workbook import _amount

    assert _amount(cell) == amount


@pytest.mark.parametrize("cell", ["1,5", "1.5", "15.00", "mười", 2.5])
def test_amount_cells_that_are_not_whole_dong_are_refused(cell):
    from decimal import InvalidOperation

    from reporting.agency_workbook import _amount

    with pytest.raises(InvalidOperation):
        _amount(cell)


# Hostile files and a lost version mark (#12 items 6 and 12): refused, nothing saved ------------


def saved_bytes(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_template_with_a_dtd_is_refused_and_nothing_saved(staff, draft):
    wb = download(staff, draft)
    wb["Report lines"]["G2"] = "Văn bản ngoại tuyến."
    hostile = workbooks.with_dtd("xl/worksheets/sheet1.xml", saved_bytes(wb))
    before = snapshot(draft)

    response = upload_bytes(staff, draft, hostile)

    assert response.status_code == 200
    assert "XML declarations (DOCTYPE or ENTITY)" in response.content.decode()
    assert snapshot(draft) == before


def test_a_workbook_of_millions_of_blank_cells_is_refused_quickly(staff, draft):
    bomb = workbooks.with_part(
        saved_bytes(download(staff, draft)),
        "xl/worksheets/sheet1.xml",
        workbooks.sheet_xml('<row><c s="0"/></row>' * 1_500_000, "A1"),
    )
    before = snapshot(draft)

    started = time.perf_counter()
    response = upload_bytes(staff, draft, bomb)

    assert time.perf_counter() - started < 2.0
    assert "too large once unpacked" in response.content.decode()
    assert snapshot(draft) == before


def test_a_workbook_whose_hidden_sheet_was_removed_is_refused(staff, draft):
    wb = download(staff, draft)
    wb["Report lines"]["G2"] = "Văn bản ngoại tuyến."
    del wb["_lists"]
    before = snapshot(draft)

    response = upload(staff, draft, wb)

    assert "lost the mark that tells which version" in response.content.decode()
    assert snapshot(draft) == before


def test_a_workbook_whose_version_cell_was_cleared_is_refused(staff, draft):
    wb = download(staff, draft)
    wb["Report lines"]["G2"] = "Văn bản ngoại tuyến."
    wb["_lists"]["C2"] = None
    before = snapshot(draft)

    response = upload(staff, draft, wb)

    assert "lost the mark that tells which version" in response.content.decode()
    assert snapshot(draft) == before


def test_a_template_with_its_version_is_still_saved(staff, draft):
    wb = download(staff, draft)
    wb["Report lines"]["G2"] = "Văn bản ngoại tuyến."

    upload(staff, draft, wb)

    draft.refresh_from_db()
    assert "Văn bản ngoại tuyến." in list(draft.items.values_list("results", flat=True))
