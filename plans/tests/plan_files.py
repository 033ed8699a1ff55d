"""Plan files built in memory for the import tests: a valid plan for the `world` fixture,
and small helpers to spoil one field, cell or row at a time."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

SHEET_PLAN = "Kế hoạch"
SHEET_ITEMS = "Hoạt động"

PLAN: list[tuple[str, Any]] = [
    ("Số hiệu", "12/KH-UBND"),
    ("Tên kế hoạch", "Kế hoạch tăng trưởng xanh tỉnh Bình Dương 2021 - 2025"),
    ("Cấp", "tỉnh"),
    ("Địa bàn", "bd"),
    ("Năm bắt đầu", 2021),
    ("Năm kết thúc", 2025),
    ("Kế hoạch cấp trên", "403/QĐ-TTg"),
    ("Cơ quan đầu mối", "bd-dpi"),
]
HEADER = [
    "Mã",
    "Mã cha",
    "Loại",
    "Số",
    "Nội dung",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Khi có yêu cầu",
    "Hạn hoàn thành",
]
ITEMS: list[dict[str, Any]] = [
    {"Mã": "T1", "Loại": "chủ đề", "Số": "1", "Nội dung": "Thể chế tăng trưởng xanh"},
    {
        "Mã": "1",
        "Mã cha": "T1",
        "Loại": "hoạt động",
        "Số": "1",
        "Nội dung": "Xây dựng kế hoạch hành động",
        "Cơ quan chủ trì": "bd-dpi",
        "Cơ quan phối hợp": "bd-donre; bd-doit",
    },
    {
        "Mã": "1.1",
        "Mã cha": "1",
        "Loại": "nhiệm vụ",
        "Số": "1.1",
        "Nội dung": "Rà soát các chỉ tiêu",
        "Cơ quan chủ trì": "Sở Tài nguyên và Môi trường",
        "Khi có yêu cầu": "x",
        "Hạn hoàn thành": "31/12/2021",
    },
]


def plan_with(**changes: Any) -> list[tuple[str, Any]]:
    """PLAN with some fields changed (by their Vietnamese name); None removes the field."""
    rows = [(name, changes.pop(name, value)) for name, value in PLAN]
    rows += list(changes.items())
    return [(name, value) for name, value in rows if value is not None]


def items_with(row: int, **changes: Any) -> list[dict[str, Any]]:
    """ITEMS with cells of the item in spreadsheet row `row` (2 = the first item) changed."""
    items = [dict(item) for item in ITEMS]
    items[row - 2].update(changes)
    return items


def workbook(
    plan: Sequence[Sequence[Any]] | None = None,
    items: Sequence[dict[str, Any]] | None = None,
    *,
    header: Sequence[str] | None = None,
    sheets: Sequence[str] = (SHEET_PLAN, SHEET_ITEMS),
    items_rows: Sequence[Sequence[Any]] | None = None,
) -> bytes:
    """An .xlsx file: the plan's key/value rows, then a heading row and a row per item.

    `items_rows`, when given, are written as they are (heading row included) instead.
    """
    book = openpyxl.Workbook()
    plan_sheet = book.active
    assert isinstance(plan_sheet, Worksheet)  # a new workbook's one sheet
    plan_sheet.title = sheets[0]
    for row in PLAN if plan is None else plan:
        plan_sheet.append(list(row))
    if len(sheets) > 1:
        items_sheet = book.create_sheet(sheets[1])
        for row in items_rows if items_rows is not None else _item_rows(header, items):
            items_sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_file(
    plan: Sequence[Sequence[Any]] | None = None,
    items: Sequence[dict[str, Any]] | None = None,
    *,
    header: Sequence[str] | None = None,
    delimiter: str = ",",
    bom: bool = True,
    separator: bool = True,
) -> bytes:
    """A .csv file: the plan's rows, an empty row, the heading row and a row per item."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerows(PLAN if plan is None else plan)
    if separator:
        writer.writerow([])
    writer.writerows(_item_rows(header, items))
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


def _item_rows(
    header: Sequence[str] | None, items: Sequence[dict[str, Any]] | None
) -> list[list[Any]]:
    header = list(HEADER if header is None else header)
    items = ITEMS if items is None else items
    return [header, *([item.get(name) for name in header] for item in items)]


def large_items(rows: int) -> list[dict[str, Any]]:
    """`rows` items: a theme every 100 rows, an activity every 10, tasks between, each
    activity and task led by one of the world's agencies with two others coordinating."""
    agencies = ["bd-dpi", "bd-donre", "bd-doit"]
    items: list[dict[str, Any]] = []
    theme = activity = ""
    for index in range(rows):
        lead = agencies[index % 3]
        others = "; ".join(a for a in agencies if a != lead)
        if index % 100 == 0:
            theme = f"T{index}"
            items.append({"Mã": theme, "Loại": "chủ đề", "Nội dung": f"Chủ đề {index}"})
        elif index % 10 == 1:
            activity = f"A{index}"
            items.append(
                {"Mã": activity, "Mã cha": theme, "Loại": "hoạt động", "Số": str(index),
                 "Nội dung": f"Hoạt động {index}", "Cơ quan chủ trì": lead,
                 "Cơ quan phối hợp": others}
            )  # fmt: skip
        else:
            items.append(
                {"Mã": f"N{index}", "Mã cha": activity or theme, "Loại": "nhiệm vụ",
                 "Nội dung": f"Nhiệm vụ {index}", "Cơ quan chủ trì": lead,
                 "Hạn hoàn thành": "31/12/2025" if index % 7 == 0 else None}
            )  # fmt: skip
    return items
