"""The Excel template an agency fills offline, and reading it back.

`build_template(report)` writes the agency's report lines for the round with their current
values: key columns locked (sheet protection), a drop-down of the status names in the
user's language, whole numbers 0-100 for progress, instructions; and, when the agency leads
funded projects, a sheet of their budget lines for the money disbursed in the round's year
(reporting.disbursements). `read_workbook(report, f)` checks every row and returns the
changes for reporting.actions.save_draft, or the complete list of problems, each naming
sheet, row and column. Nothing is written here: the view applies the changes whole through
the draft-saving action, or not at all.

Sheet names and column headings are recognised in every language of settings.LANGUAGES: a
colleague may download the template in English and another upload it in Vietnamese.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from core.forms import LocalizedDecimalField
from core.money import FundingSource
from core.spreadsheet import (
    ImportProblem,
    ImportRejected,
    append,
    cell_text,
    not_a_workbook,
    open_workbook,
    put,
)
from projects.models import BudgetLine
from reporting import actions as reporting_actions
from reporting.actions import DraftProblem, ItemChanges
from reporting.disbursements import lines_to_report, reported_amounts
from reporting.models import GENERAL_FIELDS, ITEM_FIELDS, AgencyReport, ItemStatus

if TYPE_CHECKING:
    from accounts.models import User

HEADING_FONT = Font(bold=True, color="FFFFFF")
HEADING_FILL = PatternFill("solid", fgColor="2E7D32")
LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
LISTS_SHEET = "_lists"
DATE_FORMAT = "dd/mm/yyyy"


@dataclass(frozen=True)
class Column:
    key: str  # a ReportItem field, "fund_<source>", or one of the locked keys
    width: float
    locked: bool = False


def item_columns() -> list[Column]:
    columns = [
        Column("id", 8, locked=True),
        Column("number", 8, locked=True),
        Column("title", 45, locked=True),
        Column("role", 16, locked=True),
        Column("status", 18),
        Column("progress", 10),
        Column("results", 45),
        Column("outputs", 30),
        Column("document_number", 16),
        Column("document_date", 14),
        Column("difficulties", 35),
        Column("proposals", 35),
    ]
    return columns + [Column(f"fund_{source}", 18) for source in FundingSource.values]


def column_label(key: str) -> str:
    labels = {
        "id": _("Line ID (do not change)"),
        "number": _("Number"),
        "title": _("Activity or task"),
        "role": _("Role"),
        "status": _("Status"),
        "progress": _("Progress (%)"),
        "results": _("Results achieved"),
        "outputs": _("Outputs"),
        "document_number": _("Document issued: number"),
        "document_date": _("Document issued: date (dd/mm/yyyy)"),
        "difficulties": _("Difficulties"),
        "proposals": _("Proposals to the province"),
    }
    if key.startswith("fund_"):
        return _("Funds used, %(source)s (VND)") % {
            "source": FundingSource(key.removeprefix("fund_")).label
        }
    return str(labels[key])


def items_sheet_name() -> str:
    return _("Report lines")


def general_sheet_name() -> str:
    return _("General section")


def disbursements_sheet_name() -> str:
    return _("Disbursements")


def disbursement_columns() -> list[Column]:
    """One row per budget line of reporting.disbursements.lines_to_report; only the amount
    disbursed in the round's year is written by the agency."""
    return [
        Column("line", 8, locked=True),
        Column("project", 50, locked=True),
        Column("year", 8, locked=True),
        Column("source", 22, locked=True),
        Column("allocated", 18, locked=True),
        Column("recorded", 18, locked=True),
        Column("amount", 20),
    ]


def disbursement_label(key: str) -> str:
    return str(
        {
            "line": _("Budget line ID (do not change)"),
            "project": _("Project"),
            "year": _("Year"),
            "source": _("Funding source"),
            "allocated": _("Allocated (VND)"),
            "recorded": _("Recorded on the project (VND)"),
            "amount": _("Disbursed in the year (VND)"),
        }[key]
    )


def _in_every_language(func: Callable[[], str]) -> set[str]:
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(str(func()))
    return names


