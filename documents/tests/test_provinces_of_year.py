"""The national consolidation (page, Word, Excel) counts and names the provinces as they were
on the round's deadline (issue 15): the 2019 report lists Bình Dương, Đồng Nai and Hồ Chí Minh
City under their 2019 names among the country's 63; the 2025 report, after Bình Dương was
merged into the city, counts the city once, its row says it took Bình Dương in, with the
mapping (from the organisations' history) and the official 63 -> 34 table for reference."""

import datetime
import io

from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from documents.national import consolidate_national
from documents.national_docx import build_national_docx
from documents.national_xlsx import MAPPING_SHEET, PROVINCES_SHEET, build_national_xlsx
from greenplan.testing.national import DONG_NAI_2025

HCM_2025 = "UBND TP.HCM (gồm cả tỉnh Bình Dương trước đây)"


def _docx_texts(content: bytes) -> tuple[list[str], list[list[str]]]:
    doc = Document(io.BytesIO(content))
    rows = [[cell.text for cell in row.cells] for table in doc.tables for row in table.rows]
    return [p.text for p in doc.paragraphs], rows


def test_the_2019_report_lists_three_provinces_under_their_2019_names(reform):
    c = consolidate_national(reform.round_2019, today=datetime.date(2020, 2, 3))
    assert [line.province for line in c.provinces] == [
        "UBND TP.HCM",
        "UBND tỉnh Bình Dương",
        "UBND tỉnh Đồng Nai",
    ]
    assert all(line.formerly == () for line in c.provinces)
    assert c.coverage.expected == 3
    paragraphs, rows = _docx_texts(build_national_docx(c))
    assert any("cả nước có 63 tỉnh, thành phố" in p and "dữ liệu của 3" in p for p in paragraphs)
    assert not any("Sắp xếp đơn vị hành chính" in p for p in paragraphs)
    assert ["2", "UBND tỉnh Bình Dương"] == rows[
        [r[1] for r in rows].index("UBND tỉnh Bình Dương")
    ][:2]
    assert not any(DONG_NAI_2025 in cell for row in rows for cell in row)
    wb = load_workbook(io.BytesIO(build_national_xlsx(c)))
    mapping = list(wb[MAPPING_SHEET].iter_rows(values_only=True))
    assert [row[1] for row in mapping[1:4]] == [line.province for line in c.provinces]
    assert not any(row[2] for row in mapping[1:4])
    assert not any("Nghị quyết 202/2025/QH15" in str(row[0]) for row in mapping)


def test_the_2025_report_counts_the_city_once_with_binh_duong_formerly(reform):
    c = consolidate_national(reform.round_2025, today=datetime.date(2025, 11, 20))
    lines = {line.province: line for line in c.provinces}
    assert set(lines) == {"UBND TP.HCM", DONG_NAI_2025}
    city = lines["UBND TP.HCM"]
    assert city.label == HCM_2025
    # Bình Dương's plan still running is counted under the city, with the city's own
    assert set(city.plan_numbers.split(", ")) == {"1847/KH-UBND", reform.hcm_plan_number}
    assert c.coverage.expected == 2
    assert [row.province for row in c.coverage_rows] == ["UBND TP.HCM", DONG_NAI_2025]

    paragraphs, rows = _docx_texts(build_national_docx(c))
    assert any("cả nước có 34 tỉnh, thành phố" in p and "dữ liệu của 2" in p for p in paragraphs)
    assert any(r[1] == HCM_2025 for r in rows)  # the provinces' table
    assert ["1", "UBND TP.HCM", "tỉnh Bình Dương"] in rows  # the mapping from the data
    assert ["5", "Hồ Chí Minh", "Bình Dương, Bà Rịa - Vũng Tàu"] in rows  # the official table
    assert any("bảng sắp xếp 63 tỉnh, thành phố thành 34" in p for p in paragraphs)

    wb = load_workbook(io.BytesIO(build_national_xlsx(c)))
    provinces = list(wb[PROVINCES_SHEET].iter_rows(values_only=True))
    assert HCM_2025 in [row[1] for row in provinces[1:]]
    mapping = list(wb[MAPPING_SHEET].iter_rows(values_only=True))
    assert (1, "UBND TP.HCM", "tỉnh Bình Dương") == mapping[1]
    assert (5, "Hồ Chí Minh", "Bình Dương, Bà Rịa - Vũng Tàu") in mapping
    summary = {row[0]: row[1] for row in wb["Tổng hợp"].iter_rows(values_only=True) if row[0]}
    assert summary["Số tỉnh, thành phố cả nước trong năm"] == 34
    assert summary["Số tỉnh, thành phố có trong hệ thống"] == 2


def test_the_consolidation_page_shows_the_count_the_formerly_and_the_mapping(reform, as_user):
    client = as_user(reform.national.mof_coordinator)
    html = client.get(
        reverse("documents:consolidation", args=[reform.round_2025.pk])
    ).content.decode()
    assert 'data-count="2" data-official="34"' in html
    assert "gồm cả tỉnh Bình Dương trước đây" in html
    assert 'id="provinces-mapping"' in html and 'id="provinces-reference"' in html
    before = client.get(
        reverse("documents:consolidation", args=[reform.round_2019.pk])
    ).content.decode()
    assert 'data-count="3" data-official="63"' in before
    assert "trước đây" not in before
