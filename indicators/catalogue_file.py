"""Excel files of indicators: the catalogue (export and import) and the scorecard (export).

The catalogue parser is pure: it turns a workbook into rows or lists every problem with its
row and column. References (objectives, agencies) and formulas are checked by
indicators.actions.import_catalogue_file, which writes all rows or none.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.spreadsheet import (
    ImportProblem,
    ImportRejected,
    append,
    cell_text,
    not_a_workbook,
    open_workbook,
    put,
)
from indicators.models import Direction, Frequency, Indicator, IndicatorKind
from indicators.progress import TrackStatus
from indicators.units import unit_label

CATALOGUE_SHEET = "Chỉ tiêu"
# Column keys: the header row of the file, stable across languages.
CATALOGUE_COLUMNS = [
    "code",
    "name",
    "name_en",
    "unit",
    "objective",
    "sector",
    "definition",
    "method",
    "data_source",
    "legal_basis",
    "frequency",
    "responsible_agency",
    "direction",
    "kind",
    "formula",
    "additive",
]
REQUIRED_COLUMNS = {"code", "name"}
CHOICES = {"frequency": Frequency, "direction": Direction, "kind": IndicatorKind}
HEADER_FILL = PatternFill("solid", fgColor="E8F5E9")
NUMBER_FORMAT = "#,##0.####"
# How the "additive" column may be written (English keys like the other columns', or Vietnamese).
YES = {"yes", "y", "x", "1", "true", "có", "co"}
NO = {"no", "n", "0", "false", "không", "khong"}


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(sheet, row: int, labels: list[str]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = put(sheet, row, column, label)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def catalogue_workbook(indicators: Iterable[Indicator]) -> bytes:
    """The catalogue in the import format: one row per indicator, keys in the header row."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.title = CATALOGUE_SHEET
    _header(sheet, 1, CATALOGUE_COLUMNS)
    for indicator in indicators:
        append(
            sheet,
            [
                indicator.code,
                indicator.name,
                indicator.name_en,
                indicator.unit,
                indicator.objective.number if indicator.objective else None,
                indicator.sector,
                indicator.definition,
                indicator.method,
                indicator.data_source,
                indicator.legal_basis,
                indicator.frequency,
                indicator.responsible_agency.code if indicator.responsible_agency else "",
                indicator.direction,
                indicator.kind,
                indicator.formula,
                "yes" if indicator.additive else "no",
            ],
        )
    for column, width in zip("ABCDEFGHIJKLMNOP", (18, 50, 40, 18, 10), strict=False):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "B2"
    guide = workbook.create_sheet(_("Guide"))
    append(guide, [_("Column"), _("What to write")])
    for key, text in [
        ("code", _("Capital letters, digits and _; used in formulas. Required.")),
        ("name", _("Name in Vietnamese. Required.")),
        ("unit", _('A unit the system can read: "tCO2e", "billion_VND", "percent", "m²/person".')),
        ("objective", _("Objective number (1 to 4).")),
        ("frequency", ", ".join(Frequency.values)),
        ("responsible_agency", _("Code of the responsible agency, as under Organisations.")),
        ("direction", ", ".join(Direction.values)),
        ("kind", ", ".join(IndicatorKind.values)),
        ("formula", _("Derived indicators only: codes with + - * / ( ), e.g. GHG_TOTAL / GRDP.")),
        (
            "additive",
            _(
                "yes when the values of two provinces add up (emissions, areas, counts); no "
                "for intensities, ratios and percentages. Empty keeps the current choice."
            ),
        ),
    ]:
        append(guide, [key, text])
    guide.column_dimensions["A"].width = 20
    guide.column_dimensions["B"].width = 90
    return _save(workbook)


# Our own formula-injection quote (see catalogue_workbook) is taken off on the way back in.
_text = cell_text


