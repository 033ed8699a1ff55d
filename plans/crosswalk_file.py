"""Read a crosswalk between two plan generations from a two-column file. Pure: no database.

One row per link: column A the item of the earlier plan (its number or code), column B the
item of the later plan, column C an optional note. A heading row (the template's, or any row
whose first cell reads like a heading) is skipped. An .xlsx workbook (its first sheet) or a
UTF-8 CSV file, separated by commas or, as Excel writes it under Vietnamese regional settings,
by semicolons. Which items the labels name is checked later, by plans.crosswalk.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from pathlib import PureWindowsPath
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.spreadsheet import (
    ImportProblem,
    ImportRejected,
    cell_text,
    csv_rows,
    open_workbook,
    put,
)
from plans.search import fold_vietnamese

MAX_ROWS = 5000  # far above any plan (the national plan has ~150 items)
HEADINGS = ("Mục kế hoạch trước", "Mục kế hoạch sau", "Ghi chú")
# First cells that mark a heading row, folded (the template's and the usual ways to say it).
_HEADING_WORDS = ("muc ke hoach truoc", "ke hoach truoc", "predecessor", "ma", "so", "stt")


@dataclass(frozen=True)
class LinkRow:
    predecessor: str
    successor: str
    note: str
    row: int  # the file's own row number


@dataclass(frozen=True)
class CrosswalkFile:
    sheet: str
    rows: list[LinkRow]
    columns: tuple[str, str, str]  # the columns' names, as messages name them
    # Empty cells: reported with the problems the rows' references have (plans.crosswalk).
    problems: tuple[ImportProblem, ...] = ()


def parse_crosswalk_file(name: str, content: bytes) -> CrosswalkFile:
    """The rows of `content`, a file called `name` (.xlsx or .csv). Raises ImportRejected
    when the file cannot be read (a wrong type, too many rows, nothing in it); empty cells are
    kept in `problems`, to be listed with the rest."""
    suffix = PureWindowsPath(name).suffix.lower()
    if suffix == ".xlsx":
        sheet, raw = _read_xlsx(content)
    elif suffix == ".csv":
        sheet, raw = (
            PureWindowsPath(name).name,
            [(number, tuple(values)) for number, values in csv_rows(content)],
        )
    else:
        raise ImportRejected(
            [
                ImportProblem(
                    _(
                        "Unknown file type %(name)s: upload an Excel workbook (.xlsx) or a "
                        "UTF-8 CSV file (.csv) with two columns."
                    )
                    % {"name": PureWindowsPath(name).name}
                )
            ]
        )
    rows = [(n, tuple(_text(v) for v in values)) for n, values in raw]
    rows = [(n, values) for n, values in rows if any(values)]
    if not rows:
        raise ImportRejected([ImportProblem(_("The file is empty."), sheet)])
    columns: tuple[str, str, str] = ("A", "B", "C")
    first_number, first = rows[0]
    if fold_vietnamese(first[0]).strip() in _HEADING_WORDS or fold_vietnamese(first[0]).startswith(
        _HEADING_WORDS[:3]
    ):
        columns = (first[0] or "A", _at(first, 1) or "B", _at(first, 2) or "C")
        rows = rows[1:]
    problems: list[ImportProblem] = []
    if len(rows) > MAX_ROWS:
        raise ImportRejected(
            [
                ImportProblem(
                    _("The file has more than %(max)s rows.") % {"max": MAX_ROWS},
                    sheet,
                    rows[MAX_ROWS][0],
                )
            ]
        )
    links = []
    for number, values in rows:
        predecessor, successor, note = _at(values, 0), _at(values, 1), _at(values, 2)
        for value, column in ((predecessor, columns[0]), (successor, columns[1])):
            if not value:
                problems.append(
                    ImportProblem(
                        _("The cell is empty; write an item's number."), sheet, number, column
                    )
                )
        links.append(LinkRow(predecessor, successor, note, number))
    if not links:
        raise ImportRejected([ImportProblem(_("The file has a heading row but no links."), sheet)])
    return CrosswalkFile(sheet, links, columns, tuple(problems))


def _at(values: tuple[str, ...], index: int) -> str:
    return values[index] if index < len(values) else ""


def _text(value: Any) -> str:
    return unicodedata.normalize("NFC", cell_text(value))


def _read_xlsx(content: bytes) -> tuple[str, list[tuple[int, tuple[Any, ...]]]]:
    workbook = open_workbook(content)  # refuses bombs and DTDs before parsing
    try:
        worksheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 1 and any(v not in (None, "") for v in values):
                raise ImportRejected(
                    [
                        ImportProblem(
                            _("The file has more than %(max)s rows.") % {"max": MAX_ROWS},
                            worksheet.title,
                            number,
                        )
                    ]
                )
            rows.append((number, tuple(values[:3])))
        return worksheet.title, rows
    except ImportRejected:
        raise
    except Exception as exc:  # read-only sheets are parsed lazily: damage shows up here
        from core.spreadsheet import not_a_workbook

        raise not_a_workbook() from exc
    finally:
        workbook.close()


def build_crosswalk_template(predecessor: str = "", successor: str = "") -> bytes:
    """The workbook to fill in: the heading row and an example row, for plan numbers
    `predecessor` -> `successor` when known."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Liên kết"
    for column, heading in enumerate(HEADINGS, start=1):
        put(sheet, 1, column, heading)
    put(sheet, 2, 1, "5")
    put(sheet, 2, 2, "1.1")
    put(sheet, 2, 3, _("Example: delete this row. Item 5 continues as item 1.1."))
    for letter, width in (("A", 24), ("B", 24), ("C", 60)):
        sheet.column_dimensions[letter].width = width
    help_sheet = workbook.create_sheet("Hướng dẫn")
    lines = [
        _("One row per link between an item of the earlier plan and an item of the later one."),
        _("Column A: the number (or code) of the item in the earlier plan %(plan)s.")
        % {"plan": predecessor or "…"},
        _("Column B: the number (or code) of the item in the later plan %(plan)s.")
        % {"plan": successor or "…"},
        _("Column C (optional): a note, e.g. how the task was split or merged."),
        _("An item may appear on several rows: split into several, or several merged into one."),
        _("If anything is wrong, nothing is saved and every problem is listed."),
    ]
    for row, line in enumerate(lines, start=1):
        put(help_sheet, row, 1, line)
    help_sheet.column_dimensions["A"].width = 100
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