def _headings_match(ws: Worksheet, columns: list[Column], label: Callable[[str], str]) -> bool:
    """Whether the first row holds the columns' headings, each in any of the languages."""
    headers = [_text(c.value) for c in ws[1]]
    return len(headers) >= len(columns) and all(
        header in _in_every_language(partial(label, column.key))
        for header, column in zip(headers, columns, strict=False)
    )


def _sheet(wb: Workbook, name: Callable[[], str]) -> Worksheet | None:
    """The sheet called `name()` in any of the languages, or None."""
    names = _in_every_language(name)
    return next((wb[title] for title in wb.sheetnames if title in names), None)


def general_label(name: str) -> str:
    return {
        "general_results": _("General results"),
        "general_difficulties": _("General difficulties"),
        "general_proposals": _("Proposals to the province"),
    }[name]


# --- Writing the template ----------------------------------------------------------------------


def _write_headings(ws: Worksheet, columns: list[Column], label: Callable[[str], str]) -> None:
    append(ws, [label(c.key) for c in columns])
    for cell in ws[1]:
        cell.font = HEADING_FONT
        cell.fill = HEADING_FILL
        cell.alignment = WRAP
    ws.row_dimensions[1].height = 45
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width


def _protect(ws: Worksheet) -> None:
    """Lock the sheet (white cells were unlocked one by one), hide the ID in column A."""
    ws.column_dimensions["A"].hidden = True
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # let them widen columns and rows to read
    ws.protection.formatRows = False


