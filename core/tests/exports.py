"""Checks shared by the export tests of every app: a hostile title comes back as text."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

# A title starting with each character a spreadsheet reads as the start of a formula.
HOSTILE_TITLES = [
    '=HYPERLINK("http://evil.example","bấm vào đây")',
    "+1+2 tỷ đồng",
    "-3 dự án",
    "@SUM(A1:A3)",
    "\tThụt đầu dòng",
    "\rXuống dòng",
]


def cells_holding(content: bytes, text: str) -> list[Any]:
    """Every cell of the workbook whose value contains `text`."""
    workbook = load_workbook(io.BytesIO(content))
    return [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and text in cell.value
    ]


def assert_exported_as_text(content: bytes, title: str) -> None:
    """`title` is in the workbook, only as text: a cell holding exactly it reads "'" + title,
    and no cell holding it is a formula."""
    cells = cells_holding(content, title)
    assert cells, f"{title!r} is not in the workbook"
    for cell in cells:
        assert cell.data_type == "s", (cell.coordinate, cell.value)
        if cell.value.lstrip("'") == title:
            assert cell.value == "'" + title, (cell.coordinate, cell.value)