def parse_catalogue(content: bytes) -> tuple[list[dict], list[ImportProblem]]:
    """Rows of the catalogue sheet as dicts of column key → text, each with its "row" number,
    and the problems found in the cells themselves (so the caller can add its own and list
    them all). Raises ImportRejected when the file cannot be read as a catalogue at all.
    """
    workbook = open_workbook(content)  # refuses bombs and DTDs before parsing
    try:
        sheet = (
            workbook[CATALOGUE_SHEET] if CATALOGUE_SHEET in workbook.sheetnames else workbook.active
        )
        assert sheet is not None  # openpyxl opens no workbook without a sheet
        rows = list(sheet.iter_rows(values_only=True))
    except Exception as exc:  # read-only sheets are parsed lazily: damage shows up here
        raise ImportRejected([*not_a_workbook().problems]) from exc
    finally:
        workbook.close()
    if not rows:
        raise ImportRejected([ImportProblem(_("The file is empty."))])
    header = [_text(cell) for cell in rows[0]]
    problems = [
        ImportProblem(_("The column %(column)s is missing.") % {"column": key}, row=1, column=key)
        for key in sorted(REQUIRED_COLUMNS - set(header))
    ]
    if problems:
        raise ImportRejected(problems)
    result: list[dict] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        data: dict[str, Any] = {
            key: _text(cells[i]) if i < len(cells) else ""
            for i, key in enumerate(header)
            if key in CATALOGUE_COLUMNS
        }
        if not any(data.values()):
            continue
        data["row"] = number
        for key in sorted(REQUIRED_COLUMNS):
            if not data.get(key):
                problems.append(
                    ImportProblem(_("This cell must not be empty."), row=number, column=key)
                )
        code = data.get("code", "")
        if code in seen:
            problems.append(
                ImportProblem(
                    _("Duplicate code %(code)s (first used in row %(row)s).")
                    % {"code": code, "row": seen[code]},
                    row=number,
                    column="code",
                )
            )
        elif code:
            seen[code] = number
        for key, choices in CHOICES.items():
            if data.get(key) and data[key] not in choices.values:
                problems.append(
                    ImportProblem(
                        _("Unknown value %(value)s; use one of: %(choices)s.")
                        % {"value": data[key], "choices": ", ".join(choices.values)},
                        row=number,
                        column=key,
                    )
                )
        if "additive" in data:
            flag = data.pop("additive").strip().lower()
            if flag in YES or flag in NO:
                data["additive"] = flag in YES
            elif flag:
                problems.append(ImportProblem(_("Write yes or no."), row=number, column="additive"))
        if data.get("objective") and not data["objective"].isdigit():
            problems.append(
                ImportProblem(_("Write the objective's number."), row=number, column="objective")
            )
        result.append(data)
    return result, problems


def scorecard_workbook(card) -> bytes:
    """The scorecard of a territory: one row per indicator, numbers as numbers."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.title = _("Scorecard")[:31]
    title = _("Green growth indicators: %(territory)s") % {"territory": card.territory.name}
    put(sheet, 1, 1, title)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = _("Exported on %(date)s. Only accepted values count.") % {
        "date": timezone.localdate().strftime("%d/%m/%Y")
    }
    labels = [
        _("Code"),
        _("Indicator"),
        _("Unit"),
        _("Direction"),
        _("Baseline year"),
        _("Baseline"),
        _("Target year"),
        _("Target"),
        _("Latest year"),
        _("Latest accepted value"),
        _("Target path in that year"),
        _("Gap to target"),
        _("Status"),
    ]
    _header(sheet, 4, labels)
    for row in card.rows:
        progress = row.progress
        target = progress.target if progress else None
        actual = progress.actual if progress else None
        append(
            sheet,
            [
                row.indicator.code,
                row.indicator.name,
                unit_label(row.indicator.unit),
                row.indicator.get_direction_display(),
                row.baseline.year if row.baseline else None,
                row.baseline.value if row.baseline else None,
                target.year if target else None,
                target.value if target else None,
                actual.year if actual else None,
                actual.value if actual else None,
                progress.path_value if progress else None,
                progress.gap if progress else None,
                str(TrackStatus(progress.status).label) if progress else "",
            ],
        )
        for column in (6, 8, 10, 11, 12):
            sheet.cell(row=sheet.max_row, column=column).number_format = NUMBER_FORMAT
    for column, width in enumerate((18, 60, 18, 18, 10, 14, 10, 14, 10, 14, 14, 14, 14), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "C5"
    return _save(workbook)