def build_template(report: AgencyReport) -> bytes:
    items = list(
        report.items.select_related("plan_item").prefetch_related("funds").order_by("position")
    )
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook's one sheet
    ws.title = items_sheet_name()
    columns = item_columns()
    _write_headings(ws, columns, column_label)
    status_labels = dict(ItemStatus.choices)
    for row, item in enumerate(items, start=2):
        funds = {f.source: f.amount for f in item.funds.all()}
        values: dict[str, Any] = {
            "id": item.pk,
            "number": item.plan_item.label,
            "title": item.plan_item.title,
            "role": item.get_role_display(),
            **{name: getattr(item, name) for name in ITEM_FIELDS},
            "status": str(status_labels[item.status]),  # as the list offers it
        }
        for index, column in enumerate(columns, start=1):
            if column.key.startswith("fund_"):
                amount = funds.get(column.key.removeprefix("fund_"))
                value = int(amount) if amount is not None else None
            else:
                value = values[column.key]
            cell = put(ws, row, index, value)
            cell.alignment = WRAP
            if column.locked:
                cell.fill = LOCKED_FILL
            else:
                cell.protection = UNLOCKED
            if column.key == "document_date":
                cell.number_format = DATE_FORMAT
            elif column.key.startswith("fund_"):
                cell.number_format = "#,##0"
    ws.freeze_panes = "E2"
    last = max(len(items) + 1, 2)

    lists = wb.create_sheet(LISTS_SHEET)
    for n, (_value, label) in enumerate(ItemStatus.choices, start=1):
        put(lists, n, 1, str(label))
    put(lists, 1, 3, report.pk)
    put(lists, 2, 3, report.version)
    lists.sheet_state = "hidden"
    lists.protection.sheet = True

    def col(key: str) -> str:
        return get_column_letter(next(i for i, c in enumerate(columns, 1) if c.key == key))

    status = DataValidation(
        type="list",
        formula1=f"={LISTS_SHEET}!$A$1:$A${len(ItemStatus.choices)}",
        allow_blank=False,
        showErrorMessage=True,
        errorTitle=_("Status"),
        error=_("Choose a status from the list."),
    )
    status.add(f"{col('status')}2:{col('status')}{last}")
    percent = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Progress (%)"),
        error=_("A whole number from 0 to 100."),
    )
    percent.add(f"{col('progress')}2:{col('progress')}{last}")
    money = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        error=_("An amount in VND, zero or more."),
    )
    money.add(f"{col('fund_' + FundingSource.values[0])}2:{get_column_letter(len(columns))}{last}")
    date = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="1",
        allow_blank=True,
        showErrorMessage=True,
        error=_("A date, dd/mm/yyyy."),
    )
    date.add(f"{col('document_date')}2:{col('document_date')}{last}")
    for validation in (status, percent, money, date):
        ws.add_data_validation(validation)
    _protect(ws)

    general = wb.create_sheet(general_sheet_name())
    append(general, [_("Section"), _("Text")])
    for cell in general[1]:
        cell.font = HEADING_FONT
        cell.fill = HEADING_FILL
    for row, name in enumerate(GENERAL_FIELDS, start=2):
        put(general, row, 1, str(general_label(name))).fill = LOCKED_FILL
        cell = put(general, row, 2, getattr(report, name))
        cell.protection = UNLOCKED
        cell.alignment = WRAP
        general.row_dimensions[row].height = 90
    general.column_dimensions["A"].width = 30
    general.column_dimensions["B"].width = 100
    general.protection.sheet = True

    lines = lines_to_report(report)
    if lines:
        _write_disbursements(wb.create_sheet(disbursements_sheet_name()), report, lines)

    help_sheet = wb.create_sheet(_("Instructions"))
    instructions = [
        _("Implementation report %(year)s of %(agency)s, plan %(plan)s")
        % {
            "year": report.round.year,
            # named as it was when the round was due (orgs.Organisation.as_on)
            "agency": report.organisation.name_on(report.round.deadline),
            "plan": report.round.plan.number,
        },
        _(
            'Fill in the white cells of the sheet "%(sheet)s" (one row per activity or task) '
            'and of the sheet "%(general)s". Grey cells are locked.'
        )
        % {"sheet": items_sheet_name(), "general": general_sheet_name()},
        _("Status: choose from the drop-down list. Progress: a whole number from 0 to 100."),
        _("A completed item needs its results, and its progress is 100 (or left empty)."),
        _("Dates as dd/mm/yyyy. Amounts in VND, whole numbers, without a unit."),
        *(
            [
                _(
                    'Sheet "%(sheet)s": for each budget line of the funded projects your agency '
                    "leads, write the money disbursed in %(year)s; leave the cell empty when "
                    "there is nothing to report. The figure reaches the project when the "
                    "coordinator accepts the report."
                )
                % {"sheet": disbursements_sheet_name(), "year": report.round.year}
            ]
            if lines
            else []
        ),
        _(
            "Upload the file on the report's page in greenplan. It is checked as a whole: "
            "either every row is saved as a draft, or nothing is and each problem is listed "
            "with its sheet, row and column."
        ),
        _(
            "Do not rename the sheets or move the rows. If the report was saved in greenplan "
            "after you downloaded this file, download a new one."
        ),
    ]
    for line in instructions:
        append(help_sheet, [line])
    help_sheet.column_dimensions["A"].width = 120
    for row in help_sheet.iter_rows():
        row[0].alignment = WRAP
    help_sheet["A1"].font = Font(bold=True, size=13)
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS_SHEET))
    wb.active = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write_disbursements(ws: Worksheet, report: AgencyReport, lines: list[BudgetLine]) -> None:
    columns = disbursement_columns()
    _write_headings(ws, columns, disbursement_label)
    amounts = reported_amounts(report)
    for row, line in enumerate(lines, start=2):
        amount = amounts.get(line.pk)
        values: dict[str, Any] = {
            "line": line.pk,
            "project": line.project.title,
            "year": line.year,
            "source": str(line.get_source_display()),
            "allocated": int(line.allocated),
            "recorded": int(line.disbursed),
            "amount": int(amount) if amount is not None else None,
        }
        for index, column in enumerate(columns, start=1):
            cell = put(ws, row, index, values[column.key])
            cell.alignment = WRAP
            if column.locked:
                cell.fill = LOCKED_FILL
            else:
                cell.protection = UNLOCKED
            if column.key in ("allocated", "recorded", "amount"):
                cell.number_format = "#,##0"
    ws.freeze_panes = "C2"
    amount_column = get_column_letter(len(columns))
    money = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        error=_("An amount in VND, zero or more."),
    )
    money.add(f"{amount_column}2:{amount_column}{len(lines) + 1}")
    ws.add_data_validation(money)
    _protect(ws)


