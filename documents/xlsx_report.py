"""The consolidated report as an Excel workbook: a summary sheet, then one sheet per theme.

Renders the same `Consolidation` as the Word report. Totals are formulas over the cells
above them (recomputed when the file opens), so a reader who corrects a figure sees the
total follow. Every text goes through core.spreadsheet (formula injection neutralised).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from copy import copy

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.money import MILLION
from core.spreadsheet import append, put, put_formula
from documents.contents import Consolidation, FundingRow
from documents.wording import STATUS_ORDER, STATUS_VI

HEADER_FONT = Font(name="Times New Roman", bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2E7D32")  # the site's green
TOTAL_FONT = Font(name="Times New Roman", bold=True)
BODY_FONT = Font(name="Times New Roman")
WRAP = Alignment(wrap_text=True, vertical="top")
THIN = Side(style="thin", color="999999")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
VND_FORMAT = "#,##0"
MILLION_FORMAT = "#,##0.###"
STAT_FORMAT = "#,##0.##"
COUNT_FORMAT = "0"

SUMMARY_SHEET = "Tổng hợp"
FUNDS_SHEET = "Kinh phí"
NOTES_SHEET = "Khó khăn - Kiến nghị"
PROJECTS_SHEET = "Vốn đề án, dự án"
INDICATORS_SHEET = "Chỉ tiêu"
THEME_COLUMNS = [
    ("Số", 8),
    ("Nội dung", 50),
    ("Cơ quan chủ trì", 28),
    ("Cơ quan phối hợp", 24),
    ("Tình trạng", 18),
    ("Tiến độ (%)", 10),
    ("Kết quả", 50),
    ("Ghi chú, nguồn số liệu", 45),
]

Progress = Callable[[int], None]


def sheet_title(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def table_sheet(ws: Worksheet, columns: Sequence[tuple[str, float]]) -> None:
    append(ws, [name for name, _width in columns])
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = GRID
    for index, (_name, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 32


def style_rows(ws: Worksheet, first: int, last: int, numeric: dict[int, str]) -> None:
    """Wrap, grid, body font (and the number format of `numeric` columns) on rows
    first..last. The first row's cells are styled, the others take a copy of their column's
    style: openpyxl hashes every style object on each assignment, which takes seconds over
    the thousands of rows of a national workbook."""
    template: list[StyleArray | None] | None = None
    for row in ws.iter_rows(min_row=first, max_row=last):
        if template is None:
            for cell in row:
                cell.alignment = WRAP
                cell.border = GRID
                cell.font = BODY_FONT
                if cell.column in numeric:
                    cell.number_format = numeric[cell.column]
            # StyleArray: the cell's style as indices (openpyxl's own copy of styles does
            # this; the stubs declare the slot without its type).
            template = [
                cell._style if isinstance(cell, Cell) else None  # type: ignore[attr-defined]
                for cell in row
            ]
            continue
        for cell, style in zip(row, template, strict=True):
            if isinstance(cell, Cell) and style is not None:
                cell._style = copy(style)  # type: ignore[attr-defined]


def total_row(ws: Worksheet, row: int, label_column: int, columns: range, first: int) -> None:
    put(ws, row, label_column, "Tổng cộng").font = TOTAL_FONT
    for column in columns:
        letter = get_column_letter(column)
        cell = put_formula(ws, row, column, f"=SUM({letter}{first}:{letter}{row - 1})")
        cell.font = TOTAL_FONT


def _summary(wb: Workbook, c: Consolidation) -> None:
    ws = wb.active
    assert isinstance(ws, Worksheet)  # the sheet build_xlsx's new workbook starts with
    ws.title = SUMMARY_SHEET
    columns = [("Chủ đề", 48), ("Số hoạt động, nhiệm vụ", 14)]
    columns += [(STATUS_VI[key], 14) for key in STATUS_ORDER]
    columns += [("Tiến độ bình quân (%)", 14)]
    table_sheet(ws, columns)
    first = 2
    for offset, theme in enumerate(c.themes):
        row = first + offset
        put(ws, row, 1, theme.heading)
        for index, key in enumerate(STATUS_ORDER, start=3):
            put(ws, row, index, theme.counts.get(key, 0))
        last_status = get_column_letter(2 + len(STATUS_ORDER))
        put_formula(ws, row, 2, f"=SUM(C{row}:{last_status}{row})")
        put(ws, row, 3 + len(STATUS_ORDER), theme.average_progress)
    last = first + len(c.themes) - 1
    style_rows(ws, first, last, {i: COUNT_FORMAT for i in range(2, 4 + len(STATUS_ORDER))})
    total = last + 1
    total_row(ws, total, 1, range(2, 3 + len(STATUS_ORDER)), first)
    cov = c.coverage
    facts = [
        ("Kế hoạch", f"{c.plan_number}: {c.plan_title}"),
        ("Năm báo cáo", c.year),
        ("Số cơ quan, đơn vị phải báo cáo", cov.expected),
        ("Số báo cáo đã nhận", cov.received),
        ("Số báo cáo đã chấp nhận (được tổng hợp)", cov.accepted),
        ("Tổng kinh phí đã sử dụng (đồng)", c.funds_total),
    ]
    for offset, (label, value) in enumerate(facts, start=total + 2):
        put(ws, offset, 1, label).font = TOTAL_FONT
        cell = put(ws, offset, 2, value)
        if label.startswith("Tổng kinh phí"):
            cell.number_format = VND_FORMAT
    ws.column_dimensions["B"].width = 18


def _theme_sheet(ws: Worksheet, c: Consolidation, theme_id: int | None) -> None:
    table_sheet(ws, THEME_COLUMNS)
    rows = [row for row in c.appendix if row.theme_id == theme_id]
    for row in rows:
        append(
            ws,
            [
                row.number,
                row.content,
                row.lead,
                row.coordinating,
                row.status_label,
                row.progress,
                row.result,
                row.notes,
            ],
        )
    style_rows(ws, 2, len(rows) + 1, {6: COUNT_FORMAT})


def _funds_sheet(ws: Worksheet, c: Consolidation) -> None:
    sources = [f.source for f in c.funds]
    columns = [("STT", 6), ("Cơ quan", 40)]
    columns += [(f.label, 20) for f in c.funds]
    columns += [("Tổng cộng (đồng)", 20), ("Nguồn số liệu", 45)]
    table_sheet(ws, columns)
    total_col = 3 + len(sources)
    for index, agency in enumerate(c.funds_by_agency, start=1):
        row = index + 1
        append(
            ws,
            [index, agency.agency, *[agency.amounts.get(s) for s in sources], None, ""],
        )
        last_source = get_column_letter(total_col - 1)
        put_formula(ws, row, total_col, f"=SUM(C{row}:{last_source}{row})")
        put(ws, row, total_col + 1, agency.source.citation)
    last = len(c.funds_by_agency) + 1
    vnd_columns = dict.fromkeys(range(3, total_col + 1), VND_FORMAT)
    style_rows(ws, 2, last, vnd_columns)
    total_row(ws, last + 1, 2, range(3, total_col + 1), 2)
    for column in range(3, total_col + 1):
        ws.cell(row=last + 1, column=column).number_format = VND_FORMAT


def _money_block(ws: Worksheet, first: int, title: str, rows: list[FundingRow]) -> int:
    """A titled block of rows in million VND closed by a total row of SUM formulas; returns
    the row after it."""
    put(ws, first, 1, title).font = TOTAL_FONT
    for offset, entry in enumerate(rows, start=1):
        row = first + offset
        put(ws, row, 1, entry.label)
        put(ws, row, 2, entry.detail)
        for column, amount in enumerate((entry.estimate, entry.allocated, entry.disbursed), 3):
            put(ws, row, column, amount / MILLION)
    last = first + len(rows)
    style_rows(ws, first + 1, last, dict.fromkeys(range(3, 6), MILLION_FORMAT))
    if rows:
        total_row(ws, last + 1, 1, range(3, 6), first + 1)
    else:  # a SUM over no rows would read the total's own cell
        put(ws, last + 1, 1, "Tổng cộng").font = TOTAL_FONT
        for column in range(3, 6):
            put(ws, last + 1, column, 0).font = TOTAL_FONT
    for column in range(3, 6):
        ws.cell(row=last + 1, column=column).number_format = MILLION_FORMAT
    return last + 3


def _projects_sheet(ws: Worksheet, c: Consolidation) -> None:
    """The plan's projects' money in the round's year, in million VND, three ways."""
    table_sheet(
        ws,
        [
            ("Nội dung", 60),
            ("Chủ trì; tình trạng", 36),
            ("Dự toán (triệu đồng)", 18),
            ("Đã phân bổ (triệu đồng)", 18),
            ("Đã giải ngân (triệu đồng)", 18),
        ],
    )
    funding = c.project_funding
    if funding is None:
        return
    row = 2
    for title, rows in (
        (f"Theo nguồn vốn, năm {c.year}", funding.by_source),
        (f"Theo chủ đề, năm {c.year}", funding.by_theme),
        (f"Theo đề án, dự án, năm {c.year}", funding.projects),
    ):
        row = _money_block(ws, row, title, rows)


