"""An agency downloads its Excel template, fills it offline, uploads it back as a draft."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from reporting.models import AgencyReport, ItemFunding, ReportEvent


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

    assert "The file is not an Excel workbook (.xlsx)." in response.content.decode()
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