# --- Reading it back ---------------------------------------------------------------------------


@dataclass
class WorkbookChanges:
    version: int | None = None
    items: dict[int, ItemChanges] = field(default_factory=dict)
    general: dict[str, str] = field(default_factory=dict)
    # Budget line id -> VND disbursed in the round's year, None to clear. Empty when the
    # workbook has no disbursements sheet: the report's disbursements are then left as they are.
    disbursements: dict[int, Decimal | None] = field(default_factory=dict)
    errors: list[ImportProblem] = field(default_factory=list)
    # Where each value came from, to place the action's own errors: (item id, field) -> cell.
    cells: dict[tuple[int | str, str], tuple[str, int, str]] = field(default_factory=dict)
    # Budget line id -> the cell of its amount.
    disbursement_cells: dict[int, tuple[str, int, str]] = field(default_factory=dict)

    def error(self, sheet: str, row: int, column: str, message: str) -> None:
        self.errors.append(ImportProblem(message, sheet, row, column))

    def refuse(self, message: str) -> None:
        self.errors.append(ImportProblem(message))

    def messages(self) -> list[str]:
        """The problems as sentences naming sheet, row and column."""
        return [
            _sentence(p.sheet, p.row, p.column, p.message) if p.row else p.message
            for p in self.errors
        ]


def _sentence(sheet: str, row: int | None, column: str, message: str) -> str:
    return _('Sheet "%(sheet)s", row %(row)s, column "%(column)s": %(message)s') % {
        "sheet": sheet,
        "row": row,
        "column": column,
        "message": message,
    }


_text = cell_text  # our own formula-injection quote is taken off on the way back in


def _status_values() -> dict[str, str]:
    values: dict[str, str] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for value, label in ItemStatus.choices:
                values[str(label).strip().lower()] = value
    for value in ItemStatus.values:
        values[value] = value
    return values


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.datetime.strptime(str(value).strip(), "%d/%m/%Y").date()  # noqa: DTZ007


WHOLE_VND = LocalizedDecimalField(max_digits=18, decimal_places=0, required=False)


def _amount(value: Any) -> Decimal:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        # Text typed in a cell: read as on the report page ("1.500.000" or "1,500,000"; "1,5"
        # is refused, not read as 15).
        try:
            amount = WHOLE_VND.clean(str(value))
        except ValidationError:
            raise InvalidOperation from None
        if amount is None:
            raise InvalidOperation
    if amount != amount.to_integral_value():
        raise InvalidOperation
    # A whole number read as a float (openpyxl reads "1.475E+10" as one) without its ".0",
    # which the models' decimal_places=0 would refuse.
    return amount.quantize(Decimal(1))


def _optional_amount(raw: Any) -> tuple[bool, Decimal | None]:
    """(valid, amount) of a cell for whole VND, zero or more; an empty cell is (True, None)."""
    if raw is None or _text(raw) == "":
        return True, None
    try:
        amount = _amount(raw)
    except (InvalidOperation, ValueError):
        return False, None
    return amount >= 0, amount


def _column_names(
    result: WorkbookChanges, ws: Worksheet, columns: list[Column], heading: Callable[[str], str]
) -> dict[str, str] | None:
    """Column key -> its name as the file writes it (in the language it was downloaded in), or
    None, with the error in `result`, when the headings are not the template's."""
    if not _headings_match(ws, columns, heading):
        result.refuse(
            _('Sheet "%(sheet)s": the columns are not those of the template; download it again.')
            % {"sheet": ws.title}
        )
        return None
    return {c.key: _text(cell.value) for c, cell in zip(columns, ws[1], strict=False)}


