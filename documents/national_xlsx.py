"""The ministry's national report as an Excel workbook: one sheet per table.

Renders the same `NationalConsolidation` as the Word report, in the style of the province's
workbook (documents.xlsx_report: header row, grid, SUM formulas for totals). Every row that
carries a figure from a province names it with its report number and version, so that a
reader can trace it. Every cell goes through core.spreadsheet (formula injection neutralised).
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.spreadsheet import append, put, put_formula
from documents.national import NationalConsolidation, ProvinceReport
from documents.wording import STATUS_ORDER, STATUS_VI
from documents.xlsx_report import (
    COUNT_FORMAT,
    STAT_FORMAT,
    TOTAL_FONT,
    VND_FORMAT,
    sheet_title,
    style_rows,
    table_sheet,
    total_row,
)

SUMMARY_SHEET = "Tổng hợp"
PROVINCES_SHEET = "Địa phương"
ITEMS_SHEET = "Hoạt động"
DETAIL_SHEET = "Chi tiết theo địa phương"
COVERAGE_SHEET = "Mức độ triển khai"
FUNDS_SHEET = "Kinh phí"
INDICATORS_SHEET = "Chỉ tiêu"
NOTES_SHEET = "Khó khăn - Kiến nghị"
MAPPING_SHEET = "Tỉnh, thành phố trong năm"
REFERENCE_TITLE = (
    "Đối chiếu (tham khảo): sắp xếp 63 tỉnh, thành phố thành 34 theo Nghị quyết 202/2025/QH15"
)
TRACE_COLUMNS = [("Số báo cáo", 16), ("Phiên bản", 10)]


def _trace(source: ProvinceReport | None) -> list[object]:
    return [source.document_number, source.version] if source else ["", None]


def _summary(ws: Worksheet, c: NationalConsolidation) -> None:
    columns = [("Chủ đề", 48), ("Số hoạt động, nhiệm vụ", 14)]
    columns += [(f"{STATUS_VI[key]} (lượt địa phương)", 16) for key in STATUS_ORDER]
    table_sheet(ws, columns)
    for theme in c.themes:
        append(ws, [theme.heading, theme.items, *[theme.counts.get(k, 0) for k in STATUS_ORDER]])
    last = len(c.themes) + 1
    style_rows(ws, 2, last, {i: COUNT_FORMAT for i in range(2, 3 + len(STATUS_ORDER))})
    if c.themes:
        total_row(ws, last + 1, 1, range(2, 3 + len(STATUS_ORDER)), 2)
    cov = c.coverage
    year = c.provinces_of_year
    facts = [
        ("Kế hoạch", f"{c.plan_number}: {c.plan_title}"),
        ("Năm báo cáo", c.year),
        ("Cơ quan tổng hợp", c.issuing_body),
        ("Số tỉnh, thành phố cả nước trong năm", year.official_count if year else ""),
        ("Số tỉnh, thành phố có trong hệ thống", year.count if year else ""),
        ("Số địa phương phải báo cáo", cov.expected),
        ("Số báo cáo đã nhận", cov.received),
        ("Số báo cáo đã chấp nhận (được tổng hợp)", cov.accepted),
        ("Tổng kinh phí đã sử dụng (đồng)", c.funds_total),
    ]
    for row, (label, value) in enumerate(facts, start=last + 3):
        put(ws, row, 1, label).font = TOTAL_FONT
        cell = put(ws, row, 2, value)
        if label.startswith("Tổng kinh phí"):
            cell.number_format = VND_FORMAT


def _provinces(ws: Worksheet, c: NationalConsolidation) -> None:
    table_sheet(
        ws,
        [("STT", 6), ("Địa phương", 32), ("Kế hoạch", 22), ("Tình trạng", 22)]
        + TRACE_COLUMNS
        + [("Ngày gửi", 12), ("Người ký", 28)],
    )
    for index, line in enumerate(c.provinces, start=1):
        source = line.source
        append(
            ws,
            [
                index,
                line.label,
                line.plan_numbers,
                line.status_label,
                *_trace(source),
                source.submitted_on.strftime("%d/%m/%Y") if source and source.submitted_on else "",
                source.signer if source else "",
            ],
        )
    style_rows(ws, 2, len(c.provinces) + 1, {1: COUNT_FORMAT, 6: COUNT_FORMAT})


def _mapping(ws: Worksheet, c: NationalConsolidation) -> None:
    """The provinces of the year: each with the former provinces it took in (from the
    organisations' history), then the official 63 -> 34 table for reference."""
    table_sheet(ws, [("STT", 6), ("Tỉnh, thành phố", 36), ("Gồm cả các tỉnh trước đây", 60)])
    year = c.provinces_of_year
    if year is None:
        return
    for index, province in enumerate(year.provinces, start=1):
        append(ws, [index, province.short, ", ".join(province.formerly)])
    style_rows(ws, 2, year.count + 1, {1: COUNT_FORMAT})
    row = year.count + 3
    put(ws, row, 1, c.province_count_line).font = TOTAL_FONT
    if not year.reference:
        return
    row += 2
    put(ws, row, 1, REFERENCE_TITLE).font = TOTAL_FONT
    for unit in year.reference:
        row += 1
        put(ws, row, 1, unit.number)
        put(ws, row, 2, unit.name)
        put(ws, row, 3, ", ".join(unit.former))


def _items(ws: Worksheet, c: NationalConsolidation) -> None:
    headings = {t.theme_id: t.heading for t in c.themes}
    table_sheet(
        ws,
        [
            ("Số", 8),
            ("Nội dung", 50),
            ("Chủ đề", 30),
            ("Số địa phương triển khai", 12),
            ("Hoàn thành", 12),
            ("Đang thực hiện", 12),
            ("Chưa triển khai", 12),
            ("Chưa có báo cáo", 12),
            ("Kinh phí (đồng)", 18),
        ],
    )
    for row in c.items:
        append(
            ws,
            [
                row.number,
                row.content,
                headings.get(row.theme_id, ""),
                row.adopted,
                row.done,
                row.in_progress,
                row.not_started,
                row.no_report,
                row.funds_total,
            ],
        )
    last = len(c.items) + 1
    numeric = {i: COUNT_FORMAT for i in range(4, 9)} | {9: VND_FORMAT}
    style_rows(ws, 2, last, numeric)
    if c.items:
        total_row(ws, last + 1, 2, range(5, 10), 2)
        ws.cell(row=last + 1, column=9).number_format = VND_FORMAT


def _detail(ws: Worksheet, c: NationalConsolidation) -> None:
    table_sheet(
        ws,
        [
            ("Số", 8),
            ("Nội dung", 40),
            ("Địa phương", 28),
            ("Tình trạng", 18),
            ("Tiến độ (%)", 10),
            ("Kết quả", 60),
        ]
        + TRACE_COLUMNS,
    )
    count = 0
    for row in c.items:
        for result in row.results:
            append(
                ws,
                [
                    row.number,
                    row.content,
                    result.source.province,
                    result.status_label,
                    result.progress,
                    result.result,
                    *_trace(result.source),
                ],
            )
            count += 1
    style_rows(ws, 2, count + 1, {5: COUNT_FORMAT, 8: COUNT_FORMAT})


def _coverage(ws: Worksheet, c: NationalConsolidation) -> None:
    columns = [("Địa phương", 32), ("Kế hoạch", 22)]
    for theme in c.coverage_themes:
        columns += [
            (f"{theme.short_heading}: đã triển khai", 14),
            (f"{theme.short_heading}: tổng", 10),
        ]
    columns += [("Tổng đã triển khai", 14), ("Tổng hoạt động", 12), ("Tỷ lệ (%)", 10)]
    table_sheet(ws, columns)
    for row_index, row in enumerate(c.coverage_rows, start=2):
        values: list[object] = [row.province, row.plan_numbers]
        for cell in row.cells:
            values += [cell.adopted, cell.national]
        append(ws, values)
        first_count = 3
        adopted = "+".join(
            f"{get_column_letter(first_count + 2 * i)}{row_index}" for i in range(len(row.cells))
        )
        national = "+".join(
            f"{get_column_letter(first_count + 2 * i + 1)}{row_index}"
            for i in range(len(row.cells))
        )
        total_col = first_count + 2 * len(row.cells)
        if row.cells:
            put_formula(ws, row_index, total_col, f"={adopted}")
            put_formula(ws, row_index, total_col + 1, f"={national}")
        put(ws, row_index, total_col + 2, row.total.percent)
    style_rows(
        ws,
        2,
        len(c.coverage_rows) + 1,
        {i: COUNT_FORMAT for i in range(3, 6 + 2 * len(c.coverage_themes))},
    )


def _funds(ws: Worksheet, c: NationalConsolidation) -> None:
    sources = [f.source for f in c.funds]
    columns = [("STT", 6), ("Địa phương", 32)]
    columns += [(f.label, 20) for f in c.funds]
    columns += [("Tổng cộng (đồng)", 20), *TRACE_COLUMNS]
    table_sheet(ws, columns)
    total_col = 3 + len(sources)
    for index, funds in enumerate(c.funds_by_province, start=1):
        row = index + 1
        append(ws, [index, funds.source.province, *[funds.amounts.get(s) for s in sources]])
        if sources:
            last_source = get_column_letter(total_col - 1)
            put_formula(ws, row, total_col, f"=SUM(C{row}:{last_source}{row})")
        put(ws, row, total_col + 1, funds.source.document_number)
        put(ws, row, total_col + 2, funds.source.version)
    last = len(c.funds_by_province) + 1
    style_rows(
        ws,
        2,
        last,
        dict.fromkeys(range(3, total_col + 1), VND_FORMAT) | {total_col + 2: COUNT_FORMAT},
    )
    if c.funds_by_province:
        total_row(ws, last + 1, 2, range(3, total_col + 1), 2)
        for column in range(3, total_col + 1):
            ws.cell(row=last + 1, column=column).number_format = VND_FORMAT


def _indicators(ws: Worksheet, c: NationalConsolidation) -> None:
    columns = [("Địa phương", 32)]
    columns += [(f"{col.name} ({col.unit_label})", 20) for col in c.indicators]
    table_sheet(ws, columns)
    for row in c.indicator_rows:
        append(
            ws,
            [
                row.province,
                *[
                    row.values[col.indicator_id].value if col.indicator_id in row.values else None
                    for col in c.indicators
                ],
            ],
        )
    style_rows(
        ws,
        2,
        len(c.indicator_rows) + 1,
        dict.fromkeys(range(2, 2 + len(c.indicators)), STAT_FORMAT),
    )


def _notes(ws: Worksheet, c: NationalConsolidation) -> None:
    table_sheet(ws, [("Địa phương", 32), ("Loại", 14), ("Nội dung", 70), *TRACE_COLUMNS])
    count = 0
    for notes in c.notes:
        for kind, texts in (("Khó khăn", notes.difficulties), ("Kiến nghị", notes.proposals)):
            for text in texts:
                append(ws, [notes.source.province, kind, text, *_trace(notes.source)])
                count += 1
    style_rows(ws, 2, count + 1, {5: COUNT_FORMAT})


def build_national_xlsx(c: NationalConsolidation) -> bytes:
    """The .xlsx bytes of the ministry's national report."""
    wb = Workbook()
    summary = wb.active
    assert isinstance(summary, Worksheet)  # the sheet a new workbook starts with
    taken: set[str] = set()
    summary.title = sheet_title(SUMMARY_SHEET, taken)
    _summary(summary, c)
    for title, write in (
        (PROVINCES_SHEET, _provinces),
        (MAPPING_SHEET, _mapping),
        (ITEMS_SHEET, _items),
        (DETAIL_SHEET, _detail),
        (COVERAGE_SHEET, _coverage),
        (FUNDS_SHEET, _funds),
        (INDICATORS_SHEET, _indicators),
        (NOTES_SHEET, _notes),
    ):
        write(wb.create_sheet(sheet_title(title, taken)), c)
    wb.calculation.fullCalcOnLoad = True  # totals are formulas: compute them on opening
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
