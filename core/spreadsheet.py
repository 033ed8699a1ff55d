"""Writing text into spreadsheet cells safely: the one place every export goes through.

A cell whose text starts with "=", "+", "-" or "@" (or a tab or carriage return) is read by
Excel and LibreOffice as a formula: agency text such as "=HYPERLINK(...)" would run when a
colleague opens the workbook (CSV/formula injection, OWASP). Such text gets a leading single
quote, so it shows as the text it is. Characters XML cannot hold are dropped.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """The text as a spreadsheet must store it: never a formula, no illegal characters."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def safe_value(value: Any) -> Any:
    """Numbers, dates and booleans as they are; any text neutralised."""
    if value is None or isinstance(
        value, bool | int | float | Decimal | datetime.date | datetime.datetime
    ):
        return value
    return neutralise(str(value))


def put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write a value (text neutralised) into the cell at (row, column)."""
    return ws.cell(row=row, column=column, value=safe_value(value))


def put_formula(ws: Worksheet, row: int, column: int, formula: str) -> Cell:
    """Write a formula we built ourselves (never user text): the only way to write "=..."."""
    if not formula.startswith("="):
        raise ValueError("a formula starts with '='")
    cell = ws.cell(row=row, column=column)
    cell.value = formula
    return cell


def append(ws: Worksheet, values: list[Any]) -> None:
    """ws.append with every text neutralised."""
    ws.append([safe_value(v) for v in values])