def _own_rows(
    result: WorkbookChanges,
    ws: Worksheet,
    columns: list[Column],
    label: dict[str, str],
    key: str,
    own: set[int],
) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """(row number, id, cells by column key) of the filled rows whose `key` column names one
    of `own`, each once; any other filled row is an error in `result`."""
    seen: set[int] = set()
    for row_number, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        cells = dict(zip([c.key for c in columns], row, strict=False))
        if all(v is None or _text(v) == "" for v in cells.values()):
            continue
        row_id = cells.get(key)
        if not isinstance(row_id, int) or row_id not in own or row_id in seen:
            result.error(
                ws.title, row_number, label[key], _("this row is not a line of this report.")
            )
            continue
        seen.add(row_id)
        yield row_number, row_id, cells


def read_workbook(report: AgencyReport, data: bytes) -> WorkbookChanges:
    result = WorkbookChanges()
    try:
        wb = open_workbook(data)  # refuses bombs and DTDs before parsing; read-only
    except ImportRejected as exc:
        result.errors.extend(exc.problems)
        return result
    try:
        _read_open_workbook(report, wb, result)
    except Exception:  # read-only sheets are parsed lazily: damage shows up while reading
        result.errors = [*not_a_workbook().problems]
    finally:
        wb.close()
    return result


def _read_open_workbook(report: AgencyReport, wb: Workbook, result: WorkbookChanges) -> None:
    ws = _sheet(wb, items_sheet_name)
    if ws is None:
        result.refuse(
            _('The workbook has no sheet "%(sheet)s": upload the template downloaded from '
              "this report, with its sheets unchanged.")
            % {"sheet": items_sheet_name()}
        )  # fmt: skip
        return
    # The template's hidden sheet names its report (C1) and the report's version when it was
    # downloaded (C2): without them a newer text saved since would be silently overwritten.
    meta = wb[LISTS_SHEET] if LISTS_SHEET in wb.sheetnames else None
    version = meta["C2"].value if meta is not None else None
    if meta is not None and meta["C1"].value != report.pk:
        result.refuse(_("This workbook is the template of another report."))
        return
    if not isinstance(version, int) or isinstance(version, bool):
        result.refuse(
            _(
                "This workbook has lost the mark that tells which version of the report it was "
                "downloaded from (its hidden sheet or a cell of it was removed), so it could "
                "overwrite a newer text; nothing was saved. Download the template again and "
                "copy your text into it."
            )
        )
        return
    result.version = version
    sheet = ws.title
    columns = item_columns()
    label = _column_names(result, ws, columns, column_label)
    if label is None:
        return
    own = set(report.items.values_list("pk", flat=True))
    statuses = _status_values()
    for row_number, item_id, cells in _own_rows(result, ws, columns, label, "id", own):
        values: dict[str, Any] = {}
        funds: dict[str, Decimal | None] = {}
        for column in columns:
            if column.locked:
                continue
            raw = cells.get(column.key)
            result.cells[(item_id, column.key)] = (sheet, row_number, label[column.key])
            if column.key == "status":
                status = statuses.get(_text(raw).lower())
                if status is None:
                    result.error(
                        sheet, row_number, label["status"], _("choose a status from the list.")
                    )
                else:
                    values["status"] = status
            elif column.key == "progress":
                if raw is None or _text(raw) == "":
                    values["progress"] = None
                elif isinstance(raw, int | float) and float(raw).is_integer() and 0 <= raw <= 100:
                    values["progress"] = int(raw)
                else:
                    result.error(
                        sheet, row_number, label["progress"], _("a whole number from 0 to 100.")
                    )
            elif column.key == "document_date":
                if raw is None or _text(raw) == "":
                    values["document_date"] = None
                else:
                    try:
                        values["document_date"] = _date(raw)
                    except ValueError:
                        result.error(sheet, row_number, label[column.key], _("a date, dd/mm/yyyy."))
            elif column.key.startswith("fund_"):
                valid, amount = _optional_amount(raw)
                if valid:
                    funds[column.key.removeprefix("fund_")] = amount
                else:
                    result.error(
                        sheet, row_number, label[column.key], _("an amount in VND, zero or more.")
                    )
            else:
                values[column.key] = _text(raw)
        result.items[item_id] = ItemChanges(values, funds)
    general = _sheet(wb, general_sheet_name)
    if general is not None:
        text_column = _text(general.cell(row=1, column=2).value) or _("Text")
        for row_number, name in enumerate(GENERAL_FIELDS, start=2):
            result.general[name] = _text(general.cell(row=row_number, column=2).value)
            result.cells[("general", name)] = (general.title, row_number, text_column)
    disbursements = _sheet(wb, disbursements_sheet_name)
    if disbursements is not None:
        _read_disbursements(report, disbursements, result)


