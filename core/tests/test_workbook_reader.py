"""The one workbook reader refuses hostile uploads before openpyxl parses them."""

import time

import pytest

from core.spreadsheet import LIMITS, ImportRejected, check_workbook, open_workbook
from core.tests import workbooks


def refusal(content: bytes) -> str:
    started = time.perf_counter()
    with pytest.raises(ImportRejected) as caught:
        open_workbook(content)
    assert time.perf_counter() - started < 1.0
    return caught.value.problems[0].message


def test_a_plain_workbook_is_opened_read_only():
    wb = open_workbook(workbooks.plain(rows=50, columns=10))
    try:
        rows = list(wb.active.iter_rows(values_only=True))
    finally:
        wb.close()
    assert len(rows) == 50 and rows[49][9] == "r50c10"


def test_millions_of_blank_cells_are_refused_from_the_zip_directory():
    assert "too large once unpacked" in refusal(workbooks.blanks(megabytes=30))


def test_a_part_packing_too_well_is_refused():
    # 5 MB of nothing in a part openpyxl loads whole: within the size limits, packed 1000 times.
    content = workbooks.with_part(
        workbooks.plain(), "xl/theme/padding.xml", b"<a>" + b" " * (5 * 1024 * 1024) + b"</a>"
    )
    assert "too large once unpacked" in refusal(content)


def test_one_far_right_cell_per_row_is_refused():
    message = refusal(workbooks.far_right(rows=300))
    assert "200 columns" in message


def test_a_cell_far_right_even_without_its_dimension_is_refused():
    content = workbooks.with_sheet('<row r="1"><c r="ZZ1"><v>1</v></c></row>', dimension="A1")
    assert "columns" in refusal(content)


def test_a_huge_declared_dimension_is_refused():
    assert "rows" in refusal(workbooks.declared("A1:XFD1048576"))


def test_too_many_rows_are_refused_even_without_row_numbers():
    body = "<row><c><v>1</v></c></row>" * (LIMITS.rows + 1)
    assert "rows" in refusal(workbooks.with_sheet(body, dimension="A1"))


def test_cells_counted_without_references_follow_the_previous_cell():
    body = "<row>" + "<c><v>1</v></c>" * (LIMITS.columns + 1) + "</row>"
    assert "columns" in refusal(workbooks.with_sheet(body))


def test_namespace_prefixed_tags_are_counted_too():
    content = workbooks.with_part(
        workbooks.plain(),
        workbooks.SHEET,
        b'<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="XFD1"><x:v>1</x:v></x:c>'
        b"</x:row></x:sheetData></x:worksheet>",
    )
    assert "columns" in refusal(content)


@pytest.mark.parametrize(
    "part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml"]
)
def test_a_dtd_in_any_part_is_refused(part):
    assert "XML declarations" in refusal(workbooks.with_dtd(part))


def test_utf16_parts_are_refused_as_they_would_hide_a_dtd():
    xml = workbooks.sheet_xml("").decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    content = workbooks.with_part(workbooks.plain(), workbooks.SHEET, xml.encode("utf-16"))
    assert "XML declarations" in refusal(content)


def test_not_a_zip_and_a_zip_without_workbook_are_not_workbooks():
    assert "not a valid Excel workbook" in refusal(b"code,name\nA,x")
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "not a valid Excel workbook" in refusal(buffer.getvalue())


def test_the_check_reads_a_real_sized_workbook_quickly():
    content = workbooks.plain(rows=5000, columns=15)
    started = time.perf_counter()
    check_workbook(content)
    # 0.3 s on an idle core for 75,000 cells; the bound leaves room for a busy CI machine.
    assert time.perf_counter() - started < 3.0


def test_the_refusals_are_told_in_vietnamese():
    from django.utils import translation

    with translation.override("vi"):
        assert "giải nén" in refusal(workbooks.blanks(megabytes=30))
        assert "DOCTYPE" in refusal(workbooks.with_dtd())
        assert "vượt quá 20.000 dòng hoặc 200 cột" in refusal(workbooks.far_right(rows=10))


def test_a_sheet_stored_outside_the_worksheets_folder_is_counted_too():
    import io
    import zipfile

    content = workbooks.plain()
    archive = zipfile.ZipFile(io.BytesIO(content))
    rels = archive.read("xl/_rels/workbook.xml.rels").replace(
        b"worksheets/sheet1.xml", b"elsewhere/data.xml"
    )
    moved = workbooks.with_part(content, "xl/_rels/workbook.xml.rels", rels)
    moved = workbooks.with_part(
        moved, "xl/elsewhere/data.xml", workbooks.sheet_xml('<row r="1"><c r="XFD1"/></row>')
    )
    assert "columns" in refusal(moved)
