"""The Excel template users fill in to import a plan (read back by plans/plan_file.py).

The workbook is bilingual on purpose, whatever the language of the page it is downloaded from:
the same file goes round a province's departments, and the column names are what the parser
reads. Its headings come from the parser's own field list, so the two cannot drift apart.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from core.spreadsheet import append
from plans.plan_file import ITEM_COLUMNS, PLAN_FIELDS, FieldSpec

SHEET_PLAN = "Kế hoạch"
SHEET_ITEMS = "Hoạt động"
SHEET_HELP = "Hướng dẫn"
DATE_FORMAT = "dd/mm/yyyy"

HEADING_FONT = Font(bold=True, color="FFFFFF")
HEADING_FILL = PatternFill("solid", fgColor="2E7D32")  # the site's green
REQUIRED_FILL = PatternFill("solid", fgColor="1B5E20")
EXAMPLE_FONT = Font(italic=True, color="555555")
WRAP = Alignment(wrap_text=True, vertical="top")

# What each plan field and item column holds: (Vietnamese, English).
PLAN_HELP: dict[str, tuple[str, str]] = {
    "number": (
        "Số hiệu văn bản ban hành kế hoạch, ví dụ 1847/KH-UBND. Dùng để nhận biết kế hoạch "
        "khi nhập lại.",
        "Number of the document issuing the plan, e.g. 1847/KH-UBND. It identifies the plan "
        "when the file is imported again.",
    ),
    "title": ("Tên đầy đủ của kế hoạch.", "The plan's full title, in Vietnamese."),
    "title_en": ("Tên tiếng Anh (không bắt buộc).", "English title (optional)."),
    "level": (
        "Cấp kế hoạch: quốc gia, ngành hoặc tỉnh.",
        "Level: national, sectoral or provincial (quốc gia, ngành, tỉnh).",
    ),
    "territory": (
        "Mã hoặc tên UBND tỉnh (hoặc Chính phủ) có địa bàn mà kế hoạch áp dụng, như trong "
        "mục Cơ quan của greenplan.",
        "Code or name of the People's Committee (or the Government) whose territory the plan "
        "covers, as listed under Organisations in greenplan.",
    ),
    "period_start": (
        "Năm đầu của giai đoạn kế hoạch (4 chữ số).",
        "First year of the plan period (four digits).",
    ),
    "period_end": (
        "Năm cuối của giai đoạn kế hoạch (4 chữ số).",
        "Last year of the plan period (four digits).",
    ),
    "parent_plan": (
        "Số hiệu kế hoạch cấp trên mà kế hoạch này triển khai, ví dụ 403/QĐ-TTg. Kế hoạch đó "
        "phải có sẵn trong greenplan.",
        "Number of the higher-level plan this plan implements, e.g. 403/QĐ-TTg. That plan "
        "must already be in greenplan.",
    ),
    "issuer": ("Mã hoặc tên cơ quan ban hành.", "Code or name of the issuing body."),
    "issued_on": ("Ngày ban hành, dạng dd/mm/yyyy.", "Date of issue, dd/mm/yyyy."),
    "focal_point": (
        "Mã hoặc tên cơ quan đầu mối theo dõi, tổng hợp (thường là Sở Kế hoạch và Đầu tư).",
        "Code or name of the agency that coordinates, monitors and consolidates the plan "
        "(usually the DPI).",
    ),
    "description": ("Mô tả, ghi chú (không bắt buộc).", "Description or notes (optional)."),
    "legal_documents": (
        "Số hiệu các văn bản làm căn cứ, cách nhau bằng dấu chấm phẩy (;). Các văn bản phải có "
        "sẵn trong greenplan.",
        "Numbers of the legal documents the plan rests on, separated by semicolons (;). They "
        "must already be in greenplan.",
    ),
}
ITEM_HELP: dict[str, tuple[str, str]] = {
    "code": (
        "Mã duy nhất của dòng trong kế hoạch này, ví dụ T1, 5, 5.1. Khi nhập lại, các dòng "
        "được đối chiếu theo mã.",
        "A code unique within this plan, e.g. T1, 5, 5.1. When the plan is imported again, rows "
        "are matched by code.",
    ),
    "parent_code": (
        "Mã của dòng cấp trên (chủ đề, nhóm hoặc hoạt động) trong cùng tệp; để trống nếu là "
        "cấp cao nhất.",
        "Code of the row this one belongs to (a theme, group or activity) in this file; empty "
        "at the top level.",
    ),
    "kind": (
        "chủ đề, nhóm, hoạt động hoặc nhiệm vụ.",
        "theme, group, activity or task (chủ đề, nhóm, hoạt động, nhiệm vụ).",
    ),
    "number": (
        "Số thứ tự chính thức như trong văn bản, ví dụ 5 hoặc 1.2.",
        "The official number, as in the document, e.g. 5 or 1.2.",
    ),
    "title": (
        "Nội dung (tên) của chủ đề, nhóm, hoạt động hoặc nhiệm vụ.",
        "Title of the theme, group, activity or task.",
    ),
    "title_en": ("Tên tiếng Anh (không bắt buộc).", "English title (optional)."),
    "lead": ("Mã hoặc tên cơ quan chủ trì.", "Code or name of the lead agency."),
    "coordinating": (
        "Mã hoặc tên các cơ quan phối hợp, cách nhau bằng dấu chấm phẩy (;).",
        "Codes or names of the coordinating agencies, separated by semicolons (;).",
    ),
    "timeframe": (
        "Thời gian thực hiện, ghi tự do, ví dụ 2019-2020 hoặc Hằng năm.",
        "Timeframe, free text, e.g. 2019-2020 or Every year.",
    ),
    "implements": (
        "Mã của hoạt động trong kế hoạch cấp trên mà dòng này triển khai (điền Kế hoạch cấp "
        "trên ở trang Kế hoạch).",
        "Code of the item of the parent plan that this row implements (give the parent plan "
        "on the plan sheet).",
    ),
    "on_request": (
        "Ghi x nếu chỉ thực hiện khi có yêu cầu của Bộ, ngành Trung ương; để trống nếu không.",
        "x when it is carried out only when a ministry requests it; empty otherwise.",
    ),
    "priority_year": (
        "Năm mà nhiệm vụ là nhiệm vụ ưu tiên (4 chữ số).",
        "Year in which the task is a priority (four digits).",
    ),
    "due_date": ("Hạn hoàn thành, dạng dd/mm/yyyy.", "Due date, dd/mm/yyyy."),
    "deliverable": (
        "Sản phẩm đầu ra, ví dụ báo cáo, đề án.",
        "Deliverable, e.g. a report or a proposal.",
    ),
    "placeholder": (
        "Ghi x nếu tên là tạm thời, chờ nhập văn bản chính thức.",
        "x when the title is provisional until the official text is imported.",
    ),
    "legal_documents": (
        "Số hiệu các văn bản làm căn cứ, cách nhau bằng dấu chấm phẩy (;); phải có sẵn trong "
        "greenplan.",
        "Numbers of legal documents, separated by semicolons (;); they must already be in "
        "greenplan.",
    ),
}
GENERAL_HELP: list[tuple[str, str]] = [
    (
        f"Trang 1 ({SHEET_PLAN}): mỗi dòng một thông tin của kế hoạch, tên ở cột A, giá trị ở "
        "cột B; cột C chỉ để ghi chú.",
        "Sheet 1 (the plan): one field per row, its name in column A and its value in column B; "
        "column C is for notes only.",
    ),
    (
        f"Trang 2 ({SHEET_ITEMS}): dòng 1 là tiêu đề cột, mỗi dòng tiếp theo là một chủ đề, "
        "nhóm, hoạt động hoặc nhiệm vụ. Có thể bỏ các cột không dùng; cột có tên khác bị bỏ qua.",
        "Sheet 2 (the items): row 1 holds the column headings, each row below one theme, group, "
        "activity or task. Unused columns may be deleted; columns with other names are ignored.",
    ),
    (
        "Thay các dòng ví dụ bằng nội dung của kế hoạch. Tên cột có thể viết bằng tiếng Việt "
        "hoặc tiếng Anh (xem bảng dưới).",
        "Replace the example rows with the plan's content. Headings may be in Vietnamese or in "
        "English (see the table below).",
    ),
    (
        "Ngày: dd/mm/yyyy. Danh sách: cách nhau bằng dấu chấm phẩy (;). Có/không: ghi x là có, "
        "để trống là không. Cơ quan: ghi mã hoặc tên như trong mục Cơ quan của greenplan.",
        "Dates: dd/mm/yyyy. Lists: separated by semicolons (;). Yes/no: x for yes, empty for no. "
        "Agencies: their code or name as listed under Organisations in greenplan.",
    ),
    (
        "Nếu có lỗi, cả tệp bị từ chối và không có gì được lưu; mỗi lỗi ghi rõ trang, dòng và "
        "cột. Để cập nhật kế hoạch đã nhập, chọn «Thay thế kế hoạch hiện có».",
        "If anything is wrong the whole file is rejected and nothing is saved; each problem "
        "names the sheet, row and column. To update a plan already imported, tick «replace the "
        "existing plan».",
    ),
    (
        "Tệp CSV (UTF-8) cũng được: các dòng của trang Kế hoạch, một dòng trống, rồi dòng tiêu "
        "đề và các dòng của trang Hoạt động.",
        "A CSV file (UTF-8) works too: the plan sheet's rows, one empty row, then the items' "
        "heading row and rows.",
    ),
]

EXAMPLE_PLAN: dict[str, Any] = {
    "number": "VD-01/KH-UBND",
    "title": "[Ví dụ] Kế hoạch thực hiện tăng trưởng xanh tỉnh Bình Dương giai đoạn 2019 - 2020",
    "title_en": "[Example] Green growth implementation plan of Bình Dương province, 2019-2020",
    "level": "tỉnh",
    "territory": "UBND tỉnh Bình Dương",
    "period_start": 2019,
    "period_end": 2020,
    "parent_plan": "403/QĐ-TTg",
    "issuer": "UBND tỉnh Bình Dương",
    "issued_on": datetime.date(2019, 3, 15),
    "focal_point": "Sở KH&ĐT",
    "description": "Thay các giá trị ví dụ bằng thông tin của kế hoạch.",
    "legal_documents": "403/QĐ-TTg",
}
EXAMPLE_ITEMS: list[dict[str, Any]] = [
    {
        "code": "T1",
        "kind": "chủ đề",
        "number": "1",
        "title": "Xây dựng thể chế và kế hoạch tăng trưởng xanh tại địa phương",
        "title_en": "Establishing local green growth institutions and plans",
    },
    {
        "code": "7",
        "parent_code": "T1",
        "kind": "hoạt động",
        "number": "7",
        "title": "Tổ chức xây dựng đề án thực hiện thí điểm một số mô hình tăng trưởng xanh quy "
        "mô nhỏ trên địa bàn tỉnh",
        "title_en": "Pilot small-scale green growth models in the province",
        "lead": "Sở KH&ĐT",
        "coordinating": "Sở TN&MT; Sở Công Thương",
        "timeframe": "2019-2020",
        "implements": "7",
        "legal_documents": "403/QĐ-TTg",
    },
    {
        "code": "7.1",
        "parent_code": "7",
        "kind": "nhiệm vụ",
        "number": "7.1",
        "title": "Khảo sát, lựa chọn mô hình thí điểm",
        "title_en": "Survey and choose the pilot models",
        "lead": "Sở TN&MT",
        "timeframe": "2019",
        "priority_year": 2019,
        "due_date": datetime.date(2019, 12, 31),
        "deliverable": "Báo cáo khảo sát",
    },
    {
        "code": "7.2",
        "parent_code": "7",
        "kind": "nhiệm vụ",
        "number": "7.2",
        "title": "Tham gia hội thảo chia sẻ kinh nghiệm về mô hình tăng trưởng xanh",
        "lead": "Sở KH&ĐT",
        "timeframe": "2020",
        "on_request": "x",
        "placeholder": "x",
    },
]

# Codes and numbers such as 5.1 or 01 must stay text, or Excel turns them into 5.1 or 1.
TEXT_COLUMNS = {"code", "parent_code", "number", "implements"}
ITEM_WIDTHS = {"title": 60, "title_en": 40, "lead": 24, "coordinating": 30, "deliverable": 30}


def build_plan_template() -> bytes:
    """The .xlsx template: the plan sheet, the items sheet (with examples), the instructions."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    _plan_sheet(sheet)
    _items_sheet(workbook.create_sheet(SHEET_ITEMS))
    _help_sheet(workbook.create_sheet(SHEET_HELP))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _heading(sheet: Worksheet, headings: list[str], required: list[bool]) -> None:
    append(sheet, headings)
    for cell, is_required in zip(sheet[1], required, strict=True):
        cell.font = HEADING_FONT
        cell.fill = REQUIRED_FILL if is_required else HEADING_FILL
        cell.alignment = WRAP
    sheet.freeze_panes = "A2"