def _read_disbursements(report: AgencyReport, ws: Worksheet, result: WorkbookChanges) -> None:
    """Read the amounts of the disbursements sheet into `result`; the allocation is checked by
    save_draft (projects.actions.disbursement_problem), its errors placed by place_errors."""
    sheet = ws.title
    columns = disbursement_columns()
    label = _column_names(result, ws, columns, disbursement_label)
    if label is None:
        return
    own = {line.pk for line in lines_to_report(report)}
    for row_number, line_id, cells in _own_rows(result, ws, columns, label, "line", own):
        result.disbursement_cells[line_id] = (sheet, row_number, label["amount"])
        valid, amount = _optional_amount(cells.get("amount"))
        if valid:
            result.disbursements[line_id] = amount
        else:
            result.error(sheet, row_number, label["amount"], _("an amount in VND, zero or more."))


def _cell_of(changes: WorkbookChanges, problem: DraftProblem) -> tuple[str, int, str] | None:
    if problem.line is not None:
        return changes.disbursement_cells.get(problem.line)
    if problem.item is not None:
        where = changes.cells.get((problem.item, problem.field.removeprefix("fund_")))
        return where or changes.cells.get((problem.item, problem.field))
    return changes.cells.get(("general", problem.field))


def place_errors(changes: WorkbookChanges, problems: list[DraftProblem]) -> list[str]:
    """Turn save_draft's problems into messages that name sheet, row and column."""
    messages = []
    for problem in problems:
        where = _cell_of(changes, problem)
        if where is None:
            messages.append(str(problem.message))
        else:
            messages.append(_sentence(*where, str(problem.message)))
    return messages


def without_unread_cells(changes: WorkbookChanges, problems: list[DraftProblem]) -> list[str]:
    """place_errors for the problems found beside the cells that could not be read, leaving
    out those on an unread cell (its value was not taken: the reading error says it all)."""
    unread = {(p.sheet, p.row, p.column) for p in changes.errors if p.row}
    return place_errors(changes, [p for p in problems if _cell_of(changes, p) not in unread])


# --- Saving it ---------------------------------------------------------------------------------


def check_workbook(report: AgencyReport, data: bytes) -> tuple[WorkbookChanges, list[str]]:
    """Read an uploaded workbook: its changes, and every problem as a sentence naming its
    sheet, row and column (the cells that could not be read, with the report's own rules on
    those that could, in one answer). Writes nothing."""
    changes = read_workbook(report, data)
    if not changes.errors:
        return changes, []
    if changes.version is None:  # not this report's template: nothing more to check
        return changes, changes.messages()
    problems = reporting_actions.check_draft(
        report, general=changes.general, items=changes.items, disbursements=changes.disbursements
    )
    return changes, changes.messages() + without_unread_cells(changes, problems)


def save_workbook(report: AgencyReport, changes: WorkbookChanges, *, user: User) -> list[str]:
    """Save checked changes (check_workbook found no problem) as the report's draft, whole;
    or nothing, answering the problems placed on their cells."""
    assert changes.version is not None  # read_workbook refuses a workbook without its version
    try:
        reporting_actions.save_draft(
            report,
            user=user,
            version=changes.version,
            general=changes.general,
            items=changes.items,
            disbursements=changes.disbursements,
        )
    except reporting_actions.StaleReport:
        return [
            _(
                "The report was saved in greenplan after this workbook was downloaded; "
                "nothing was changed. Download a new template and copy your text into it."
            )
        ]
    except reporting_actions.DraftRejected as exc:
        return place_errors(changes, exc.problems)
    return []
