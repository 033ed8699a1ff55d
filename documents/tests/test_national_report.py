"""The ministry's national report: Word (Decree 30), Excel, the page, the versions, the command."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from accounts.models import Role
from documents.models import ConsolidatedReport
from documents.national import consolidate_national
from documents.national_docx import build_national_docx
from documents.national_xlsx import build_national_xlsx
from documents.tests.national_data import build_national_world
from greenplan.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
AFTER_MERGER = datetime.date(2025, 3, 10)


@pytest.fixture
def world():
    return build_national_world(3)  # 00 and 01 accepted, 02 submitted


def _texts(doc) -> list[str]:
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return texts


def _page(world) -> str:
    return reverse("documents:consolidation", args=[world.round.pk])


def test_the_word_report_is_the_ministrys_in_decree_30_format(world):
    c = consolidate_national(world.round, today=AFTER_MERGER)
    doc = Document(io.BytesIO(build_national_docx(c)))
    texts = _texts(doc)
    header = doc.tables[0]
    assert header.cell(0, 0).text.strip() == "BỘ TÀI CHÍNH"
    assert header.cell(1, 0).text.replace(" ", "") == "Số:/BC-BTC"
    assert header.cell(0, 1).text.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert header.cell(1, 1).text == "Hà Nội, ngày 10 tháng 3 năm 2025"
    assert "BÁO CÁO" in texts
    assert "Kính gửi: Thủ tướng Chính phủ." in texts
    assert any(t.startswith("Tình hình thực hiện kế hoạch hành động quốc gia") for t in texts)
    # Signature block: KT. BỘ TRƯỞNG over THỨ TRƯỞNG; Nơi nhận with the body's abbreviation.
    block = next(t for t in doc.tables if t.cell(0, 0).text.startswith("Nơi nhận:"))
    assert [p.text for p in block.cell(0, 1).paragraphs if p.text] == [
        "KT. BỘ TRƯỞNG",
        "THỨ TRƯỞNG",
    ]
    assert "- Lưu: VT, BTC." in [p.text for p in block.cell(0, 0).paragraphs]
    # Traceable: the provinces' report numbers and versions, the charts.
    assert "120/BC-UBND" in texts and "121/BC-UBND" in texts
    assert any("BC số 120/BC-UBND (phiên bản 2) của UBND tỉnh Thử Nghiệm 00" in t for t in texts)
    assert len(doc.inline_shapes) == 2


def test_before_march_2025_the_ministry_of_planning_and_investment_reports(world):
    c = consolidate_national(world.round, today=datetime.date(2020, 2, 3))
    doc = Document(io.BytesIO(build_national_docx(c)))
    assert doc.tables[0].cell(0, 0).text.strip() == "BỘ KẾ HOẠCH VÀ ĐẦU TƯ"
    assert doc.tables[0].cell(1, 0).text.replace(" ", "") == "Số:/BC-BKHĐT"


def test_the_excel_workbook_has_one_sheet_per_table_with_traceability(world):
    c = consolidate_national(world.round, today=AFTER_MERGER)
    wb = load_workbook(io.BytesIO(build_national_xlsx(c)))
    assert wb.sheetnames == [
        "Tổng hợp",
        "Địa phương",
        "Tỉnh, thành phố trong năm",
        "Hoạt động",
        "Chi tiết theo địa phương",
        "Mức độ triển khai",
        "Kinh phí",
        "Chỉ tiêu",
        "Khó khăn - Kiến nghị",
    ]
    detail = list(wb["Chi tiết theo địa phương"].iter_rows(values_only=True))
    assert detail[0][-3:] == ("Kết quả", "Số báo cáo", "Phiên bản")
    assert ("1.1", "Hoạt động quốc gia 1.1", "UBND tỉnh Thử Nghiệm 00") == detail[1][:3]
    assert detail[1][-2:] == ("120/BC-UBND", 2)
    provinces = {row[2] for row in detail[1:]}
    assert "UBND tỉnh Thử Nghiệm 02" not in provinces  # submitted, not accepted
    funds = list(wb["Kinh phí"].iter_rows(values_only=True))
    assert funds[1][1] == "UBND tỉnh Thử Nghiệm 00"
    assert funds[-1][1] == "Tổng cộng" and str(funds[-1][2]).startswith("=SUM(")


def test_the_ministrys_coordinator_sees_the_national_tables_on_the_rounds_page(world, as_user):
    response = as_user(world.mpi_coordinator).get(_page(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="national-items"' in html and 'id="national-coverage"' in html
    assert "UBND tỉnh Thử Nghiệm 01" in html and "<svg" in html
    assert response.context["form"].initial["signer_title"] == "KT. BỘ TRƯỞNG / THỨ TRƯỞNG"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.VIEWER, Role.PROVINCE_LEADER])
def test_no_province_user_sees_the_national_consolidation(world, as_user, role):
    province_user = UserFactory(organisation=world.provinces[0], role=role)
    assert as_user(province_user).get(_page(world)).status_code == 404


def test_a_ministry_viewer_does_not_see_it_either(world, as_user):
    viewer = UserFactory(organisation=world.mpi, role=Role.VIEWER)
    assert as_user(viewer).get(_page(world)).status_code == 404


def test_generating_on_a_national_round_stores_the_national_document_and_freezes_it_when_sent(
    world, as_user
):
    client = as_user(world.mof_coordinator)
    response = client.post(_page(world), {"overview": "Đánh giá chung của Bộ."})
    assert response.status_code == 302
    version = ConsolidatedReport.objects.get(round=world.round)
    assert (version.version, version.expected, version.accepted) == (1, 3, 2)
    doc = Document(version.docx.open("rb"))
    texts = _texts(doc)
    assert "Kính gửi: Thủ tướng Chính phủ." in texts
    assert "Đánh giá chung của Bộ." in texts
    assert load_workbook(version.xlsx.open("rb")).sheetnames[1] == "Địa phương"
    client.post(reverse("documents:mark_sent", args=[version.pk]), {"confirm": "1"})
    version.refresh_from_db()
    assert version.is_frozen
    client.post(_page(world), {"overview": "Lần hai."})
    assert list(
        ConsolidatedReport.objects.filter(round=world.round).values_list("version", "status")
    ) == [(2, "draft"), (1, "sent")]


def test_the_command_writes_the_national_report(world, tmp_path, capsys):
    docx, xlsx = tmp_path / "national.docx", tmp_path / "national.xlsx"
    call_command("consolidate_report", "403/QĐ-TTg", "2019", "--out", str(docx))
    call_command("consolidate_report", "403/QĐ-TTg", "2019", "--out", str(xlsx))
    assert "Kính gửi: Thủ tướng Chính phủ." in _texts(Document(docx))
    assert load_workbook(xlsx).sheetnames[0] == "Tổng hợp"
    out = capsys.readouterr().out
    assert "5 national activities from 2 accepted provincial reports (3 provinces expected" in out