def _plan_sheet(sheet: Worksheet) -> None:
    sheet.title = SHEET_PLAN
    _heading(sheet, ["Thông tin / Field", "Giá trị / Value", "Ghi chú / Note"], [False] * 3)
    for spec in PLAN_FIELDS:
        value = EXAMPLE_PLAN.get(spec.key)
        note = ("Bắt buộc. " if spec.required else "") + PLAN_HELP[spec.key][0]
        append(sheet, [spec.label, value, note])
        label, value_cell, note_cell = sheet[sheet.max_row]
        label.font = Font(bold=spec.required)
        value_cell.alignment = WRAP
        value_cell.number_format = DATE_FORMAT if spec.key == "issued_on" else "@"
        if isinstance(value, int):
            value_cell.number_format = "0"
        note_cell.font = EXAMPLE_FONT
        note_cell.alignment = WRAP
    for letter, width in zip("ABC", (24, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width


def _items_sheet(sheet: Worksheet) -> None:
    _heading(sheet, [spec.label for spec in ITEM_COLUMNS], [s.required for s in ITEM_COLUMNS])
    for example in EXAMPLE_ITEMS:
        append(sheet, [example.get(spec.key) for spec in ITEM_COLUMNS])
    last_row = 500  # formats and choice lists reach well below the examples
    for index, spec in enumerate(ITEM_COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = ITEM_WIDTHS.get(spec.key, max(12, len(spec.label)))
        number_format = (
            "@" if spec.key in TEXT_COLUMNS else DATE_FORMAT if spec.key == "due_date" else None
        )
        for row in sheet.iter_rows(min_row=2, max_row=last_row, min_col=index, max_col=index):
            for cell in row:
                if number_format:
                    cell.number_format = number_format
                if spec.key in {"title", "title_en", "deliverable"}:
                    cell.alignment = WRAP
        choices = {"kind": "chủ đề,nhóm,hoạt động,nhiệm vụ", "on_request": "x", "placeholder": "x"}
        if spec.key in choices:
            validation = DataValidation(
                type="list", formula1=f'"{choices[spec.key]}"', allow_blank=True
            )
            validation.add(f"{letter}2:{letter}{last_row}")
            sheet.add_data_validation(validation)


def _help_sheet(sheet: Worksheet) -> None:
    append(sheet, ["Hướng dẫn nhập kế hoạch / How to fill in this template"])
    sheet["A1"].font = Font(bold=True, size=14)
    append(sheet, [])
    for vietnamese, english in GENERAL_HELP:
        append(sheet, [vietnamese, None, None, None, english])
        row = sheet.max_row
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        sheet.merge_cells(start_row=row, start_column=5, end_row=row, end_column=6)
        sheet.row_dimensions[row].height = 48  # Excel does not fit merged cells to their text
    append(sheet, [])
    table_start = sheet.max_row + 1
    append(
        sheet,
        [
            "Trang / Sheet",
            "Tên cột (tiếng Việt)",
            "Column name (English)",
            "Bắt buộc / Required",
            "Giải thích",
            "Explanation",
        ],
    )
    for cell in sheet[table_start]:
        cell.font = HEADING_FONT
        cell.fill = HEADING_FILL
    rows: list[tuple[str, FieldSpec, tuple[str, str]]] = [
        *((SHEET_PLAN, spec, PLAN_HELP[spec.key]) for spec in PLAN_FIELDS),
        *((SHEET_ITEMS, spec, ITEM_HELP[spec.key]) for spec in ITEM_COLUMNS),
    ]
    for sheet_name, spec, (vietnamese, english) in rows:
        append(
            sheet,
            [sheet_name, spec.label, spec.key, "x" if spec.required else "", vietnamese, english],
        )
    for letter, width in zip("ABCDEF", (16, 28, 20, 12, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for cells in sheet.iter_rows(min_row=3):
        for cell in cells:
            cell.alignment = WRAP