def _indicators_sheet(ws: Worksheet, c: Consolidation) -> None:
    table_sheet(
        ws,
        [
            ("Mã", 22),
            ("Chỉ tiêu", 50),
            ("Đơn vị", 18),
            ("Năm số liệu", 10),
            ("Giá trị", 16),
            ("Năm mục tiêu", 10),
            ("Mục tiêu", 16),
            ("Đánh giá", 18),
            ("Nguồn", 45),
        ],
    )
    for row in c.indicators:
        append(
            ws,
            [
                row.code,
                row.name,
                row.unit_label,
                row.year,
                row.value,
                row.target_year,
                row.target,
                row.status_label,
                "Tính theo công thức từ các chỉ tiêu thành phần" if row.computed else row.source,
            ],
        )
    style_rows(
        ws,
        2,
        len(c.indicators) + 1,
        {4: COUNT_FORMAT, 5: STAT_FORMAT, 6: COUNT_FORMAT, 7: STAT_FORMAT},
    )


def _notes_sheet(ws: Worksheet, c: Consolidation) -> None:
    table_sheet(ws, [("Cơ quan", 36), ("Loại", 14), ("Nội dung", 70), ("Nguồn số liệu", 40)])
    count = 0
    for notes in c.agencies:
        for kind, texts in (("Khó khăn", notes.difficulties), ("Kiến nghị", notes.proposals)):
            for text in texts:
                append(ws, [notes.agency, kind, text, notes.source.citation])
                count += 1
    style_rows(ws, 2, count + 1, {})


def build_xlsx(c: Consolidation, progress: Progress | None = None) -> bytes:
    """The .xlsx bytes of the consolidation; `progress(percent)` is told along."""
    report = progress or (lambda _percent: None)
    wb = Workbook()
    taken = {
        name.lower()
        for name in (SUMMARY_SHEET, FUNDS_SHEET, PROJECTS_SHEET, INDICATORS_SHEET, NOTES_SHEET)
    }
    _summary(wb, c)
    for theme in c.themes:
        title = sheet_title(f"Chủ đề {theme.number}" if theme.number else theme.title, taken)
        _theme_sheet(wb.create_sheet(title), c, theme.theme_id)
    report(60)
    _funds_sheet(wb.create_sheet(FUNDS_SHEET), c)
    _projects_sheet(wb.create_sheet(PROJECTS_SHEET), c)
    if c.indicators:
        _indicators_sheet(wb.create_sheet(INDICATORS_SHEET), c)
    _notes_sheet(wb.create_sheet(NOTES_SHEET), c)
    wb.calculation.fullCalcOnLoad = True  # totals are formulas: compute them on opening
    report(90)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
